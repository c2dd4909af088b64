using BnLive.Engine;
using BnLive.Torch;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BnLive.Tests;

/// <summary>The product's hand-written step (<see cref="Network"/>) against the same network trained by autograd
/// (<see cref="NotebookModule"/>, the lesson's autograd graph), both in float32 from the same weights: losses, gradients, global moments.</summary>
[Trait("Category", "Unit")]
public class ClosedFormTests(ITestOutputHelper output)
{
    sealed class Pair : IDisposable
    {
        public readonly Network Fast;
        public readonly NotebookModule Autograd;
        public readonly Tensor X, Y;
        public readonly float[] Xs, Ys;

        public Pair(BnMode mode, int seed)
        {
            TorchSharp.torch.set_num_threads(1);
            var settings = new Settings { Mode = mode, Seed = seed };
            var init = InitWeights.Xavier(seed, settings.Hidden);
            Fast = new Network(settings, init);
            Autograd = new NotebookModule(settings, init);
            var (x, y) = Data.Notebook();
            (Xs, Ys) = (x, y);
            X = tensor(x, [x.Length, 1]);
            Y = tensor(y, [y.Length, 1]);
        }

        public void Dispose() { Autograd.Dispose(); X.Dispose(); Y.Dispose(); }
    }

    /// <remarks>BN seeds 1 and 10 are left out on purpose: there float32 itself is chaotic (W1 and W2 feed BN, so
    /// their gradients are mostly cancellation, which Adam normalises), and autograd alone leaves the double
    /// reference by 1.2e-5 (seed 1) and 2.2e-2 (seed 10) within 50 steps; the closed form does likewise
    /// (6.6e-5, 1.6e-2). Seeds 2-9 and 12 stay below 1.1e-6 both ways.</remarks>
    [Theory]
    [InlineData(BnMode.Notebook, 3)]
    [InlineData(BnMode.Notebook, 7)]
    [InlineData(BnMode.None, 1)]
    [InlineData(BnMode.None, 7)]
    public void LossesOfFirst50StepsMatchAutograd(BnMode mode, int seed)
    {
        using var pair = new Pair(mode, seed);
        double worst = 0;
        for (int s = 0; s < 50; s++)
        {
            float fast = pair.Fast.TrainStep(pair.Xs, pair.Ys), slow = pair.Autograd.TrainStep(pair.X, pair.Y);
            double relative = Math.Abs(fast - slow) / Math.Abs(slow);
            worst = Math.Max(worst, relative);
            Assert.True(relative < 1e-5, $"step {s}: closed form {fast:R}, autograd {slow:R}");
        }
        Assert.Equal(50, pair.Fast.AdamStep);
        output.WriteLine($"{Settings.Name(mode)} seed {seed}: max relative loss difference {worst:E2}");
    }

    [Theory]
    [InlineData(BnMode.Notebook)]
    [InlineData(BnMode.None)]
    public void GradientsMatchAutograd(BnMode mode)
    {
        using var pair = new Pair(mode, 1);
        for (int s = 0; s < 5; s++)
        {
            pair.Fast.TrainStep(pair.Xs, pair.Ys);
            pair.Autograd.TrainStep(pair.X, pair.Y);
            var fast = pair.Fast.Gradients().ToArray();
            Assert.Equal(fast.Length, pair.Autograd.LastGradients.Length);
            for (int p = 0; p < fast.Length; p++)
            {
                var (name, values) = fast[p];
                var a = values.ToArray();
                var b = pair.Autograd.LastGradients[p];
                Assert.Equal(b.Length, a.Length);
                // before BN, b1 and b2 have a true gradient of 0: both sides hold float32 rounding noise there
                if (mode == BnMode.Notebook && name is "b1" or "b2")
                {
                    Assert.All(a, g => Assert.True(Math.Abs(g) < 1e-5, $"{name}: {g}"));
                    continue;
                }
                double scale = b.Max(Math.Abs);
                for (int i = 0; i < a.Length; i++)
                    Assert.True(Math.Abs(a[i] - b[i]) <= 1e-4 * scale + 1e-7,
                        $"step {s} {name}[{i}]: closed form {a[i]:R}, autograd {b[i]:R}");
            }
        }
    }

    [Fact]
    public void GlobalMomentsMatchAutograd()
    {
        using var pair = new Pair(BnMode.Notebook, 1);
        for (int s = 0; s < 20; s++)
        {
            pair.Fast.TrainStep(pair.Xs, pair.Ys);
            pair.Autograd.TrainStep(pair.X, pair.Y);
        }
        for (int layer = 0; layer < 2; layer++)
        {
            // the variances are free of the idle biases; the means follow b1, b2, which differ by rounding noise
            var fast = pair.Fast.BatchNorms[layer].GlobalVar.ToArray();
            var slow = (layer == 0 ? pair.Autograd.Bn1! : pair.Autograd.Bn2!).GlobalVar.data<float>().ToArray();
            for (int j = 0; j < fast.Length; j++) Assert.Equal(slow[j], fast[j], 1e-4 * Math.Max(1, Math.Abs(slow[j])));
        }
    }

    [Theory]
    [InlineData(BnMode.Notebook)]
    [InlineData(BnMode.None)]
    public void StepAllocatesAlmostNothing(BnMode mode)
    {
        using var pair = new Pair(mode, 1);
        for (int s = 0; s < 100; s++) pair.Fast.TrainStep(pair.Xs, pair.Ys);
        const int steps = 1000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int s = 0; s < steps; s++) pair.Fast.TrainStep(pair.Xs, pair.Ys);
        double perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)steps;
        output.WriteLine($"{Settings.Name(mode)}: {perStep:F1} managed bytes per step");
        Assert.True(perStep <= 256, $"{perStep} bytes per step");
    }
}
