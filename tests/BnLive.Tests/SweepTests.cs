using BnLive.Engine;

namespace BnLive.Tests;

/// <summary>A sweep trains its networks side by side on both cores; each must be its own single run, bit for bit.</summary>
[Trait("Category", "Unit")]
public class SweepTests
{
    [Theory]
    [InlineData(BnMode.Notebook, 16)]
    [InlineData(BnMode.None, 16)]
    [InlineData(BnMode.PyTorch, 16)]
    [InlineData(BnMode.Notebook, 5)]
    [InlineData(BnMode.None, 11)]
    public void EachNetworkIsItsSingleRun(BnMode mode, int hidden) =>
        SideBySide.Train(new Settings { Hidden = hidden }.ForMode(mode), [.. Enumerable.Range(1, 8)], 300, (sweep, singles, x, y) =>
        {
            Assert.Equal(300, sweep.AdamStep);
            var (fits, losses) = sweep.Predict(x, y);
            for (int i = 0; i < singles.Length; i++)
            {
                var (fit, loss) = singles[i].Predict(x, y);
                Assert.Equal(loss, losses[i]);
                Assert.Equal(fit, fits[i]);
                Assert.Equal(singles[i].BatchNorms.SelectMany(b => b.GlobalMean.ToArray().Concat(b.GlobalVar.ToArray())), sweep.GlobalMoments(i));
            }
        });
}
