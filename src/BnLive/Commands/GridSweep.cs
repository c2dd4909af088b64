using System.Diagnostics;
using System.Globalization;
using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Native;
using BnLive.Recording;
using BnLive.Training;

namespace BnLive.Commands;

/// <summary>sweep --lrs / --batch-sizes: every value of the grid × every seed × each mode, trained side by side on
/// all cores; writes a CSV row per network and one plot of the spread over the seeds against the grid's axis.</summary>
public static class GridSweep
{
    public const string LrCsv = "lr-sweep.csv", LrPlot = "lr-sweep.png", BatchCsv = "batch-size-sweep.csv", BatchPlot = "batch-size-sweep.png";
    /// <summary>The plot's size when --size is not given.</summary>
    public const int Width = 1280, Height = 720;

    /// <summary>The files a grid sweep writes into --out (null: no grid was asked for).</summary>
    public static string[]? Files(Options o) =>
        o.Lrs is not null ? [Path.Combine(o.Out, LrCsv), Path.Combine(o.Out, LrPlot)]
        : o.BatchSizes is not null ? [Path.Combine(o.Out, BatchCsv), Path.Combine(o.Out, BatchPlot)] : null;

    /// <summary>Every network of the grid, grid value by grid value, seed by seed, mode by mode.</summary>
    public static Settings[] Cells(Options o)
    {
        var s = o.Settings;
        BnMode[] modes = o.ModeGiven ? [s.Mode] : [BnMode.Notebook, BnMode.None];
        Func<Settings, Settings>[] values = o.Lrs is double[] lrs ? [.. lrs.Select(lr => (Func<Settings, Settings>)(c => c with { Lr = lr }))]
            : [.. o.BatchSizes!.Select(b => (Func<Settings, Settings>)(c => c with { BatchSize = b }))];
        return [.. from value in values from seed in o.Seeds from mode in modes select value(s.ForMode(mode) with { Seed = seed })];
    }

    public static int Run(Options o)
    {
        var axis = o.Lrs is null ? GridAxis.BatchSize : GridAxis.Lr;
        var paths = Files(o)!;
        var (width, height) = o.SizeGiven ? (o.Width, o.Height) : (Width, Height);
        var (xs, ys) = o.DataFile is null ? Data.Notebook() : Data.Load(o.DataFile);
        var cells = Cells(o);
        // the window first: without a display we stop before the training, not after it
        using var files = new HeadlessRun(width, height, "bnlive sweep", draws: true);

        string what = axis == GridAxis.Lr ? $"{Count(o.Lrs!.Length, "rate")}" : $"{Count(o.BatchSizes!.Length, "batch size")}";
        var progress = new Progress($"{what} × {Count(o.Seeds.Length, "seed")} × {Count(cells.Length / (o.Seeds.Length * (o.Lrs?.Length ?? o.BatchSizes!.Length)), "mode")}",
            (int)Math.Min(int.MaxValue, cells.Sum(c => (long)c.Epochs)));
        var clock = Stopwatch.StartNew();
        var runs = Grid.Train(cells, xs, ys, done => progress.Report((int)done), () => Interrupt.Requested)
            ?? throw HeadlessRun.Stopped("while training the grid");
        double seconds = clock.Elapsed.TotalSeconds;

        float bound = GridResults.DivergedFrom(ys);
        var figure = axis == GridAxis.Lr ? LrFigure(runs, o, bound) : BatchFigure(runs, o, bound);
        var frame = files.Capture(() => { Scene.Clear(); GridPlot.Draw(files.Fonts!, new Rectangle(0, 0, width, height), figure, Style.Pt(Style.ScaleOf(width, height))); });
        files.Write(paths[0], stream => GridResults.WriteCsv(stream, runs, bound));
        files.Save(frame, paths[1], withSize: true);

        Console.WriteLine(GridResults.Summary(runs, axis, bound));
        files.Report();
        Console.WriteLine($"{Count(runs.Length, "network")}, {o.Settings.Epochs} epochs each, trained in {seconds.ToString("F1", CultureInfo.InvariantCulture)} s on {Environment.ProcessorCount} cores");
        return 0;
    }

    static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    static Color ColorOf(BnMode m) => m == BnMode.None ? LossPanel.NoBn : m == BnMode.PyTorch ? Style.TrainFit : LossPanel.Bn;

    static string Note(Options o, float bound) =>
        $"networks diverged, of {o.Seeds.Length}: a loss not finite, or the training loss {bound.ToString("G4", CultureInfo.InvariantCulture)} or more (no better than the mean of y)";

    internal static GridFigure LrFigure(GridRun[] runs, Options o, float bound)
    {
        var modes = runs.Select(r => r.Mode).Distinct().ToArray();
        var curves = modes.SelectMany(m => new[]
        {
            new GridCurve($"{Settings.Label(m)}, training", ColorOf(m), GridResults.Spreads(runs.Where(r => r.Mode == m), GridAxis.Lr, bound, r => r.TrainLoss)),
            new GridCurve($"{Settings.Label(m)}, predict mode", ColorOf(m), GridResults.Spreads(runs.Where(r => r.Mode == m), GridAxis.Lr, bound, r => r.PredictLoss), Dashed: true),
        }).ToArray();
        var counts = modes.Select(m => new GridCounts(Settings.Label(m), ColorOf(m), GridResults.Spreads(runs.Where(r => r.Mode == m), GridAxis.Lr, bound, r => r.TrainLoss))).ToArray();
        return new GridFigure($"Final loss against Adam's learning rate: median over {Count(o.Seeds.Length, "seed")}, {o.Settings.Epochs} epochs",
            "learning rate (log scale)", "MSE", curves, counts, Note(o, bound));
    }

    static GridFigure BatchFigure(GridRun[] runs, Options o, float bound)
    {
        var modes = runs.Select(r => r.Mode).Distinct().ToArray();
        var curves = modes.Select(m => new GridCurve($"{Settings.Label(m)}: predict-mode / training loss", ColorOf(m),
            GridResults.Spreads(runs.Where(r => r.Mode == m), GridAxis.BatchSize, bound, r => r.Ratio))).ToArray();
        var counts = modes.Select(m => new GridCounts(Settings.Label(m), ColorOf(m), GridResults.Spreads(runs.Where(r => r.Mode == m), GridAxis.BatchSize, bound, r => r.TrainLoss))).ToArray();
        return new GridFigure($"Predict-mode over training loss against the batch size: median over {Count(o.Seeds.Length, "seed")}, {o.Settings.Epochs} epochs",
            "points per training step (log scale)", "ratio", curves, counts, Note(o, bound), Reference: 1, ReferenceLabel: "predict = training");
    }
}
