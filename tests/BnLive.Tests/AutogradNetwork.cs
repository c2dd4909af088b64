using BnLive.Lesson;
using TorchSharp;
using static TorchSharp.torch;
using static BnLive.Lesson.Held;

namespace BnLive.Tests;

/// <summary>The notebook's MLP the straightforward way, as the product had it before its step was written out by
/// hand: leaf tensors, autograd's backward(), Adam per parameter. Kept in the tests as a second, independent check
/// of <see cref="Network"/>'s closed-form backward, in the same float32 arithmetic.</summary>
public sealed class AutogradNetwork : IDisposable
{
    public readonly Settings Settings;
    readonly Tensor w1, b1, w2, b2, w3, b3;
    readonly AutogradBatchNorm? bn1, bn2;
    readonly Tensor[] parameters;
    readonly AutogradAdam adam;

    public AutogradNetwork(Settings settings, InitWeights init)
    {
        Settings = settings;
        w1 = Param(init.W1); b1 = Param(init.B1);
        w2 = Param(init.W2); b2 = Param(init.B2);
        w3 = Param(init.W3); b3 = Param(init.B3);
        var list = new List<Tensor> { w1, b1, w2, b2, w3, b3 };
        if (settings.Mode == BnMode.Notebook)
        {
            bn1 = new AutogradBatchNorm(settings.Hidden, settings.Decay, settings.Eps);
            bn2 = new AutogradBatchNorm(settings.Hidden, settings.Decay, settings.Eps);
            list.AddRange([bn1.Gamma, bn1.Beta, bn2.Gamma, bn2.Beta]);
        }
        parameters = list.ToArray();
        adam = new AutogradAdam(parameters, settings.Lr);
    }

    /// <summary>The trainable parameters by the notebook's names (W as [in][out]).</summary>
    public IEnumerable<(string Name, Tensor Value)> Parameters()
    {
        yield return ("W1", w1); yield return ("b1", b1);
        yield return ("W2", w2); yield return ("b2", b2);
        yield return ("W3", w3); yield return ("b3", b3);
    }

    /// <summary>The gradients the last TrainStep applied: W1, b1, W2, b2, W3, b3, then gamma1, beta1, gamma2, beta2.</summary>
    public float[][] LastGradients { get; private set; } = [];

    /// <summary>Off for timing: the step then costs what the product's step did before.</summary>
    public bool CaptureGradients = true;

    public IReadOnlyList<AutogradBatchNorm> BatchNorms => bn1 is null ? [] : [bn1, bn2!];
    public int AdamStep => adam.T;
    public double Lr { get => adam.Lr; set => adam.Lr = value; }

    static Tensor Param(float[] v) => tensor(v).requires_grad_();
    static Tensor Param(float[][] m)
    {
        var flat = m.SelectMany(r => r).ToArray();
        return tensor(flat, [m.Length, m[0].Length]).requires_grad_();
    }

    /// <summary>Forward pass. training: batch moments (and the global-moment update); else global moments.</summary>
    public Tensor Forward(Tensor x, bool training)
    {
        var h = x.matmul(w1).add(b1, One);
        if (bn1 is not null) h = bn1.Forward(h, training);
        h = h.relu().matmul(w2).add(b2, One);
        if (bn2 is not null) h = bn2.Forward(h, training);
        return h.relu().matmul(w3).add(b3, One);
    }

    /// <summary>One full-batch epoch: training-mode MSE, backward, Adam. Returns the loss before the update.</summary>
    public float TrainStep(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        var loss = Forward(x, training: true).sub(y).square().mean();
        loss.backward();
        if (CaptureGradients) LastGradients = parameters.Select(p => p.grad!.data<float>().ToArray()).ToArray();
        adam.Step();
        return loss.item<float>();
    }

    /// <summary>Predict-mode fit (global moments) at x, and its MSE against y.</summary>
    public (float[] YPred, float Loss) Predict(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var pred = Forward(x, training: false);
        return (pred.data<float>().ToArray(), pred.sub(y).square().mean().item<float>());
    }

    public void Dispose()
    {
        foreach (var p in parameters) p.Dispose();
        foreach (var bn in BatchNorms) bn.Dispose();
        adam.Dispose();
    }
}

/// <summary>The notebook's batch_norm_wrapper: batch moments (biased variance) while training, which also
/// move the global moments by global*decay + batch*(1-decay); the global moments when predicting.</summary>
public sealed class AutogradBatchNorm : IDisposable
{
    public readonly Tensor Gamma, Beta, GlobalMean, GlobalVar;
    // Scalars made once and held: a temporary Scalar can be finalized by the GC while native code still uses it.
    readonly Scalar decay, oneMinusDecay, eps;

    public AutogradBatchNorm(int units, double decay, double eps)
    {
        Gamma = ones(units).requires_grad_();
        Beta = zeros(units).requires_grad_();
        GlobalMean = zeros(units);
        GlobalVar = ones(units);
        this.decay = decay.ToScalar();
        oneMinusDecay = (1 - decay).ToScalar();
        this.eps = eps.ToScalar();
    }

    public Tensor Forward(Tensor h, bool training)
    {
        Tensor mean, var;
        if (training)
        {
            mean = h.mean([0]);
            var = h.sub(mean).square().mean([0]);
            using (no_grad())
            {
                GlobalMean.mul_(decay).add_(mean, alpha: oneMinusDecay);
                GlobalVar.mul_(decay).add_(var, alpha: oneMinusDecay);
            }
        }
        else (mean, var) = (GlobalMean, GlobalVar);
        return h.sub(mean).div(var.add(eps, One).sqrt()).mul(Gamma).add(Beta, One);
    }

    public void Dispose()
    {
        Gamma.Dispose(); Beta.Dispose(); GlobalMean.Dispose(); GlobalVar.Dispose();
        decay.Dispose(); oneMinusDecay.Dispose(); eps.Dispose();
    }
}

/// <summary>TF1's AdamOptimizer: p -= lr·sqrt(1-β2^t)/(1-β1^t) · m/(sqrt(v)+ε).</summary>
public sealed class AutogradAdam : IDisposable
{
    const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    readonly Tensor[] parameters, m, v;
    readonly Scalar beta1 = Beta1.ToScalar(), oneMinusBeta1 = (1 - Beta1).ToScalar(),
        beta2 = Beta2.ToScalar(), oneMinusBeta2 = (1 - Beta2).ToScalar(), epsilon = Epsilon.ToScalar();
    public double Lr;
    public int T { get; private set; }

    public AutogradAdam(Tensor[] parameters, double lr)
    {
        this.parameters = parameters;
        m = parameters.Select(p => zeros_like(p)).ToArray();
        v = parameters.Select(p => zeros_like(p)).ToArray();
        Lr = lr;
    }

    public void Step()
    {
        T++;
        double lrT = Lr * Math.Sqrt(1 - Math.Pow(Beta2, T)) / (1 - Math.Pow(Beta1, T));
        using var _ = no_grad();
        using var step = lrT.ToScalar();
        for (int i = 0; i < parameters.Length; i++)
        {
            var g = parameters[i].grad!;
            m[i].mul_(beta1).add_(g, alpha: oneMinusBeta1);
            v[i].mul_(beta2).addcmul_(g, g, value: oneMinusBeta2);
            parameters[i].sub_(m[i].div(v[i].sqrt().add_(epsilon, One)).mul_(step));
            g.zero_();
        }
    }

    public void Dispose()
    {
        foreach (var t in m) t.Dispose();
        foreach (var t in v) t.Dispose();
        foreach (var sc in new[] { beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon }) sc.Dispose();
    }
}
