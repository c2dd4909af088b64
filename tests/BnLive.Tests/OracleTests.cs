using BnLive.Engine;
using BnLive.Training;
using TorchSharp;
using Xunit.Abstractions;

namespace BnLive.Tests;

/// <summary>The TorchSharp model (float32) against the plain-C# reference (double), started from the same
/// weights: training losses, the predict-mode fit, the global moments.</summary>
/// <remarks>One float32 effect the double reference cannot reproduce: in BN mode the biases b1, b2 are idle
/// (BN subtracts the batch mean, so their true gradient is 0), yet in float32 their gradient is rounding noise
/// (~1e-7) that Adam normalises into steps of up to ~lr. TF1 does the same; training losses don't see it, but
/// the predict mode does (global_mean lags behind b). The predict-mode checks therefore copy TorchSharp's b1, b2
/// into the reference before each step ("syncIdleBiases"); everything else stays independent.</remarks>
[Trait("Category", "Unit")]
public class OracleTests(ITestOutputHelper output)
{
    const int Steps = 10;

    /// <summary>A trainer and a reference from the same seed, both trained for the given number of epochs;
    /// returns the two loss histories.</summary>
    static (Trainer Trainer, ReferenceNet Reference, float[] TorchLosses, double[] ReferenceLosses) TrainBoth(
        BnMode mode, int seed, int steps, bool syncIdleBiases = false)
    {
        var trainer = new Trainer(new Settings { Mode = mode, Seed = seed });
        var reference = new ReferenceNet(trainer.Settings, trainer.Init);
        var (x, y) = (ReferenceNet.ToDouble(trainer.X), ReferenceNet.ToDouble(trainer.Y));
        var referenceLosses = new double[steps];
        for (int s = 0; s < steps; s++)
        {
            if (syncIdleBiases) CopyIdleBiases(trainer.Network, reference);
            trainer.Step();
            referenceLosses[s] = reference.TrainStep(x, y);
        }
        if (syncIdleBiases) CopyIdleBiases(trainer.Network, reference);
        return (trainer, reference, trainer.Losses.ToArray(), referenceLosses);
    }

    /// <summary>TorchSharp's b1, b2 into the reference.</summary>
    internal static void CopyIdleBiases(Network network, ReferenceNet reference)
    {
        var parameters = network.Parameters().ToDictionary(p => p.Name, p => p.Value);
        foreach (var (name, target) in new[] { ("b1", reference.B1), ("b2", reference.B2) })
        {
            var values = parameters[name].ToArray();
            for (int j = 0; j < target.Length; j++) target[j] = values[j];
        }
    }

    [Theory]
    [InlineData(BnMode.Notebook, 1)]
    [InlineData(BnMode.Notebook, 7)]
    [InlineData(BnMode.None, 1)]
    [InlineData(BnMode.None, 7)]
    public void TrainingLossesMatchReference(BnMode mode, int seed)
    {
        var (trainer, _, torchLosses, referenceLosses) = TrainBoth(mode, seed, Steps);
        using var _ = trainer;
        double worst = 0;
        for (int s = 0; s < Steps; s++)
        {
            double relative = Math.Abs(torchLosses[s] - referenceLosses[s]) / Math.Abs(referenceLosses[s]);
            worst = Math.Max(worst, relative);
            Assert.True(relative < 1e-5, $"step {s}: torch {torchLosses[s]:R}, reference {referenceLosses[s]:R}");
        }
        output.WriteLine($"{Settings.Name(mode)} seed {seed}: max relative loss difference {worst:E2}");
    }

    [Theory]
    [InlineData(BnMode.Notebook, 1)]
    [InlineData(BnMode.Notebook, 7)]
    [InlineData(BnMode.None, 1)]
    [InlineData(BnMode.None, 7)]
    public void PredictModeFitMatchesReference(BnMode mode, int seed)
    {
        var (trainer, reference, _, _) = TrainBoth(mode, seed, Steps, syncIdleBiases: mode == BnMode.Notebook);
        using var _ = trainer;
        var snapshot = trainer.TakeSnapshot(Steps - 1);
        var x = ReferenceNet.ToDouble(trainer.X);
        var expected = reference.Predict(x);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(snapshot.YPred[i] - expected[i]));
            Assert.Equal(expected[i], snapshot.YPred[i], 1e-4);
        }
        double expectedLoss = ReferenceNet.Mse(expected, ReferenceNet.ToDouble(trainer.Y));
        Assert.Equal(expectedLoss, snapshot.PredictLoss, 1e-4);
        output.WriteLine($"{Settings.Name(mode)} seed {seed}: max |Δ prediction| {worst:E2}, " +
                         $"predict loss {snapshot.PredictLoss:R} vs {expectedLoss:R}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void GlobalMomentsMatchReference(int seed)
    {
        var (trainer, reference, _, _) = TrainBoth(BnMode.Notebook, seed, Steps, syncIdleBiases: true);
        using var _ = trainer;
        Assert.Equal(2, trainer.Network.BatchNorms.Count);
        for (int layer = 1; layer <= 2; layer++)
        {
            var bn = trainer.Network.BatchNorms[layer - 1];
            var mean = bn.GlobalMean.ToArray();
            var variance = bn.GlobalVar.ToArray();
            for (int j = 0; j < mean.Length; j++)
            {
                Assert.Equal(reference.GlobalMean(layer)[j], mean[j], 1e-4);
                Assert.Equal(reference.GlobalVar(layer)[j], variance[j], 1e-4 * Math.Max(1, Math.Abs(variance[j])));
            }
        }
    }

    [Fact]
    public void PredictUsesGlobalNotBatchMoments()
    {
        // after one step the global moments are half the first batch's (decay 0.5), far from the current batch's
        var (trainer, reference, _, _) = TrainBoth(BnMode.Notebook, 1, 1, syncIdleBiases: true);
        using var _ = trainer;
        var torchPredict = trainer.TakeSnapshot(0).YPred;
        var x = ReferenceNet.ToDouble(trainer.X);
        var withGlobal = reference.Predict(x);
        var withBatch = reference.Output(x, training: true, updateGlobal: false);
        double toGlobal = 0, toBatch = 0;
        for (int i = 0; i < x.Length; i++)
        {
            toGlobal = Math.Max(toGlobal, Math.Abs(torchPredict[i] - withGlobal[i]));
            toBatch = Math.Max(toBatch, Math.Abs(torchPredict[i] - withBatch[i]));
        }
        output.WriteLine($"max |torch - global-moment reference| {toGlobal:E2}, |torch - batch-moment reference| {toBatch:E2}");
        Assert.True(toGlobal < 1e-4, $"predict differs from the global-moment forward by {toGlobal}");
        Assert.True(toBatch > 1e-2, $"predict is within {toBatch} of the batch-moment forward");
    }

    [Fact]
    public void SameSeedGivesBitIdenticalLosses()
    {
        using var a = new Trainer(new Settings { Mode = BnMode.Notebook, Seed = 3 });
        using var b = new Trainer(new Settings { Mode = BnMode.Notebook, Seed = 3 });
        using var c = new Trainer(new Settings { Mode = BnMode.Notebook, Seed = 4 });
        for (int s = 0; s < 50; s++)
        {
            a.Step();
            b.Step();
            c.Step();
        }
        Assert.Equal(50, a.Losses.Count);
        for (int s = 0; s < 50; s++)
            Assert.Equal(BitConverter.SingleToInt32Bits(a.Losses[s]), BitConverter.SingleToInt32Bits(b.Losses[s]));
        Assert.NotEqual(a.Losses, c.Losses);
        Assert.NotEqual(a.Losses[0], c.Losses[0]);
    }
}
