using TorchSharp;
using static TorchSharp.torch;
using static BnLive.Engine.PinnedScalars;

namespace BnLive.Engine;

/// <summary>Scalars held for the life of the process. TorchSharp turns a bare number, and the implicit alpha of
/// add/sub, into a temporary Scalar whose finalizer can free it while the native op still reads it (seen as
/// "Expected false to be true ... toFloat" crashes once another thread made garbage). Passing held ones avoids it.</summary>
public static class PinnedScalars
{
    public static readonly Scalar One = 1.ToScalar();
}

/// <summary>The lesson as the notebook writes it: its graph in TorchSharp autograd, float32, for reading and as the
/// tests' reference. <see cref="Network"/> is the same network with the backward written out by hand, on arrays.</summary>
public sealed class Notebook : IDisposable
{
    public readonly Settings Settings;
    readonly Tensor W1, b1, W2, b2, W3, b3;
    public readonly BatchNormWrapper? Bn1, Bn2;
    readonly Tensor[] all, trained;   // all parameters in Network's order; those Adam steps
    readonly Tf1Adam adam;

    public Notebook(Settings settings, InitWeights init)
    {
        Settings = settings;
        static Tensor Variable(float[] v, params long[] shape) => tensor(v, shape).requires_grad_();
        W1 = Variable([.. init.W1.SelectMany(r => r)], 1, settings.Hidden); b1 = Variable(init.B1, settings.Hidden);
        W2 = Variable([.. init.W2.SelectMany(r => r)], settings.Hidden, settings.Hidden); b2 = Variable(init.B2, settings.Hidden);
        W3 = Variable([.. init.W3.SelectMany(r => r)], settings.Hidden, 1); b3 = Variable(init.B3, 1);
        if (settings.HasBatchNorm) { Bn1 = new(settings); Bn2 = new(settings); }
        if (settings.HasBatchNorm && settings.PreBnBias == PreBnBias.None) using (no_grad()) { b1.zero_(); b2.zero_(); }
        Tensor[] bn = Bn1 is null ? [] : [Bn1.Scale, Bn1.Beta, Bn2!.Scale, Bn2.Beta];
        all = [W1, b1, W2, b2, W3, b3, .. bn];
        trained = settings.TrainsPreBnBias ? all : [W1, W2, W3, b3, .. bn];
        adam = new Tf1Adam(trained, settings.Lr);
    }

    /// <summary>Linear → BN → ReLU, Linear → BN → ReLU, Linear.</summary>
    public Tensor Forward(Tensor x, bool isTraining)
    {
        var h = x.matmul(W1).add(b1, One);
        if (Bn1 is not null) h = Bn1.Forward(h, isTraining);
        h = h.relu().matmul(W2).add(b2, One);
        if (Bn2 is not null) h = Bn2.Forward(h, isTraining);
        return h.relu().matmul(W3).add(b3, One);
    }

    /// <summary>One epoch: the training-mode MSE, its gradients, Adam. Returns the loss before the update.</summary>
    public float TrainStep(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        var error = Forward(x, isTraining: true).sub(y);
        var loss = error.mul(error).mean();
        loss.backward();
        if (KeepGradients) LastGradients = [.. all.Select(p => p.grad!.data<float>().ToArray())];
        adam.Step();
        foreach (var p in all) p.grad!.zero_();   // also the frozen biases' (Adam zeroes the ones it steps)
        return loss.item<float>();
    }

    /// <summary>The gradients of the last step: W1, b1, W2, b2, W3, b3, then gamma1, beta1, gamma2, beta2.</summary>
    public float[][] LastGradients { get; private set; } = [];
    /// <summary>Off for timing: the step then costs what autograd alone costs.</summary>
    public bool KeepGradients { get; init; } = true;
    public int AdamStep => adam.T;
    public double Lr { get => adam.Lr; set => adam.Lr = value; }

    public (float[] YPred, float Loss) Predict(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var pred = Forward(x, isTraining: false);
        var error = pred.sub(y);
        return (pred.data<float>().ToArray(), error.mul(error).mean().item<float>());
    }

    public void Dispose()
    {
        foreach (var p in all) p.Dispose();
        Bn1?.Dispose(); Bn2?.Dispose();
        adam.Dispose();
    }
}

/// <summary>The notebook's batch_norm_wrapper: the batch's moments while training, which also move the population
/// ones by pop·decay + batch·(1-decay); the population moments when predicting. The PyTorch mode feeds the
/// population variance the unbiased batch variance.</summary>
public sealed class BatchNormWrapper(Settings settings) : IDisposable
{
    public readonly Tensor Scale = ones(settings.Hidden).requires_grad_(), Beta = zeros(settings.Hidden).requires_grad_(),
        PopMean = zeros(settings.Hidden), PopVar = ones(settings.Hidden);
    readonly Scalar epsilon = settings.Eps.ToScalar();
    public double Decay { get; set; } = settings.Decay;

    public Tensor Forward(Tensor inputs, bool isTraining)
    {
        if (!isTraining) return Normalize(inputs, PopMean, PopVar);
        var batchMean = inputs.mean([0]);
        var centred = inputs.sub(batchMean);
        var batchVar = centred.mul(centred).mean([0]);   // tf.nn.moments: the biased variance
        long n = inputs.size(0);
        double correction = settings.Mode == BnMode.PyTorch && n > 1 ? n / (n - 1.0) : 1;
        using (no_grad())
        using (Scalar d = Decay.ToScalar(), rest = (1 - Decay).ToScalar(), restVar = ((1 - Decay) * correction).ToScalar())
        {
            PopMean.mul_(d).add_(batchMean, rest);
            PopVar.mul_(d).add_(batchVar, restVar);
        }
        return Normalize(inputs, batchMean, batchVar);
    }

    /// <summary>tf.nn.batch_normalization: (x - mean) / sqrt(var + ε) · scale + beta.</summary>
    Tensor Normalize(Tensor x, Tensor mean, Tensor var) => x.sub(mean).div(var.add(epsilon, One).sqrt()).mul(Scale).add(Beta, One);

    public void Dispose() { foreach (var t in new[] { Scale, Beta, PopMean, PopVar }) t.Dispose(); epsilon.Dispose(); }
}

/// <summary>TF1's AdamOptimizer: m ← β1·m + (1-β1)·g, v ← β2·v + (1-β2)·g², p -= lr·sqrt(1-β2^t)/(1-β1^t) · m/(sqrt(v)+ε).</summary>
public sealed class Tf1Adam(Tensor[] parameters, double lr) : IDisposable
{
    const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    readonly Tensor[] m = [.. parameters.Select(p => zeros_like(p))], v = [.. parameters.Select(p => zeros_like(p))];
    readonly Scalar beta1 = Beta1.ToScalar(), oneMinusBeta1 = (1 - Beta1).ToScalar(), beta2 = Beta2.ToScalar(),
        oneMinusBeta2 = (1 - Beta2).ToScalar(), epsilon = Epsilon.ToScalar();
    public double Lr = lr;
    public int T { get; private set; }

    public void Step()
    {
        T++;
        using var _ = no_grad();
        using var lrT = (Lr * Math.Sqrt(1 - Math.Pow(Beta2, T)) / (1 - Math.Pow(Beta1, T))).ToScalar();
        for (int i = 0; i < parameters.Length; i++)
        {
            var g = parameters[i].grad!;
            m[i].mul_(beta1).add_(g, oneMinusBeta1);
            v[i].mul_(beta2).addcmul_(g, g, oneMinusBeta2);
            parameters[i].sub_(m[i].div(v[i].sqrt().add_(epsilon, One)).mul_(lrT));
            g.zero_();
        }
    }

    public void Dispose() { foreach (var t in m.Concat(v)) t.Dispose(); foreach (var s in new[] { beta1, oneMinusBeta1, beta2, oneMinusBeta2, epsilon }) s.Dispose(); }
}
