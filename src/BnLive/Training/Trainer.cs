using BnLive.Engine;

namespace BnLive.Training;

/// <summary>The predict-mode fit after the update of epoch Epoch, at the points X (the data of that moment:
/// points edited in the window change it).</summary>
public sealed record Snapshot(int Epoch, float PredictLoss, float[] YPred, float[]? X = null);

/// <summary>Runs the notebook's loop one epoch at a time: train, then every Settings.Every epochs a snapshot.
/// Owns the run's record (losses, snapshots) so the window, the export and the trace read the same thing.</summary>
public sealed class Trainer : IDisposable
{
    public readonly Settings Settings;
    public float[] X { get; private set; }
    public float[] Y { get; private set; }
    public readonly InitWeights Init;
    public readonly List<float> Losses = [];
    public readonly List<Snapshot> Snapshots = [];
    /// <summary>Predict-mode losses: at every snapshot, every epoch while TrackPredict is on (the loss panel is shown:
    /// it costs ~20 native calls a step), and otherwise once a frame from the window's live fit, for free.</summary>
    public readonly List<(int Epoch, float Loss)> PredictLosses = [];
    public bool TrackPredict { get; set; }
    /// <summary>What trains the network: bnlive's engine, or the TorchSharp model (--engine torch).</summary>
    public readonly EngineKind EngineKind;
    public readonly ITrainingEngine Engine;
    int[] order;
    float[] batchX = [], batchY = [];   // a mini-batch's points

    /// <summary>A run of the settings on data (the notebook's when null).</summary>
    public Trainer(Settings settings, (float[] X, float[] Y)? data = null, EngineKind engine = EngineKind.Default)
    {
        Settings = settings;
        (X, Y) = data ?? Data.Notebook();
        Init = InitWeights.Xavier(settings.Seed, settings.Hidden);
        EngineKind = engine;
        Engine = Engines.Start(engine, settings, Init);
        order = [.. Enumerable.Range(0, X.Length)];
    }

    /// <summary>Trains on these points from the next step on (the window's point editing); the weights, Adam and
    /// the record so far are kept.</summary>
    public void SetData(float[] xs, float[] ys)
    {
        (X, Y) = (xs, ys);
        order = [.. Enumerable.Range(0, X.Length)];
    }

    /// <summary>Epochs done so far.</summary>
    public int Epoch => Losses.Count;
    public bool Done => Epoch >= Settings.Epochs;
    /// <summary>bnlive's engine itself, for what needs its insides (a model file, precise BN, a sweep's checks).</summary>
    public Network Network => (Engine as FixedEngine)?.Network
        ?? throw new InvalidOperationException("this run trains with TorchSharp: only the default engine has a Network");
    /// <summary>The engine is bnlive's own, whose insides precise BN and model files need.</summary>
    public bool HasNetwork => Engine is FixedEngine;
    public float LastLoss => Losses.Count > 0 ? Losses[^1] : float.NaN;
    /// <summary>The points one step trains on: the batch size, or all the points where it is 0 or not smaller.</summary>
    public int BatchPoints => Settings.BatchSize is > 0 and var b && b < X.Length ? b : X.Length;
    /// <summary>Mini-batches only: the order the last epoch visited the points in.</summary>
    public IReadOnlyList<int> LastOrder => order;

    /// <summary>One epoch; returns the snapshot it took, if any.</summary>
    public Snapshot? Step()
    {
        if (Done) return null;
        int e = Epoch;
        Losses.Add(BatchPoints < X.Length ? MiniBatches(BatchPoints) : Engine.TrainStep(X, Y));
        if (e % Settings.Every == 0)
        {
            if (Settings.PreciseBn) PreciseBn();
            var s = TakeSnapshot(e);
            Snapshots.Add(s);
            PredictLosses.Add((e, s.PredictLoss));
            return s;
        }
        if (TrackPredict) PredictLosses.Add((e, Engine.PredictLoss(X, Y)));
        return null;
    }

    /// <summary>The predict-mode loss of the network as it is now (after the update of epoch Epoch - 1), if that
    /// epoch has none yet.</summary>
    public void AddPredictSample(float loss)
    {
        int e = Epoch - 1;
        if (e >= 0 && (PredictLosses.Count == 0 || PredictLosses[^1].Epoch < e)) PredictLosses.Add((e, loss));
    }

    /// <summary>One pass over the data in shuffled mini-batches (the last one smaller when the size does not
    /// divide the data); the epoch's loss is the mean over the points of the batches' losses.</summary>
    float MiniBatches(int size)
    {
        // the shuffle of epoch e depends on the seed and e alone, so a run resumed from a model file shuffles alike
        Array.Sort(order);
        new Random(unchecked(Settings.Seed * 1_000_003 + Epoch)).Shuffle(order);
        double sum = 0;
        for (int start = 0; start < order.Length; start += size)
        {
            int n = Math.Min(size, order.Length - start);
            if (batchX.Length != n) (batchX, batchY) = (new float[n], new float[n]);
            for (int i = 0; i < n; i++) (batchX[i], batchY[i]) = (X[order[start + i]], Y[order[start + i]]);
            sum += (double)Engine.TrainStep(batchX, batchY) * n;
        }
        return (float)(sum / order.Length);
    }

    /// <summary>Precise statistics: BN's global moments recomputed over one pass of the data at the current weights
    /// (in the mini-batches of the last epoch, else the full batch). Returns the predict-mode loss before and after.</summary>
    public (float Before, float After) PreciseBn()
    {
        var net = Network;
        float before = net.PredictLoss(X, Y);
        int n = X.Length, size = BatchPoints;
        var batches = new List<int[]>();
        for (int start = 0; start < n; start += size) batches.Add(order[start..Math.Min(start + size, n)]);
        BnLive.Engine.PreciseBn.Apply(net, X, batches);
        return (before, net.PredictLoss(X, Y));
    }

    /// <summary>A saved run's record (its parameters are restored by ModelFile): training goes on from its epoch.</summary>
    internal void Restore(IEnumerable<float> losses, IEnumerable<Snapshot> snapshots)
    {
        Losses.Clear();
        Losses.AddRange(losses);
        Snapshots.Clear();
        Snapshots.AddRange(snapshots);
        PredictLosses.Clear();
        PredictLosses.AddRange(Snapshots.Select(s => (s.Epoch, s.PredictLoss)));
    }

    /// <summary>The predict-mode fit of the network as it is now, labelled with epoch e.</summary>
    public Snapshot TakeSnapshot(int e)
    {
        var (pred, loss) = Engine.Predict(X, Y);
        return new Snapshot(e, loss, pred, X);
    }

    /// <summary>Both fits and the BN layers' inside at the current weights, on the whole data.</summary>
    public Inside Inspect() => Engine.Inspect(X, Y);

    public void Dispose() => Engine.Dispose();
}
