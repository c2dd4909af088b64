using BnLive.Engine;
using BnLive.Teaching;
using BnLive.Training;
using Xunit.Abstractions;

namespace BnLive.Tests;

/// <summary>Every claim a caption of the built-in lecture makes, checked on that step's own settings, trained
/// headless exactly as the window plays the step (Playback). A caption edited to say more needs a check here.</summary>
[Trait("Category", "Unit")]
public class LectureClaimTests(ITestOutputHelper output)
{
    static readonly Lecture L = Lecture.Load(Path.Combine(Repo.Root, "lectures", "batch-norm.md"));
    static readonly Options Start = new() { Command = CommandName.Lecture };

    static int Step(string title) => L.Steps.Select((s, i) => (s, i)).Single(p => p.s.Title == title).i;

    static Networks Through(string title) => Playback.Through(L, Start, Step(title));

    static Trainer Mode(Networks run, BnMode mode) => run.Trainers.Single(t => t.Settings.Mode == mode);

    /// <summary>Predict-mode loss over training loss at each epoch from `from` on, where both were recorded.</summary>
    static double[] Ratios(Trainer t, int from) =>
        [.. t.PredictLosses.Where(p => p.Epoch >= from && p.Epoch < t.Losses.Count).Select(p => (double)p.Loss / t.Losses[p.Epoch])];

    static double Median(double[] xs) => xs.Order().ElementAt(xs.Length / 2);

    [Fact]
    public void TheDataAndTheNetwork()
    {
        using var run = Through("The data and the network");
        var t = run.First;
        Assert.Equal((100, 16, 0), (t.X.Length, t.Settings.Hidden, t.Epoch));   // "100 points", "1 → 16 → 16 → 1", "before any training"
        Assert.Equal((BnMode.Notebook, 1, 0.005), (t.Settings.Mode, t.Settings.Seed, t.Settings.Lr));
    }

    [Fact]
    public void WithoutBnSeedOneFitsBelowAThousandth()
    {
        using var run = Through("Training without batch norm");
        var t = run.First;
        Assert.Equal((BnMode.None, 6000), (t.Settings.Mode, t.Epoch));
        output.WriteLine($"no BN, seed 1: final training loss {t.LastLoss}");
        Assert.True(t.LastLoss < 0.001, $"final training loss {t.LastLoss}");
    }

    [Fact]
    public void WithBnTheTrainingLossEndsBelowAThousandthTooButThePredictModeFitWobbles()
    {
        using var bn = Through("Training with the notebook's batch norm");
        using var none = Through("Training without batch norm");
        var (b, n) = (bn.First, none.First);
        Assert.Equal(BnMode.Notebook, b.Settings.Mode);
        output.WriteLine($"final training loss: BN {b.LastLoss}, no BN {n.LastLoss}");
        Assert.True(b.LastLoss < 0.001, $"BN {b.LastLoss}");
        // "over seeds, neither mode ends reliably lower": among seeds 1-12 that fit both ways, each mode ends lower on some
        var both = FinalLosses(12).Where(f => f.Bn < 0.01 && f.None < 0.01).ToArray();
        output.WriteLine($"seeds that fit both ways: {string.Join(", ", both.Select(f => $"{f.Seed}: BN {f.Bn:G3}, no BN {f.None:G3}"))}");
        Assert.True(both.Count(f => f.Bn < f.None) >= 2 && both.Count(f => f.None < f.Bn) >= 2);
        // "wobbles from snapshot to snapshot": the trail's predict-mode losses after epoch 1000 swing by an order of
        // magnitude with BN, and hardly at all without
        var swing = (Trainer t) => t.Snapshots.Where(s => s.Epoch >= 1000).Max(s => s.PredictLoss) / t.Snapshots.Where(s => s.Epoch >= 1000).Min(s => s.PredictLoss);
        output.WriteLine($"snapshot predict-loss max/min after 1000: BN {swing(b)}, no BN {swing(n)}");
        Assert.True(swing(b) > 10, $"BN swing {swing(b)}");
        Assert.True(swing(b) > 5 * swing(n), $"no BN swing {swing(n)}");
    }

    [Fact]
    public void SideBySideOneCurveWithoutBnAndPredictFarAboveTrainingWithBn()
    {
        using var run = Through("Side by side");
        Assert.True(run.Compare);
        var (b, n) = (Mode(run, BnMode.Notebook), Mode(run, BnMode.None));
        Assert.Equal(b.Init.W1[0], n.Init.W1[0]);   // "start from the same W and b"
        var (rb, rn) = (Ratios(b, 1000), Ratios(n, 1000));
        output.WriteLine($"predict/training after 1000: BN median {Median(rb)} max {rb.Max()}; no BN median {Median(rn)} min {rn.Min()} max {rn.Max()}");
        // "one curve": without BN the predict-mode loss after the update of epoch e is the training loss that epoch
        // e + 1 computes before its own, the same weights through the same function (float rounding apart)
        foreach (var (e, loss) in n.PredictLosses.Where(p => p.Epoch + 1 < n.Losses.Count))
            Assert.Equal(n.Losses[e + 1], loss, Math.Max(1e-7, n.Losses[e + 1] * 1e-4));
        Assert.True(Median(rb) > 3, $"BN median ratio {Median(rb)}");   // "far above": more than 3 times, at the median
    }

    [Fact]
    public void TrainingModeAndPredictModeAreTwoFunctionsOfTheSameWeights()
    {
        using var run = Through("Training mode against predict mode");
        var t = run.First;
        Assert.Equal((1200, false, true), (t.Epoch, run.Compare, t.Settings.Mode == BnMode.Notebook));
        var inside = t.Inspect();
        var predict = t.TakeSnapshot(t.Epoch).YPred;
        double gap = inside.TrainModeFit.Zip(predict, (a, p) => Math.Abs(a - p)).Max();
        output.WriteLine($"epoch 1200: max |train-mode fit - predict-mode fit| = {gap}");
        Assert.True(gap > 0.01, $"the two fits differ by {gap} at most");
    }

    [Fact]
    public void TheColoursTheInsideCaptionNamesAreThePanels()
    {
        var text = L.Steps[Step("Inside the BN layers")].Caption[0].Text;
        Assert.Contains("the batch's mean and std (black) against the global ones (orange)", text);
        var (batch, global) = (BnLive.Drawing.InsidePanel.Batch, BnLive.Drawing.InsidePanel.Global);
        Assert.True(batch.R < 60 && batch.G < 60 && batch.B < 60, "the batch's bars are black");
        Assert.True(global.R > 200 && global.G is > 80 and < 170 && global.B < 60, "the global bars are orange");
    }

    [Fact]
    public void LayerOnesWeightsOnlyChooseASign()
    {
        using var run = Through("Inside the BN layers");
        var t = run.First;
        var layer = t.Inspect().Layers[0];
        var x = t.X.Select(v => (double)v).ToArray();
        double mx = x.Average(), sx = Math.Sqrt(x.Average(v => (v - mx) * (v - mx)));
        var xhat = x.Select(v => (v - mx) / sx).ToArray();
        var w1 = t.Network.Parameters().Single(p => p.Name == "W1").Value.ToArray();
        int h = layer.Units;
        for (int u = 0; u < h; u++)
        {
            // (after - β)/γ is the unit's x̂: here ±x̂ of the input, shrunk only where w²·var(x) is near eps
            var z = Enumerable.Range(0, x.Length).Select(i => (layer.After[i * h + u] - layer.Beta[u]) / (double)layer.Gamma[u]).ToArray();
            double scale = Math.Sqrt(w1[u] * w1[u] * sx * sx / (w1[u] * w1[u] * sx * sx + t.Settings.Eps));
            for (int i = 0; i < x.Length; i++)
                Assert.Equal(Math.Sign(w1[u]) * scale * xhat[i], z[i], 2e-3);
        }
        // "c, from 0.7 to 1 here": what eps takes of each unit's variance
        var shrink = Enumerable.Range(0, h).Select(u => Math.Sqrt(w1[u] * w1[u] * sx * sx / (w1[u] * w1[u] * sx * sx + t.Settings.Eps))).ToArray();
        output.WriteLine($"layer 1's shrink per unit: {string.Join(", ", shrink.Select(c => c.ToString("0.000")))}");
        Assert.All(shrink, c => Assert.InRange(c, 0.65, 1.0));
    }

    [Fact]
    public void SeedFourStallsWithBnAndFitsWithoutAndSeedTwoTheOtherWayRound()
    {
        using var run = Through("A seed that stalls");
        Assert.Equal((4, true), (run.Settings.Seed, run.Compare));
        var (b, n) = (Mode(run, BnMode.Notebook), Mode(run, BnMode.None));
        output.WriteLine($"seed 4: BN {b.LastLoss}, no BN {n.LastLoss}");
        Assert.InRange(b.LastLoss, 0.2, 0.26);       // "stalls at a training loss near 0.24"
        Assert.True(n.LastLoss < 0.001);             // "fit every hump"
        using var two = new Networks(run.Settings with { Seed = 2 }, compare: true);
        Playback.TrainTo(two, 6000);
        var (b2, n2) = (Mode(two, BnMode.Notebook), Mode(two, BnMode.None));
        output.WriteLine($"seed 2: BN {b2.LastLoss}, no BN {n2.LastLoss}");
        Assert.True(n2.LastLoss >= 0.15 && b2.LastLoss < 0.15, "seed 2: no BN stalls, BN does not");
        // "over seeds 1-12, BN stalls on 5 and no BN on 2" (a stall: a final training loss of 0.15 or more, as the sweep counts it)
        var finals = FinalLosses(12);
        Assert.Equal((5, 2), (finals.Count(f => f.Bn >= 0.15), finals.Count(f => f.None >= 0.15)));
    }

    /// <summary>Seeds 1..count trained 6000 epochs with the notebook's BN and without: their final training losses.</summary>
    static (int Seed, float Bn, float None)[] FinalLosses(int count)
    {
        var (x, y) = Data.Notebook();
        var seeds = Enumerable.Range(1, count).ToArray();
        var bn = new SeedBatch(new Settings(), seeds);
        var none = new SeedBatch(new Settings().ForMode(BnMode.None), seeds);
        var (lossBn, lossNone) = (new float[count], new float[count]);
        bn.TrainSteps(x, y, lossBn, 6000);
        none.TrainSteps(x, y, lossNone, 6000);
        return [.. seeds.Select((s, i) => (s, lossBn[i], lossNone[i]))];
    }

    static float[] Param(Trainer t, string name) => t.Network.Parameters().Single(p => p.Name == name).Value.ToArray();

    [Fact]
    public void ALongerDecayWindowTrailsFurther()
    {
        using var longer = Through("What decay does");
        using var notebook = Through("Training with the notebook's batch norm");
        var (t, n) = (longer.First, notebook.First);
        Assert.Equal((0.9, 6000), (t.Network.Decay, t.Epoch));
        Assert.Equal((2.0, 10.0), (Math.Round(1 / (1 - 0.5), 9), Math.Round(1 / (1 - 0.9), 9)));   // "2 for 0.5 and 10 for 0.9"
        // the same run until epoch 1500, then decay 0.9 against 0.5: the predict/training ratio from epoch 2000 on
        double a = Median(Ratios(t, 2000)), b = Median(Ratios(n, 2000));
        output.WriteLine($"predict/training median after 2000: decay 0.9 {a}, decay 0.5 {b}");
        Assert.True(a > b, $"decay 0.9: {a}, 0.5: {b}");
    }

    [Fact]
    public void FrozenPreBnBiasesKeepThePredictModeLossWithinAFewTimesTheTrainingLoss()
    {
        using var frozen = Through("Where the wobble comes from");
        using var trained = Through("Training with the notebook's batch norm");
        var (f, t) = (frozen.First, trained.First);
        Assert.Equal((BnLive.Engine.PreBnBias.Freeze, 1, 0.5), (f.Settings.PreBnBias, f.Settings.Seed, f.Network.Decay));
        var (rf, rt) = (Ratios(f, 1000), Ratios(t, 1000));
        output.WriteLine($"predict/training after 1000: frozen median {Median(rf)} max {rf.Max()}; trained median {Median(rt)} max {rt.Max()}");
        Assert.True(Median(rf) < 3, "frozen: within a few times, at the median");
        Assert.True(Median(rt) > 3 * Median(rf), "trained: well above the frozen run");
        // "walk at random": trained, b1 and b2 have moved far from their initial 0; frozen, not at all
        foreach (var b in new[] { "b1", "b2" })
        {
            Assert.All(Param(f, b), v => Assert.Equal(0f, v));
            output.WriteLine($"trained {b}: max |b| {Param(t, b).Max(Math.Abs)}");
            Assert.True(Param(t, b).Max(Math.Abs) > 0.05);
        }
        // "rounding leaves about 1e-7": Adam's second moment of b1 is the square of a gradient that small
        var v = t.Network.AdamV().Single(p => p.Name == "b1").Value.ToArray();
        output.WriteLine($"sqrt(max v) for b1: {Math.Sqrt(v.Max())}");
        Assert.InRange(Math.Sqrt(v.Max()), 1e-9, 1e-6);
    }
}

/// <summary>Every claim of the second built-in lecture (lectures/what-bn-buys.md): each count over seeds is trained
/// here on the step's own settings, seeds side by side (<see cref="Grid"/>, the bits of each single run), so a
/// caption that says "17 of 20" fails its test the day the engine makes it 16.</summary>
[Trait("Category", "Unit")]
public class WhatBnBuysClaimTests(ITestOutputHelper output)
{
    static readonly Lecture L = Lecture.Load(Path.Combine(Repo.Root, "lectures", "what-bn-buys.md"));
    static readonly Options Start = new() { Command = CommandName.Lecture };

    static int Step(string title) => L.Steps.Select((s, i) => (s, i)).Single(p => p.s.Title == title).i;

    /// <summary>The settings in force during the step, as the window plays it.</summary>
    static Options At(string title) => Steps.At(L, Start, Step(title));

    /// <summary>Seeds 1..seeds trained to the last epoch in each mode on these settings; the notebook's points.</summary>
    static GridRun[] Over(Settings s, int seeds, params BnMode[] modes)
    {
        var (x, y) = Data.Notebook();
        var cells = (from mode in modes from seed in Enumerable.Range(1, seeds) select s.ForMode(mode) with { Seed = seed }).ToArray();
        return Grid.Train(cells, x, y)!;
    }

    const float Fit = 0.01f;
    static int TrainFits(GridRun[] runs, BnMode m) => runs.Count(r => r.Mode == m && r.TrainLoss < Fit);
    static int PredictFits(GridRun[] runs, BnMode m) => runs.Count(r => r.Mode == m && r.PredictLoss < Fit);
    static int AtTheMean(GridRun[] runs, BnMode m) => runs.Count(r => r.Mode == m && r.Diverged(GridResults.DivergedFrom(Data.Notebook().Y)));

    /// <summary>Seeds 1–20 with the notebook's BN, trained to the end; those whose predict-mode loss is below Fit
    /// once precise BN has recomputed the global moments over the data at the final weights.</summary>
    static int PreciseFits(Settings s)
    {
        var (x, y) = Data.Notebook();
        var losses = new float[20];
        Parallel.For(0, 20, i =>
        {
            var settings = s.ForMode(BnMode.Notebook) with { Seed = i + 1 };
            var net = new Network(settings, InitWeights.Xavier(i + 1, settings.Hidden));
            for (int e = 0; e < settings.Epochs; e++) net.TrainStep(x, y);
            PreciseBn.Apply(net, x, [[.. Enumerable.Range(0, x.Length)]]);
            losses[i] = net.PredictLoss(x, y);
        });
        return losses.Count(l => l < Fit);
    }

    void Say(string what, GridRun[] runs) =>
        output.WriteLine($"{what}: " + string.Join("; ", runs.GroupBy(r => r.Mode).Select(g =>
            $"{Settings.Name(g.Key)} train fit {TrainFits(runs, g.Key)}, predict fit {PredictFits(runs, g.Key)}, at the mean {AtTheMean(runs, g.Key)} of {g.Count()}")));

    [Fact]
    public void TenTimesTheRate()
    {
        var o = At("Ten times the learning rate");
        Assert.Equal((View.Compare, 1, 0.05, 0.005 * 10), (o.View, o.Settings.Seed, o.Settings.Lr, Math.Round(o.Settings.Lr, 9)));
        var fast = Over(o.Settings, 20, BnMode.Notebook, BnMode.None);
        var usual = Over(o.Settings with { Lr = 0.005 }, 20, BnMode.Notebook, BnMode.None);
        Say("lr 0.05", fast);
        Say("lr 0.005", usual);
        Assert.Equal((17, 12, 11), (TrainFits(fast, BnMode.Notebook), TrainFits(fast, BnMode.None), PredictFits(fast, BnMode.Notebook)));
        Assert.Equal((14, 14, 9), (TrainFits(usual, BnMode.Notebook), TrainFits(usual, BnMode.None), PredictFits(usual, BnMode.Notebook)));
        // the gap is the global moments': recomputed at the final weights, predict mode fits where training mode does
        Assert.Equal((17, 14), (PreciseFits(o.Settings), PreciseFits(o.Settings with { Lr = 0.005 })));
        // the seed on screen fits both ways
        using var run = Playback.Through(L, Start, Step("Ten times the learning rate"));
        Assert.All(run.Trainers, t => Assert.True(t.LastLoss < Fit, $"{t.Settings.Mode}: {t.LastLoss}"));
    }

    [Fact]
    public void FortySixTimesTheRate()
    {
        var o = At("Forty-six times the rate");
        Assert.Equal((0.232, 46.4), (o.Settings.Lr, Math.Round(o.Settings.Lr / 0.005, 9)));
        var runs = Over(o.Settings, 20, BnMode.Notebook, BnMode.None);
        Say("lr 0.232", runs);
        Assert.Equal((10, 0, 5, 4), (TrainFits(runs, BnMode.Notebook), TrainFits(runs, BnMode.None), AtTheMean(runs, BnMode.None), PredictFits(runs, BnMode.Notebook)));
        // the seed the window shows fits with BN only
        using var run = Playback.Through(L, Start, Step("Forty-six times the rate"));
        Assert.Equal(2, run.Settings.Seed);
        Assert.True(run.Trainers.Single(t => t.Settings.Mode == BnMode.Notebook).LastLoss < Fit);
        Assert.True(run.Trainers.Single(t => t.Settings.Mode == BnMode.None).LastLoss >= Fit);
    }

    [Fact]
    public void TheInitialScaleHardlyMattersWithBnAndRuinsTheRunWithout()
    {
        var o = At("Ten times the initial weights");
        Assert.Equal((10.0, 0.005, 1), (o.Settings.InitScale, o.Settings.Lr, o.Settings.Seed));
        var ten = Over(o.Settings, 20, BnMode.Notebook, BnMode.None);
        var tenth = Over(o.Settings with { InitScale = 0.1 }, 20, BnMode.Notebook, BnMode.None);
        Say("init scale 10", ten);
        Say("init scale 0.1", tenth);
        Assert.Equal((19, 4), (TrainFits(ten, BnMode.Notebook), TrainFits(ten, BnMode.None)));
        Assert.Equal((13, 0), (TrainFits(tenth, BnMode.Notebook), TrainFits(tenth, BnMode.None)));
    }

    [Fact]
    public void BatchesOfTenHelpWithoutBnAndRuinItWith()
    {
        var o = At("Batches of ten");
        Assert.Equal((10, 1.0, View.Compare), (o.Settings.BatchSize, o.Settings.InitScale, o.View));
        var runs = Over(o.Settings, 20, BnMode.Notebook, BnMode.None);
        Say("batches of 10", runs);
        Assert.Equal((20, 0, 0), (PredictFits(runs, BnMode.None), TrainFits(runs, BnMode.Notebook), PredictFits(runs, BnMode.Notebook)));
    }

    [Fact]
    public void ABatchOfOneEndsAtTheMeanOfYAndItsGlobalVarianceCollapses()
    {
        var o = At("A batch of one");
        Assert.Equal((1, 600, View.Single, BnMode.Notebook), (o.Settings.BatchSize, o.Settings.Epochs, o.View, o.Settings.Mode));
        var runs = Over(o.Settings, 20, BnMode.Notebook);
        Say("batches of 1, 600 epochs", runs);
        Assert.Equal(20, AtTheMean(runs, BnMode.Notebook));
        Assert.All(runs, r => Assert.InRange(r.TrainLoss, 1.15f, 1.25f));   // "a training loss of about 1.2"
        using var run = Playback.Through(L, Start, Step("A batch of one"));
        var t = run.First;
        var inside = t.Inspect();
        float before = new Trainer(o.Settings).Inspect().Layers.Max(l => l.GlobalVar.Max());
        float after = inside.Layers.Max(l => l.GlobalVar.Max());
        output.WriteLine($"seed 1: predict-mode loss {t.TakeSnapshot(t.Epoch).PredictLoss}, largest global variance {before} at the start, {after} at epoch 600");
        Assert.True(after < before / 100, "the global variance collapses towards 0");
        // "leaves the chart": the predict-mode loss is hundreds of times the worst constant fit's
        Assert.True(t.TakeSnapshot(t.Epoch).PredictLoss > 100);
    }

    [Fact]
    public void LayerNormHasNoGapFitsEverySeedAndSmallBatchesButNotBnsHighRates()
    {
        var o = At("LayerNorm against batch norm");
        Assert.Equal(((BnMode.Notebook, BnMode.LayerNorm), View.Compare, 0, 6000), (o.Pair, o.View, o.Settings.BatchSize, o.Settings.Epochs));
        using var run = Playback.Through(L, Start, Step("LayerNorm against batch norm"));
        var ln = run.Trainers.Single(t => t.Settings.Mode == BnMode.LayerNorm);
        // "predict mode is training mode": the predict-mode loss after epoch e's update is epoch e + 1's training loss
        foreach (var (e, loss) in ln.PredictLosses.Where(p => p.Epoch + 1 < ln.Losses.Count))
            Assert.Equal(ln.Losses[e + 1], loss, Math.Max(1e-7, ln.Losses[e + 1] * 1e-4));
        var usual = Over(o.Settings, 20, BnMode.LayerNorm, BnMode.Notebook);
        var small = Over(o.Settings with { BatchSize = 10 }, 20, BnMode.LayerNorm);
        var fast = Over(o.Settings with { Lr = 0.232 }, 20, BnMode.LayerNorm);
        Say("lr 0.005", usual);
        Say("batches of 10", small);
        Say("lr 0.232", fast);
        Assert.Equal((20, 9), (PredictFits(usual, BnMode.LayerNorm), PredictFits(usual, BnMode.Notebook)));
        Assert.Equal(20, PredictFits(small, BnMode.LayerNorm));
        Assert.Equal(3, PredictFits(fast, BnMode.LayerNorm));
    }
}
