using BnLive.Lesson;
using static TorchSharp.torch;

namespace BnLive.Training;

/// <summary>Several networks of one mode (different seeds) trained in lockstep: one <see cref="NetworkStack"/>,
/// so the call overhead that dominates one small network is paid once for all of them. Each network's arithmetic
/// is the one of its single run: the batched matmuls run each network's product like the single one, and the
/// elementwise ops are the same per element.</summary>
public sealed class SeedBatch : IDisposable
{
    public readonly Settings Settings;
    public readonly int[] Seeds;
    readonly NetworkStack stack;

    public SeedBatch(Settings settings, IReadOnlyList<int> seeds)
    {
        Settings = settings;
        Seeds = seeds.ToArray();
        stack = new NetworkStack(settings, [.. Seeds.Select(s => InitWeights.Xavier(s, settings.Hidden))]);
    }

    public int Count => stack.Count;
    public int AdamStep => stack.AdamStep;
    public double Lr { get => stack.Lr; set => stack.Lr = value; }

    /// <summary>Network i's global moments [4,H] (mean1, var1, mean2, var2), for checks.</summary>
    public float[] GlobalMoments(int i)
    {
        if (stack.Globals is null) return [];
        using var part = stack.Globals.select(1, i);
        using var rows = part.contiguous();
        return rows.data<float>().ToArray();
    }

    /// <summary>One full-batch epoch of every network; losses[i] gets network i's MSE before its update.</summary>
    public void TrainStep(Tensor x, Tensor y, Span<float> losses) => stack.TrainStep(x, y, losses);

    /// <summary>Every network's predict-mode fit (global moments) at x, and its MSE against y.</summary>
    public (float[][] YPred, float[] Loss) Predict(Tensor x, Tensor y) => stack.Predict(x, y);

    public void Dispose() => stack.Dispose();
}
