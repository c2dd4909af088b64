namespace BnLive.Lesson;

/// <summary>notebook: the notebook's batch_norm_wrapper after each hidden Linear; none: no BN layers.</summary>
public enum BnMode { Notebook, None }

/// <summary>The biases b1, b2 before each BN layer. BN subtracts the batch mean, so their exact gradient is zero;
/// train: Adam steps them anyway on float noise (the notebook); freeze: kept at their initial values;
/// none: removed (bias=False before BN, as usual; the same arithmetic as frozen at zero).</summary>
public enum PreBnBias { Train, Freeze, None }

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
    /// <summary>What happens to b1, b2 before BN; no effect without BN.</summary>
    public PreBnBias PreBnBias { get; init; } = PreBnBias.Train;
    /// <summary>b1, b2 take Adam steps: always without BN, where their gradient is real.</summary>
    public bool TrainsPreBnBias => Mode == BnMode.None || PreBnBias == PreBnBias.Train;

    public static string Name(PreBnBias b) => b switch { PreBnBias.Freeze => "freeze", PreBnBias.None => "none", _ => "train" };

    public static PreBnBias? ParsePreBnBias(string s) => s switch
    {
        "train" => PreBnBias.Train,
        "freeze" => PreBnBias.Freeze,
        "none" => PreBnBias.None,
        _ => null,
    };

    public static string Name(BnMode mode) => mode == BnMode.Notebook ? "notebook" : "none";

    public static BnMode? ParseMode(string s) => s switch
    {
        "notebook" or "bn" => BnMode.Notebook,
        "none" => BnMode.None,
        _ => null,
    };
}
