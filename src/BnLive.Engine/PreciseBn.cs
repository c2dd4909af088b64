namespace BnLive.Engine;

/// <summary>Precise statistics (PreciseBN): BN's global moments recomputed from the training set at the current
/// weights, without training, instead of the moving average of batches taken while the weights moved. Each batch
/// goes through the network in training mode (its own moments normalise it, as a step would); the global moments
/// become the average of the batches' moments over one pass. With the full batch that is the population's own
/// mean and variance, so the predict-mode fit becomes the training-mode fit.</summary>
public static class PreciseBn
{
    /// <summary>Sets the global moments of the network from the batches (row indices into x); a network without
    /// BN is left alone. The variance is the one the mode's running average takes: biased (notebook), unbiased
    /// (PyTorch). The batches' moments are averaged in double, in the batches' order.</summary>
    public static void Apply(Network net, ReadOnlySpan<float> x, IReadOnlyList<int[]> batches)
    {
        if (net.BatchNorms.Count == 0) return;
        bool unbiased = net.Settings.Mode == BnMode.PyTorch;
        int h = net.Settings.Hidden;
        var sums = net.BatchNorms.Select(_ => (Mean: new double[h], Var: new double[h])).ToArray();
        foreach (var rows in batches)
        {
            var batch = new float[rows.Length];
            for (int i = 0; i < rows.Length; i++) batch[i] = x[rows[i]];
            var moments = net.Measure(batch);
            int n = rows.Length;
            double correction = n > 1 && unbiased ? n / (n - 1.0) : 1.0;
            for (int layer = 0; layer < sums.Length; layer++)
                for (int j = 0; j < h; j++)
                {
                    sums[layer].Mean[j] += moments[layer].Mean[j];
                    sums[layer].Var[j] += moments[layer].Var[j] * correction;
                }
        }
        for (int layer = 0; layer < sums.Length; layer++)
            for (int j = 0; j < h; j++)
            {
                net.BatchNorms[layer].GlobalMean.Span[j] = (float)(sums[layer].Mean[j] / batches.Count);
                net.BatchNorms[layer].GlobalVar.Span[j] = (float)(sums[layer].Var[j] / batches.Count);
            }
    }
}
