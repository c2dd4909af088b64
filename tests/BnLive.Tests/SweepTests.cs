using BnLive.Lesson;
using BnLive.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BnLive.Tests;

/// <summary>A sweep trains its networks together; each must follow its own single run.</summary>
[Trait("Category", "Unit")]
public class SweepTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(BnMode.Notebook)]
    [InlineData(BnMode.None)]
    public void EachNetworkFollowsItsSingleRunFor300Epochs(BnMode mode)
    {
        const int seeds = 20, epochs = 300;
        set_num_threads(1);
        var settings = new Settings { Mode = mode };
        var (xs, ys) = Data.Notebook();
        using var x = tensor(xs, [xs.Length, 1]);
        using var y = tensor(ys, [ys.Length, 1]);
        using var sweep = new SeedBatch(settings, Enumerable.Range(1, seeds).ToArray());
        var batched = new float[epochs, seeds];
        var losses = new float[seeds];
        for (int e = 0; e < epochs; e++)
        {
            sweep.TrainStep(x, y, losses);
            for (int i = 0; i < seeds; i++) batched[e, i] = losses[i];
        }
        Assert.Equal(epochs, sweep.AdamStep);
        var (yPred, predictLoss) = sweep.Predict(x, y);
        Assert.Equal((seeds, xs.Length), (yPred.Length, yPred[0].Length));

        double worst = 0;
        int identical = 0, identicalPredict = 0;
        for (int i = 0; i < seeds; i++)
        {
            using var single = new Network(settings with { Seed = i + 1 }, InitWeights.Xavier(i + 1, settings.Hidden));
            bool same = true;
            for (int e = 0; e < epochs; e++)
            {
                float expected = single.TrainStep(x, y), actual = batched[e, i];
                double relative = Math.Abs(actual - expected) / Math.Abs(expected);
                worst = Math.Max(worst, relative);
                same &= actual == expected;
                Assert.True(relative < 1e-5, $"seed {i + 1} epoch {e}: sweep {actual:R}, single run {expected:R}");
            }
            if (same) identical++;
            // the predict-mode fit after the last update, as a snapshot takes it
            var (expectedPred, expectedLoss) = single.Predict(x, y);
            Assert.True(Math.Abs(predictLoss[i] - expectedLoss) <= 1e-5 * expectedLoss,
                $"seed {i + 1}: sweep predict-mode loss {predictLoss[i]:R}, single run {expectedLoss:R}");
            for (int r = 0; r < expectedPred.Length; r++)
                Assert.Equal(expectedPred[r], yPred[i][r], 1e-5 * Math.Max(1, Math.Abs(expectedPred[r])));
            if (predictLoss[i] == expectedLoss && expectedPred.SequenceEqual(yPred[i])) identicalPredict++;
            if (mode == BnMode.Notebook)
            {
                var expectedMoments = single.BatchNorms.SelectMany(b => new[] { b.GlobalMean, b.GlobalVar })
                    .SelectMany(t => t.data<float>().ToArray()).ToArray();
                var moments = sweep.GlobalMoments(i);
                for (int j = 0; j < moments.Length; j++)
                    Assert.Equal(expectedMoments[j], moments[j], 1e-4 * Math.Max(1, Math.Abs(expectedMoments[j])));
            }
        }
        output.WriteLine($"{Settings.Name(mode)}: max relative difference {worst:E2}; {identical}/{seeds} bit-identical; " +
                         $"predict-mode fits {identicalPredict}/{seeds} bit-identical");
    }
}
