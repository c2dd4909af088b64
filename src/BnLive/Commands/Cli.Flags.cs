using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using BnLive.Engine;

namespace BnLive.Commands;

/// <summary>The commands a flag belongs to (no command at all takes those of window and export).</summary>
[Flags]
public enum On { Window = 1, Export = 2, Sweep = 4, Lecture = 8, Run = Window | Export | Lecture, All = Run | Sweep }

/// <summary>One flag, declared once: its name, the shape of its value, the commands it belongs to, its help, how
/// its text is read (our own readers, which the lecture's settings share) and what it sets. Its default is the
/// one in <see cref="Options"/>, shown in the help through the same getter.</summary>
public abstract class Flag(string name, string hint, On on, string help)
{
    public string Name { get; } = name;
    public string Hint { get; } = hint;
    public On On { get; } = on;
    public string Help { get; } = help;
    public abstract Option Option { get; }
    /// <summary>The default, as it would be typed (null: none to show).</summary>
    public abstract string? Default { get; }
    /// <summary>o with this flag's text applied (null: the flag alone, for a switch or an optional value).</summary>
    public abstract Options Apply(Options o, string? text);
    /// <summary>o with the value the parser read.</summary>
    public abstract Options Take(Options o, OptionResult given);
}

public sealed class Flag<T> : Flag
{
    readonly Func<string?, T> read;
    readonly Func<Options, T, Options> set;
    readonly Func<Options, T>? get;
    readonly Func<T, string>? show;
    readonly Option<T> option;

    /// <param name="optional">the value may be left out (a switch, or --lecture's file)</param>
    public Flag(string name, string hint, On on, string help, Func<string?, T> read, Func<Options, T, Options> set,
        Func<Options, T>? get = null, Func<T, string>? show = null, bool optional = false) : base(name, hint, on, help)
    {
        (this.read, this.set, this.get, this.show) = (read, set, get, show);
        option = new Option<T>(name)
        {
            HelpName = hint.Length > 0 ? hint : null,
            Arity = optional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
            CustomParser = r =>
            {
                try { return read(r.Tokens.Count == 0 ? null : r.Tokens[0].Value); }
                catch (CliError e) { r.AddError(e.Message); return default!; }
            },
        };
        // the default is shown as it would be typed (800x500, notebook), not as .NET prints the value
        option.Description = help + (Default is string d ? $" [default: {d}]" : "") + (on == On.All ? "" : $" ({Cli.CommandsOf(on)} only)");
    }

    public override Option Option => option;
    public override string? Default => get is null ? null
        : show is not null ? show(get(Cli.Defaults)) : Convert.ToString(get(Cli.Defaults), CultureInfo.InvariantCulture);
    public override Options Apply(Options o, string? text) => Fix(set(o, read(text)));
    // a flag given alone takes the reader's own meaning of no value (on, the built-in lecture), not the default
    public override Options Take(Options o, OptionResult given) =>
        given.Tokens.Count == 0 ? Apply(o, null) : Fix(set(o, given.GetValueOrDefault<T>()));

    // each mode has its own decay and eps (PyTorch's 0.9 and 1e-5) unless they were given
    static Options Fix(Options o) => o with { Settings = o.Settings.ForMode(o.Settings.Mode) };
}

public static partial class Cli
{
    /// <summary>Every option's default: the values <see cref="Options"/> and <see cref="Settings"/> start with.</summary>
    public static readonly Options Defaults = new();

    static Func<Options, T, Options> S<T>(Func<Settings, T, Settings> f) => (o, v) => o with { Settings = f(o.Settings, v) };

    /// <summary>Every flag of every command, in the order the help lists them.</summary>
    public static readonly IReadOnlyList<Flag> Flags =
    [
        new Flag<BnMode>("--mode", "notebook|pytorch|none|layernorm", On.All, "batch norm as the notebook's batch_norm_wrapper, as PyTorch's "
            + "BatchNorm1d (decay 0.9, eps 1e-5, unbiased running variance), none, or LayerNorm in its place (each point normalised over "
            + "its units, eps 1e-5, no running moments); sweep: both notebook and none unless given",
            Need("--mode", v => Settings.ParseMode(v) ?? throw new CliError($"--mode must be notebook, pytorch, none or layernorm (got '{v}')")),
            (o, m) => o with { Settings = o.Settings with { Mode = m }, ModeGiven = true }, o => o.Settings.Mode, Settings.Name),
        new Flag<Training.EngineKind>("--engine", "default|torch", On.Window | On.Export, "what trains the network: bnlive's engine "
            + "(the same bits on every machine), or the notebook's model in TorchSharp autograd (slower; src/BnLive/Torch/NotebookModule.cs)",
            Need("--engine", v => Training.Engines.Parse(v) ?? throw new CliError($"--engine must be default or torch (got '{v}')")),
            (o, e) => o with { Engine = e }, o => o.Engine, Training.Engines.Flag),
        new Flag<int>("--seed", "N", On.Run, "seed of the initial weights (same seed, same run)",
            Int("--seed", 0, int.MaxValue), S<int>((s, v) => s with { Seed = v }), o => o.Settings.Seed),
        new Flag<int>("--epochs", "N", On.All, "full-batch epochs",
            Int("--epochs", 1, 1_000_000), S<int>((s, v) => s with { Epochs = v }), o => o.Settings.Epochs),
        new Flag<int>("--every", "N", On.All, "a snapshot of the fit every N epochs",
            Int("--every", 1, 1_000_000), S<int>((s, v) => s with { Every = v }), o => o.Settings.Every),
        new Flag<double>("--lr", "X", On.All, "Adam learning rate",
            Real("--lr", 0, MaxLr), S<double>((s, v) => s with { Lr = v }), o => o.Settings.Lr),
        new Flag<double>("--decay", "X", On.All, "decay of BN's global moments, in [0, 1) (--mode pytorch: 0.9)",
            Real("--decay", 0, 1, maxIncluded: false, minIncluded: true), S<double>((s, v) => s with { Decay = v, DecayGiven = true }), o => o.Settings.Decay),
        new Flag<(int, double)[]>("--lr-from", "EPOCH:X,...", On.Export, "the learning rate from an epoch on, as the window's [ and ] "
            + "change it during a run (1200:0.01 trains epochs 1200 and later at 0.01)",
            Need("--lr-from", v => From("--lr-from", "LR", v, 0, MaxLr, minIncluded: false)), (o, v) => o with { LrFrom = v }),
        new Flag<(int, double)[]>("--decay-from", "EPOCH:X,...", On.Export, "the decay from an epoch on, as the window's D changes it",
            Need("--decay-from", v => From("--decay-from", "DECAY", v, 0, 1, minIncluded: true)), (o, v) => o with { DecayFrom = v }),
        new Flag<double>("--eps", "X", On.All, "BN's epsilon, inside the square root (--mode pytorch and layernorm: 1e-5)",
            Real("--eps", 0, 1), S<double>((s, v) => s with { Eps = v, EpsGiven = true }), o => o.Settings.Eps),
        new Flag<double>("--init-scale", "A", On.All, "the hidden layers' Xavier weights W1, W2 (those BN normalises) times A; "
            + "W3 keeps its scale",
            Real("--init-scale", 0, MaxInitScale), S<double>((s, v) => s with { InitScale = v }), o => o.Settings.InitScale),
        new Flag<int>("--hidden", "N", On.All, "units in each hidden layer",
            Int("--hidden", 1, 256), S<int>((s, v) => s with { Hidden = v }), o => o.Settings.Hidden),
        new Flag<int>("--batch-size", "N", On.All, "points per step, shuffled with the seed (0: the full batch)",
            Int("--batch-size", 0, 100_000), S<int>((s, v) => s with { BatchSize = v }), o => o.Settings.BatchSize),
        new Flag<PreBnBias>("--pre-bn-bias", "train|freeze|none", On.All, "the biases before BN (their exact gradient is 0): "
            + "trained on float noise as the notebook does, kept at init, or removed",
            Need("--pre-bn-bias", v => Settings.ParsePreBnBias(v) ?? throw new CliError($"--pre-bn-bias must be train, freeze or none (got '{v}')")),
            (o, b) => o with { Settings = o.Settings with { PreBnBias = b }, PreBnBiasGiven = true }, o => o.Settings.PreBnBias, Settings.Name),
        new Flag<(int W, int H)>("--size", "WxH", On.All, $"window or image size in pixels; sweep: one cell of the contact sheet "
            + $"[{SweepCommand.CellWidth}x{SweepCommand.CellHeight}]",
            Need("--size", Size), (o, v) => o with { Width = v.W, Height = v.H, SizeGiven = true }, o => (o.Width, o.Height), v => $"{v.W}x{v.H}"),
        new Flag<float>("--scale", "X", On.Run, "text and line size: 1 at 1280x720, 1.5 at 1920x1080 [default: from --size]",
            Need("--scale", v => (float)Real("--scale", v, MinScale, MaxScale, minIncluded: true)), (o, v) => o with { Scale = v }),
        new Flag<View>("--view", "single|compare", On.Run, "one network, or two modes side by side (notebook BN and no BN unless --compare)",
            Need("--view", ViewOf), (o, v) => o with { View = v }, o => o.View, v => v.ToString().ToLowerInvariant()),
        new Flag<(BnMode, BnMode)>("--compare", "A,B", On.Run, "the compare view with these two modes side by side",
            Need("--compare", ComparePair), (o, p) => o with { Pair = p }, o => o.Pair, p => $"{Settings.Name(p.Item1)},{Settings.Name(p.Item2)}"),
        new Flag<string>("--data", "NAME|FILE.csv", On.Window | On.Export | On.Sweep, "a built-in data set, 100 points on [-1, 1]: "
            + "notebook (the default), sine (one period), abs (|x|, a sharp bend), step (-1 then 1), xsinx (ConvNetJS's x·sin x, "
            + "x in [-5, 5] scaled to [-1, 1]); or your own points: x,y per line (comma or whitespace)",
            FileName("--data"), (o, v) => o with { DataFile = v }),
        new Flag<string>("--load-model", "FILE.json", On.Window | On.Export, "start from a saved model (its data too, unless --data is given)",
            FileName("--load-model"), (o, v) => o with { LoadModel = v }),
        new Flag<(bool, bool, bool)>("--panels", "LIST", On.Run, "what is shown besides the fits, comma-separated, or none: "
            + "loss (loss curves), inside (inside the BN layers), train (the training-mode fit beside the predict-mode one)",
            Need("--panels", Panels), (o, p) => o with { LossPanel = p.Item1, InsidePanel = p.Item2, TrainFit = p.Item3 },
            o => (o.LossPanel, o.InsidePanel, o.TrainFit), ShowPanels),
        new Flag<int>("--speed", "N|max", On.Window | On.Lecture, "training steps per frame (1, 2, 4 ... 512), or as many as fit",
            Need("--speed", Speed), (o, v) => o with { SpeedLevel = v, SpeedGiven = true, Duration = null }, o => o.SpeedLevel, ShowSpeed),
        new Flag<double>("--duration", "S", On.Window | On.Lecture, "the training takes S seconds (20 or 20s) on any machine, its epochs "
            + "spread evenly over the frames; in a lecture, each step's training "
            + $"[default: --speed's steps per frame; a lecture's steps: {Teaching.Steps.DefaultDuration} s]",
            Need("--duration", Seconds), (o, v) => o with { Duration = v }),
        new Flag<bool>("--fullscreen", "", On.Window | On.Lecture, "borderless fullscreen at the monitor's resolution (F11 toggles)",
            v => v is null ? true : throw new CliError($"--fullscreen takes no value (got '{v}')"), (o, v) => o with { Fullscreen = v }, optional: true),
        new Flag<EventFormat>("--events", "text|json", On.Window | On.Lecture, "the event log on stdout: in words, or one JSON object a line "
            + "(epoch, kind, text and the event's fields) for scripts",
            Need("--events", v => v switch { "text" => EventFormat.Text, "json" => EventFormat.Json, _ => throw new CliError($"--events must be text or json (got '{v}')") }),
            (o, v) => o with { Events = v }, o => o.Events, v => v.ToString().ToLowerInvariant()),
        new Flag<string>("--png", "FILE", On.Export, "the final figure", FileName("--png"), (o, v) => o with { Png = v }),
        new Flag<string>("--gif", "FILE", On.Export, "an animated GIF of training", FileName("--gif"), (o, v) => o with { Gif = v }),
        new Flag<string>("--mp4", "FILE", On.Export, "an MP4 video (H.264) of the same frames, through ffmpeg", FileName("--mp4"), (o, v) => o with { Mp4 = v }),
        new Flag<string?>("--lecture", "FILE.md", On.Export, "render a lecture (default: the built-in one) as --mp4 and/or --gif: "
            + "each step with its caption [default: out/lecture-<name>.mp4]",
            v => v is null ? null : Path("--lecture", v), (o, v) => o with { LectureVideo = true, LectureFile = v }, optional: true),
        new Flag<string>("--trace", "FILE", On.Export, "a JSON trace (format in docs/formats.md)", FileName("--trace"), (o, v) => o with { Trace = v }),
        new Flag<int>("--frame-every", "N", On.Export, "a GIF/MP4 frame every N epochs",
            Int("--frame-every", 1, 1_000_000), (o, v) => o with { FrameEvery = v }, o => o.FrameEvery),
        new Flag<Toggle>("--precise-bn", "", On.Export, "before every snapshot, BN's global moments recomputed from the data at the "
            + "current weights (PreciseBN): what exact statistics predict (--precise-bn=off: not)",
            v => OnOff("--precise-bn", v) ? Toggle.On : Toggle.Off, S<Toggle>((s, v) => s with { PreciseBn = v == Toggle.On }), optional: true),
        new Flag<string>("--save-model", "FILE.json", On.Export, "the trained model: parameters, global moments, Adam state, epoch",
            FileName("--save-model"), (o, v) => o with { SaveModel = v }),
        new Flag<int[]>("--seeds", "A-B|A,B,...", On.Sweep | On.Window, "the seeds to train",
            Need("--seeds", Seeds), (o, v) => o with { Seeds = v }, o => o.Seeds, ShowSeeds),
        new Flag<double[]?>("--lrs", "FROM:TO:N|A,B,...", On.Sweep | On.Window, "a learning-rate sweep instead of the seed sweep: every rate × "
            + "every seed × each mode; N rates spaced evenly in log from FROM to TO (ends included), or a list; writes lr-sweep.csv "
            + "and lr-sweep.png (final losses against the rate, median and quartiles over the seeds); window: the lr-grid view (M) trains it live",
            Need("--lrs", v => (double[]?)Lrs(v)), (o, v) => o with { Lrs = v }),
        new Flag<int[]?>("--batch-sizes", "A,B,...", On.Sweep, "a batch-size sweep instead of the seed sweep: every size × every seed "
            + "× each mode; writes batch-size-sweep.csv and batch-size-sweep.png (predict-mode over training loss against the size)",
            Need("--batch-sizes", v => (int[]?)BatchSizes(v)), (o, v) => o with { BatchSizes = v }),
        new Flag<string>("--out", "DIR", On.Sweep, "where the CSV and the contact sheet (or the grid's plot) go",
            FileName("--out"), (o, v) => o with { Out = v }, o => o.Out),
    ];

    static readonly Dictionary<string, Flag> ByName = Flags.ToDictionary(f => f.Name);

    /// <summary>The commands a flag belongs to, in words: "export", "window and lecture".</summary>
    internal static string CommandsOf(On on)
    {
        var names = new[] { On.Window, On.Export, On.Sweep, On.Lecture }.Where(c => on.HasFlag(c)).Select(c => c.ToString().ToLowerInvariant()).ToArray();
        return names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " and " + names[^1];
    }
}
