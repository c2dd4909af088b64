using BnLive.Lesson;

namespace BnLive.Training;

/// <summary>What the window and the export train: one network, or (compare view) notebook BN and no BN from the
/// same seed and data, which start from the same weights wherever their shapes agree (all of W and b: the seed
/// alone draws them) and always take their steps together.</summary>
public sealed class Lockstep : IDisposable
{
    public readonly Settings Settings;
    public readonly bool Compare;
    public readonly IReadOnlyList<Trainer> Trainers;

    public Lockstep(Settings settings, bool compare)
    {
        Settings = settings;
        Compare = compare;
        Trainers = compare
            ? [new Trainer(settings with { Mode = BnMode.Notebook }), new Trainer(settings with { Mode = BnMode.None })]
            : [new Trainer(settings)];
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
        get => First.Network.Lr;
        set { foreach (var t in Trainers) t.Network.Lr = value; }
    }

    /// <summary>The global moments' decay from the next step on.</summary>
    public double Decay
    {
        get => First.Network.Decay;
        set { foreach (var t in Trainers) t.Network.Decay = value; }
    }

    public void Dispose()
    {
        foreach (var t in Trainers) t.Dispose();
    }
}
