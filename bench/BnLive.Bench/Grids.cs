using BenchmarkDotNet.Attributes;
using BnLive.Commands;
using BnLive.Engine;
using BnLive.Training;

namespace BnLive.Bench;

/// <summary>The learning-rate sweep's training (sweep --lrs), on both cores. The goal's grid (10 rates × 20 seeds ×
/// 2 modes × 6000 epochs, at most 12 s) is 100 times this row's: 10 rates × 2 seeds × 2 modes × 600 epochs, the
/// same networks per core in a tenth of the count and a tenth of the epochs. Its goal is therefore 120 ms.</summary>
public class Grids
{
    /// <summary>The goal's grid over this row's.</summary>
    public const int Scale = 100;

    Settings[] cells = [];
    float[] xs = [], ys = [];

    [GlobalSetup]
    public void Setup()
    {
        (xs, ys) = Data.Notebook();
        var o = Cli.Parse(["sweep", "--lrs", "0.0005:0.5:10", "--seeds", "1-2", "--epochs", "600"]);
        cells = GridSweep.Cells(o);
    }

    /// <summary>40 networks of 600 epochs, each a Trainer of its own, side by side (Grid.Train).</summary>
    [Benchmark]
    public float LrGrid() => Grid.Train(cells, xs, ys)![0].TrainLoss;
}
