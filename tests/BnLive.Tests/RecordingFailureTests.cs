using System.Diagnostics;
using System.Text.RegularExpressions;
using BnLive.App;
using BnLive.Recording;

namespace BnLive.Tests;

/// <summary>Recording workers that fail (a sink that throws, a frame that cannot be read, a full disk) end the
/// recording with one line, never the app: nothing blocks, nothing hangs, no half-written file.</summary>
public class RecordingFailureTests
{
    sealed class ThrowingSink : IFrameSink
    {
        public int Added;
        public string Kind => "GIF";
        public double Interval => 0;
        public string? Limit => null;
        public void Add(Frame frame, double time) { if (++Added == 3) throw new IOException("the sink broke on frame 3"); }
        public int Finish() => throw new InvalidOperationException("a failed recording is never finished");
        public void Dispose() { }
    }

    static Frame Blank(int w = 320, int h = 200) => new(w, h, new byte[w * h * 4]);

    [Fact]
    public void ASinkThatThrowsEndsTheRecordingWithoutBlockingTheLoop()
    {
        var sink = new ThrowingSink();
        using var recorder = new Recorder("x.gif", 320, 200, sink, now: 0);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 200; i++) recorder.Add(Blank(), i * 0.05);   // far more than the queue holds
        Assert.True(clock.Elapsed.TotalSeconds < 5, "Add never waits on a failed worker");
        var wait = Stopwatch.StartNew();
        while (recorder.Failure is null && wait.Elapsed.TotalSeconds < 10) Thread.Sleep(10);
        Assert.Equal("the sink broke on frame 3", recorder.Failure?.Message);
        Assert.False(recorder.Due(100), "no frame is due once the recording failed");
        var e = Assert.Throws<RecordingError>(() => recorder.Save());
        Assert.Contains("the sink broke on frame 3", e.Message);
    }

    [Fact]
    public void AGifWhoseWorkerFailsNeitherBlocksNorWritesAFile()
    {
        var dir = Repo.TempDir();
        var path = Path.Combine(dir, "broken.gif");
        using (var gif = new Gif())
        {
            gif.Add(new Frame(320, 200, new byte[16]), 4);   // too few pixels: the worker's Magick.NET throws
            var clock = Stopwatch.StartNew();
            Assert.Throws<RecordingError>(() => { for (int i = 0; i < 100; i++) gif.Add(Blank(), 4); });
            Assert.True(clock.Elapsed.TotalSeconds < 10, "Add stops with the failure instead of waiting forever");
            var e = Assert.Throws<RecordingError>(() => gif.Save(path));
            Assert.StartsWith("a GIF frame could not be prepared: ", e.Message);
        }
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void AGifRecordingIsCappedByMemoryAndSaysSo()
    {
        var noise = new byte[1920 * 1080 * 4];   // incompressible: each frame holds its full 8 MB
        new Random(1).NextBytes(noise);
        using var sink = new GifSink("never.gif");
        int frames = 0;
        while (sink.Limit is null && frames < 100) sink.Add(new Frame(1920, 1080, noise), frames++ / 20.0);
        Assert.Equal($"the GIF reached its limit of 256 MB in memory (V records an MP4 without one)", sink.Limit);
        Assert.InRange(frames, 30, 34);
    }

    /// <summary>A tiny disk: a tmpfs of size bytes mounted on dir (the tests run as root under ./run.sh test).</summary>
    public sealed class TinyDisk : IDisposable
    {
        public readonly string Dir;
        public TinyDisk(string dir, string size = "16k")
        {
            Dir = dir;
            Directory.CreateDirectory(dir);
            var p = Process.Start("mount", ["-t", "tmpfs", "-o", $"size={size}", "tmpfs", dir])!;
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "mounting a tiny tmpfs needs root: run the tests as root (./run.sh test in the container)");
        }
        public void Dispose() => Process.Start("umount", ["-l", Dir])!.WaitForExit();
    }

    [Fact]
    public void AFullDiskIsOneLineAndNoFileForGifAndMp4()
    {
        var dir = Path.Combine(Repo.TempDir(), "disk");
        using var disk = new TinyDisk(dir);
        var gifSink = new GifSink(Path.Combine(dir, "a.gif"));
        for (int i = 0; i < 5; i++) gifSink.Add(Noise(i), i / 20.0);
        var e = Assert.Throws<RecordingError>(() => gifSink.Finish());
        Assert.Contains("No space left on device", e.Message);
        Assert.DoesNotContain('\n', e.Message);

        var f = Assert.Throws<RecordingError>(() =>
        {
            using var video = new Mp4(Path.Combine(dir, "a.mp4"), 320, 200);
            for (int i = 0; i < 60; i++) video.Add(Noise(i));
            video.Finish();
        });
        Assert.Contains("No space left on device", f.Message);
        Assert.DoesNotContain('\n', f.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void TheExportOnAFullDiskIsOneLineAndNoFile()
    {
        var dir = Path.Combine(Repo.TempDir(), "disk");
        using var disk = new TinyDisk(dir);
        foreach (var flag in new[] { "--gif", "--mp4", "--png" })
        {
            var r = Proc.RunSh(["export", "--epochs", "600", flag, Path.Combine(dir, "a." + flag[2..])], workDir: dir, seconds: 300);
            Assert.Equal(1, r.ExitCode);
            var lines = Proc.ErrorLines(r).Where(l => !l.StartsWith("training: ")).ToArray();   // progress, then the one line
            Assert.True(lines.Length == 1, r.Stderr);
            Assert.DoesNotContain("   at ", r.Stderr);
            Assert.Contains("No space left on device", lines[0]);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
    }

    static Frame Noise(int seed)
    {
        var rgba = new byte[320 * 200 * 4];
        new Random(seed).NextBytes(rgba);
        return new Frame(320, 200, rgba);
    }

    [Fact]
    public void InTheWindowAFullDiskFailsEachSaveWithALineAndTheAppGoesOn()
    {
        using var app = new LiveApp(640, 400);
        using var disk = new TinyDisk(Path.Combine(app.Dir, "recordings"));
        app.Key("s");
        app.WaitFor<ScreenshotFailed>(e => e.Reason == "No space left on device");
        app.Key("g");
        app.WaitFor<RecordingStarted>();
        Thread.Sleep(1000);
        app.Key("g");
        app.WaitFor<RecordingFailed>(e => Regex.IsMatch(e.Reason, @"^could not write .+\.gif: .*No space left on device"));
        app.Key("v");
        app.WaitFor<RecordingStarted>();
        app.WaitFor<RecordingFailed>(e => Regex.IsMatch(e.Reason, @"^ffmpeg could not write .+\.mp4: .*No space left on device"), 60);
        app.Key("space");
        app.WaitFor<Paused>(e => !e.AtSnapshot);   // the app goes on
        Assert.Empty(Directory.GetFileSystemEntries(disk.Dir));
        app.Key("q");
        Assert.Equal(0, app.ExitCode());
    }
}
