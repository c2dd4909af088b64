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
    /// <summary>Sets the global moments from the batches (row ranges of x); a network without BN is left alone.
    /// The variance is the one the mode's running average takes: biased (notebook), unbiased (PyTorch).</summary>
    public static void Apply(Network net, Tensor x, IReadOnlyList<Tensor> batches)
    {
        if (net.BatchNorms.Count == 0) return;
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var p = net.Parameters().ToDictionary(q => q.Name, q => q.Value);
        bool unbiased = net.Settings.Mode == BnMode.PyTorch;
        using var eps = net.Settings.Eps.ToScalar();   // held Scalars: none left to a finalizer
        var sums = net.BatchNorms.Select(_ => (Mean: zeros(1, net.Settings.Hidden, ScalarType.Float64), Var: zeros(1, net.Settings.Hidden, ScalarType.Float64))).ToArray();
        foreach (var rows in batches)
        {
            var h = x.index_select(0, rows);
            for (int layer = 0; layer < net.BatchNorms.Count; layer++)
            {
                var bn = net.BatchNorms[layer];
                h = h.matmul(p["W" + (layer + 1)]).add(p["b" + (layer + 1)], One);
                var mean = h.mean([0], keepdim: true);
                var centred = h.sub(mean);
                var variance = centred.mul(centred).mean([0], keepdim: true);   // biased: what training normalises with
                long n = h.size(0);
                using var correction = (n > 1 && unbiased ? n / (n - 1.0) : 1.0).ToScalar();
                sums[layer].Mean.add_(mean.to_type(ScalarType.Float64), One);
                sums[layer].Var.add_(variance.to_type(ScalarType.Float64).mul(correction), One);
                h = centred.div(variance.add(eps, One).sqrt()).mul(bn.Gamma).add(bn.Beta, One).relu();
            }
        }
        using var count = ((double)batches.Count).ToScalar();
        for (int layer = 0; layer < net.BatchNorms.Count; layer++)
        {
            net.BatchNorms[layer].GlobalMean.copy_(sums[layer].Mean.div(count).view(-1));
            net.BatchNorms[layer].GlobalVar.copy_(sums[layer].Var.div(count).view(-1));
        }
    }
}
