using BnLive.Engine;

namespace BnLive.Training;

/// <summary>What the window and the export train: one network, or (compare view) notebook BN and no BN from the
/// same seed and data, which start from the same weights wherever their shapes agree (all of W and b: the seed
/// alone draws them) and always take their steps together.</summary>
public sealed class Networks : IDisposable
{
    public readonly Settings Settings;
    public readonly bool Compare;
    public readonly IReadOnlyList<Trainer> Trainers;

    /// <summary>The epoch the run began at: 0, or a saved model's.</summary>
    public int From { get; private set; }
    /// <summary>Every learning rate and decay set on the run, in order, with the epoch it applies from: what the
    /// rebuild command's --lr-from and --decay-from say.</summary>
    public readonly List<(int Epoch, double Value)> LrSet = [], DecaySet = [];
    /// <summary>The last epoch the points were changed at (null: never).</summary>
    public int? DataSetAt { get; private set; }

    /// <summary>pair: the compare view's two modes (notebook and none unless given), each with its own decay and
    /// eps unless those were given.</summary>
    public Networks(Settings settings, bool compare, (float[] X, float[] Y)? data = null, (BnMode, BnMode)? pair = null,
        EngineKind engine = EngineKind.Default)
    {
        Settings = settings;
        Compare = compare;
        Engine = engine;
        var (left, right) = pair ?? (BnMode.Notebook, BnMode.None);
        Trainers = compare
            ? [new Trainer(settings.ForMode(left), data, engine), new Trainer(settings.ForMode(right), data, engine)]
            : [new Trainer(settings, data, engine)];
    }

    /// <summary>The engine every network trains with.</summary>
    public readonly EngineKind Engine;

    /// <summary>Where a run starts: your data (a built-in name or a CSV), a saved model (its data too, unless data
    /// is given), or the notebook.</summary>
    public static Networks Start(Settings settings, bool compare, string? dataFile = null, string? loadModel = null, (BnMode, BnMode)? pair = null,
        EngineKind engine = EngineKind.Default)
    {
        var data = dataFile is null ? ((float[], float[])?)null : Data.Load(dataFile);
        if (loadModel is null) return new Networks(settings, compare, data, pair, engine);
        var saved = ModelFile.Read(loadModel, settings);
        var run = new Networks(settings, compare: false, data ?? (saved.X, saved.Y));
        try { ModelFile.Restore(run.First, saved with { X = run.First.X }, loadModel); }
        catch { run.Dispose(); throw; }
        run.From = run.Epoch;
        return run;
    }

    /// <summary>Every network trains on these points from the next step on.</summary>
    public void SetData(float[] x, float[] y)
    {
        foreach (var t in Trainers) t.SetData(x, y);
        DataSetAt = Epoch;
    }

    public Trainer First => Trainers[0];
    public int Epoch => First.Epoch;
    public bool Done => First.Done;
    /// <summary>A training loss went NaN or infinite.</summary>
    public bool Diverged => Trainers.Any(t => t.Epoch > 0 && !float.IsFinite(t.LastLoss));
    public int StepsPerEpoch => Trainers.Count;

    public bool TrackPredict
    {
        get => First.TrackPredict;
        set { foreach (var t in Trainers) t.TrackPredict = value; }
    }

    /// <summary>One epoch of every network.</summary>
    public void Step()
    {
        foreach (var t in Trainers) t.Step();
    }

    /// <summary>The learning rate from the next step on, for every network, Adam's state kept.</summary>
    public double Lr
    {
        get => First.Engine.Lr;
        set
        {
            foreach (var t in Trainers) t.Engine.Lr = value;
            LrSet.Add((Epoch, value));
        }
    }

    /// <summary>The global moments' decay from the next step on.</summary>
    public double Decay
    {
        get => First.Engine.Decay;
        set
        {
            foreach (var t in Trainers) t.Engine.Decay = value;
            DecaySet.Add((Epoch, value));
        }
    }

    public void Dispose()
    {
        foreach (var t in Trainers) t.Dispose();
    }
}
