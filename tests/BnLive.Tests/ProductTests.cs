using System.Runtime.InteropServices;
using BnLive.Lesson;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BnLive.Tests;

/// <summary>The step's matrix products go straight to MKL where libtorch carries it, else through TorchSharp
/// (addmm, bmm and a copy). Both ways must train the same networks: they run the same MKL kernels, so here they
/// agree to the bit; the test allows 1e-6.</summary>
[Trait("Category", "Unit")]
public class ProductTests(ITestOutputHelper output)
{
    [Fact]
    public void LinuxX64TakesTheNativeProducts()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        Assert.True(NetworkStack.NativeProducts, "libtorch's cblas_sgemm_batch was not found: the step falls back to bmm and a copy");
    }

    [Theory]
    [InlineData(BnMode.Notebook, 1)]
    [InlineData(BnMode.Notebook, 3)]
    [InlineData(BnMode.None, 1)]
    [InlineData(BnMode.None, 3)]
    [InlineData(BnMode.PyTorch, 3)]
    public void NativeAndTorchSharpProductsTrainAlike(BnMode mode, int count)
    {
        set_num_threads(1);
        var settings = new Settings().ForMode(mode);
        var inits = Enumerable.Range(1, count).Select(s => InitWeights.Xavier(s, settings.Hidden)).ToArray();
        var (xs, ys) = Data.Notebook();
        using var x = tensor(xs, [xs.Length, 1]);
        using var y = tensor(ys, [ys.Length, 1]);
        using var native = new NetworkStack(settings, inits);
        using var torchSharp = new NetworkStack(settings, inits, nativeGemm: false);
        Span<float> a = stackalloc float[count], b = stackalloc float[count];
        double worst = 0;
        for (int e = 0; e < 100; e++)
        {
            native.TrainStep(x, y, a);
            torchSharp.TrainStep(x, y, b);
            for (int i = 0; i < count; i++)
            {
                double relative = Math.Abs(a[i] - b[i]) / Math.Abs(b[i]);
                worst = Math.Max(worst, relative);
                Assert.True(relative < 1e-6, $"network {i} epoch {e}: native {a[i]:R}, TorchSharp {b[i]:R}");
            }
        }
        var (fitsA, lossA) = native.Predict(x, y);
        var (fitsB, lossB) = torchSharp.Predict(x, y);
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(lossB[i], lossA[i], 1e-6 * lossB[i]);
            for (int r = 0; r < fitsA[i].Length; r++) Assert.Equal(fitsB[i][r], fitsA[i][r], 1e-5);
        }
        output.WriteLine($"{Settings.Name(mode)} B={count}: max relative loss difference {worst:E2}");
    }
}
