using BnLive.Lesson;
using TorchSharp;
using static TorchSharp.torch;

namespace BnLive.Training;

/// <summary>The predict-mode fit after the update of epoch Epoch.</summary>
public sealed record Snapshot(int Epoch, float PredictLoss, float[] YPred);

/// <summary>Runs the notebook's loop one epoch at a time: train, then every Settings.Every epochs a snapshot.
/// Owns the run's record (losses, snapshots) so the window, the export and the trace read the same thing.</summary>
public sealed class Trainer : IDisposable
{
    public readonly Settings Settings;
    public readonly float[] X, Y;
    public readonly InitWeights Init;
    public readonly List<float> Losses = [];
    public readonly List<Snapshot> Snapshots = [];
    readonly Tensor x, y;
    readonly Network net;

    public Trainer(Settings settings)
    {
        torch.set_num_threads(1);
        Settings = settings;
        (X, Y) = Data.Notebook();
        Init = InitWeights.Xavier(settings.Seed, settings.Hidden);
        x = tensor(X, [X.Length, 1]);
        y = tensor(Y, [Y.Length, 1]);
        net = new Network(settings, Init);
    }

    /// <summary>Epochs done so far.</summary>
    public int Epoch => Losses.Count;
    public bool Done => Epoch >= Settings.Epochs;
    public Network Network => net;
    public float LastLoss => Losses.Count > 0 ? Losses[^1] : float.NaN;

    /// <summary>One epoch; returns the snapshot it took, if any.</summary>
    public Snapshot? Step()
    {
        if (Done) return null;
        int e = Epoch;
        Losses.Add(net.TrainStep(x, y));
        if (e % Settings.Every != 0) return null;
        var s = TakeSnapshot(e);
        Snapshots.Add(s);
        return s;
    }

    /// <summary>The predict-mode fit of the network as it is now, labelled with epoch e.</summary>
    public Snapshot TakeSnapshot(int e)
    {
        var (pred, loss) = net.Predict(x, y);
        return new Snapshot(e, loss, pred);
    }

    public void Dispose()
    {
        net.Dispose();
        x.Dispose();
        y.Dispose();
    }
}
