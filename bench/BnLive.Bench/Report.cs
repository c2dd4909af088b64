using BenchmarkDotNet.Reports;

namespace BnLive.Bench;

static class Report
{
    /// <summary>NaiveStep / LessonStep per mode, by median, from the same run.</summary>
    public static void Ratio(Summary summary)
    {
        double? Median(string method, string mode) => summary.Reports
            .Where(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
                        && r.BenchmarkCase.Parameters["Mode"]?.ToString() == mode)
            .Select(r => r.ResultStatistics?.Median).FirstOrDefault();
        foreach (var mode in new[] { "Notebook", "None" })
        {
            double? naive = Median("NaiveStep", mode), lesson = Median("LessonStep", mode), sweep = Median("SweepStep", mode);
            if (naive is null || lesson is null) continue;
            Console.WriteLine($"{mode}: NaiveStep / LessonStep = {naive / lesson:F1} (medians {naive / 1000:F0} µs / {lesson / 1000:F0} µs)" +
                              (sweep is null ? "" : $"; SweepStep({Steps.SweepSize}) / LessonStep = {sweep / lesson:F1}"));
        }
    }
}
