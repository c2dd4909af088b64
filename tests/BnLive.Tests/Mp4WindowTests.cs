using System.Diagnostics;

namespace BnLive.Tests;

/// <summary>V in a real window under Xvfb: the MP4 recording reads back through ffprobe, however the window ends.</summary>
public class Mp4WindowTests
{
    const string Saved = @"recording saved: (.+\.mp4) \((\d+) frames\)$";

    static Video.Info Playable(LiveApp app, LiveApp.Hit saved)
    {
        var path = Path.Combine(app.Dir, saved[1]);
        var info = Video.Probe(path);
        Assert.Equal(("h264", "yuv420p", app.Width, app.Height), (info.Codec, info.PixelFormat, info.Width, info.Height));
        Assert.True(info.Frames > 1, $"more than one frame, got {info.Frames}");
        Assert.Equal(int.Parse(saved[2]), info.Frames);
        Assert.Equal([Path.GetFileName(path)], Directory.GetFiles(Path.Combine(app.Dir, "recordings")).Select(Path.GetFileName));
        return info;
    }

    [Fact]
    public void VRecordsAnMp4AndGWaitsItsTurn()
    {
        using var app = new LiveApp(640, 400);
        app.Key("v");
        app.WaitFor(@"recording started: recordings/bnlive-notebook-seed1-\d{8}-\d{6}\.mp4$");
        Thread.Sleep(1500);
        app.Key("g");   // one recording at a time
        app.WaitFor("not recording a GIF: an MP4 is recording");
        Thread.Sleep(1000);
        app.Key("v");
        var info = Playable(app, app.WaitFor(Saved));
        Assert.True(info.Duration >= 2.5, $"the recording's real time (2.5 s and the last frame's 1 s), got {info.Duration} s");

        app.Key("g");   // the GIF's turn now, and V waits
        app.WaitFor(@"recording started: .+\.gif$");
        app.Key("v");
        app.WaitFor("not recording an MP4: a GIF is recording");
        app.Key("q");
        app.WaitFor(@"recording saved: .+\.gif");
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void AResizedWindowIsScaledIntoTheRecording()
    {
        using var app = new LiveApp(640, 400);
        app.Key("v");
        app.WaitFor("recording started: ");
        Thread.Sleep(1000);
        Process.Start("xdotool", ["windowsize", app.WindowId, "900", "700"])!.WaitForExit();
        app.WaitFor("window resized to 900x700: frames scaled to the recording's 640x400");
        Thread.Sleep(1000);
        app.Key("v");
        Playable(app, app.WaitFor(Saved));
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
        app.WaitFor("recording started: ");
        Thread.Sleep(1500);
        switch (how)
        {
            case "quit": app.Key("q"); break;
            case "close": X11.Close(app.WindowId); app.WaitFor("window closed"); break;
            default: Process.Start("kill", ["-TERM", app.Pid.ToString()])!.WaitForExit(); app.WaitFor("SIGTERM: quitting"); break;
        }
        var saved = app.WaitFor(Saved);
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
            app.WaitFor(@"recording not started: ffmpeg is not installed: MP4 needs it \(apt-get install ffmpeg\)$");
            app.Key("g");   // the app goes on, and GIFs need no ffmpeg
            app.WaitFor(@"recording started: .+\.gif$");
            app.Key("q");
            app.WaitFor(@"recording saved: .+\.gif");
            Assert.Equal(0, app.ExitCode());
            Assert.Empty(Directory.GetFiles(Path.Combine(app.Dir, "recordings"), "*mp4*"));
        }
    }
}
