using System.Globalization;
using BnLive.Engine;

/// <summary>The figures behind the lecture's claims, over seeds, and again with each seed's first weight moved by
/// one ulp: a claim that holds for one rounding but not the next is that seed's luck, not a lesson.</summary>
static class LessonFigures
{
    record Run(float FinalLoss, double MedianRatio);

    /// <summary>6000 epochs on the notebook's data; the median of predict-mode loss (after epoch e's update) over
    /// the training loss of epoch e, from epoch 1000 on.</summary>
    static Run Train(Settings s, bool nudged)
    {
        var (x, y) = Data.Notebook();
        var init = InitWeights.Xavier(s.Seed, s.Hidden);
        if (nudged) init.W1[0][0] = MathF.BitIncrement(init.W1[0][0]);
        var net = new Network(s, init);
        var ratios = new List<double>();
        float loss = 0;
        for (int e = 0; e < 6000; e++)
        {
            loss = net.TrainStep(x, y);
            if (e >= 1000) ratios.Add(net.PredictLoss(x, y) / (double)loss);
        }
        ratios.Sort();
        return new Run(loss, ratios[ratios.Count / 2]);
    }

    public static void Print(int seeds)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine("| seed | weights | no BN: final loss | BN: final loss | BN: predict/train | BN, b frozen: final loss | BN, b frozen: predict/train | BN, decay 0.9: predict/train |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        var rows = new string[seeds * 2];
        Parallel.For(0, seeds * 2, i =>
        {
            int seed = i / 2 + 1;
            bool nudged = i % 2 == 1;
            var none = Train(new Settings { Seed = seed, Mode = BnMode.None }, nudged);
            var bn = Train(new Settings { Seed = seed }, nudged);
            var frozen = Train(new Settings { Seed = seed, PreBnBias = PreBnBias.Freeze }, nudged);
            var slow = Train(new Settings { Seed = seed, Decay = 0.9, DecayGiven = true }, nudged);
            rows[i] = string.Format(inv, "| {0} | {1} | {2:G3} | {3:G3} | {4:F1} | {5:G3} | {6:F2} | {7:F1} |", seed,
                nudged ? "W1[0] + 1 ulp" : "Xavier", none.FinalLoss, bn.FinalLoss, bn.MedianRatio, frozen.FinalLoss, frozen.MedianRatio, slow.MedianRatio);
        });
        foreach (var row in rows) Console.WriteLine(row);
    }
}
