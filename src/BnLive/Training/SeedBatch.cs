using BnLive.Engine;

namespace BnLive.Training;

/// <summary>Several networks of one mode (different seeds) trained in lockstep, spread over the CPU's cores. Each
/// network is a <see cref="Network"/> of its own, so it computes exactly what its single run computes.</summary>
public sealed class SeedBatch
{
    public readonly Settings Settings;
    public readonly int[] Seeds;
    readonly Network[] networks;
    readonly float[][] fits;
    readonly float[] predictLosses;

    public SeedBatch(Settings settings, IReadOnlyList<int> seeds)
    {
        Settings = settings;
        Seeds = [.. seeds];
        networks = [.. Seeds.Select(s => new Network(settings with { Seed = s }, InitWeights.Xavier(s, settings.Hidden)))];
        fits = new float[Seeds.Length][];
        predictLosses = new float[Seeds.Length];
    }

    public int Count => networks.Length;
    public int AdamStep => networks[0].AdamStep;
    public Network this[int i] => networks[i];

    public double Lr
    {
        get => networks[0].Lr;
        set { foreach (var n in networks) n.Lr = value; }
    }

    /// <summary>Network i's global moments (mean1, var1, mean2, var2, H each), for checks.</summary>
    public float[] GlobalMoments(int i) =>
        [.. networks[i].BatchNorms.SelectMany(bn => bn.GlobalMean.ToArray().Concat(bn.GlobalVar.ToArray()))];

    /// <summary>epochs full-batch epochs of every network; losses[i] gets network i's MSE before its last update.</summary>
    public void TrainSteps(float[] x, float[] y, float[] losses, int epochs = 1) =>
        Parallel.For(0, networks.Length, i =>
        {
            for (int e = 0; e < epochs; e++) losses[i] = networks[i].TrainStep(x, y);
        });

    /// <summary>Every network's predict-mode fit (global moments) at x, and its MSE against y.</summary>
    public (float[][] YPred, float[] Loss) Predict(float[] x, float[] y)
    {
        Parallel.For(0, networks.Length, i => (fits[i], predictLosses[i]) = networks[i].Predict(x, y));
        return ([.. fits], [.. predictLosses]);
    }
}
