using BenchmarkDotNet.Attributes;
using BnLive.Commands;

namespace BnLive.Bench;

/// <summary>One window frame (the view and the HUD, presented) with the whole run's 20 snapshots per network,
/// drawn on a shown window (./run.sh bench gives it a virtual display).</summary>
public class Frames
{
    [Params("single 1280x720", "compare+all 1280x720", "single 1920x1080", "compare 1920x1080", "compare+all 1920x1080")]
    public string View { get; set; } = "";

    Window window = null!;

    [GlobalSetup]
    public void Setup() => window = new Window(View);

    [Benchmark]
    public void DrawFrame() => window.Draw();

    [GlobalCleanup]
    public void Cleanup() => window.Dispose();
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
    public int Export() => ExportCommand.Run(new Options
    {
        Gif = Path.Combine(dir, "run.gif"), Png = Path.Combine(dir, "run.png"), Trace = Path.Combine(dir, "run.json"),
    });

    [Benchmark]
    public int ExportGif() => Written("run-only.gif", ExportCommand.Run(new Options { Gif = Path.Combine(dir, "run-only.gif") }));

    [Benchmark]
    public int ExportMp4() => Written("run-only.mp4", ExportCommand.Run(new Options { Mp4 = Path.Combine(dir, "run-only.mp4") }));

    int Written(string name, int rc)
    {
        Sizes[name] = new FileInfo(Path.Combine(dir, name)).Length;
        return rc;
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(dir, recursive: true);
}
