using TorchSharp;
using static TorchSharp.torch;
using static BnLive.Lesson.Held;

namespace BnLive.Lesson;

/// <summary>Precise statistics (PreciseBN): BN's global moments recomputed from the training set at the current
/// weights, without training, instead of the moving average of batches taken while the weights moved. Each batch
/// goes through the network in training mode (its own moments normalise it, as a step would); the global moments
/// become the average of the batches' moments over one pass. With the full batch that is the population's own
/// mean and variance, so the predict-mode fit becomes the training-mode fit.</summary>
public static class PreciseBn
{
    /// <summary>Sets the global moments of every network from the batches (row ranges of x); networks without BN
    /// are left alone. The variance is the one the mode's running average takes: biased (notebook), unbiased (PyTorch).</summary>
    public static void Apply(NetworkStack net, Tensor x, IReadOnlyList<Tensor> batches)
    {
        if (net.Bn1 is null) return;
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        bool unbiased = net.Settings.Mode == BnMode.PyTorch;
        var sums = new[] { net.Bn1, net.Bn2! }.Select(bn => (Mean: zeros_like(bn.Mean, ScalarType.Float64), Var: zeros_like(bn.Var, ScalarType.Float64))).ToArray();
        foreach (var rows in batches)
        {
            var moments = net.Measure(x.index_select(0, rows));
            long n = rows.numel();
            using var correction = (n > 1 && unbiased ? n / (n - 1.0) : 1.0).ToScalar();   // held: no finalizer
            for (int layer = 0; layer < 2; layer++)
            {
                sums[layer].Mean.add_(moments[layer].Mean.to_type(ScalarType.Float64), One);
                sums[layer].Var.add_(moments[layer].Var.to_type(ScalarType.Float64).mul(correction), One);
            }
        }
        using var count = ((double)batches.Count).ToScalar();
        foreach (var (bn, sum) in new[] { net.Bn1, net.Bn2! }.Zip(sums))
        {
            bn.GlobalMean.copy_(sum.Mean.div(count));
            bn.GlobalVar.copy_(sum.Var.div(count));
        }
    }
}
