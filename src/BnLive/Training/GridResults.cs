using System.Globalization;
using System.Text;
using BnLive.Engine;

namespace BnLive.Training;

/// <summary>What a grid sweep varies: the learning rate (--lrs) or the batch size (--batch-sizes).</summary>
public enum GridAxis { Lr, BatchSize }

/// <summary>The median and the quartiles of one value over the seeds at one point of the grid, and how many of
/// those networks diverged.</summary>
public sealed record Spread(double At, double Q1, double Median, double Q3, int Diverged, int Count);

/// <summary>A grid sweep's table (CSV), its spreads over the seeds, and the summary printed at the end.</summary>
public static class GridResults
{
    /// <summary>A network diverged when a loss is not finite or its training loss ends no better than the best
    /// constant fit, the variance of y (1.1995 on the notebook's data; within 0.1% of it). Adam moves a weight by
    /// about lr a step, so below lr 1e6 no loss overflows here: a rate too high kills every ReLU instead, and the
    /// network falls back on its last bias, the mean of y (the runs of lr 0.5 that fail end at exactly 1.1994553).
    /// Every run that learns ends at 0.11 or less, one that stalls at 0.23..0.48, the best straight line at 0.80.</summary>
    public static float DivergedFrom(float[] y)
    {
        double mean = y.Average(v => (double)v), variance = y.Average(v => (v - mean) * (v - mean));
        return (float)(variance * 0.999);
    }

    public const string Header = "mode,seed,lr,batch_size,epochs,final_train_loss,final_predict_loss,predict_over_train,diverged";

    public static void WriteCsv(Stream stream, IEnumerable<GridRun> runs, float bound)
    {
        // leaveOpen: SafeFile flushes the stream to disk after us
        using var w = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        w.WriteLine(Header);
        foreach (var r in runs)
            w.WriteLine(string.Join(',', Settings.Name(r.Mode), r.Seed.ToString(CultureInfo.InvariantCulture), r.Lr.ToString("R", CultureInfo.InvariantCulture),
                r.BatchSize.ToString(CultureInfo.InvariantCulture), r.Epochs.ToString(CultureInfo.InvariantCulture), SweepResults.Number(r.TrainLoss),
                SweepResults.Number(r.PredictLoss), SweepResults.Number(r.Ratio), r.Diverged(bound) ? "yes" : "no"));
    }

    /// <summary>Where a run sits on the grid's axis.</summary>
    public static double At(GridRun r, GridAxis axis) => axis == GridAxis.Lr ? r.Lr : r.BatchSize;

    /// <summary>For one mode, at each point of the axis: the spread of value over the seeds. NaN counts as +∞
    /// (a diverged network is worse than any finite one), so the quartiles stay defined.</summary>
    public static Spread[] Spreads(IEnumerable<GridRun> runs, GridAxis axis, float bound, Func<GridRun, float> value) =>
        [.. runs.GroupBy(r => At(r, axis)).OrderBy(g => g.Key).Select(g =>
        {
            var v = g.Select(r => float.IsNaN(value(r)) ? double.PositiveInfinity : value(r)).Order().ToArray();
            return new Spread(g.Key, Quantile(v, 0.25), Quantile(v, 0.5), Quantile(v, 0.75), g.Count(r => r.Diverged(bound)), v.Length);
        })];

    /// <summary>numpy's default quantile (linear between the two nearest ranks) of sorted values.</summary>
    public static double Quantile(double[] sorted, double q)
    {
        double rank = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank), hi = (int)Math.Ceiling(rank);
        if (lo == hi || sorted[lo] == sorted[hi]) return sorted[lo];
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    /// <summary>A row per point of the axis, the modes side by side: the medians and how many diverged.</summary>
    public static string Summary(IReadOnlyList<GridRun> runs, GridAxis axis, float bound)
    {
        var modes = runs.Select(r => r.Mode).Distinct().ToArray();
        var text = new StringBuilder();
        string name = axis == GridAxis.Lr ? "lr" : "batch";
        text.Append($"{"",-10}");
        foreach (var m in modes) text.Append($"  {Settings.Name(m),-36}");
        text.AppendLine().Append($"{name,-10}");
        foreach (var _ in modes)
            text.Append(axis == GridAxis.Lr ? $"  {"train",-10} {"predict",-10} {"diverged",-13}" : $"  {"ratio",-10} {"q1..q3",-18} {"diverged",-6}");
        text.AppendLine();
        var spreads = modes.Select(m => (Train: Spreads(runs.Where(r => r.Mode == m), axis, bound, r => r.TrainLoss),
            Predict: Spreads(runs.Where(r => r.Mode == m), axis, bound, r => r.PredictLoss), Ratio: Spreads(runs.Where(r => r.Mode == m), axis, bound, r => r.Ratio))).ToArray();
        for (int k = 0; k < spreads[0].Train.Length; k++)
        {
            text.Append($"{Short(spreads[0].Train[k].At),-10}");
            foreach (var s in spreads)
            {
                var (t, p, q) = (s.Train[k], s.Predict[k], s.Ratio[k]);
                string diverged = $"{t.Diverged} of {t.Count}";
                text.Append(axis == GridAxis.Lr ? $"  {Short(t.Median),-10} {Short(p.Median),-10} {diverged,-13}"
                    : $"  {Short(q.Median),-10} {Short(q.Q1) + ".." + Short(q.Q3),-18} {diverged,-6}");
            }
            text.AppendLine();
        }
        string at = bound.ToString("G5", CultureInfo.InvariantCulture);
        text.Append(axis == GridAxis.Lr
            ? $"(medians over the seeds of the final training-mode and predict-mode MSE; diverged: a loss not finite or the training loss {at} or more, no better than the mean of y)"
            : $"(predict-mode over training-mode MSE at the end, median and quartiles over the seeds; diverged: a loss not finite or the training loss {at} or more, no better than the mean of y)");
        return string.Join('\n', text.ToString().Split('\n').Select(line => line.TrimEnd()));
    }

    public static string Short(double v) => double.IsFinite(v) ? v.ToString("G3", CultureInfo.InvariantCulture)
        : double.IsNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
}
