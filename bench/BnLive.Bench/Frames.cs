using BenchmarkDotNet.Attributes;
using BnLive.Drawing;
using BnLive.Lesson;
using BnLive.Native;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.Bench;

/// <summary>One frame of the single view at 1280x720 with the whole run's 20 snapshots, drawn on a hidden
/// window (./run.sh bench gives it a virtual display).</summary>
public class Frames
{
    const int Width = 1280, Height = 720;
    Screen screen = null!;
    Fonts fonts = null!;
    Trainer trainer = null!;

    [GlobalSetup]
    public void Setup()
    {
        TorchSharp.torch.set_num_threads(1);
        trainer = new Trainer(new Settings());
        while (!trainer.Done) trainer.Step();
        screen = Screen.Open(Width, Height, "bnlive bench", hidden: true);
        fonts = new Fonts();
    }

    [Benchmark]
    public void DrawFrame()
    {
        BeginDrawing();
        Scene.DrawPlot(fonts, Width, Height, trainer, live: true);
        EndDrawing();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        fonts.Dispose();
        screen.Dispose();
        trainer.Dispose();
    }
}

/// <summary>The full export: 6000 epochs, a GIF frame every 60, the notebook's figure, the trace; then the same
/// 100 frames as a GIF alone and as an MP4 alone (through ffmpeg), whose sizes the report prints.</summary>
public class Exports
{
    string dir = "";
    public static readonly Dictionary<string, long> Sizes = [];

    [GlobalSetup]
    public void Setup() => dir = Directory.CreateTempSubdirectory("bnlive-bench-").FullName;

    [Benchmark]
    public int Export() => BnLive.Export.Run(new Options
    {
        Gif = Path.Combine(dir, "run.gif"), Png = Path.Combine(dir, "run.png"), Trace = Path.Combine(dir, "run.json"),
    });

    [Benchmark]
    public int ExportGif() => Written("run-only.gif", BnLive.Export.Run(new Options { Gif = Path.Combine(dir, "run-only.gif") }));

    [Benchmark]
    public int ExportMp4() => Written("run-only.mp4", BnLive.Export.Run(new Options { Mp4 = Path.Combine(dir, "run-only.mp4") }));

    int Written(string name, int rc)
    {
        Sizes[name] = new FileInfo(Path.Combine(dir, name)).Length;
        return rc;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);
}
