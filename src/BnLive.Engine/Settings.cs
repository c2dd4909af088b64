namespace BnLive.Engine;

/// <summary>notebook: the notebook's batch_norm_wrapper after each hidden Linear; pytorch: torch.nn.BatchNorm1d's
/// semantics (momentum 0.1, i.e. decay 0.9; eps 1e-5; the running variance fed the unbiased batch variance while
/// training normalises with the biased one); none: no BN layers; layernorm: LayerNorm (Ba et al. 2016) in BN's
/// place, each point normalised over its units (eps 1e-5, as torch.nn.LayerNorm), with no moments to keep. The
/// optimiser is TF1's Adam in every mode.</summary>
public enum BnMode { Notebook, None, PyTorch, LayerNorm }

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
    /// <summary>b1, b2 take Adam steps: always without BN, where their gradient is real (LayerNorm's too: it
    /// subtracts a point's mean over the units, which a bias per unit survives).</summary>
    public bool TrainsPreBnBias => !HasBatchNorm || PreBnBias == PreBnBias.Train;

    public static string Name(PreBnBias b) => b switch { PreBnBias.Freeze => "freeze", PreBnBias.None => "none", _ => "train" };

    public static PreBnBias? ParsePreBnBias(string s) => s switch
    {
        "train" => PreBnBias.Train,
        "freeze" => PreBnBias.Freeze,
        "none" => PreBnBias.None,
        _ => null,
    };

    /// <summary>The Xavier weights of the hidden layers, W1 and W2 (those BN normalises), are multiplied by this
    /// (--init-scale). W3 feeds the output with nothing after it, so it keeps its scale: with BN the network's
    /// function at the start is then the same at any scale, up to eps's share.</summary>
    public double InitScale { get; init; } = 1;

    /// <summary>--precise-bn: before every snapshot, BN's global moments are recomputed from the data (PreciseBn).</summary>
    public bool PreciseBn { get; init; }

    /// <summary>--decay or --eps given: a change of mode keeps them instead of taking the mode's own.</summary>
    public bool DecayGiven { get; init; }
    public bool EpsGiven { get; init; }

    public bool HasBatchNorm => Mode is BnMode.Notebook or BnMode.PyTorch;
    public bool HasLayerNorm => Mode == BnMode.LayerNorm;
    /// <summary>Each hidden layer is normalised (BN or LayerNorm), so γ and β follow it.</summary>
    public bool Normalises => HasBatchNorm || HasLayerNorm;

    /// <summary>The mode's own decay and eps: the notebook's 0.5 and 1e-3, PyTorch's 0.9 (momentum 0.1) and 1e-5,
    /// LayerNorm's eps 1e-5 (torch.nn.LayerNorm's; it keeps no moments, so its decay is never used).</summary>
    public static (double Decay, double Eps) Defaults(BnMode mode) => mode switch
    {
        BnMode.PyTorch => (0.9, 1e-5),
        BnMode.LayerNorm => (0.5, 1e-5),
        _ => (0.5, 1e-3),
    };

    /// <summary>These settings in another mode, with that mode's decay and eps unless they were given.</summary>
    public Settings ForMode(BnMode mode)
    {
        var (decay, eps) = Defaults(mode);
        return this with { Mode = mode, Decay = DecayGiven ? Decay : decay, Eps = EpsGiven ? Eps : eps };
    }

    public static string Name(BnMode mode) => mode switch
    {
        BnMode.Notebook => "notebook", BnMode.PyTorch => "pytorch", BnMode.LayerNorm => "layernorm", _ => "none",
    };

    /// <summary>How plots and the HUD name a mode.</summary>
    public static string Label(BnMode mode) => mode switch
    {
        BnMode.Notebook => "notebook BN", BnMode.PyTorch => "PyTorch BN", BnMode.LayerNorm => "LayerNorm", _ => "no BN",
    };

    public static BnMode? ParseMode(string s) => s switch
    {
        "notebook" or "bn" => BnMode.Notebook,
        "pytorch" or "torch" => BnMode.PyTorch,
        "none" => BnMode.None,
        "layernorm" or "ln" => BnMode.LayerNorm,
        _ => null,
    };
}
