using BnLive.Engine;

namespace BnLive.Tests;

/// <summary>Random command lines: whatever is typed, the program reads it or says in one line what is wrong;
/// it never fails with another exception, never hangs, and never accepts a value outside its range.</summary>
public class CliFuzzTests
{
    const int Cases = 600;

    static readonly string[] Commands = ["window", "export", "sweep", "help", "", "exprt", "ëxport", "WINDOW", "--", "-"];

    static readonly string[] KnownFlags = ["--mode", "--seed", "--epochs", "--every", "--lr", "--decay", "--eps", "--hidden",
        "--batch-size", "--size", "--speed", "--view", "--panels", "--png", "--gif", "--trace", "--frame-every", "--seeds",
        "--out", "--data", "--save-model", "--load-model", "--pre-bn-bias", "--compare", "--precise-bn", "--duration", "--init-scale"];

    static readonly string[] UnknownFlags = ["--bogus", "-x", "--", "-", "--SEED", "--seed ", "—seed", "－－mode", "--lr\n",
        "--épochs", "---mode", "-help", "--=", "--size=", "-h=1"];

    // values a user might mean, for each flag: so that many random lines are valid, not only the broken ones
    static readonly Dictionary<string, string[]> Good = new()
    {
        ["--mode"] = ["notebook", "none", "bn", "pytorch", "layernorm"], ["--seed"] = ["0", "7", "2147483647"], ["--epochs"] = ["1", "600", "1000000"],
        ["--every"] = ["1", "300"], ["--lr"] = ["0.005", "1e-9", "1e6", "50"], ["--decay"] = ["0", "0.5", "0.999"],
        ["--eps"] = ["1e-3", "1", "1e-300"], ["--hidden"] = ["1", "16", "256"], ["--batch-size"] = ["0", "10", "100000"],
        ["--size"] = ["800x500", "320X200", "3840x2160"], ["--speed"] = ["1", "512", "max"], ["--view"] = ["single", "compare"],
        ["--panels"] = ["none", "loss", "loss,inside,train", " loss , train"], ["--seeds"] = ["1-20", "3,5,9", "2147483647", "0-999"],
        ["--frame-every"] = ["1", "60"], ["--pre-bn-bias"] = ["train", "freeze", "none"],
        ["--compare"] = ["notebook,pytorch", "pytorch,none", "none,notebook", "notebook,layernorm"], ["--precise-bn"] = ["on", "off"], ["--data"] = ["sine", "abs"],
        ["--duration"] = ["12", "12s", "0.5", "3600"], ["--init-scale"] = ["0.1", "1", "10", "1000", "1e-9"],
    };

    // junk: wrong types, edges, huge numbers, unicode, control characters, empty strings, other flags as values
    static readonly string[] Junk = ["", " ", "0", "-1", "-0", "1.5", "1e309", "-1e309", "NaN", "nan", "Infinity", "-Infinity", "∞",
        "99999999999999999999999", "2147483648", "-2147483649", "0x10", "1_000", "1,5", "٣", "１２", "𝟙", "foo", "ñoño", "日本語",
        "a\nb", "\r", "\t1", "\0", "x\u2028y", "\u0085", "1x1", "100000x100000", "800x", "x500", "800x500x3", "-800x-500", "8e2x5e2",
        "5-1", "1-", "-5", "1--2", "0-5000", ",", "1,,2", "loss,", "loss,weights", "Loss", "compare ", "MAX", "0.0", "1e-400",
        "/", "/dev/full", ".", "..", "out/", "a b.gif", "--seed", "-h", "--help", "=", new string('9', 5000)];

    static string Pick(Random r, string[] from) => from[r.Next(from.Length)];

    static List<string> RandomArgs(Random r)
    {
        var args = new List<string>();
        if (r.Next(4) > 0) args.Add(Pick(r, r.Next(3) == 0 ? Commands : ["window", "export", "sweep"]));
        int n = r.Next(0, 7);
        for (int i = 0; i < n; i++)
        {
            string flag = Pick(r, KnownFlags);
            string value = r.Next(3) > 0 && Good.TryGetValue(flag, out var good) ? Pick(r, good)
                : r.Next(2) == 0 ? Pick(r, Junk) : flag is "--png" or "--gif" or "--trace" ? "x.png" : Pick(r, Junk);
            switch (r.Next(10))
            {
                case < 6: args.AddRange([flag, value]); break;        // --flag value
                case 6: args.Add($"{flag}={value}"); break;            // --flag=value
                case 7: args.AddRange([Pick(r, UnknownFlags), value]); break;
                case 8: args.Add(value); break;                        // a value with no flag
                default: args.Add(flag); i = n; break;                 // a flag with its value missing, at the end
            }
        }
        return args;
    }

    /// <summary>What Parse returned is inside every documented range.</summary>
    static void AssertInRange(Options o)
    {
        var s = o.Settings;
        Assert.InRange(s.Seed, 0, int.MaxValue);
        Assert.InRange(s.Epochs, 1, 1_000_000);
        Assert.InRange(s.Every, 1, 1_000_000);
        Assert.True(double.IsFinite(s.Lr) && s.Lr > 0 && s.Lr <= Cli.MaxLr, $"lr {s.Lr}");
        Assert.True(s.Decay >= 0 && s.Decay < 1, $"decay {s.Decay}");
        Assert.True(double.IsFinite(s.Eps) && s.Eps > 0 && s.Eps <= 1, $"eps {s.Eps}");
        Assert.InRange(s.Hidden, 1, 256);
        Assert.True(double.IsFinite(s.InitScale) && s.InitScale > 0 && s.InitScale <= Cli.MaxInitScale, $"init scale {s.InitScale}");
        Assert.InRange(s.BatchSize, 0, 100_000);
        Assert.InRange(o.Width, Cli.MinWidth, Cli.MaxWidth);
        Assert.InRange(o.Height, Cli.MinHeight, Cli.MaxHeight);
        Assert.InRange(o.SpeedLevel, 0, 10);
        Assert.True(o.Duration is null || (o.Duration > 0 && o.Duration <= Cli.MaxDuration), $"duration {o.Duration}");
        Assert.InRange(o.Seeds.Length, 1, Cli.MaxSeeds);
        Assert.Equal(o.Seeds.Length, o.Seeds.Distinct().Count());
        Assert.True(Enum.IsDefined(s.Mode) && Enum.IsDefined(o.View) && Enum.IsDefined(o.Command) && Enum.IsDefined(s.PreBnBias));
        Assert.True(Enum.IsDefined(o.Pair.Left) && Enum.IsDefined(o.Pair.Right) && o.Pair.Left != o.Pair.Right);
        Assert.Equal(Settings.Defaults(s.Mode).Decay == s.Decay || s.DecayGiven, true);   // a mode's own decay unless given
        foreach (var path in new[] { o.Png, o.Gif, o.Trace, o.DataFile, o.SaveModel, o.LoadModel, o.Out })
            Assert.True(path is null || !string.IsNullOrWhiteSpace(path));
    }

    /// <summary>Parse on another thread, so that a hang fails the test instead of stalling the run.</summary>
    static (Options? Options, Exception? Error) ParseWithin(string[] args, double seconds = 5)
    {
        var task = Task.Run(() => Cli.Parse(args));
        try
        {
            if (!task.Wait(TimeSpan.FromSeconds(seconds))) throw new Xunit.Sdk.XunitException($"Cli.Parse did not return in {seconds} s for {Show(args)}");
            return (task.Result, null);
        }
        catch (AggregateException e) { return (null, e.InnerException); }
    }

    static string Show(IEnumerable<string> args) =>
        "[" + string.Join(", ", args.Select(a => System.Text.Json.JsonSerializer.Serialize(a.Length > 60 ? a[..20] + $"…({a.Length} chars)" : a))) + "]";

    [Fact]
    public void RandomCommandLinesAreReadOrRejectedInOneLine()
    {
        var r = new Random(20261128);   // fixed: a failure names its case, and the same case comes back
        int accepted = 0, rejected = 0;
        for (int k = 0; k < Cases; k++)
        {
            var args = RandomArgs(r).ToArray();
            var (options, error) = ParseWithin(args);
            if (options is not null)
            {
                accepted++;
                try { AssertInRange(options); }
                catch (Exception e) { throw new Xunit.Sdk.XunitException($"case {k} {Show(args)} was accepted out of range: {e.Message}"); }
                continue;
            }
            if (error is not CliError) throw new Xunit.Sdk.XunitException($"case {k} {Show(args)} threw {error}");
            rejected++;
            var message = error.Message;
            Assert.False(string.IsNullOrWhiteSpace(message), $"case {k} {Show(args)}: empty message");
            Assert.False(message.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'), $"case {k} {Show(args)}: not one line: {Show([message])}");
            // it names what was typed: a flag, a command or the argument it could not place
            bool names = args.Any(a => a.Length > 0 && message.Contains(a.Split('=')[0].Trim()) || a.Trim().Length == 0);
            Assert.True(names || message.Contains("--"), $"case {k} {Show(args)}: the message names nothing typed: {message}");
        }
        // the generator must reach both sides, or the property says little
        Assert.True(accepted > Cases / 10 && rejected > Cases / 10, $"{accepted} accepted, {rejected} rejected");
    }

    [Theory]
    [InlineData("--mode", "foo\nbar")]
    [InlineData("--view", "x\r\ny")]
    [InlineData("--panels", "loss\u2028inside")]
    public void ALineBreakInAValueStaysOnOneLine(string flag, string value)
    {
        var e = Assert.Throws<CliError>(() => Cli.Parse(["export", flag, value]));
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain('\r', e.Message);
        Assert.DoesNotContain('\u2028', e.Message);
        Assert.Contains(flag, e.Message);
    }

    [Fact]
    public void TheLargestSeedIsOneSeedNotAHang()
    {
        var (o, error) = ParseWithin(["sweep", "--seeds", "2147483647"]);
        Assert.Null(error);
        Assert.Equal([int.MaxValue], o!.Seeds);
        (o, error) = ParseWithin(["sweep", "--seeds", "2147483640-2147483647"]);
        Assert.Null(error);
        Assert.Equal(8, o!.Seeds.Length);
    }

    /// <summary>Some of the rejected lines through the real program: exit code 2, one line on stderr, nothing on stdout,
    /// no stack trace. Two go through ./run.sh, the rest straight to the program (quicker: no set-up, no Xvfb).</summary>
    [Fact]
    public void RejectedLinesThroughTheProgramExitTwoWithOneLine()
    {
        var r = new Random(7);
        List<string[]> picked =
        [
            ["export", "--mode", "foo\nbar"],
            ["export", "--epochs", "99999999999999999999999"],
            ["window", "--size", "١٢٣x٤٥٦"],
            ["export", "--lr", "1e309"],
            ["export", "--seed"],
            ["ëxport"],
        ];
        while (picked.Count < 12)
        {
            var args = RandomArgs(r).ToArray();
            if (ParseWithin(args).Error is CliError && !args.Contains("-h") && !args.Contains("--help")) picked.Add(args);
        }
        for (int k = 0; k < picked.Count; k++)
        {
            var args = picked[k];
            var dir = Repo.TempDir();
            var result = k < 2 ? Proc.RunSh(args, workDir: dir) : Proc.App(args, workDir: dir);
            Assert.True(result.ExitCode == 2, $"{Show(args)}: exit code {result.ExitCode}\n{result.Stderr}");
            var line = Proc.OneLine(result);
            Assert.Equal("bnlive: " + Assert.IsType<CliError>(ParseWithin(args).Error).Message, line);
            Assert.Equal("", result.Stdout);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
    }
}
