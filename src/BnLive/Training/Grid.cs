using BnLive.Engine;

namespace BnLive.Training;

/// <summary>One network of a grid sweep (a learning rate or a batch size, a seed, a mode) and its final losses:
/// the training loss of its last epoch and the predict-mode loss after it, as the seed sweep reports them.</summary>
public sealed record GridRun(BnMode Mode, int Seed, double Lr, int BatchSize, int Epochs, float TrainLoss, float PredictLoss)
{
    /// <summary>Predict-mode over training loss: 1 where both modes compute the same function.</summary>
    public float Ratio => PredictLoss / TrainLoss;

    /// <summary>A run's record now: the training loss of its last epoch and the predict-mode loss after it.</summary>
    public static GridRun Of(Trainer t) =>
        new(t.Settings.Mode, t.Settings.Seed, t.Settings.Lr, t.BatchPoints, t.Epoch, t.LastLoss, t.Network.PredictLoss(t.X, t.Y));

    /// <summary>A loss is not finite, or the training loss ends above bound.</summary>
    public bool Diverged(float bound) => !float.IsFinite(TrainLoss) || !float.IsFinite(PredictLoss) || TrainLoss > bound;
}

/// <summary>Networks of any settings (rates, batch sizes, seeds, modes) trained side by side on all cores. Each is a
/// <see cref="Trainer"/> of its own, stepped as the export steps it, so each ends with the bits of its single run.</summary>
public static class Grid
{
    /// <summary>Epochs a network trains between looks at the stop flag and the progress count.</summary>
    const int Chunk = 500;

    /// <summary>Trains every cell for its epochs on the points x, y. progress hears the epochs done so far over all
    /// cells (from any thread, one call at a time); stop is asked between chunks, and a true ends the work (null returned).</summary>
    public static GridRun[]? Train(IReadOnlyList<Settings> cells, float[] x, float[] y, Action<long>? progress = null, Func<bool>? stop = null)
    {
        var runs = new GridRun[cells.Count];
        long done = 0, shown = 0;
        var gate = new object();
        var result = Parallel.For(0, cells.Count, (i, loop) =>
        {
            var s = cells[i];
            using var t = new Trainer(s, (x, y));
            while (!t.Done)
            {
                if (stop?.Invoke() == true || loop.IsStopped) { loop.Stop(); return; }
                int steps = Math.Min(Chunk, s.Epochs - t.Epoch);
                for (int e = 0; e < steps; e++) t.Step();
                long now = Interlocked.Add(ref done, steps);
                if (progress is not null)
                    lock (gate) progress(shown = Math.Max(shown, now));   // threads may finish their chunks out of order
            }
            runs[i] = GridRun.Of(t);
        });
        return result.IsCompleted ? runs : null;
    }
}
