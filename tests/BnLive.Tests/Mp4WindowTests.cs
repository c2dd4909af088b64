using System.Diagnostics;
using System.Text.RegularExpressions;
using BnLive.App;

namespace BnLive.Tests;

/// <summary>V in a real window under Xvfb: the MP4 recording reads back through ffprobe, however the window ends.</summary>
public class Mp4WindowTests
{
    static RecordingSaved Saved(LiveApp app) => app.WaitFor<RecordingSaved>(e => e.Path.EndsWith(".mp4")).Event;

    static Video.Info Playable(LiveApp app, RecordingSaved saved)
    {
        var path = Path.Combine(app.Dir, saved.Path);
        var info = Video.Probe(path);
        Assert.Equal(("h264", "yuv420p", app.Width, app.Height), (info.Codec, info.PixelFormat, info.Width, info.Height));
        Assert.True(info.Frames > 1, $"more than one frame, got {info.Frames}");
        Assert.Equal(saved.Frames, info.Frames);
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(Path.Combine(app.Dir, "recordings")).Select(Path.GetFileName));
        return info;
    }

    [Fact]
    public void VRecordsAnMp4AndGWaitsItsTurn()
    {
        using var app = new LiveApp(640, 400);
        app.Key("v");
        Assert.Matches(@"^recordings/bnlive-notebook-seed1-\d{8}-\d{6}\.mp4$", app.WaitFor<RecordingStarted>().Event.Path);
        Thread.Sleep(1500);
        app.Key("g");   // one recording at a time
        app.WaitFor<RecordingBusy>(e => e is { Asked: "GIF", Running: "MP4", Key: "V" });
        Thread.Sleep(1000);
        app.Key("v");
        var info = Playable(app, Saved(app));
        Assert.True(info.Duration >= 2.5, $"the recording's real time (2.5 s and the last frame's 1 s), got {info.Duration} s");

        app.Key("g");   // the GIF's turn now, and V waits
        app.WaitFor<RecordingStarted>(e => e.Path.EndsWith(".gif"));
        app.Key("v");
        app.WaitFor<RecordingBusy>(e => e is { Asked: "MP4", Running: "GIF", Key: "G" });
        app.Key("q");
        app.WaitFor<RecordingSaved>(e => e.Path.EndsWith(".gif"));
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void AResizedWindowIsScaledIntoTheRecording()
    {
        using var app = new LiveApp(640, 400);
        app.Key("v");
        app.WaitFor<RecordingStarted>();
        Thread.Sleep(1000);
        Process.Start("xdotool", ["windowsize", app.WindowId, "900", "700"])!.WaitForExit();
        app.WaitFor<FramesScaled>(e => e is { Width: 900, Height: 700, RecordingWidth: 640, RecordingHeight: 400 });
        Thread.Sleep(1000);
        app.Key("v");
        Playable(app, Saved(app));
        app.Key("q");
        Assert.Equal(0, app.ExitCode());
    }

    [Theory]
    [InlineData("quit")]
    [InlineData("close")]
    [InlineData("SIGTERM")]
    public void EndingTheWindowWhileRecordingSavesAPlayableMp4(string how)
    {
        using var app = new LiveApp(640, 400);
        app.Key("v");
        app.WaitFor<RecordingStarted>();
        Thread.Sleep(1500);
        switch (how)
        {
            case "quit": app.Key("q"); break;
            case "close": X11.Close(app.WindowId); app.WaitFor<WindowClosed>(); break;
            default: Process.Start("kill", ["-TERM", app.Pid.ToString()])!.WaitForExit(); app.WaitFor<Interrupted>(e => e.Signal == "SIGTERM"); break;
        }
        var saved = Saved(app);
        app.ExitCode();
        Playable(app, saved);
    }

    [Fact]
    public void WithoutFfmpegVSaysWhichPackageAndTheWindowGoesOn()
    {
        // a PATH of every program but ffmpeg's (the tests run one at a time, so the process's PATH can change a moment)
        var bin = Repo.TempDir();
        var path = Environment.GetEnvironmentVariable("PATH")!;
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries).Where(Directory.Exists))
            foreach (var file in Directory.GetFiles(dir))
            {
                var name = Path.GetFileName(file);
                if (name is not ("ffmpeg" or "ffprobe") && !File.Exists(Path.Combine(bin, name)))
                    File.CreateSymbolicLink(Path.Combine(bin, name), file);
            }
        LiveApp app;
        Environment.SetEnvironmentVariable("PATH", bin);
        try { app = new LiveApp(640, 400); }
        finally { Environment.SetEnvironmentVariable("PATH", path); }
        using (app)
        {
            app.Key("v");
            app.WaitFor<RecordingNotStarted>(e => e.Reason == "ffmpeg is not installed: MP4 needs it (apt-get install ffmpeg)");
            app.Key("g");   // the app goes on, and GIFs need no ffmpeg
            app.WaitFor<RecordingStarted>(e => e.Path.EndsWith(".gif"));
            app.Key("q");
            app.WaitFor<RecordingSaved>(e => e.Path.EndsWith(".gif"));
            Assert.Equal(0, app.ExitCode());
            Assert.Empty(Directory.GetFiles(Path.Combine(app.Dir, "recordings"), "*mp4*"));
        }
    }
}
