using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BnLive.Bench;

// ./run.sh bench [--quick] [--no-draw] [--filter GLOB,...]: one table of what a step, a frame and an export cost.
// ./run.sh bench --layers [--quick] [--views "single 1920x1080,..."]: what each layer of a frame costs, drawn alone,
// in every view (or those named).
bool quick = args.Contains("--quick");
if (args.Contains("--layers"))
{
    int v = Array.IndexOf(args, "--views");
    LayerTimes.Run(quick, v >= 0 && v + 1 < args.Length ? args[v + 1].Split(",")
        : ["single 1280x720", "compare+all 1280x720", "single 1920x1080", "compare 1920x1080", "compare+all 1920x1080"]);
    return;
}
// ./run.sh bench --loop VIEW [SECONDS]: whole frames of one view, nothing else, for a profiler (perf record) to watch
if (Array.IndexOf(args, "--loop") is int l and >= 0)
{
    using var w = new Window(args[l + 1]);
    var until = DateTime.UtcNow.AddSeconds(l + 2 < args.Length ? double.Parse(args[l + 2]) : 10);
    int frames = 0;
    while (DateTime.UtcNow < until) { w.Draw(); frames++; }
    Console.WriteLine($"{frames} frames");
    return;
}
bool draw = !args.Contains("--no-draw") && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"));
Console.Error.WriteLine($"bnlive bench: {(quick ? "quick" : "full")} run, one thread; " +
                        $"{(quick ? "about a minute and a half" : "about ten minutes")}...");

// ShortRun (3 warm-up, 3 measured iterations) with quarter-second iterations: the quick run stays under two minutes
static Job QuickJob() => Job.ShortRun.WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250));

// BenchmarkDotNet's default job, but at most 30 measured iterations: on a shared 2-core machine the noisy steps
// (NaiveStep's GC, the window server) otherwise run up to 100
static Job FullJob() => Job.Default.WithMaxIterationCount(30);

// --filter GLOB[,GLOB]: only the benchmarks whose full name matches one (e.g. "*EngineStep*,*SweepStep*")
int f = Array.IndexOf(args, "--filter");
string[] filters = f >= 0 && f + 1 < args.Length ? args[f + 1].Split(",") : ["*"];

ManualConfig Config(Job job) => ManualConfig.CreateEmpty()
    .AddFilter(new BenchmarkDotNet.Filters.GlobFilter(filters))
    .AddJob(job.WithToolchain(InProcessEmitToolchain.Instance)) // no second build; TorchSharp's natives already load
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddLogger(NullLogger.Instance)
    .WithOptions(ConfigOptions.DisableLogFile);

// --frames: only the frames (what ./run.sh bench --layers breaks down)
bool framesOnly = args.Contains("--frames");
var summaries = new List<BenchmarkDotNet.Reports.Summary>();
if (!framesOnly) summaries.Add(BenchmarkRunner.Run<Steps>(Config(quick ? QuickJob() : FullJob())));
if (!framesOnly) summaries.Add(BenchmarkRunner.Run<Grids>(Config(quick ? QuickJob() : FullJob())));
if (draw)
    summaries.Add(BenchmarkRunner.Run<Frames>(Config(quick ? QuickJob() : FullJob())));
if (draw && !framesOnly)
{
    // an export takes seconds: measured as it runs, not warmed up
    summaries.Add(BenchmarkRunner.Run<Exports>(Config(Job.Dry.WithStrategy(RunStrategy.Monitoring)
        .WithIterationCount(quick ? 1 : 3).WithWarmupCount(0).WithLaunchCount(1))));
}
Report.Print(summaries);
foreach (var (name, bytes) in Exports.Sizes) Console.WriteLine($"{name}: {bytes:N0} bytes (800x500, 100 frames)");
if (!draw) Console.WriteLine("(DrawFrame and Export need a display: ./run.sh bench gives them a virtual one)");
