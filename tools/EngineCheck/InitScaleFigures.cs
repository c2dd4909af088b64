using System.Globalization;
using BnLive.Engine;

/// <summary>The initial-scale lesson over seeds: the final training loss (epoch 6000) of each seed with the hidden
/// layers' Xavier weights times A, for A in 0.1, 1 and 10, with the notebook's BN and without; then each column's
/// count of fits, median and quartiles.</summary>
static class InitScaleFigures
{
    static readonly double[] Scales = [0.1, 1, 10];
    static readonly BnMode[] Modes = [BnMode.Notebook, BnMode.None];
    /// <summary>A final loss below this is a fit; the stalled runs end near 0.23-0.24, the variance of y around a line.</summary>
    const float Fitted = 0.01f;

    static float FinalLoss(Settings s)
    {
        var (x, y) = Data.Notebook();
        var net = new Network(s, InitWeights.Xavier(s.Seed, s.Hidden));
        float loss = 0;
        for (int e = 0; e < s.Epochs; e++) loss = net.TrainStep(x, y);
        return loss;
    }

    public static void Print(int seeds)
    {
        var inv = CultureInfo.InvariantCulture;
        var columns = (from m in Modes from a in Scales select (Mode: m, Scale: a)).ToArray();
        var losses = new float[seeds, columns.Length];
        Parallel.For(0, seeds * columns.Length, i =>
        {
            var (seed, c) = (i / columns.Length + 1, i % columns.Length);
            losses[seed - 1, c] = FinalLoss(new Settings { Seed = seed, InitScale = columns[c].Scale }.ForMode(columns[c].Mode));
        });
        string Name((BnMode Mode, double Scale) c) => string.Format(inv, "{0}, A = {1}", c.Mode == BnMode.None ? "no BN" : "BN", c.Scale);
        Console.WriteLine("| seed | " + string.Join(" | ", columns.Select(Name)) + " |");
        Console.WriteLine("|---:|" + string.Concat(columns.Select(_ => "---:|")));
        for (int s = 0; s < seeds; s++)
            Console.WriteLine(string.Format(inv, "| {0} | ", s + 1) + string.Join(" | ", Enumerable.Range(0, columns.Length).Select(c => losses[s, c].ToString("G3", inv))) + " |");
        float Quantile(int c, double q)
        {
            var sorted = Enumerable.Range(0, seeds).Select(s => losses[s, c]).Order().ToArray();
            return sorted[(int)Math.Round(q * (seeds - 1))];
        }
        Console.WriteLine($"| fit (below {Fitted}) | " + string.Join(" | ", Enumerable.Range(0, columns.Length).Select(c =>
            $"{Enumerable.Range(0, seeds).Count(s => losses[s, c] < Fitted)} of {seeds}")) + " |");
        foreach (var (label, q) in new[] { ("lower quartile", 0.25), ("median", 0.5), ("upper quartile", 0.75) })
            Console.WriteLine($"| {label} | " + string.Join(" | ", Enumerable.Range(0, columns.Length).Select(c => Quantile(c, q).ToString("G3", inv))) + " |");
    }
}
