using System.Diagnostics;
using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Training;

namespace BnLive.Commands;

/// <summary>The sweep command: trains every seed of each mode in lockstep (one <see cref="SeedBatch"/> per mode),
/// then writes sweep.csv and contact-sheet.png into --out and prints the table, so a teacher can pick a seed.</summary>
public static class SweepCommand
{
    public const string CsvName = "sweep.csv", SheetName = "contact-sheet.png";
    // A cell of the sheet when --size is not given: big enough to read, small enough for 20 seed pairs on a screen.
    public const int CellWidth = 480, CellHeight = 300;

    public static int Run(Options o)
    {
        if (GridSweep.Files(o) is not null) return GridSweep.Run(o);
        var s = o.Settings;
        string csv = Path.Combine(o.Out, CsvName), sheet = Path.Combine(o.Out, SheetName);   // checked by Inputs.Check
        BnMode[] modes = o.ModeGiven ? [s.Mode] : [BnMode.Notebook, BnMode.None];
        var (cellWidth, cellHeight) = o.SizeGiven ? (o.Width, o.Height) : (CellWidth, CellHeight);

        var (xs, ys) = o.DataFile is null ? Data.Notebook() : Data.Load(o.DataFile);   // a bad file stops before any work
        var clock = Stopwatch.StartNew();
        // the window first: without a display we stop before the training, not after it
        using var files = new HeadlessRun(cellWidth, cellHeight, "bnlive sweep", draws: true);
        var runs = modes.SelectMany(m => Train(s.ForMode(m), o.Seeds, xs, ys))
            .OrderBy(r => Array.IndexOf(o.Seeds, r.Seed)).ThenBy(r => Array.IndexOf(modes, r.Mode)).ToArray();

        var frame = ContactSheet.Draw(files.Capture, files.Fonts!, cellWidth, cellHeight, xs, ys, runs, betweenCells: () =>
        {
            if (Interrupt.Requested) throw HeadlessRun.Stopped("while drawing the contact sheet");
        });
        files.Write(csv, stream => SweepResults.WriteCsv(stream, runs));
        files.Save(frame, sheet, withSize: true);

        Console.WriteLine(SweepResults.Summary(runs));
        files.Report();
        Console.WriteLine($"{Count(o.Seeds.Length, "seed")} × {Count(modes.Length, "mode")}, {s.Epochs} epochs each, in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }

    static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>All seeds of one mode: snapshots of the predict-mode fit every Settings.Every epochs, as a
    /// Trainer takes them, and the final losses. A diverged seed trains on as NaN and leaves the others alone.</summary>
    static List<SeedRun> Train(Settings s, int[] seeds, float[] x, float[] y)
    {
        var sweep = new SeedBatch(s, seeds);
        var trails = seeds.Select(_ => new List<Snapshot>()).ToArray();
        var losses = new float[seeds.Length];
        var progress = new Progress($"{Settings.Name(s.Mode)}, {Count(seeds.Length, "seed")}", s.Epochs);
        // from one snapshot to the next, each network trains on a core of its own
        for (int e = 0; e < s.Epochs;)
        {
            if (Interrupt.Requested) throw HeadlessRun.Stopped($"at epoch {e} of {Settings.Name(s.Mode)}");
            int run = e % s.Every == 0 ? 1 : Math.Min(s.Every - e % s.Every, s.Epochs - e);
            sweep.TrainSteps(x, y, losses, run);
            if (e % s.Every == 0)
            {
                var (pred, loss) = sweep.Predict(x, y);
                for (int i = 0; i < seeds.Length; i++) trails[i].Add(new Snapshot(e, loss[i], pred[i]));
            }
            e += run;
            progress.Report(e);
        }
        var (_, final) = sweep.Predict(x, y);
        return [.. seeds.Select((seed, i) => new SeedRun(s.Mode, seed, s.Epochs, losses[i], final[i], trails[i]))];
    }
}
