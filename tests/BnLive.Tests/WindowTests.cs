using BnLive.Drawing;
using ImageMagick;

namespace BnLive.Tests;

/// <summary>The live window, for real, under the test run's Xvfb, driven by keys.</summary>
[Collection("window")]
public class WindowTests
{
    [Fact]
    public void PauseFreezesStepAndSnapshotKeysAdvanceResumeMovesOn()
    {
        using var app = new LiveApp();
        app.Key("h");
        app.WaitFor("help hidden");
        app.Key("space");
        var paused = app.WaitFor(": paused$").Epoch;
        Assert.True(paused < 6000, "the run is still training when paused");

        using (var a = app.Screenshot())
        {
            Thread.Sleep(1000);
            using var b = app.Screenshot();
            Assert.Equal(app.PlotPixels(a), app.PlotPixels(b));
            Assert.Equal((800u, 500u), (a.Width, a.Height));
            Assert.True(a.TotalColors > 20, "the screenshot shows a plot, not a blank window");
        }

        app.Key("n");
        Assert.Equal(paused + 1, app.WaitFor(": one epoch$").Epoch);
        app.Key("shift+n");
        app.WaitFor("running to the next snapshot");
        int atSnapshot = app.WaitFor("paused at the snapshot").Epoch;
        Assert.Equal(1, atSnapshot % 300);   // the snapshot of epoch e is taken after e + 1 steps
        Assert.True(atSnapshot > paused + 1);

        app.Key("space");
        app.WaitFor(": resumed$");
        using (var a = app.Screenshot())
        {
            Thread.Sleep(1000);
            using var b = app.Screenshot();
            Assert.NotEqual(app.PlotPixels(a), app.PlotPixels(b));
        }
        app.Key("q");
        app.WaitFor(": quit$");
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void ResetModeAndSpeedKeys()
    {
        using var app = new LiveApp(args: ["--seed", "5"]);
        app.Key("Up");
        app.WaitFor(@"speed -> ×16$");
        app.Key("Down", "Down");
        app.WaitFor(@"speed -> ×8$");
        app.WaitFor(@"speed -> ×4$");
        app.Key("b");   // notebook → pytorch → none → notebook, each with its own decay and eps
        Assert.Equal(0, app.WaitFor(@"mode -> pytorch \(seed 5, decay 0.9, eps 1E-05\)$").Epoch);
        app.Key("b");
        Assert.Equal(0, app.WaitFor(@"mode -> none \(seed 5, decay 0.5, eps 0.001\)$").Epoch);
        app.Key("b");
        app.WaitFor(@"mode -> notebook \(seed 5, decay 0.5, eps 0.001\)$");
        Thread.Sleep(500);
        app.Key("r");
        Assert.Equal(0, app.WaitFor(@"reset \(seed 5\)$").Epoch);
        app.Key("shift+r");
        var seed = int.Parse(app.WaitFor(@"reset with a new seed \(seed (\d+)\)$")[1]);
        Assert.NotEqual(5, seed);
        app.Key("Escape");
        app.WaitFor(": quit$");
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void RecordingWritesAGifOfTheWindowAndQuittingWhileRecordingSavesIt()
    {
        using var app = new LiveApp(640, 400);
        app.Key("g");
        app.WaitFor("recording started: ");
        Thread.Sleep(2000);
        app.Key("g");
        var saved = app.WaitFor(@"recording saved: (.+\.gif) \((\d+) frames\)$");
        Assert.True(int.Parse(saved[2]) > 1);
        using (var gif = new MagickImageCollection(Path.Combine(app.Dir, saved[1])))
        {
            Assert.True(gif.Count > 1, "more than one frame");
            Assert.Equal((640u, 400u), (gif[0].Page.Width, gif[0].Page.Height));
            Assert.Equal((640u, 400u), (gif[0].Width, gif[0].Height));
        }

        app.Key("g");
        app.WaitFor("recording started: ");
        Thread.Sleep(1000);
        app.Key("q");
        var last = app.WaitFor(@"recording saved: (.+\.gif) \((\d+) frames\)$");
        Assert.Equal(0, app.ExitCode());
        using var second = new MagickImageCollection(Path.Combine(app.Dir, last[1]));
        Assert.True(second.Count > 1);
    }

    /// <summary>One drawing path: the window's plot at a snapshot epoch and the headless export's GIF frame of the
    /// same epoch, drawn at the same size and scale, are the same picture (up to the GIF's 256-colour palette), in
    /// each view and with each panel.</summary>
    [Theory]
    [InlineData("single", "none")]
    [InlineData("compare", "none")]
    [InlineData("single", "loss")]
    [InlineData("single", "inside")]
    [InlineData("single", "train")]
    [InlineData("compare", "loss,inside,train")]
    public void WindowShowsWhatTheExportDraws(string view, string panels)
    {
        using var app = new LiveApp(args: ["--speed", "1", "--view", view, "--panels", panels]);
        app.Key("h");
        app.Key("shift+n");
        int epoch = app.WaitFor("paused at the snapshot").Epoch;
        using var shot = app.Screenshot();

        var dir = Repo.TempDir();
        var gif = Path.Combine(dir, "f.gif");
        // the window's scale is its own size's; the export's, asked for at the plot's size, is told the same
        var r = Repo.Run(dir, TimeSpan.FromMinutes(3), "export", "--size", $"800x{app.PlotHeight}", "--scale", $"{Style.ScaleOf(800, 500)}",
            "--view", view, "--panels", panels, "--frame-every", $"{epoch}", "--gif", gif);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var frames = new MagickImageCollection(gif);
        frames.Coalesce();
        var exported = frames[0].GetPixels().ToByteArray(PixelMapping.RGB)!;
        var window = app.PlotPixels(shot);
        Assert.Equal(exported.Length, window.Length);
        int far = 0;
        for (int i = 0; i < window.Length; i++) if (Math.Abs(window[i] - exported[i]) > 24) far++;
        Assert.True(far < window.Length / 1000, $"{far} of {window.Length} channel values differ by more than 24");
    }

    [Fact]
    public void TeachingViewKeysChangeWhatIsShownAndKeepTheLockstep()
    {
        using var app = new LiveApp(1000, 700);
        app.Key("h");
        app.WaitFor("help hidden");
        app.Key("space");
        app.WaitFor(": paused$");
        var shots = new List<byte[]>();
        void Shot()
        {
            using var s = app.Screenshot();
            shots.Add(app.PlotPixels(s));
            Assert.NotEqual(shots[^1], shots.Count > 1 ? shots[^2] : null);   // every view key changed the picture
        }
        Shot();
        app.Key("l");
        app.WaitFor("loss panel on$");
        Shot();
        app.Key("c");
        Assert.Equal(0, app.WaitFor(@"view -> compare: notebook BN and no BN \(seed 1\)$").Epoch);
        app.Key("n", "n");
        app.WaitFor(": one epoch$");
        Assert.Equal(2, app.WaitFor(": one epoch$").Epoch);
        app.Key("shift+n");
        Assert.Equal(301, app.WaitFor("paused at the snapshot").Epoch);
        Shot();
        app.Key("t");
        app.WaitFor("training-mode fit shown$");
        Shot();
        app.Key("i");
        app.WaitFor("inside BN shown$");
        Shot();
        app.Key("bracketright");
        app.WaitFor(@": lr -> 0.01 \(from the next step on\)$");
        app.Key("bracketleft", "bracketleft");
        app.WaitFor(@": lr -> 0.005 ");
        Assert.Equal(301, app.WaitFor(@": lr -> 0.0025 ").Epoch);   // no reset
        app.Key("d");
        app.WaitFor(@": decay -> 0.9 ");
        app.Key("space");
        app.WaitFor(": resumed$");
        Thread.Sleep(1500);
        app.Key("q");
        var quit = app.WaitFor(@"quit \(notebook at epoch (\d+), none at epoch (\d+)\)$");
        Assert.Equal(quit[1], quit[2]);
        Assert.True(int.Parse(quit[1]) > 301, "training went on after resuming");
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void TheMouseAddsMovesAndRemovesPointsAndTheNextStepsTrainOnThem()
    {
        using var app = new LiveApp();
        app.Key("h");
        app.WaitFor("help hidden");
        app.Key("space");
        app.WaitFor(": paused$");
        app.Click(400, 100);
        var added = app.WaitFor(@"point added at \((-?[\d.]+), (-?[\d.]+)\): 101 points$");
        float addedX = float.Parse(added[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(addedX, -0.2f, 0.2f);               // the middle of the plot is x = 0
        app.Drag((600, 380), (600, 120));
        var moved = app.WaitFor(@"point moved from \((-?[\d.]+), (-?[\d.]+)\) to \((-?[\d.]+), (-?[\d.]+)\): 101 points$");
        Assert.True(float.Parse(moved[4], System.Globalization.CultureInfo.InvariantCulture) > float.Parse(moved[2], System.Globalization.CultureInfo.InvariantCulture) + 1);
        app.Click(90, 330, button: 3);
        int removedAt = app.WaitFor(@"point removed at \(-1, -1\): 100 points$").Epoch;   // the notebook's first point
        app.Key("shift+n");
        int snapshotAt = app.WaitFor("paused at the snapshot").Epoch;
        app.Key("w");
        var path = Path.Combine(app.Dir, app.WaitFor(@"model saved: (.+\.json)$")[1]);

        using var model = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var root = model.RootElement;
        var x = root.GetProperty("x").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(100, x.Length);
        Assert.Contains(x, v => Math.Abs(v - addedX) < 1e-3);
        Assert.DoesNotContain(-1f, x);
        Assert.Equal(x.Order(), x);
        // the snapshot taken after the edits was computed on the edited points; those before carry their own
        var snapshots = root.GetProperty("snapshots").EnumerateArray().ToList();
        var last = snapshots[^1];
        Assert.Equal(snapshotAt - 1, last.GetProperty("epoch").GetInt32());
        Assert.True(last.GetProperty("epoch").GetInt32() > removedAt);
        Assert.False(last.TryGetProperty("x", out _));
        Assert.Equal(100, last.GetProperty("y_pred").GetArrayLength());
        Assert.True(snapshots[0].TryGetProperty("x", out var oldX) && oldX.EnumerateArray().First().GetSingle() == -1f);

        app.Key("e");
        app.WaitFor(@"data restored: the notebook's 100 points$");
        app.Key("q");
        app.WaitFor(": quit$");
        Assert.Equal(0, app.ExitCode());
    }
}
