using System.Globalization;
using BnLive.Lesson;

namespace BnLive;

/// <summary>A command-line mistake: one line for stderr, exit code 2.</summary>
public sealed class CliError(string message) : Exception(message);

public enum Command { Auto, Window, Export, Help }

/// <summary>What the command line asked for.</summary>
public sealed record Options
{
    public Command Command { get; init; } = Command.Auto;
    public Settings Settings { get; init; } = new();
    public int Width { get; init; } = 800;
    public int Height { get; init; } = 500;
    public string? Png { get; init; }
    public string? Gif { get; init; }
    public string? Trace { get; init; }
    public int FrameEvery { get; init; } = 60;
    public bool SizeGiven { get; init; }
    /// <summary>Window: training steps per frame as a power of two (0..9), or 10 for "max".</summary>
    public int SpeedLevel { get; init; } = 3;

    /// <summary>With no --png/--gif/--trace, an export writes all three here.</summary>
    public Options WithDefaultOutputs(string dir = "out")
    {
        if (Png is not null || Gif is not null || Trace is not null) return this;
        var stem = Path.Combine(dir, $"bnlive-{Settings.Name(Settings.Mode)}-seed{Settings.Seed}");
        return this with { Png = stem + ".png", Gif = stem + ".gif", Trace = stem + ".json" };
    }
}

public static class Cli
{
    public const string Usage = """
        bnlive: watch a small network learn, live: the batch normalization notebook in a raylib window.

        usage: ./run.sh [window|export] [options]      (./run.sh test runs the tests)

          window              the live window (the default where there is a display)
          export              headless: train, write the final figure, a GIF of training and a JSON trace
                              (the default where there is no display)

        options (window and export):
          --mode notebook|none    batch norm as the notebook's batch_norm_wrapper, or no BN    [notebook]
          --seed N                seed of the initial weights (same seed, same run)            [1]
          --epochs N              full-batch epochs                                            [6000]
          --every N               a snapshot of the fit every N epochs                         [300]
          --lr X                  Adam learning rate                                           [0.005]
          --size WxH              window or image size in pixels                               [800x500]
        window only:
          --speed N|max           training steps per frame (1, 2, 4 ... 512), or as many as fit  [8]
        export only:
          --png FILE              the final figure
          --gif FILE              an animated GIF of training
          --trace FILE            a JSON trace (format in README.md)
          --frame-every N         a GIF frame every N epochs                                   [60]
          with none of --png/--gif/--trace, all three go to out/bnlive-<mode>-seed<N>.*
          -h, --help              this help
        """;

    public static Options Parse(string[] args)
    {
        var o = new Options();
        var s = o.Settings;
        var seen = new HashSet<string>();
        int i = 0;
        if (args.Length > 0 && !args[0].StartsWith('-'))
        {
            o = o with { Command = args[0] switch
            {
                "window" => Command.Window,
                "export" => Command.Export,
                "help" => Command.Help,
                _ => throw new CliError($"unknown command '{args[0]}': use window, export or help (see --help)"),
            } };
            i = 1;
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
            string value = inline ?? (i + 1 < args.Length ? args[++i] : throw new CliError($"{flag} needs a value"));
            switch (flag)
            {
                case "--mode":
                    s = s with { Mode = Settings.ParseMode(value) ?? throw new CliError($"--mode must be notebook or none (got '{value}')") };
                    break;
                case "--seed": s = s with { Seed = Int(flag, value, 0, int.MaxValue) }; break;
                case "--epochs": s = s with { Epochs = Int(flag, value, 1, 1_000_000) }; break;
                case "--every": s = s with { Every = Int(flag, value, 1, 1_000_000) }; break;
                case "--lr": s = s with { Lr = Real(flag, value, 0, 100) }; break;
                case "--frame-every": o = o with { FrameEvery = Int(flag, value, 1, 1_000_000) }; break;
                case "--size":
                    var (w, h) = Size(value);
                    o = o with { Width = w, Height = h, SizeGiven = true };
                    break;
                case "--speed": o = o with { SpeedLevel = Speed(value) }; break;
                case "--png": o = o with { Png = Path(flag, value) }; break;
                case "--gif": o = o with { Gif = Path(flag, value) }; break;
                case "--trace": o = o with { Trace = Path(flag, value) }; break;
            }
        }
        return o with { Settings = s };
    }

    static readonly HashSet<string> Known = ["--mode", "--seed", "--epochs", "--every", "--lr", "--size", "--speed", "--png", "--gif", "--trace", "--frame-every"];

    static int Int(string flag, string v, int min, int max)
    {
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw new CliError($"{flag} must be a whole number from {min} to {max} (got '{v}')");
        return n;
    }

    static double Real(string flag, string v, double minExclusive, double max)
    {
        if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x) || x <= minExclusive || x > max)
            throw new CliError($"{flag} must be a number above {minExclusive} and at most {max} (got '{v}')");
        return x;
    }

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
