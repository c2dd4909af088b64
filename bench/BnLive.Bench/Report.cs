using System.Runtime.InteropServices;
using BenchmarkDotNet.Reports;

namespace BnLive.Bench;

static class Report
{
    sealed record Row(string Method, string Mode, double MeanUs, double MedianUs, long? Bytes);

    /// <summary>One table over every benchmark run, then NaiveStep / EngineStep per mode (by median).</summary>
    public static void Print(IEnumerable<Summary> summaries)
    {
        var rows = summaries.SelectMany(s => s.Reports)
            .Where(r => r.ResultStatistics is not null)
            .Select(r => new Row(
                r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
                r.BenchmarkCase.Parameters.Items.FirstOrDefault()?.Value?.ToString() ?? "",   // the mode of a step, the view of a frame
                r.ResultStatistics!.Mean / 1000, r.ResultStatistics.Median / 1000,
                r.GcStats.GetBytesAllocatedPerOperation(r.BenchmarkCase)))
            .ToList();
        double? Median(string method, string mode) => rows.FirstOrDefault(r => r.Method == method && r.Mode == mode)?.MedianUs;

        Console.WriteLine();
        Console.WriteLine($"bnlive bench, {RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, " +
                          $".NET {Environment.Version}, TorchSharp on 1 thread");
        Console.WriteLine();
        Console.WriteLine("| Method        | Mode or view          |      Mean µs |    Median µs | Allocated B/op | ×EngineStep |");
        Console.WriteLine("|---------------|-----------------------|-------------:|-------------:|---------------:|------------:|");
        foreach (var r in rows)
        {
            var engine = Median("EngineStep", r.Mode);
            string ratio = engine is null ? "" : $"{r.MedianUs / engine:F2}";
            Console.WriteLine($"| {r.Method,-13} | {r.Mode,-21} | {r.MeanUs,12:N1} | {r.MedianUs,12:N1} | {r.Bytes?.ToString("N0") ?? "?",14} | {ratio,11} |");
        }
        Console.WriteLine();
        foreach (var mode in new[] { "Notebook", "None" })
            if (Median("NaiveStep", mode) is double naive && Median("EngineStep", mode) is double engineStep)
                Console.WriteLine($"NaiveStep / EngineStep ({mode}): {naive / engineStep:F1}" +
                    (Median("AutogradStep", mode) is double before ? $"; AutogradStep (the step before) / EngineStep: {before / engineStep:F1}" : ""));
        if (Median("LrGrid", "") is double grid)
            Console.WriteLine($"LrGrid × {Grids.Scale}: the lr sweep's goal grid (10 rates × 20 seeds × 2 modes × 6000 epochs) in about " +
                $"{grid * Grids.Scale / 1e6:F1} s (goal: 12 s)");
    }
}
