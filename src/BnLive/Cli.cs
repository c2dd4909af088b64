using System.Globalization;
using BnLive.Lesson;

namespace BnLive;

/// <summary>A command-line mistake: one line for stderr, exit code 2. Line breaks and other control characters
/// in what was typed (a quoted value can hold them) are shown escaped, so the message stays one line.</summary>
public sealed class CliError(string message) : Exception(OneLine(message))
{
    static string OneLine(string s) => string.Concat(s.Select(c => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ when char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            => $"\\u{(int)c:x4}",
        _ => c.ToString(),
    }));
}

public enum Command { Auto, Window, Export, Sweep, Lecture, Help }

/// <summary>single: one network; compare: notebook BN and no BN from the same seed, side by side.</summary>
public enum View { Single, Compare }

/// <summary>What the command line asked for.</summary>
public sealed record Options
{
    public Command Command { get; init; } = Command.Auto;
    public Settings Settings { get; init; } = new();
    public int Width { get; init; } = 800;
    public int Height { get; init; } = 500;
    public string? Png { get; init; }
    public string? Gif { get; init; }
    public string? Mp4 { get; init; }
    public string? Trace { get; init; }
    public int FrameEvery { get; init; } = 60;
    public bool SizeGiven { get; init; }
    /// <summary>Window: training steps per frame as a power of two (0..9), or 10 for "max".</summary>
    public int SpeedLevel { get; init; } = 3;
    public View View { get; init; } = View.Single;
    /// <summary>Panels under the plot: the loss curves, the inside of the BN layers.</summary>
    public bool LossPanel { get; init; }
    public bool InsidePanel { get; init; }
    /// <summary>The training-mode fit (batch moments) beside the predict-mode one.</summary>
    public bool TrainFit { get; init; }
    /// <summary>Your own data (CSV of x,y), a model to save at the end (export), a model to start from.</summary>
    public string? DataFile { get; init; }
    public string? SaveModel { get; init; }
    public string? LoadModel { get; init; }
    /// <summary>Sweep: the seeds to train, and where its table and contact sheet go.</summary>
    public int[] Seeds { get; init; } = [.. Enumerable.Range(1, 20)];
    public string Out { get; init; } = Path.Combine("out", "sweep");
    /// <summary>Sweep: --mode given (else both modes are swept).</summary>
    public bool ModeGiven { get; init; }
    /// <summary>Lecture: the Markdown file of steps (null: the built-in lecture).</summary>
    public string? LectureFile { get; init; }
    /// <summary>Export --lecture: render the lecture as a video rather than one run.</summary>
    public bool LectureVideo { get; init; }
    /// <summary>Window and lecture: start in borderless fullscreen at the monitor's resolution.</summary>
    public bool Fullscreen { get; init; }

    /// <summary>Export's own flags were given: without a command, they ask for files, not a window.</summary>
    public bool WantsFiles => LectureVideo || Png is not null || Gif is not null || Mp4 is not null || Trace is not null || SaveModel is not null || FrameEvery != 60;
    /// <summary>--pre-bn-bias given: without BN it has no effect, and a note says so.</summary>
    public bool PreBnBiasGiven { get; init; }
    /// <summary>The two modes of the compare view, left and right (--compare A,B).</summary>
    public (BnMode Left, BnMode Right) Pair { get; init; } = (BnMode.Notebook, BnMode.None);
    /// <summary>Text and line size (1 at 1280x720); null: from the window or image size.</summary>
    public float? Scale { get; init; }

    /// <summary>With no --png/--gif/--trace, an export writes all three here.</summary>
    public Options WithDefaultOutputs(string dir = "out")
    {
        if (Png is not null || Gif is not null || Mp4 is not null || Trace is not null || SaveModel is not null) return this;
        var name = View == View.Compare ? "compare" : Settings.Name(Settings.Mode);
        var stem = Path.Combine(dir, $"bnlive-{name}-seed{Settings.Seed}");
        // a trace records one network: the compare view writes only its pictures
        return this with { Png = stem + ".png", Gif = stem + ".gif", Trace = View == View.Compare ? null : stem + ".json" };
    }
}

public static class Cli
{
    public const string Usage = """
        bnlive: watch a small network learn, live: the batch normalization notebook in a raylib window.

        usage: ./run.sh [window|export|sweep] [options]      (./run.sh test runs the tests)

          window              the live window (the default where there is a display)
          export              headless: train, write the final figure, a GIF of training and a JSON trace
                              (the default where there is no display)
          sweep               headless: train many seeds, write a table (CSV) and a contact sheet (PNG)
          lecture [FILE.md]   the window, stepping through a lecture: captions, PageDown/PageUp
                              (without FILE: the built-in lectures/batch-norm.md)

        options (window and export):
          --mode notebook|pytorch|none  batch norm as the notebook's batch_norm_wrapper, as PyTorch's
                                  BatchNorm1d (decay 0.9, eps 1e-5, unbiased running variance), or none  [notebook]
          --seed N                seed of the initial weights (same seed, same run)            [1]
          --epochs N              full-batch epochs                                            [6000]
          --every N               a snapshot of the fit every N epochs                         [300]
          --lr X                  Adam learning rate                                           [0.005]
          --decay X               decay of BN's global moments, in [0, 1)                      [0.5]
          --eps X                 BN's epsilon, inside the square root                         [0.001]
          --hidden N              units in each hidden layer                                   [16]
          --batch-size N          points per step, shuffled with the seed (0: the full batch)  [0]
          --pre-bn-bias train|freeze|none  the biases before BN (their exact gradient is 0): trained
                                  on float noise as the notebook does, kept at init, or removed  [train]
          --size WxH              window or image size in pixels                               [800x500]
          --scale X               text and line size: 1 at 1280x720, 1.5 at 1920x1080          [from --size]
          --view single|compare   one network, or notebook BN and no BN side by side           [single]
          --compare A,B           the compare view with these two modes side by side      [notebook,none]
          --data NAME|FILE.csv    a built-in data set, 100 points on [-1, 1]: notebook (the default),
                                  sine (one period), abs (|x|, a sharp bend), step (-1 then 1),
                                  xsinx (ConvNetJS's x·sin x, x in [-5, 5] scaled to [-1, 1]);
                                  or your own points: x,y per line (comma or whitespace)
          --load-model FILE.json  start from a saved model (its data too, unless --data is given)
          --panels LIST           what is shown besides the fits, comma-separated, or none:
                                  loss (loss curves), inside (inside the BN layers),
                                  train (the training-mode fit beside the predict-mode one)
        window and lecture only:
          --speed N|max           training steps per frame (1, 2, 4 ... 512), or as many as fit  [8]
          --fullscreen            borderless fullscreen at the monitor's resolution (F11 toggles)
        export only:
          --png FILE              the final figure
          --gif FILE              an animated GIF of training
          --mp4 FILE              an MP4 video (H.264) of the same frames, through ffmpeg
          --lecture [FILE.md]     render a lecture (default: the built-in one) as --mp4 and/or --gif:
                                  each step with its caption, [out/lecture-<name>.mp4]
          --trace FILE            a JSON trace (format in README.md)
          --frame-every N         a GIF/MP4 frame every N epochs                                   [60]
          --precise-bn            before every snapshot, BN's global moments recomputed from the data
                                  at the current weights (PreciseBN): what exact statistics predict
          --save-model FILE.json  the trained model: parameters, global moments, Adam state, epoch
          with none of --png/--gif/--trace, all three go to out/bnlive-<mode>-seed<N>.*
        sweep only:
          --seeds A-B|A,B,...     the seeds to train                                           [1-20]
          --out DIR               where the CSV and the contact sheet go                       [out/sweep]
          (both modes unless --mode is given; --size is one cell of the contact sheet       [480x300])
          -h, --help              this help
        """;

    public static Options Parse(string[] args)
    {
        var o = new Options();
        var seen = new HashSet<string>();
        int i = 0;
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            o = o with { Command = args[0] switch
            {
                "window" => Command.Window,
                "export" => Command.Export,
                "sweep" => Command.Sweep,
                "lecture" => Command.Lecture,
                "help" => Command.Help,
                _ => throw new CliError($"unknown command '{args[0]}': use window, export, sweep, lecture or help (see --help)"),
            } };
            i = 1;
            if (o.Command == Command.Lecture && i < args.Length && !args[i].StartsWith('-'))
                o = o with { LectureFile = Path("lecture", args[i++]) };
        }
        for (; i < args.Length; i++)
        {
            var flag = args[i];
            string? inline = null;
            int eq = flag.IndexOf('=');
            if (flag.StartsWith("--") && eq > 0) (flag, inline) = (flag[..eq], flag[(eq + 1)..]);
            if (flag is "-h" or "--help") return o with { Command = Command.Help };
            if (!flag.StartsWith('-')) throw new CliError($"unexpected argument '{flag}' (see --help)");
            if (!Known.Contains(flag)) throw new CliError($"unknown option '{flag}' (see --help)");
            if (!seen.Add(flag)) throw new CliError($"{flag} is given twice");
            if (flag == "--lecture")
            {
                // its file is optional: without one, the built-in lecture
                string? file = inline ?? (i + 1 < args.Length && !args[i + 1].StartsWith('-') ? args[++i] : null);
                o = o with { LectureVideo = true, LectureFile = file is null ? null : Path(flag, file) };
                continue;
            }
            if (flag == "--fullscreen" && inline is not null) throw new CliError($"{flag} takes no value (got '{inline}')");
            string value = inline ?? (Switches.Contains(flag) ? "on" : i + 1 < args.Length ? args[++i] : throw new CliError($"{flag} needs a value"));
            o = Apply(o, flag, value);
        }
        return Check(o, seen);
    }

    /// <summary>Options with one flag's value applied: the command line's vocabulary, which a lecture step's
    /// settings reuse (a step's `seed: 3` is `--seed 3`), so both accept and reject the same values.</summary>
    public static Options Apply(Options o, string flag, string value)
    {
        var s = o.Settings;
        switch (flag)
        {
            case "--mode":
                s = s with { Mode = Settings.ParseMode(value) ?? throw new CliError($"--mode must be notebook, pytorch or none (got '{value}')") };
                o = o with { ModeGiven = true };
                break;
            case "--seed": s = s with { Seed = Int(flag, value, 0, int.MaxValue) }; break;
            case "--epochs": s = s with { Epochs = Int(flag, value, 1, 1_000_000) }; break;
            case "--every": s = s with { Every = Int(flag, value, 1, 1_000_000) }; break;
            case "--lr": s = s with { Lr = Real(flag, value, 0, MaxLr) }; break;
            case "--decay": s = s with { Decay = Real(flag, value, 0, 1, maxIncluded: false, minIncluded: true), DecayGiven = true }; break;
            case "--eps": s = s with { Eps = Real(flag, value, 0, 1), EpsGiven = true }; break;
            case "--compare": o = o with { Pair = ComparePair(value) }; break;
            case "--precise-bn":
                s = s with { PreciseBn = value switch { "on" or "true" or "1" => true, "off" or "false" or "0" => false,
                    _ => throw new CliError($"--precise-bn takes no value, or =on / =off (got '{value}')") } };
                break;
            case "--pre-bn-bias":
                s = s with { PreBnBias = Settings.ParsePreBnBias(value) ?? throw new CliError($"--pre-bn-bias must be train, freeze or none (got '{value}')") };
                o = o with { PreBnBiasGiven = true };
                break;
            case "--hidden": s = s with { Hidden = Int(flag, value, 1, 256) }; break;
            case "--batch-size": s = s with { BatchSize = Int(flag, value, 0, 100_000) }; break;
            case "--view":
                o = o with { View = value switch
                {
                    "single" => View.Single,
                    "compare" => View.Compare,
                    _ => throw new CliError($"--view must be single or compare (got '{value}')"),
                } };
                break;
            case "--panels": o = Panels(o, value); break;
            case "--seeds": o = o with { Seeds = Seeds(value) }; break;
            case "--out": o = o with { Out = Path(flag, value) }; break;
            case "--frame-every": o = o with { FrameEvery = Int(flag, value, 1, 1_000_000) }; break;
            case "--size":
                var (w, h) = Size(value);
                o = o with { Width = w, Height = h, SizeGiven = true };
                break;
            case "--speed": o = o with { SpeedLevel = Speed(value) }; break;
            case "--scale": o = o with { Scale = (float)Real(flag, value, MinScale, MaxScale, minIncluded: true) }; break;
            case "--png": o = o with { Png = Path(flag, value) }; break;
            case "--data": o = o with { DataFile = Path(flag, value) }; break;
            case "--save-model": o = o with { SaveModel = Path(flag, value) }; break;
            case "--load-model": o = o with { LoadModel = Path(flag, value) }; break;
            case "--gif": o = o with { Gif = Path(flag, value) }; break;
            case "--mp4": o = o with { Mp4 = Path(flag, value) }; break;
            case "--trace": o = o with { Trace = Path(flag, value) }; break;
            case "--fullscreen": o = o with { Fullscreen = true }; break;
            default: throw new CliError($"unknown option '{flag}' (see --help)");
        }
        // each mode has its own decay and eps (PyTorch's 0.9 and 1e-5) unless they were given
        return o with { Settings = s.ForMode(s.Mode) };
    }

    static (BnMode, BnMode) ComparePair(string v)
    {
        var parts = v.Split(',');
        if (parts.Length == 2 && Settings.ParseMode(parts[0].Trim()) is BnMode a && Settings.ParseMode(parts[1].Trim()) is BnMode b && a != b)
            return (a, b);
        throw new CliError($"--compare must be two different modes of notebook, pytorch and none, as A,B (got '{v}')");
    }

    /// <summary>The rules across flags: which command each belongs to, and which exclude each other.</summary>
    static Options Check(Options o, HashSet<string> seen)
    {
        foreach (var f in seen)
        {
            string? only = f switch
            {
                "--seeds" or "--out" => o.Command == Command.Sweep ? null : "sweep",
                "--png" or "--gif" or "--mp4" or "--trace" or "--frame-every" or "--save-model" or "--lecture" or "--precise-bn" => o.Command is Command.Export or Command.Auto ? null : "export",
                "--load-model" => o.Command == Command.Sweep ? "window and export" : null,
                "--panels" => o.Command == Command.Sweep ? "window and export" : null,
                "--speed" or "--fullscreen" => o.Command is Command.Window or Command.Lecture or Command.Auto ? null : "window and lecture",
                "--seed" or "--view" or "--compare" => o.Command == Command.Sweep ? "window and export" : null,
                "--scale" => o.Command == Command.Sweep ? "window and export" : null,
                _ => null,
            };
            if (only is not null) throw new CliError($"{f} is an option of {only} only (see --help)");
        }
        if (seen.Contains("--compare"))
        {
            if (seen.Contains("--view") && o.View != View.Compare)
                throw new CliError("--compare shows two modes side by side: it cannot go with --view single");
            o = o with { View = View.Compare };
        }
        if (seen.Contains("--compare"))
        {
            if (seen.Contains("--view") && o.View != View.Compare)
                throw new CliError("--compare shows two modes side by side: it cannot go with --view single");
            o = o with { View = View.Compare };
        }
        if (o.View == View.Compare && seen.Contains("--trace"))
            throw new CliError("--trace records one network: use it with --view single (the default)");
        if (o.View == View.Compare && (seen.Contains("--load-model") || seen.Contains("--save-model")))
            throw new CliError("--load-model and --save-model hold one network: use them with --view single (the default)");
        if (o.View == View.Compare && seen.Contains("--mode"))
            throw new CliError("--mode does not apply to --view compare, which shows both modes");
        if (o.LectureVideo && seen.FirstOrDefault(f => f is "--png" or "--trace" or "--save-model" or "--load-model" or "--frame-every" or "--data" or "--view" or "--panels") is string other)
            throw new CliError($"{other} does not apply to --lecture: a lecture renders to --mp4 and --gif, and its steps say the rest");
        if (o.Command == Command.Lecture && (seen.Contains("--data") || seen.Contains("--load-model")))
            throw new CliError("a lecture's steps say which data they train on: give --data in the lecture file, not on the command line");
        return o;
    }

    static readonly HashSet<string> Known = ["--mode", "--seed", "--epochs", "--every", "--lr", "--decay", "--eps", "--hidden", "--batch-size",
        "--scale",
        "--size", "--speed", "--view", "--panels", "--png", "--gif", "--trace", "--frame-every", "--seeds", "--out",
        "--data", "--save-model", "--load-model", "--fullscreen", "--mp4", "--lecture",
        "--pre-bn-bias", "--compare", "--precise-bn"];

    /// <summary>Flags that take no value (--flag alone means on; --precise-bn=off is accepted).</summary>
    static readonly HashSet<string> Switches = ["--fullscreen", "--precise-bn"];

    /// <summary>A remark about options that parse but do nothing here (one line on stderr), or null.</summary>
    public static string? Note(Options o) =>
        o.PreBnBiasGiven && o.Settings.Mode == BnMode.None && o.View == View.Single && o.Command != Command.Help
            ? "note: --pre-bn-bias has no effect with --mode none (there is no BN, so b1 and b2 train as any weight)"
            : null;

    static Options Panels(Options o, string v)
    {
        bool loss = false, inside = false, train = false;
        if (v != "none")
            foreach (var p in v.Split(','))
                switch (p.Trim())
                {
                    case "loss": loss = true; break;
                    case "inside": inside = true; break;
                    case "train": train = true; break;
                    default: throw new CliError($"--panels must be a comma-separated list of loss, inside and train, or none (got '{v}')");
                }
        return o with { LossPanel = loss, InsidePanel = inside, TrainFit = train };
    }

    public const int MaxSeeds = 1000;

    static int[] Seeds(string v)
    {
        var seeds = new List<int>();
        string problem = "";
        foreach (var part in v.Split(','))
        {
            var ends = part.Split('-');
            if (ends.Length is 1 or 2 && ends.All(e => int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                int a = int.Parse(ends[0], CultureInfo.InvariantCulture), b = int.Parse(ends[^1], CultureInfo.InvariantCulture);
                if (b < a) { problem = $": {a}-{b} runs backwards"; break; }
                if ((long)b - a + seeds.Count >= MaxSeeds) { problem = $": at most {MaxSeeds} seeds"; break; }
                // long: with b = int.MaxValue an int counter would wrap around and never end
                for (long s = a; s <= b; s++) if (!seeds.Contains((int)s)) seeds.Add((int)s);
            }
            else { seeds.Clear(); break; }
        }
        if (seeds.Count == 0 || problem != "")
            throw new CliError($"--seeds must be a range A-B or a list A,B,... of seeds from 0 up{problem} (got '{v}')");
        return [.. seeds];
    }

    static int Int(string flag, string v, int min, int max)
    {
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new CliError($"{flag} must be a whole number from {min} to {max} (got '{v}')");
        return n;
    }

    static double Real(string flag, string v, double min, double max, bool maxIncluded = true, bool minIncluded = false)
    {
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x)
            || (minIncluded ? x < min : x <= min) || (maxIncluded ? x > max : x >= max))
            throw new CliError($"{flag} must be a number {(minIncluded ? "from" : "above")} {min} and {(maxIncluded ? "at most" : "below")} {max} (got '{v}')");
        return x;
    }

    /// <summary>Adam moves each weight by about lr a step, so the loss overflows only at huge rates: without BN
    /// from about 1e6 (with the notebook's BN it stays finite even there). The ceiling leaves divergence within reach.</summary>
    public const double MaxLr = 1e6;

    public const float MinScale = 0.25f, MaxScale = 6;

    public const int MinWidth = 320, MinHeight = 200, MaxWidth = 3840, MaxHeight = 2160;

    static (int, int) Size(string v)
    {
        var parts = v.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], out int w) && int.TryParse(parts[1], out int h)
            && w >= MinWidth && w <= MaxWidth && h >= MinHeight && h <= MaxHeight)
            return (w, h);
        throw new CliError($"--size must be WxH with W from {MinWidth} to {MaxWidth} and H from {MinHeight} to {MaxHeight} (got '{v}')");
    }

    static int Speed(string v)
    {
        if (v == "max") return 10;
        if (int.TryParse(v, out int n) && n >= 1 && n <= 512 && (n & (n - 1)) == 0) return System.Numerics.BitOperations.Log2((uint)n);
        throw new CliError($"--speed must be a power of two from 1 to 512, or max (got '{v}')");
    }

    static string Path(string flag, string v)
    {
        if (string.IsNullOrWhiteSpace(v)) throw new CliError($"{flag} needs a file name");
        return v;
    }
}
