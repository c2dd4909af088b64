using System.Globalization;
using BnLive.Engine;

namespace BnLive.Commands;

/// <summary>A switch that also takes =on / =off. Not a bool: System.CommandLine leaves a bool's "=off" unread
/// (only true and false are a bool's values), and it must be read.</summary>
public enum Toggle { Off, On }

/// <summary>Our own value syntax (--seeds, --size, --speed, --panels, --compare) and the ranges every number is
/// checked against: each reader takes what was typed and returns the value, or throws one clear line.</summary>
public static partial class Cli
{
    /// <summary>Adam moves each weight by about lr a step, so the loss overflows only at huge rates: without BN
    /// from about 1e6 (with the notebook's BN it stays finite even there). The ceiling leaves divergence within reach.</summary>
    public const double MaxLr = 1e6;

    public const float MinScale = 0.25f, MaxScale = 6;

    public const int MinWidth = 320, MinHeight = 200, MaxWidth = 3840, MaxHeight = 2160;

    public const int MaxSeeds = 1000;

    /// <summary>--init-scale: Xavier's weights times up to 1000, with room to spare in float32 (no BN: the output
    /// at the start grows by A², 1e6).</summary>
    public const double MaxInitScale = 1000;

    /// <summary>--speed max: as many steps a frame as fit (the window's top speed level).</summary>
    public const int MaxSpeedLevel = 10;

    /// <summary>A reader for a flag that needs a value: without one, it says so.</summary>
    static Func<string?, T> Need<T>(string flag, Func<string, T> read) =>
        v => v is null ? throw new CliError($"{flag} needs a value") : read(v);

    static Func<string?, int> Int(string flag, int min, int max) => Need(flag, v => Int(flag, v, min, max));

    static Func<string?, double> Real(string flag, double min, double max, bool maxIncluded = true, bool minIncluded = false) =>
        Need(flag, v => Real(flag, v, min, max, maxIncluded, minIncluded));

    static Func<string?, string> FileName(string flag) => Need(flag, v => Path(flag, v));

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

    static string Path(string flag, string v)
    {
        if (string.IsNullOrWhiteSpace(v)) throw new CliError($"{flag} needs a file name");
        return v;
    }

    /// <summary>A switch: alone it means on; =on / =off (true/false, 1/0) are accepted too.</summary>
    static bool OnOff(string flag, string? v) => v switch
    {
        null or "on" or "true" or "1" => true,
        "off" or "false" or "0" => false,
        _ => throw new CliError($"{flag} takes no value, or =on / =off (got '{v}')"),
    };

    /// <summary>EPOCH:X pairs, comma-separated, epochs ascending: a value from that epoch on. X lies in (min, max]
    /// (or [min, max) with minIncluded, as a decay does).</summary>
    static (int Epoch, double Value)[] From(string flag, string name, string v, double min, double max, bool minIncluded)
    {
        var changes = new List<(int Epoch, double Value)>();
        foreach (var part in v.Split(','))
        {
            var ends = part.Trim().Split(':');
            if (ends.Length == 2 && int.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out int epoch) && epoch <= 1_000_000
                && double.TryParse(ends[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && double.IsFinite(x)
                && (minIncluded ? x >= min && x < max : x > min && x <= max)
                && (changes.Count == 0 || epoch > changes[^1].Epoch))
                changes.Add((epoch, x));
            else
                throw new CliError($"{flag} must be EPOCH:{name} pairs, comma-separated, epochs ascending, each {name} "
                    + $"{(minIncluded ? "from" : "above")} {min} and {(minIncluded ? "below" : "at most")} {max} (got '{v}')");
        }
        return [.. changes];
    }

    static View ViewOf(string v) => v switch
    {
        "single" => View.Single,
        "compare" => View.Compare,
        _ => throw new CliError($"--view must be single or compare (got '{v}')"),
    };

    static (BnMode, BnMode) ComparePair(string v)
    {
        var parts = v.Split(',');
        if (parts.Length == 2 && Settings.ParseMode(parts[0].Trim()) is BnMode a && Settings.ParseMode(parts[1].Trim()) is BnMode b && a != b)
            return (a, b);
        throw new CliError($"--compare must be two different modes of notebook, pytorch, none and layernorm, as A,B (got '{v}')");
    }

    static (bool Loss, bool Inside, bool Train) Panels(string v)
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
        return (loss, inside, train);
    }

    static string ShowPanels((bool Loss, bool Inside, bool Train) p) =>
        string.Join(",", new[] { p.Loss ? "loss" : null, p.Inside ? "inside" : null, p.Train ? "train" : null }.OfType<string>()) is { Length: > 0 } s ? s : "none";

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

    /// <summary>The most networks one grid sweep trains per mode and seed: a grid of rates or batch sizes.</summary>
    public const int MaxGrid = 100;

    /// <summary>--lrs: FROM:TO:COUNT, COUNT rates spaced evenly in log from FROM to TO (both included), or a list A,B,...</summary>
    internal static double[] Lrs(string v)
    {
        const string Shape = "--lrs must be FROM:TO:COUNT (COUNT rates spaced evenly in log, both ends included) or a list A,B,...";
        double Rate(string part) => double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double x)
            && double.IsFinite(x) && x > 0 && x <= MaxLr ? x
            : throw new CliError($"{Shape} of learning rates above 0 and at most {MaxLr} (got '{v}')");
        var ends = v.Split(':');
        if (ends.Length == 3)
        {
            double from = Rate(ends[0]), to = Rate(ends[1]);
            if (!int.TryParse(ends[2], NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 2 || count > MaxGrid)
                throw new CliError($"{Shape}: COUNT must be a whole number from 2 to {MaxGrid} (got '{v}')");
            if (to <= from) throw new CliError($"{Shape}: TO must be above FROM (got '{v}')");
            // the ends exactly as typed; in between from·(to/from)^(i/(count-1))
            return [.. Enumerable.Range(0, count).Select(i => i == 0 ? from : i == count - 1 ? to : from * Math.Pow(to / from, i / (count - 1.0)))];
        }
        if (ends.Length != 1) throw new CliError($"{Shape} (got '{v}')");
        var rates = v.Split(',').Select(Rate).Distinct().ToArray();
        if (rates.Length > MaxGrid) throw new CliError($"{Shape}: at most {MaxGrid} rates (got '{v}')");
        return rates;
    }

    static string ShowLrs(double[] lrs) => string.Join(",", lrs.Select(l => l.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>--batch-sizes: a list of points per step, each from 1 up.</summary>
    static int[] BatchSizes(string v)
    {
        var sizes = new List<int>();
        foreach (var part in v.Split(','))
        {
            if (!int.TryParse(part.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > 100_000)
                throw new CliError($"--batch-sizes must be a list A,B,... of batch sizes from 1 to 100000 (got '{v}')");
            if (!sizes.Contains(n)) sizes.Add(n);
        }
        if (sizes.Count > MaxGrid) throw new CliError($"--batch-sizes takes at most {MaxGrid} sizes (got '{v}')");
        return [.. sizes];
    }

    static string ShowSeeds(int[] s) =>
        s.Length > 2 && s.Zip(s.Skip(1)).All(p => p.Second == p.First + 1) ? $"{s[0]}-{s[^1]}" : string.Join(",", s);

    static (int, int) Size(string v)
    {
        var parts = v.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], out int w) && int.TryParse(parts[1], out int h)
            && w >= MinWidth && w <= MaxWidth && h >= MinHeight && h <= MaxHeight)
            return (w, h);
        throw new CliError($"--size must be WxH with W from {MinWidth} to {MaxWidth} and H from {MinHeight} to {MaxHeight} (got '{v}')");
    }

    /// <summary>Training steps per frame as a power of two: the level is its exponent, max the top level.</summary>
    static int Speed(string v)
    {
        if (v == "max") return MaxSpeedLevel;
        if (int.TryParse(v, out int n) && n >= 1 && n <= 512 && (n & (n - 1)) == 0) return System.Numerics.BitOperations.Log2((uint)n);
        throw new CliError($"--speed must be a power of two from 1 to 512, or max (got '{v}')");
    }

    /// <summary>The longest --duration: an hour of training is already slower than any class watches.</summary>
    public const double MaxDuration = 3600;

    /// <summary>Seconds, as a number or with an s after it (12, 12s, 0.5 s).</summary>
    static double Seconds(string v)
    {
        string number = v.Trim();
        if (number.EndsWith('s')) number = number[..^1].TrimEnd();
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && double.IsFinite(s) && s > 0 && s <= MaxDuration)
            return s;
        throw new CliError($"--duration must be a number of seconds above 0 and at most {MaxDuration}, as 12 or 12s (got '{v}')");
    }

    static string ShowSpeed(int level) => level == MaxSpeedLevel ? "max" : (1 << level).ToString(CultureInfo.InvariantCulture);
}
