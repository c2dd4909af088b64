using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Native;
using BnLive.Teaching;
using BnLive.Training;
using ImageMagick;
using static BnLive.Native.Raylib;

namespace BnLive.Tests;

/// <summary>A fit off the chart: the axes stay fitted to the data, and the plot says in words that the fit left them
/// and how far, in the export's PNG, the window's frame and the lecture video's alike (one drawing path). The run
/// that shows it: a batch of one point, whose running variance collapses (predict-mode loss near 2000).</summary>
[Collection("window")]
public class OffChartTests
{
    const string Said = " predict-mode fit off the chart: ";

    [Fact]
    public void TheNoteSaysWhichWayTheFitLeftAndHowFar()
    {
        Assert.Equal("↑ predict-mode fit off the chart: up to 2.0e3", OffChart.Note("predict-mode fit", [0, 1, 2009], -2, 3));
        Assert.Equal("↓ training-mode fit off the chart: down to −91", OffChart.Note("training-mode fit", [-90.85f, 0], -2, 3));
        Assert.Equal("↑ predict-mode fit off the chart: up to 3.5 and down to −4.5e2", OffChart.Note("predict-mode fit", [3.5f, -450], -2, 3));
        Assert.Null(OffChart.Note("predict-mode fit", [-2, 0, 3], -2, 3));                 // on the edge is on the chart
        Assert.Null(OffChart.Note("predict-mode fit", [float.NaN, 1], -2, 3));             // a diverged fit: the HUD says so
        Assert.Null(OffChart.Note("predict-mode fit", null, -2, 3));
    }

    static Networks BatchOfOne()
    {
        var run = new Networks(new Settings { Seed = 1, BatchSize = 1, Epochs = 600 }, compare: false);
        while (!run.Done) run.Step();
        return run;
    }

    /// <summary>Every string a drawing draws, the cached regions (the legend) drawn afresh.</summary>
    static List<DrawnText> Recorded(Fonts fonts, Action draw)
    {
        fonts.Renderer.Regions.Clear();
        return LegibilityTests.Record(fonts, draw);
    }

    [Fact]
    public void TheBatchOfOneExportsPngSaysItsFitIsOffTheChart()
    {
        using var screen = Screen.Open(800, 500, "bnlive off chart", hidden: true);
        using var fonts = new Fonts();
        using var run = BatchOfOne();
        var view = new SceneView(run, false, false, false);
        // the export's PNG: the trail alone, its last snapshot the final fit
        List<Axes> axes = [];
        var drawn = Recorded(fonts, () => { Scene.Clear(); axes = Scene.Draw(fonts, new Rectangle(0, 0, 800, 500), view, [null], null, Style.ScaleOf(800, 500)); });
        var note = Assert.Single(drawn, d => d.Text.Contains(Said));
        var panel = axes[0].Panel;
        Assert.True(note.Box.X >= panel.X && note.Box.Right <= panel.Right && note.Box.Y >= panel.Y && note.Box.Bottom <= panel.Bottom, "the note lies in the plot");
        // the axes are the data's: the fit that left did not stretch them
        var limits = Limits.Of(run.First.X, run.First.Y);
        Assert.InRange(axes[0].YMax - limits.YMax, 0, (limits.YMax - limits.YMin) * 0.2);
        Assert.InRange(limits.YMin - axes[0].YMin, 0, (limits.YMax - limits.YMin) * 0.2);

        // the real export draws the same: the note's red ink where the recording put it
        var dir = Repo.TempDir();
        var r = Proc.RunSh(["export", "--seed", "1", "--batch-size", "1", "--epochs", "600", "--png", "b1.png"], workDir: dir, seconds: 300);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var png = new MagickImage(Path.Combine(dir, "b1.png"));
        var px = png.GetPixels();
        int red = 0;
        for (int y = (int)note.Box.Y; y < (int)note.Box.Bottom; y++)
            for (int x = (int)note.Box.X; x < (int)note.Box.Right; x++)
                if (px.GetPixel(x, y).ToColor() is { R: > 140, G: < 90, B: < 100 }) red++;
        Assert.True(red > 100, $"{red} red pixels of the note in the export's PNG");
    }

    [Fact]
    public void TheWindowAndTheLectureVideoSayItTooAndAFitOnTheChartSaysNothing()
    {
        using var screen = Screen.Open(1920, 1080, "bnlive off chart", hidden: true);
        using var fonts = new Fonts();
        using var off = BatchOfOne();
        float scale = Style.ScaleOf(1920, 1080);
        var plot = new Rectangle(0, 0, 1920, 900);
        List<DrawnText> Window(Networks run, bool train) =>
            Recorded(fonts, () =>
            {
                var view = new SceneView(run, false, false, train);
                var live = run.Trainers.Select(t => (float[]?)t.TakeSnapshot(t.Epoch).YPred).ToList();
                var insides = view.NeedsInside ? run.Trainers.Select(t => (Inside?)t.Inspect()).ToList() : null;
                Scene.Clear();
                Scene.Draw(fonts, plot, view, live, insides, scale);
            });
        Assert.Single(Window(off, train: false), d => d.Text.Contains(Said));
        var video = Recorded(fonts, () => FrameComposer.Draw(fonts, 1920, 1080, FrameComposer.SceneNow(new SceneView(off, false, false, false), live: true),
            new CaptionView("Step 1/1", "A batch of one", [new Paragraph([new Run("x̂ is 0.", Ink.Plain)])]), Style.ScaleOf(1920, 1080)));
        Assert.Single(video, d => d.Text.Contains(Said));

        // the notebook's full batch stays on the chart, at epoch 0 and after 600 epochs: no note
        using var on = new Networks(new Settings { Seed = 1, Epochs = 600 }, compare: false);
        Assert.DoesNotContain(Window(on, train: true), d => d.Text.Contains("off the chart"));
        while (!on.Done) on.Step();
        Assert.DoesNotContain(Window(on, train: true), d => d.Text.Contains("off the chart"));
    }
}
