using BnLive.App;
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
        app.WaitFor<Toggled>(e => e is { What: "help", On: false });
        app.Key("space");
        var paused = app.WaitFor<Paused>(e => !e.AtSnapshot).Epoch;
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
        Assert.Equal(paused + 1, app.WaitFor<OneEpoch>().Epoch);
        app.Key("shift+n");
        app.WaitFor<RunningToSnapshot>();
        int atSnapshot = app.WaitFor<Paused>(e => e.AtSnapshot).Epoch;
        Assert.Equal(1, atSnapshot % 300);   // the snapshot of epoch e is taken after e + 1 steps
        Assert.True(atSnapshot > paused + 1);

        app.Key("space");
        app.WaitFor<Resumed>();
        using (var a = app.Screenshot())
        {
            Thread.Sleep(1000);
            using var b = app.Screenshot();
            Assert.NotEqual(app.PlotPixels(a), app.PlotPixels(b));
        }
        app.Key("q");
        app.WaitFor<Quit>();
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void ResetModeAndSpeedKeys()
    {
        using var app = new LiveApp(args: ["--seed", "5"]);
        app.Key("Up");
        app.WaitFor<SpeedChanged>(e => e.Speed == "×16");
        app.Key("Down", "Down");
        app.WaitFor<SpeedChanged>(e => e.Speed == "×8");
        app.WaitFor<SpeedChanged>(e => e.Speed == "×4");
        app.Key("b");   // notebook → pytorch → layernorm → none → notebook, each with its own decay and eps
        Assert.Equal(0, app.WaitFor<ModeChanged>(e => e is { Mode: "pytorch", Seed: 5, Decay: 0.9, Eps: 1e-5 }).Epoch);
        app.Key("b");
        Assert.Equal(0, app.WaitFor<ModeChanged>(e => e is { Mode: "layernorm", Seed: 5, Eps: 1e-5 }).Epoch);
        app.Key("b");
        Assert.Equal(0, app.WaitFor<ModeChanged>(e => e is { Mode: "none", Seed: 5, Decay: 0.5, Eps: 1e-3 }).Epoch);
        app.Key("b");
        app.WaitFor<ModeChanged>(e => e is { Mode: "notebook", Seed: 5, Decay: 0.5, Eps: 1e-3 });
        Thread.Sleep(500);
        app.Key("r");
        Assert.Equal(0, app.WaitFor<Reset>(e => e is { Seed: 5, NewSeed: false }).Epoch);
        app.Key("shift+r");
        var seed = app.WaitFor<Reset>(e => e.NewSeed).Event.Seed;
        Assert.NotEqual(5, seed);
        app.Key("Escape");
        app.WaitFor<Quit>();
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void RecordingWritesAGifOfTheWindowAndQuittingWhileRecordingSavesIt()
    {
        using var app = new LiveApp(640, 400);
        app.Key("g");
        app.WaitFor<RecordingStarted>();
        Thread.Sleep(2000);
        app.Key("g");
        var (_, saved) = app.WaitFor<RecordingSaved>(e => e.Path.EndsWith(".gif"));
        Assert.True(saved.Frames > 1);
        using (var gif = new MagickImageCollection(Path.Combine(app.Dir, saved.Path)))
        {
            Assert.True(gif.Count > 1, "more than one frame");
            Assert.Equal((640u, 400u), (gif[0].Page.Width, gif[0].Page.Height));
            Assert.Equal((640u, 400u), (gif[0].Width, gif[0].Height));
        }

        app.Key("g");
        app.WaitFor<RecordingStarted>();
        Thread.Sleep(1000);
        app.Key("q");
        var (_, last) = app.WaitFor<RecordingSaved>(e => e.Path.EndsWith(".gif"));
        Assert.Equal(0, app.ExitCode());
        using var second = new MagickImageCollection(Path.Combine(app.Dir, last.Path));
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
        ShowsWhatTheExportDraws(app, view, panels);
    }

    /// <summary>Without the framebuffer blit and the BGRA textures (a raylib built for OpenGL 2.1 or ES 2, forced by
    /// BNLIVE_GL_FALLBACK=1), the cached regions reach the window as textured quads: the help box still shows at
    /// start, and the plots and panels are still what the export draws.</summary>
    [Fact]
    public void WithoutTheBlitTheWindowStillShowsWhatTheExportDraws()
    {
        string[] args = ["window", "--size", "800x500", "--events", "json", "--speed", "1", "--view", "compare", "--panels", "loss,inside,train"];
        using var app = LiveApp.Door(Path.Combine(Repo.Root, "run.sh"), args, new Dictionary<string, string?> { ["BNLIVE_GL_FALLBACK"] = "1" });
        using (var start = app.Screenshot())
        {
            var help = start.GetPixels().ToByteArray(PixelMapping.RGB)!;
            int dark = 0;
            for (int i = 0; i < help.Length; i += 3) if (help[i] == 30 && help[i + 1] == 30 && help[i + 2] == 30) dark++;
            Assert.True(dark > 20_000, $"{dark} pixels of the help box's ground: the help is missing");
        }
        ShowsWhatTheExportDraws(app, "compare", "loss,inside,train");
    }

    static void ShowsWhatTheExportDraws(LiveApp app, string view, string panels)
    {
        app.Key("h");
        app.Key("shift+n");
        int epoch = app.WaitFor<Paused>(e => e.AtSnapshot).Epoch;
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
        // and both show the current fit, a black line over the kept panel (a state left behind by drawing the panel
        // into its texture once hid it from both alike)
        int black = 0;
        for (int i = 0; i < window.Length; i += 3) if (Math.Max(window[i], Math.Max(window[i + 1], window[i + 2])) < 30) black++;
        Assert.True(black > 1000, $"{black} near-black pixels: the current fit is missing");
    }

    [Fact]
    public void TeachingViewKeysChangeWhatIsShownAndKeepTheLockstep()
    {
        using var app = new LiveApp(1000, 700);
        app.Key("h");
        app.WaitFor<Toggled>(e => e is { What: "help", On: false });
        app.Key("space");
        app.WaitFor<Paused>(e => !e.AtSnapshot);
        var shots = new List<byte[]>();
        void Shot()
        {
            using var s = app.Screenshot();
            shots.Add(app.PlotPixels(s));
            Assert.NotEqual(shots[^1], shots.Count > 1 ? shots[^2] : null);   // every view key changed the picture
        }
        Shot();
        app.Key("l");
        app.WaitFor<Toggled>(e => e is { What: "loss panel", On: true });
        Shot();
        app.Key("c");
        Assert.Equal(0, app.WaitFor<ViewChanged>(e => e is { Compare: true, Left: "notebook BN", Right: "no BN", Seed: 1 }).Epoch);
        app.Key("n", "n");
        app.WaitFor<OneEpoch>();
        Assert.Equal(2, app.WaitFor<OneEpoch>().Epoch);
        app.Key("shift+n");
        Assert.Equal(301, app.WaitFor<Paused>(e => e.AtSnapshot).Epoch);
        Shot();
        app.Key("t");
        app.WaitFor<Toggled>(e => e is { What: "training-mode fit", On: true });
        Shot();
        app.Key("i");
        app.WaitFor<Toggled>(e => e is { What: "inside BN", On: true });
        Shot();
        app.Key("bracketright");
        app.WaitFor<LrChanged>(e => Math.Abs(e.Lr - 0.01) < 1e-12);
        app.Key("bracketleft", "bracketleft");
        app.WaitFor<LrChanged>(e => Math.Abs(e.Lr - 0.005) < 1e-12);
        Assert.Equal(301, app.WaitFor<LrChanged>(e => Math.Abs(e.Lr - 0.0025) < 1e-12).Epoch);   // no reset
        app.Key("d");
        app.WaitFor<DecayChanged>(e => e.Decay == 0.9);
        app.Key("space");
        app.WaitFor<Resumed>();
        Thread.Sleep(1500);
        app.Key("q");
        var quit = app.WaitFor<Quit>().Event.Networks!;
        Assert.Equal(["notebook", "none"], quit.Select(n => n.Mode));
        Assert.Equal(quit[0].Epoch, quit[1].Epoch);
        Assert.True(quit[0].Epoch > 301, "training went on after resuming");
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void TheMouseAddsMovesAndRemovesPointsAndTheNextStepsTrainOnThem()
    {
        using var app = new LiveApp();
        app.Key("h");
        app.WaitFor<Toggled>(e => e is { What: "help", On: false });
        app.Key("space");
        app.WaitFor<Paused>(e => !e.AtSnapshot);
        app.Click(400, 100);
        float addedX = app.WaitFor<PointAdded>(e => e.Points == 101).Event.X;
        Assert.InRange(addedX, -0.2f, 0.2f);               // the middle of the plot is x = 0
        app.Drag((600, 380), (600, 120));
        var moved = app.WaitFor<PointMoved>(e => e.Points == 101).Event;
        Assert.True(moved.Y > moved.FromY + 1);
        app.Click(90, 330, button: 3);
        int removedAt = app.WaitFor<PointRemoved>(e => e is { X: -1, Y: -1, Points: 100 }).Epoch;   // the notebook's first point
        app.Key("shift+n");
        int snapshotAt = app.WaitFor<Paused>(e => e.AtSnapshot).Epoch;
        app.Key("w");
        var path = Path.Combine(app.Dir, app.WaitFor<ModelSaved>().Event.Path);

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
        app.WaitFor<DataRestored>(e => e is { Name: "the notebook's", Points: 100 });
        app.Key("q");
        app.WaitFor<Quit>();
        Assert.Equal(0, app.ExitCode());
    }
}
