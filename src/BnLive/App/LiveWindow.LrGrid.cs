using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Native;
using BnLive.Commands;
using BnLive.Training;

namespace BnLive.App;

/// <summary>The lr-grid view (M, or window --lrs): a learning-rate grid × seeds × BN and no BN trained live in
/// lockstep, its final-loss-against-rate curves filling in as the epochs go. It trains a chunk of epochs each frame,
/// within the frame's training budget, so the window keeps drawing and answering keys.</summary>
public sealed partial class LiveWindow
{
    /// <summary>The grid M opens where --lrs is not given: the lesson's, ten rates from a tenth to 100 times the notebook's.</summary>
    public static readonly double[] DefaultLrs = Cli.Lrs("0.0005:0.5:10")!;

    /// <summary>The grid's training per frame: more than the run's, as the grid is all the view shows (30-40 fps).</summary>
    const double MaxGridMs = 25;

    LiveGrid? lrGrid;
    Options lrGridOptions = null!;
    GridFigure? lrGridFigure;
    int lrGridDrawnEpoch = -1;
    double lrGridDrawnAt;

    bool LrGridShown => lrGrid is not null;

    internal void ToggleLrGrid()
    {
        if (lrGrid is null) OpenLrGrid();
        else
        {
            lrGrid = null;
            lrGridFigure = null;
            state.Refresh = true;
            Log(new Toggled("lr grid", false));
        }
    }

    /// <summary>A new grid on the window's settings and points: the rates of --lrs (or the default), the seeds of --seeds.</summary>
    void OpenLrGrid()
    {
        var o = options with { Lrs = options.Lrs ?? DefaultLrs, Settings = state.Settings with { Lr = options.Settings.Lr }, ModeGiven = false };
        lrGridOptions = o;
        var cells = GridSweep.Cells(o);
        lrGrid = new LiveGrid(cells, run.First.X, run.First.Y);
        lrGridDrawnEpoch = -1;
        Log(new LrGridOpened(o.Lrs!, o.Seeds.Length, cells.Length, lrGrid.Epochs));
    }

    /// <summary>The frame's training for the grid, in place of the run's; then the figure, at most a few times a second.</summary>
    void UpdateLrGrid(double budgetMs)
    {
        var g = lrGrid!;
        float bound = GridResults.DivergedFrom(run.First.Y);
        GridRun[]? finalRuns = null;
        if (!state.Paused && !g.Done)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            g.Advance(budgetMs);
            state.TrainMs = Smooth(state.TrainMs, clock.Elapsed.TotalMilliseconds);
            if (g.Done)
            {
                var runs = finalRuns = g.Runs();
                Log(new LrGridDone(g.Epochs, g.Seconds, [.. runs.GroupBy(r => (r.Mode, r.Lr)).Select(c => new LrGridCell(Settings.Name(c.Key.Mode), c.Key.Lr,
                    c.Count(r => r.TrainLoss < 0.01f), c.Count(r => r.PredictLoss < 0.01f), c.Count(r => r.Diverged(bound)), c.Count()))]));
            }
        }
        if (lrGridDrawnEpoch != g.Epoch && (g.Done || state.Now - lrGridDrawnAt > 0.2 || lrGridFigure is null))
        {
            var figure = GridSweep.LrFigure(finalRuns ?? g.Runs(), lrGridOptions, bound);
            // the epoch is the bar's (epoch k/N), which is every frame's; the figure is redrawn a few times a second
            lrGridFigure = figure with { Title = $"Loss against Adam's learning rate, live: median and quartiles over {lrGridOptions.Seeds.Length} seeds" };
            (lrGridDrawnEpoch, lrGridDrawnAt) = (g.Epoch, state.Now);
        }
    }

    /// <summary>The grid's frame: its figure where the plots go, the caption band and the HUD's bar as in any frame.</summary>
    (List<Axes> Axes, Rectangle Plot) DrawLrGrid(Fonts fonts, WindowFrame f)
    {
        var g = lrGrid!;
        int rates = lrGridOptions.Lrs!.Length;
        string what = $"lr grid: {rates} rates × {lrGridOptions.Seeds.Length} seeds × 2 modes = {g.Count} networks"
            + (g.Done ? $" · trained in {g.Seconds:0.0} s" : "") + " · M: back to the run";
        // steps/s: every network's steps (the grid trains on the run's points and batch size)
        double steps = (double)g.Epoch * g.Count * run.StepsPerEpoch;
        var hud = f.Hud with { Epoch = g.Epoch, Epochs = g.Epochs, Losses = what, StepsPerSecond = steps / Math.Max(g.Seconds, 1e-3),
            Done = g.Done, Diverged = false, BnNumbers = "", OneRun = false };
        return WindowPainter.Draw(fonts, f with { Hud = hud }, area =>
        {
            if (lrGridFigure is not null) GridPlot.Draw(fonts, area, lrGridFigure, Style.Pt(f.Scale));
            return [];
        });
    }
}
