using BnLive.App;
using BnLive.Engine;
using BnLive.Training;
using ImageMagick;

namespace BnLive.Tests;

/// <summary>The lr-grid view through its doors: M in a window, and window --lrs. The grid trains live, a chunk of
/// epochs a frame, and at its last epoch reports, per mode and rate, the seeds that fit: the same counts as the
/// headless grid of the same settings, since each network is stepped as the sweep steps it.</summary>
[Collection("window")]
public class LrGridWindowTests
{
    /// <summary>The counts the window's LrGridDone reports, computed headless.</summary>
    static LrGridCell[] Headless(double[] lrs, int seeds, int epochs)
    {
        var o = new Options { Command = CommandName.Window, Lrs = lrs, Seeds = [.. Enumerable.Range(1, seeds)], Settings = new Settings { Epochs = epochs } };
        var (x, y) = Data.Notebook();
        var runs = Grid.Train(GridSweep.Cells(o), x, y)!;
        float bound = GridResults.DivergedFrom(y);
        return [.. runs.GroupBy(r => (r.Mode, r.Lr)).Select(c => new LrGridCell(Settings.Name(c.Key.Mode), c.Key.Lr,
            c.Count(r => r.TrainLoss < 0.01f), c.Count(r => r.PredictLoss < 0.01f), c.Count(r => r.Diverged(bound)), c.Count()))];
    }

    [Fact]
    public void MTrainsTheDefaultGridLiveAndDrawsItThenMGoesBack()
    {
        using var app = new LiveApp(args: ["--epochs", "150", "--speed", "max"]);
        app.WaitFor<TrainingDone>(seconds: 60);
        app.Key("h");
        app.WaitFor<Toggled>(e => e is { What: "help", On: false });
        using var before = app.Screenshot();
        app.Key("m");
        var opened = app.WaitFor<LrGridOpened>(seconds: 30).Event;
        Assert.Equal((10, 20, 400, 150), (opened.Lrs.Length, opened.Seeds, opened.Networks, opened.Epochs));
        Assert.Equal(0.0005, opened.Lrs[0], 12);
        Assert.Equal(0.5, opened.Lrs[^1], 12);
        var done = app.WaitFor<LrGridDone>(seconds: 120).Event;
        Assert.Equal(Headless(opened.Lrs, 20, 150), done.Cells);
        using var grid = app.Screenshot();
        // the grid's figure replaces the fit: most of the plot area changed
        var (a, b) = (app.PlotPixels(before), app.PlotPixels(grid));
        int changed = Enumerable.Range(0, a.Length / 3).Count(i => Math.Abs(a[3 * i] - b[3 * i]) + Math.Abs(a[3 * i + 1] - b[3 * i + 1]) + Math.Abs(a[3 * i + 2] - b[3 * i + 2]) > 60);
        Assert.True(changed > a.Length / 3 / 5, $"{changed} of {a.Length / 3} plot pixels changed");
        app.Key("m");
        app.WaitFor<Toggled>(e => e is { What: "lr grid", On: false });
        using var back = app.Screenshot();
        Assert.Equal(app.PlotPixels(before), app.PlotPixels(back));   // the run was kept as it was
        app.Key("q");
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void WindowLrsOpensTheGridOnItsRatesAndSeeds()
    {
        using var app = new LiveApp(args: ["--lrs", "0.005,0.232", "--seeds", "1-3", "--epochs", "400"]);
        var opened = app.WaitFor<LrGridOpened>(seconds: 30).Event;
        Assert.Equal([0.005, 0.232], opened.Lrs);
        Assert.Equal((3, 12, 400), (opened.Seeds, opened.Networks, opened.Epochs));
        var done = app.WaitFor<LrGridDone>(seconds: 60);
        Assert.Equal(Headless([0.005, 0.232], 3, 400), done.Event.Cells);
        app.Key("q");
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void SeedsWithoutLrsInTheWindowIsOneLineAndExitTwo()
    {
        var r = Proc.RunSh(["window", "--seeds", "1-3"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--seeds in the window are the lr grid's: give them with --lrs", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }
}
