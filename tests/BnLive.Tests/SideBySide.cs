using BnLive.Lesson;
using BnLive.Training;
using static TorchSharp.torch;

namespace BnLive.Tests;

/// <summary>A sweep of seeds and each seed's single network, trained side by side on the notebook's data.</summary>
static class SideBySide
{
    /// <summary>Trains both for epochs, each epoch's training loss of every seed equal to its single run's within
    /// 1e-5 relative, then hands them to check (with x and y) for what else must agree.</summary>
    public static void Train(Settings settings, int[] seeds, int epochs, Action<SeedBatch, Network[], Tensor, Tensor> check)
    {
        set_num_threads(1);
        var (xs, ys) = Data.Notebook();
        using var x = tensor(xs, [xs.Length, 1]);
        using var y = tensor(ys, [ys.Length, 1]);
        using var sweep = new SeedBatch(settings, seeds);
        var losses = new float[seeds.Length];
        var singles = seeds.Select(s => new Network(settings with { Seed = s }, InitWeights.Xavier(s, settings.Hidden))).ToArray();
        try
        {
            for (int e = 0; e < epochs; e++)
            {
                sweep.TrainStep(x, y, losses);
                for (int i = 0; i < seeds.Length; i++)
                {
                    float expected = singles[i].TrainStep(x, y);
                    Assert.True(Math.Abs(losses[i] - expected) <= 1e-5 * expected, $"seed {seeds[i]} epoch {e}: sweep {losses[i]:R}, single {expected:R}");
                }
            }
            check(sweep, singles, x, y);
        }
        finally { foreach (var n in singles) n.Dispose(); }
    }
}
