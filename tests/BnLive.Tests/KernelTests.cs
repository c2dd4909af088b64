using BnLive.Engine;
using BnLive.Training;

namespace BnLive.Tests;

/// <summary>Hidden widths that are not a multiple of a vector's lanes: the last floats of a row go through the
/// engine as padding of zeros, which must leave the real units' arithmetic alone.</summary>
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
}
