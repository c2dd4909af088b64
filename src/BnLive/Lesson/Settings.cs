namespace BnLive.Lesson;

/// <summary>notebook: the notebook's batch_norm_wrapper after each hidden Linear; none: no BN layers.</summary>
public enum BnMode { Notebook, None }

/// <summary>Everything that decides a run. The defaults are the notebook's.</summary>
public sealed record Settings
{
    public BnMode Mode { get; init; } = BnMode.Notebook;
    public int Seed { get; init; } = 1;
    public int Epochs { get; init; } = 6000;
    public int Every { get; init; } = 300;
    public double Lr { get; init; } = 0.005;
    public double Decay { get; init; } = 0.5;
    public double Eps { get; init; } = 1e-3;
    public int Hidden { get; init; } = 16;
    /// <summary>Points per training step; 0 is the full batch (the notebook). Mini-batches are shuffled with the seed.</summary>
    public int BatchSize { get; init; }

    public static string Name(BnMode mode) => mode == BnMode.Notebook ? "notebook" : "none";

    public static BnMode? ParseMode(string s) => s switch
    {
        "notebook" or "bn" => BnMode.Notebook,
        "none" => BnMode.None,
        _ => null,
    };
}
