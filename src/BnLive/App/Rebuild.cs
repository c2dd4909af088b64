using System.Globalization;
using BnLive.Commands;
using BnLive.Recording;
using BnLive.Training;

namespace BnLive.App;

/// <summary>The export that trains a run again to where it stands (the window's X): the run's settings as it began,
/// then each learning rate and decay set since, from the epoch it applied at (--lr-from, --decay-from).</summary>
public static class Rebuild
{
    /// <summary>shown: what the window shows (view, pair, panels, size, scale, data, model); the settings and the
    /// changes come from the run, which recorded them as they were set.</summary>
    public static Options Of(Networks run, Options shown)
    {
        var s = run.Settings;
        var lr = Fold(s.Lr, known: true, run.From, run.LrSet);
        // the compare view's two modes each keep their own decay until one is set for both
        var decay = Fold(s.Decay, known: s.DecayGiven || shown.View == View.Single, run.From, run.DecaySet);
        int epochs = run.Epoch > run.From ? run.Epoch : s.Epochs;
        return shown with
        {
            Command = CommandName.Export,
            Settings = s with { Epochs = epochs, Lr = lr.Start, Decay = decay.Start, DecayGiven = s.DecayGiven || decay.Set },
            LrFrom = lr.Changes,
            DecayFrom = decay.Changes,
        };
    }

    /// <summary>The value a run begins with, and its changes after the first epoch: a value set at the run's first
    /// epoch is its start, one set at the epoch of the change before replaces it, and one already in force is no
    /// change. known: the start is one value (false: each network has its own, and any set is a change).</summary>
    public static (double Start, bool Set, (int Epoch, double Value)[] Changes) Fold(double start, bool known, int from, IEnumerable<(int Epoch, double Value)> sets)
    {
        bool set = false;
        var changes = new List<(int Epoch, double Value)>();
        foreach (var (epoch, value) in sets)
        {
            if (epoch <= from) { (start, known, set) = (value, true, true); continue; }
            if (changes.Count > 0 && changes[^1].Epoch == epoch) changes.RemoveAt(changes.Count - 1);
            double? now = changes.Count > 0 ? changes[^1].Value : known ? start : null;
            if (now != value) changes.Add((epoch, value));
        }
        return (start, set, [.. changes]);
    }

    /// <summary>Points as a data CSV that reads back to the same floats: x,y per line, sorted by x as they are.</summary>
    public static void WriteCsv(string path, float[] x, float[] y) => SafeFile.Write(path, stream =>
    {
        using var w = new StreamWriter(stream, leaveOpen: true) { NewLine = "\n" };
        w.WriteLine("# points edited in bnlive's window");
        w.WriteLine("x,y");
        for (int i = 0; i < x.Length; i++) w.WriteLine($"{Exact(x[i])},{Exact(y[i])}");
    });

    /// <summary>A float's shortest text, unless reading it as a double first (as the CSV reader does) rounds it to
    /// another float; then the double it is exactly.</summary>
    static string Exact(float v)
    {
        var text = v.ToString("R", CultureInfo.InvariantCulture);
        return (float)double.Parse(text, CultureInfo.InvariantCulture) == v ? text : ((double)v).ToString("R", CultureInfo.InvariantCulture);
    }
}
