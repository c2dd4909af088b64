using BnLive.Engine;
using BnLive.Training;

namespace BnLive.Tests;

/// <summary>A sweep of seeds and each seed's single network, trained side by side on the notebook's data.</summary>
static class SideBySide
{
    /// <summary>Trains both for epochs, each epoch's training loss of every seed the very bits of its single run's,
    /// then hands them to check (with x and y) for what else must agree.</summary>
    public static void Train(Settings settings, int[] seeds, int epochs, Action<SeedBatch, Network[], float[], float[]> check)
    {
        var (x, y) = Data.Notebook();
        var sweep = new SeedBatch(settings, seeds);
        var losses = new float[seeds.Length];
        var singles = seeds.Select(s => new Network(settings with { Seed = s }, InitWeights.Xavier(s, settings.Hidden))).ToArray();
        for (int e = 0; e < epochs; e++)
        {
            sweep.TrainSteps(x, y, losses);
            for (int i = 0; i < seeds.Length; i++)
            {
                float expected = singles[i].TrainStep(x, y);
                Assert.True(losses[i].Equals(expected), $"seed {seeds[i]} epoch {e}: sweep {losses[i]:R}, single {expected:R}");
            }
        }
        check(sweep, singles, x, y);
    }
}
