using BenchmarkDotNet.Attributes;
using BnLive.Engine;
using BnLive.Tests;
using BnLive.Torch;
using BnLive.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace BnLive.Bench;

/// <summary>One training step (one full-batch epoch of the notebook's 100 points) four ways. The Ratio column is
/// each method's mean over EngineStep's in the same mode.</summary>
public class Steps
{
    public const int SweepSize = 20;

    [Params(BnMode.Notebook, BnMode.None)]
    public BnMode Mode;

    Tensor x = null!, y = null!;
    float[] xs = [], ys = [];
    double[] xd = [], yd = [];
    Network engine = null!;
    NaiveNetwork naive = null!;
    ReferenceNet reference = null!;
    NotebookModule autograd = null!;
    SeedBatch sweep = null!;

    readonly float[] sweepLosses = new float[SweepSize];

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        var settings = new Settings { Mode = Mode };
        (xs, ys) = Data.Notebook();
        x = tensor(xs, [xs.Length, 1]);
        y = tensor(ys, [ys.Length, 1]);
        (xd, yd) = (ReferenceNet.ToDouble(xs), ReferenceNet.ToDouble(ys));
        var init = InitWeights.Xavier(settings.Seed, settings.Hidden);
        engine = new Network(settings, init);
        naive = new NaiveNetwork(settings);
        reference = new ReferenceNet(settings, init);
        autograd = new NotebookModule(settings, init) { KeepGradients = false };
        sweep = new SeedBatch(settings, Enumerable.Range(1, SweepSize).ToArray());

    }

    /// <summary>The straightforward TorchSharp way: Sequential, BatchNorm1d, optim.Adam, autograd.</summary>
    [Benchmark]
    public float NaiveStep() => naive.TrainStep(x, y);

    /// <summary>The product's step before: the notebook's own BN and TF1's Adam on leaf tensors, autograd.</summary>
    [Benchmark]
    public float AutogradStep() => autograd.TrainStep(x, y);

    /// <summary>The product's step: the engine's closed-form backward on arrays (Network).</summary>
    [Benchmark(Baseline = true)]
    public float EngineStep() => engine.TrainStep(xs, ys);

    /// <summary>The tests' plain-C# reference in doubles: what the arithmetic alone costs.</summary>
    [Benchmark]
    public double ReferenceStep() => reference.TrainStep(xd, yd);

    /// <summary>One step of 20 networks (seeds 1..20) side by side on both cores (SeedBatch).</summary>
    [Benchmark]
    public float SweepStep()
    {
        sweep.TrainSteps(xs, ys, sweepLosses);
        return sweepLosses[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        naive.Dispose();
        autograd.Dispose();
        x.Dispose();
        y.Dispose();
    }
}
