using BnLive.Engine;
using BnLive.Training;

namespace BnLive.Tests;

/// <summary>The teaching views' training side: the compare view's two networks, live hyperparameters,
/// mini-batches, and Inspect (the training-mode fit and the inside of BN).</summary>
[Trait("Category", "Unit")]
public class TeachingTests
{
    [Fact]
    public void CompareNetworksStartFromTheSameWeightsWhereverTheyShareAShape()
    {
        using var run = new Networks(new Settings { Seed = 4 }, compare: true);
        var (bn, none) = (run.Trainers[0], run.Trainers[1]);
        Assert.Equal((BnMode.Notebook, BnMode.None), (bn.Settings.Mode, none.Settings.Mode));
        var a = bn.Network.Parameters().ToDictionary(p => p.Name, p => p.Value.ToArray());
        var b = none.Network.Parameters().ToDictionary(p => p.Name, p => p.Value.ToArray());
        Assert.Equal(["W1", "b1", "W2", "b2", "W3", "b3"], b.Keys);
        foreach (var name in b.Keys) Assert.Equal(a[name], b[name]);
        Assert.Contains("gamma1", a.Keys);
        Assert.Equal(bn.X, none.X);
        Assert.Equal(bn.Y, none.Y);
    }

    [Fact]
    public void LockstepKeepsBothNetworksAtTheSameEpochWhateverIsChanged()
    {
        using var run = new Networks(new Settings { Seed = 2, Epochs = 400 }, compare: true);
        var random = new Random(7);
        while (!run.Done)
        {
            switch (random.Next(4))
            {
                case 0: run.Lr *= random.Next(2) == 0 ? 0.5 : 2; break;
                case 1: run.Decay = new[] { 0.5, 0.9, 0.99 }[random.Next(3)]; break;
                default: for (int i = random.Next(20); i > 0; i--) run.Step(); break;
            }
            Assert.Equal(run.Trainers[0].Epoch, run.Trainers[1].Epoch);
            Assert.Equal(run.Trainers[0].Network.AdamStep, run.Trainers[1].Network.AdamStep);
        }
        Assert.Equal(400, run.Trainers[1].Epoch);
    }

    [Theory]
    [InlineData(BnMode.Notebook)]
    [InlineData(BnMode.None)]
    public void ALearningRateChangeTakesEffectWithoutAResetAndKeepsAdamsState(BnMode mode)
    {
        // the reference changes its rate at the same step; Adam's m, v and t carry on in both. The biases before BN
        // are frozen: their steps are float rounding noise, which the double reference cannot follow
        var settings = new Settings { Mode = mode, Seed = 1, PreBnBias = PreBnBias.Freeze };
        using var changed = new Trainer(settings);
        using var unchanged = new Trainer(settings);
        var reference = new ReferenceNet(settings, changed.Init);
        var (x, y) = (ReferenceNet.ToDouble(changed.X), ReferenceNet.ToDouble(changed.Y));
        var expected = new List<double>();
        for (int s = 0; s < 20; s++)
        {
            if (s == 10) { changed.Network.Lr = 0.02; reference.Lr = 0.02; }
            changed.Step();
            unchanged.Step();
            expected.Add(reference.TrainStep(x, y));
        }
        Assert.Equal(20, changed.Network.AdamStep);
        for (int s = 0; s < 20; s++)
            Assert.True(Math.Abs(changed.Losses[s] - expected[s]) <= 1e-5 * Math.Abs(expected[s]) + 1e-7,
                $"step {s}: {changed.Losses[s]} vs reference {expected[s]}");
        // it took effect (the runs part after the change) and did not reset: the loss goes on from where it was
        Assert.Equal(changed.Losses.Take(11), unchanged.Losses.Take(11));
        Assert.NotEqual(changed.Losses[12], unchanged.Losses[12]);
        Assert.InRange(changed.Losses[11] / changed.Losses[10], 0.5, 2);
    }

    [Fact]
    public void ADecayChangeMovesTheGlobalMomentsByTheNewDecay()
    {
        var settings = new Settings { Seed = 3 };
        using var trainer = new Trainer(settings);
        var reference = new ReferenceNet(settings, trainer.Init);
        var (x, y) = (ReferenceNet.ToDouble(trainer.X), ReferenceNet.ToDouble(trainer.Y));
        for (int s = 0; s < 4; s++)
        {
            if (s == 2) { trainer.Network.Decay = 0.9; reference.Decay = 0.9; }
            OracleTests.CopyIdleBiases(trainer.Network, reference);   // float32's idle-bias noise, see OracleTests
            trainer.Step();
            reference.TrainStep(x, y);
        }
        var mean = trainer.Network.BatchNorms[1].GlobalMean.ToArray();
        for (int j = 0; j < mean.Length; j++) Assert.Equal(reference.GlobalMean(2)[j], mean[j], 1e-4);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(32)]
    public void MiniBatchesUseEveryPointOncePerEpoch(int size)
    {
        using var trainer = new Trainer(new Settings { Seed = 1, BatchSize = size });
        var orders = new List<int[]>();
        for (int e = 0; e < 3; e++)
        {
            trainer.Step();
            orders.Add([.. trainer.LastOrder]);
            Assert.Equal(Enumerable.Range(0, 100), orders[^1].Order());
        }
        Assert.NotEqual(orders[0], orders[1]);      // shuffled anew each epoch
        Assert.Equal((100 + size - 1) / size * 3, trainer.Network.AdamStep);   // one update per batch
        using var again = new Trainer(new Settings { Seed = 1, BatchSize = size });
        again.Step();
        Assert.Equal(orders[0], again.LastOrder);   // the seed decides the shuffle
        Assert.Equal(trainer.Losses[0], again.Losses[0]);
    }

    [Fact]
    public void InspectShowsTheBatchMomentsBesideTheGlobalOnes()
    {
        using var trainer = new Trainer(new Settings { Seed = 1 });
        for (int e = 0; e < 50; e++) trainer.Step();
        var inside = trainer.Inspect();
        Assert.Equal(2, inside.Layers.Count);
        var l = inside.Layers[0];
        Assert.Equal(100 * 16, l.Before.Length);
        for (int u = 0; u < 16; u++)
        {
            var column = Enumerable.Range(0, 100).Select(p => (double)l.Before[p * 16 + u]).ToArray();
            double mean = column.Average(), variance = column.Select(v => (v - mean) * (v - mean)).Average();
            Assert.Equal(mean, l.BatchMean[u], 1e-4);
            Assert.Equal(variance, l.BatchVar[u], 1e-4);
            // after BN each unit's points have mean β and (almost, eps) std γ
            var after = Enumerable.Range(0, 100).Select(p => (double)l.After[p * 16 + u]).ToArray();
            Assert.Equal(l.Beta[u], after.Average(), 1e-4);
        }
        // with decay 0.5 the global moments lag the batch's: they differ, and so do the two modes' fits
        Assert.NotEqual(l.BatchMean, l.GlobalMean);
        var predict = trainer.TakeSnapshot(trainer.Epoch);
        Assert.NotEqual(inside.TrainModeFit, predict.YPred);
        // the training-mode fit is what a training step computes: its loss is the next step's loss
        trainer.Step();
        Assert.Equal(trainer.LastLoss, inside.TrainModeLoss, 1e-5);
    }

    [Theory]
    [InlineData(BnMode.Notebook)]
    [InlineData(BnMode.None)]
    public void TheLossPanelsFastPredictLossIsPredictsAndLeavesTrainingAlone(BnMode mode)
    {
        var settings = new Settings { Mode = mode, Seed = 5, Epochs = 400 };
        using var tracked = new Trainer(settings) { TrackPredict = true };
        using var plain = new Trainer(settings);
        for (int e = 0; e < 400; e++)
        {
            tracked.Step();
            plain.Step();
            if (e % 37 == 1)
            {
                var expected = tracked.TakeSnapshot(e).PredictLoss;
                Assert.Equal(expected, tracked.PredictLosses[^1].Loss, expected * 1e-5 + 1e-9);
            }
        }
        Assert.Equal(400, tracked.PredictLosses.Count);
        Assert.Equal(plain.Losses, tracked.Losses);   // computing it in the step's buffers changes nothing of training
    }
}
