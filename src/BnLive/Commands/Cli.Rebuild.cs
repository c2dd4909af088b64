using System.Globalization;
using BnLive.Engine;

namespace BnLive.Commands;

/// <summary>Options written back as a command line: the window's rebuild command (X) is the export that trains the
/// run on screen again. Parse reads it back to the same options (CliTests checks the round trip).</summary>
public static partial class Cli
{
    /// <summary>"./run.sh export --view single --mode notebook --seed 1 ...": every setting that decides the run
    /// named, the mode's own decay and eps too, so the line reads whole on its own.</summary>
    public static string ExportCommand(Options o) => "./run.sh " + string.Join(' ', ExportArgs(o).Select(Quoted));

    public static List<string> ExportArgs(Options o)
    {
        var s = o.Settings;
        bool compare = o.View == View.Compare;
        var args = new List<string> { "export", "--view", compare ? "compare" : "single" };
        if (compare) args.AddRange(["--compare", $"{Settings.Name(o.Pair.Left)},{Settings.Name(o.Pair.Right)}"]);
        else args.AddRange(["--mode", Settings.Name(s.Mode)]);
        if (o.Engine == Training.EngineKind.Torch) args.AddRange(["--engine", Training.Engines.Flag(o.Engine)]);
        args.AddRange(["--seed", Number(s.Seed), "--lr", Number(s.Lr)]);
        if (o.LrFrom.Length > 0) args.AddRange(["--lr-from", Changes(o.LrFrom)]);
        // the compare view's two modes each keep their own decay and eps unless one was given for both
        if (!compare || s.DecayGiven) args.AddRange(["--decay", Number(s.Decay)]);
        if (o.DecayFrom.Length > 0) args.AddRange(["--decay-from", Changes(o.DecayFrom)]);
        if (!compare || s.EpsGiven) args.AddRange(["--eps", Number(s.Eps)]);
        if (compare || s.HasBatchNorm) args.AddRange(["--pre-bn-bias", Settings.Name(s.PreBnBias)]);
        if (s.PreciseBn) args.Add("--precise-bn");
        if (o.DataFile is not null) args.AddRange(["--data", o.DataFile]);
        if (o.LoadModel is not null) args.AddRange(["--load-model", o.LoadModel]);
        args.AddRange(["--hidden", Number(s.Hidden), "--batch-size", Number(s.BatchSize)]);
        if (s.InitScale != 1) args.AddRange(["--init-scale", Number(s.InitScale)]);
        if (s.Every != Defaults.Settings.Every) args.AddRange(["--every", Number(s.Every)]);
        args.AddRange(["--panels", ShowPanels((o.LossPanel, o.InsidePanel, o.TrainFit)), "--size", $"{o.Width}x{o.Height}"]);
        if (o.Scale is float scale) args.AddRange(["--scale", Number(scale)]);
        args.AddRange(["--epochs", Number(s.Epochs)]);
        return args;
    }

    static string Changes((int Epoch, double Value)[] changes) => string.Join(",", changes.Select(c => $"{Number(c.Epoch)}:{Number(c.Value)}"));

    /// <summary>A number as the flags read it back to the same bits ("R": the shortest text that round-trips).</summary>
    static string Number(double x) => x.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant();

    static string Number(float x) => x.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant();

    static string Number(int x) => x.ToString(CultureInfo.InvariantCulture);

    /// <summary>A word as a POSIX shell reads it back: as it is when it holds nothing the shell treats specially,
    /// else in single quotes.</summary>
    public static string Quoted(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./:,=+@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
