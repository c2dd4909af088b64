namespace BnLive.Engine;

/// <summary>notebook: the notebook's batch_norm_wrapper after each hidden Linear; pytorch: torch.nn.BatchNorm1d's
/// semantics (momentum 0.1, i.e. decay 0.9; eps 1e-5; the running variance fed the unbiased batch variance while
/// training normalises with the biased one); none: no BN layers. The optimiser is TF1's Adam in every mode.</summary>
public enum BnMode { Notebook, None, PyTorch }

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
    public bool TrainsPreBnBias => !HasBatchNorm || PreBnBias == PreBnBias.Train;

    public static string Name(PreBnBias b) => b switch { PreBnBias.Freeze => "freeze", PreBnBias.None => "none", _ => "train" };

    public static PreBnBias? ParsePreBnBias(string s) => s switch
    {
        "train" => PreBnBias.Train,
        "freeze" => PreBnBias.Freeze,
        "none" => PreBnBias.None,
        _ => null,
    };

    /// <summary>--precise-bn: before every snapshot, BN's global moments are recomputed from the data (PreciseBn).</summary>
    public bool PreciseBn { get; init; }

    /// <summary>--decay or --eps given: a change of mode keeps them instead of taking the mode's own.</summary>
    public bool DecayGiven { get; init; }
    public bool EpsGiven { get; init; }

    public bool HasBatchNorm => Mode != BnMode.None;

    /// <summary>The mode's own decay and eps: the notebook's 0.5 and 1e-3, PyTorch's 0.9 (momentum 0.1) and 1e-5.</summary>
    public static (double Decay, double Eps) Defaults(BnMode mode) => mode == BnMode.PyTorch ? (0.9, 1e-5) : (0.5, 1e-3);

    /// <summary>These settings in another mode, with that mode's decay and eps unless they were given.</summary>
    public Settings ForMode(BnMode mode)
    {
        var (decay, eps) = Defaults(mode);
        return this with { Mode = mode, Decay = DecayGiven ? Decay : decay, Eps = EpsGiven ? Eps : eps };
    }

    public static string Name(BnMode mode) => mode switch { BnMode.Notebook => "notebook", BnMode.PyTorch => "pytorch", _ => "none" };

    /// <summary>How plots and the HUD name a mode.</summary>
    public static string Label(BnMode mode) => mode switch { BnMode.Notebook => "notebook BN", BnMode.PyTorch => "PyTorch BN", _ => "no BN" };

    public static BnMode? ParseMode(string s) => s switch
    {
        "notebook" or "bn" => BnMode.Notebook,
        "pytorch" or "torch" => BnMode.PyTorch,
        "none" => BnMode.None,
        _ => null,
    };
}
