using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BnLive.Bench;

// ./run.sh bench [--quick]: one table of training-step costs, and NaiveStep / LessonStep.
bool quick = args.Contains("--quick");
var job = (quick ? Job.ShortRun : Job.Default)
    .WithToolchain(InProcessEmitToolchain.Instance) // in this process: no second build, TorchSharp's natives already found
    .WithId(quick ? "quick" : "full");
var config = ManualConfig.CreateEmpty()
    .AddJob(job)
    .AddColumnProvider(DefaultColumnProviders.Descriptor, DefaultColumnProviders.Params, DefaultColumnProviders.Metrics)
    .AddColumn(StatisticColumn.Mean, StatisticColumn.Median, StatisticColumn.StdDev, BaselineRatioColumn.RatioMean)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddLogger(NullLogger.Instance)
    .WithOptions(ConfigOptions.DisableLogFile)
    .WithSummaryStyle(SummaryStyle.Default.WithTimeUnit(Perfolizer.Horology.TimeUnit.Microsecond));
Console.Error.WriteLine($"bnlive bench: {(quick ? "quick" : "full")} run, one thread; this takes {(quick ? "about a minute" : "several minutes")}...");
var summary = BenchmarkRunner.Run<Steps>(config);
MarkdownExporter.Console.ExportToLog(summary, ConsoleLogger.Default);
Report.Ratio(summary);
