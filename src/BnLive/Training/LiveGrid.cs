using System.Diagnostics;
using BnLive.Engine;

namespace BnLive.Training;

/// <summary>A grid of networks (rates × seeds × modes) trained in lockstep, a chunk of epochs at a time, so a window
/// can draw it between chunks. Each cell is a <see cref="Trainer"/> stepped as <see cref="Grid.Train"/> steps it, so
/// after its last epoch each network holds the bits of its single run and of the headless sweep's.</summary>
public sealed class LiveGrid
{
    readonly Trainer[] trainers;
    double msPerEpoch;

    public LiveGrid(IReadOnlyList<Settings> cells, float[] x, float[] y)
    {
        if (cells.Count == 0) throw new ArgumentException("a grid needs at least one network", nameof(cells));
        trainers = [.. cells.Select(s => new Trainer(s, (x, y)))];
        Epochs = cells.Max(s => s.Epochs);
    }

    public int Count => trainers.Length;
    /// <summary>The epoch every network has reached.</summary>
    public int Epoch { get; private set; }
    public int Epochs { get; }
    public bool Done => Epoch >= Epochs;
    /// <summary>Seconds spent training so far (the chunks only, not the drawing between them).</summary>
    public double Seconds { get; private set; }

    /// <summary>Trains every network by as many epochs as fit in about budgetMs (at least one), the networks spread
    /// over all cores; returns the epochs trained.</summary>
    public int Advance(double budgetMs)
    {
        if (Done) return 0;
        int epochs = msPerEpoch > 0 ? (int)Math.Clamp(budgetMs / msPerEpoch, 1, Epochs - Epoch) : 1;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, trainers.Length, i =>
        {
            var t = trainers[i];
            for (int e = 0; e < epochs && !t.Done; e++) t.Step();
        });
        double ms = clock.Elapsed.TotalMilliseconds;
        msPerEpoch = msPerEpoch == 0 ? ms / epochs : 0.7 * msPerEpoch + 0.3 * ms / epochs;
        Seconds += ms / 1000;
        Epoch += epochs;
        return epochs;
    }

    /// <summary>Each network's losses now: the training loss of its last epoch and the predict-mode loss after it.</summary>
    public GridRun[] Runs()
    {
        var runs = new GridRun[trainers.Length];
        Parallel.For(0, trainers.Length, i => runs[i] = GridRun.Of(trainers[i]));
        return runs;
    }
}
