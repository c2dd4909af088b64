using BnLive.Lesson;
using BnLive.Training;

namespace BnLive.Tests;

/// <summary>Hidden widths that are not a multiple of a vector's lanes: the last floats of a row go through the
/// kernels one at a time (Kernels.Lane), and in a sweep one network's units straddle two vectors.</summary>
[Trait("Category", "Unit")]
public class KernelTests
{
    // the predict-mode loss is compared only without trained biases before BN, as in PreBnBiasTests: with them the
    // global moments follow a mean that moves each step, and float and double part within a few steps
    [Theory]
    [InlineData(5, BnMode.Notebook, PreBnBias.None)]
    [InlineData(11, BnMode.Notebook, PreBnBias.Train)]
    [InlineData(11, BnMode.PyTorch, PreBnBias.None)]
    [InlineData(5, BnMode.None, PreBnBias.Train)]
    public void AnOddWidthTrainsAsTheDoubleReference(int hidden, BnMode mode, PreBnBias bias)
    {
        var settings = new Settings { Hidden = hidden, Mode = mode, PreBnBias = bias, Every = 1 };
        var (train, predict) = ReferenceNet.WorstDifferences(settings, 30, settings.HasBatchNorm && settings.TrainsPreBnBias ? 0 : 30);
        Assert.True(train < 1e-5, $"training loss differs by {train:E2} (relative)");
        Assert.True(predict < 1e-5, $"predict-mode loss differs by {predict:E2} (relative)");
    }

    [Theory]
    [InlineData(5, BnMode.Notebook)]
    [InlineData(11, BnMode.None)]
    public void AnOddWidthSweepIsItsSingleRunsToTheBit(int hidden, BnMode mode) =>
        SideBySide.Train(new Settings { Hidden = hidden, Mode = mode }, [1, 2, 3], 100, (sweep, singles, x, y) =>
        {
            var (fits, losses) = sweep.Predict(x, y);
            for (int i = 0; i < singles.Length; i++)
            {
                var (fit, loss) = singles[i].Predict(x, y);
                Assert.Equal(loss, losses[i]);
                Assert.Equal(fit, fits[i]);
            }
        });
}
