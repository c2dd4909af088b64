using TorchSharp;
using static TorchSharp.torch;

namespace BnLive.Lesson;

/// <summary>One BN layer at the current weights, on the whole batch: pre-activations before BN and after it
/// (γx̂+β), [N,H] row by row; the batch's moments against the global ones; γ and β; the bias b before BN. All per unit.</summary>
public sealed record BnInside(int Units, float[] Before, float[] After, float[] BatchMean, float[] BatchVar,
    float[] GlobalMean, float[] GlobalVar, float[] Gamma, float[] Beta, float[]? Bias = null);

/// <summary>The training-mode fit (batch moments) and its MSE, and the inside of each BN layer.</summary>
public sealed record Inside(float[] TrainModeFit, float TrainModeLoss, IReadOnlyList<BnInside> Layers);

public sealed partial class NetworkStack
{
    /// <summary>Every network's predict-mode MSE (global moments), in place on the step's buffers: some twenty
    /// native calls, so the loss panel can have it every epoch.</summary>
    public void PredictLoss(Tensor x, Tensor y, Span<float> losses)
    {
        using var _ = inference_mode();
        var w = WorkFor((int)x.size(0));
        Forward(w, x, Pass.Predict);
        Losses(w, y, losses);
    }

    /// <summary>Every network's predict-mode fit (global moments) at x, and its MSE against y.</summary>
    public (float[][] YPred, float[] Loss) Predict(Tensor x, Tensor y)
    {
        using var _ = inference_mode();
        var w = WorkFor((int)x.size(0));
        Forward(w, x, Pass.Predict);
        var fits = Enumerable.Range(0, Count).Select(w.Output).ToArray();
        w.Diff.sub_(y);
        return (fits, [.. Enumerable.Range(0, Count).Select(w.Loss)]);
    }

    /// <summary>Network i at its current weights in training mode (the batch's own moments, the global ones left
    /// where they are), and inside each of its BN layers. The step's own forward pass, for drawing: once a frame.</summary>
    public Inside Inspect(Tensor x, Tensor y, int i = 0)
    {
        using var _ = inference_mode();
        var w = WorkFor((int)x.size(0));
        Forward(w, x, Pass.Measure, inspect: true);
        var fit = w.Output(i);
        w.Diff.sub_(y);
        var layers = new List<BnInside>();
        foreach (var (bn, l, bias) in new[] { (Bn1, w.L1, b1), (Bn2, w.L2, b2) })
            if (bn is not null)
                layers.Add(new BnInside(H, Row(l.Pre, i), Row(l.Post, i), Row(bn.Mean, i), Row(bn.Var, i),
                    Row(bn.GlobalMean, i), Row(bn.GlobalVar, i), Row(bn.GammaSource[i]), Row(bn.BetaSource[i]), Row(bias[i])));
        return new Inside(fit, w.Loss(i), layers);
    }

    /// <summary>Network i's part of an [N,B,H] or [1,B,H] tensor (with B = 1, [N,H] or [1,H]), row by row.</summary>
    static float[] Row(Tensor t, int i)
    {
        using var part = t.dim() == 2 ? t.alias() : t.select(1, i);
        return Row(part);
    }

    static float[] Row(Tensor t)
    {
        using var _ = t;
        using var c = t.contiguous();
        return c.data<float>().ToArray();
    }

    /// <summary>BN's batch moments of every network on the rows x (training-mode normalisation, the global moments
    /// left alone), for precise statistics: per BN layer, the [1,B,H] mean and biased variance.</summary>
    internal IReadOnlyList<(Tensor Mean, Tensor Var)> Measure(Tensor x)
    {
        var w = WorkFor((int)x.size(0));
        Forward(w, x, Pass.Measure);
        return Bn1 is null ? [] : [(Bn1.Mean, Bn1.Var), (Bn2!.Mean, Bn2.Var)];
    }
}
