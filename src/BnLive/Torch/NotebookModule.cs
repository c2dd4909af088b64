using BnLive.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static BnLive.Torch.PinnedScalars;

namespace BnLive.Torch;

/// <summary>Scalars held for the life of the process. TorchSharp turns a bare number, and the implicit alpha of
/// add/sub, into a temporary Scalar whose finalizer can free it while the native op still reads it (seen as
/// "Expected false to be true ... toFloat" crashes once another thread made garbage). Passing held ones avoids it.</summary>
public static class PinnedScalars
{
    public static readonly Scalar One = 1.ToScalar();
}

/// <summary>The notebook's model as the notebook writes it, in TorchSharp autograd, float32: three linear layers, the
/// first two each followed by batch_norm_wrapper and ReLU, the mean squared error, and TF1's Adam. It starts from the
/// same InitWeights as the engine (<see cref="Network"/>, the same network with its backward written out by hand), so
/// both start from the same bits. The tests' reference, and the window's second engine (--engine torch): an edit
/// here shows in the window.</summary>
public sealed class NotebookModule : nn.Module<Tensor, Tensor>
{
    public readonly Settings Settings;
    readonly Parameter W1, b1, W2, b2, W3, b3;
    public readonly BatchNormWrapper? Bn1, Bn2;
    readonly Parameter[] all, trained;   // all parameters in Network's order; those Adam steps
    readonly Tf1Adam adam;

    public NotebookModule(Settings settings, InitWeights init) : base("mlp_model")
    {
        if (settings.HasLayerNorm) throw new ArgumentException("the TorchSharp model has no LayerNorm mode");
        Settings = settings;
        init = init.Scaled(settings.InitScale);
        int hidden = settings.Hidden;
        static Parameter Variable(float[] v, params long[] shape) => new(tensor(v, shape));
        W1 = Variable([.. init.W1.SelectMany(r => r)], 1, hidden); b1 = Variable(init.B1, hidden);
        W2 = Variable([.. init.W2.SelectMany(r => r)], hidden, hidden); b2 = Variable(init.B2, hidden);
        W3 = Variable([.. init.W3.SelectMany(r => r)], hidden, 1); b3 = Variable(init.B3, 1);
        if (settings.HasBatchNorm) { Bn1 = new("layer_1", settings); Bn2 = new("layer_2", settings); }
        // --pre-bn-bias none: the biases before BN are zero and stay so
        if (settings.HasBatchNorm && settings.PreBnBias == PreBnBias.None) using (no_grad()) { b1.zero_(); b2.zero_(); }
        RegisterComponents();
        Parameter[] bn = Bn1 is null ? [] : [Bn1.Gamma, Bn1.Beta, Bn2!.Gamma, Bn2.Beta];
        all = [W1, b1, W2, b2, W3, b3, .. bn];
        trained = settings.TrainsPreBnBias ? all : [W1, W2, W3, b3, .. bn];
        adam = new Tf1Adam(trained, settings.Lr);
    }

    /// <summary>layer_1: x·W1 + b1 → BN → ReLU; layer_2: the same; layer_3: ·W3 + b3. BN uses the batch's moments in
    /// training mode (train()) and the global ones in predict mode (eval()).</summary>
    public override Tensor forward(Tensor x)
    {
        var h1 = x.matmul(W1).add(b1, One);
        var bn1 = Bn1 is null ? h1 : Bn1.forward(h1);
        var l1 = bn1.relu();
        var h2 = l1.matmul(W2).add(b2, One);
        var bn2 = Bn2 is null ? h2 : Bn2.forward(h2);
        var l2 = bn2.relu();
        var yPred = l2.matmul(W3).add(b3, One);
        return yPred;
    }

    /// <summary>cost = reduce_mean(squared_difference(Y_pred, Y)).</summary>
    static Tensor Cost(Tensor yPred, Tensor y)
    {
        var error = yPred.sub(y);
        return error.mul(error).mean();
    }

    /// <summary>One epoch: the training-mode MSE, its gradients, Adam. Returns the loss before the update.</summary>
    public float TrainStep(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        train();
        var cost = Cost(forward(x), y);
        cost.backward();
        if (KeepGradients) LastGradients = [.. all.Select(p => p.grad!.data<float>().ToArray())];
        adam.Step();
        foreach (var p in all) p.grad!.zero_();   // also the frozen biases' (Adam zeroes the ones it steps)
        return cost.item<float>();
    }

    /// <summary>The predict-mode fit (global moments) at x, and its MSE against y.</summary>
    public (float[] YPred, float Loss) Predict(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        eval();
        var yPred = forward(x);
        return (yPred.data<float>().ToArray(), Cost(yPred, y).item<float>());
    }

    /// <summary>The model at its current weights in training mode, the global moments left where they are, and
    /// inside each BN layer: for the window's training-mode fit and inside panel.</summary>
    public Inside Inspect(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var layers = new List<BnInside>();
        Tensor Layer(Tensor input, Parameter W, Parameter b, BatchNormWrapper? bn)
        {
            var h = input.matmul(W).add(b, One);
            if (bn is null) return h.relu();
            var (batchMean, batchVar) = BatchNormWrapper.Moments(h);
            var after = bn.Normalize(h, batchMean, batchVar);
            layers.Add(new BnInside(Settings.Hidden, Floats(h), Floats(after), Floats(batchMean), Floats(batchVar),
                Floats(bn.GlobalMean), Floats(bn.GlobalVar), Floats(bn.Gamma), Floats(bn.Beta), Floats(b)));
            return after.relu();
        }
        var yPred = Layer(Layer(x, W1, b1, Bn1), W2, b2, Bn2).matmul(W3).add(b3, One);
        return new Inside(Floats(yPred), Cost(yPred, y).item<float>(), layers);
    }

    static float[] Floats(Tensor t) => t.detach().data<float>().ToArray();

    /// <summary>The gradients of the last step: W1, b1, W2, b2, W3, b3, then gamma1, beta1, gamma2, beta2.</summary>
    public float[][] LastGradients { get; private set; } = [];
    /// <summary>Off for timing: the step then costs what autograd alone costs.</summary>
    public bool KeepGradients { get; init; } = true;
    public int AdamStep => adam.T;
    public double Lr { get => adam.Lr; set => adam.Lr = value; }
    /// <summary>The decay of BN's global moments, changeable between steps.</summary>
    public double Decay
    {
        get => Bn1?.Decay ?? Settings.Decay;
        set { if (Bn1 is not null) Bn1.Decay = Bn2!.Decay = value; }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) adam.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>The notebook's batch_norm_wrapper: in training mode the batch's moments, which also move the global ones
/// by global·decay + batch·(1-decay); in predict mode the global moments. The PyTorch mode feeds the global variance
/// the unbiased batch variance.</summary>
public sealed class BatchNormWrapper : nn.Module<Tensor, Tensor>
{
    public readonly Parameter Gamma, Beta;
    public readonly Tensor GlobalMean, GlobalVar;
    readonly Scalar epsilon;
    readonly bool unbiasedGlobalVar;
    public double Decay { get; set; }

    public BatchNormWrapper(string name, Settings settings) : base(name)
    {
        int units = settings.Hidden;
        (Gamma, Beta) = (new Parameter(ones(units)), new Parameter(zeros(units)));
        (GlobalMean, GlobalVar) = (zeros(units), ones(units));
        epsilon = settings.Eps.ToScalar();
        unbiasedGlobalVar = settings.Mode == BnMode.PyTorch;
        Decay = settings.Decay;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (!training) return Normalize(x, GlobalMean, GlobalVar);
        var (batchMean, batchVar) = Moments(x);
        MoveGlobalMoments(batchMean, batchVar, x.size(0));
        return Normalize(x, batchMean, batchVar);
    }

    /// <summary>tf.nn.moments(x, [0]): each unit's mean and biased variance over the batch.</summary>
    public static (Tensor Mean, Tensor Var) Moments(Tensor x)
    {
        var mean = x.mean([0]);
        var centred = x.sub(mean);
        return (mean, centred.mul(centred).mean([0]));
    }

    void MoveGlobalMoments(Tensor batchMean, Tensor batchVar, long n)
    {
        double correction = unbiasedGlobalVar && n > 1 ? n / (n - 1.0) : 1;
        using var _ = no_grad();
        using Scalar decay = Decay.ToScalar(), rest = (1 - Decay).ToScalar(), restVar = ((1 - Decay) * correction).ToScalar();
        GlobalMean.mul_(decay).add_(batchMean, rest);
        GlobalVar.mul_(decay).add_(batchVar, restVar);
    }

    /// <summary>tf.nn.batch_normalization: x̂ = (x - mean) / sqrt(var + ε), then γ·x̂ + β.</summary>
    public Tensor Normalize(Tensor x, Tensor mean, Tensor var)
    {
        var centred = x.sub(mean);
        var std = var.add(epsilon, One).sqrt();
        var xHat = centred.div(std);
        return xHat.mul(Gamma).add(Beta, One);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) epsilon.Dispose();
        base.Dispose(disposing);
    }
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
