using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using static BnLive.Lesson.Held;

namespace BnLive.Lesson;

/// <summary>Scalars held for the life of the process. TorchSharp turns a bare number, and the implicit alpha of
/// add/sub, into a temporary Scalar whose finalizer can free it while the native op still reads it (seen as
/// "Expected false to be true ... toFloat" crashes once another thread made garbage). Passing held ones avoids it.</summary>
public static class Held
{
    public static readonly Scalar One = 1.ToScalar();
}

/// <summary>The notebook's MLP: Linear → BN → ReLU, Linear → BN → ReLU, Linear, MSE, with the notebook's own
/// batch norm and TF1's Adam. A training step is the closed-form backward of this small network written out by
/// hand (no autograd), on tensors allocated once: every op writes in place, so a step makes no garbage and costs
/// about one native call per line. The tests check it against an autograd version and a plain-C# reference.</summary>
/// <remarks>Layout: all parameters live in one flat buffer (gradients, Adam's m and v in three more of the same
/// shape), so Adam is a handful of whole-buffer ops. A layer's W and b sit next to each other as one
/// [in+1, out] matrix, and its input carries a column of ones, so x·W + b, dW and db are one matmul each.
/// BN's gamma and beta sit next to each other too, so their two gradient sums are one matmul.</remarks>
public sealed class Network : IDisposable
{
    public readonly Settings Settings;
    readonly int H;
    readonly bool bn, unbiased;   // unbiased: PyTorch's running variance takes the batch variance ·N/(N-1)
    readonly List<Tensor> owned = [];
    readonly Tensor flat, grad, adamM, adamV, adamDenom;
    readonly Tensor wb1, wb2, wb3, w1, b1, w2, b2, w3, b3, w2T;
    readonly Tensor gWb1, gWb2, gWb3;
    readonly Tensor? gB1, gB2;   // the gradients of b1, b2, zeroed before Adam when they are frozen or absent
    readonly BatchNorm? bn1, bn2;
    readonly Tensor? moments, globals; // [4,H]: batch mean1, var1, mean2, var2; the global ones likewise
    readonly Scalar eps, oneMinusBeta2;
    readonly Tensor epsAdam, oneMinusBeta1, beta2, decayT, oneMinusDecay;
    readonly Dictionary<int, Buffers> buffers = [];   // by batch size: a full batch, and a last smaller mini-batch
    int t;

    const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    public Network(Settings settings, InitWeights init)
    {
        Settings = settings;
        H = settings.Hidden;
        bn = settings.HasBatchNorm;
        unbiased = settings.Mode == BnMode.PyTorch;
        int size1 = 2 * H, size2 = (H + 1) * H, size3 = H + 1, sizeBn = 2 * H;
        int total = size1 + size2 + size3 + (bn ? 2 * sizeBn : 0);
        flat = Own(zeros(total));
        grad = Own(zeros(total));
        adamM = Own(zeros(total));
        adamV = Own(zeros(total));
        adamDenom = Own(zeros(total));

        Tensor Slice(Tensor buffer, int offset, params long[] shape)
        {
            // the narrowed tensor is a temporary: disposed here, not by a finalizer at some later time
            using var part = buffer.narrow(0, offset, shape.Aggregate(1L, (a, b) => a * b));
            return Own(part.view(shape));
        }
        // BN's gamma/beta before layer 3, so that every block a matmul writes into starts 64-byte aligned:
        // MKL's rounding depends on alignment, and the sweep's fresh (aligned) tensors must round alike
        int o2 = size1, oBn1 = o2 + size2, oBn2 = oBn1 + sizeBn, o3 = bn ? oBn2 + sizeBn : oBn1;
        wb1 = Slice(flat, 0, 2, H);
        wb2 = Slice(flat, o2, H + 1, H);
        wb3 = Slice(flat, o3, H + 1, 1);
        w1 = Slice(flat, 0, 1, H); b1 = Slice(flat, H, H);
        w2 = Slice(flat, o2, H, H); b2 = Slice(flat, o2 + H * H, H);
        w3 = Slice(flat, o3, H, 1); b3 = Slice(flat, o3 + H, 1);
        w2T = Own(w2.t());
        gWb1 = Slice(grad, 0, 2, H);
        gWb2 = Slice(grad, o2, H + 1, H);
        gWb3 = Slice(grad, o3, H + 1, 1);
        if (!settings.TrainsPreBnBias) { gB1 = Slice(grad, H, H); gB2 = Slice(grad, o2 + H * H, H); }

        using (var values = tensor(Flatten(init, bn))) flat.copy_(values);

        if (bn)
        {
            moments = Own(zeros(4, H));
            globals = Own(zeros(4, H));
            BatchNorm Layer(int offset, int row) => new(
                Slice(flat, offset, 1, H), Slice(flat, offset + H, 1, H),
                Slice(grad, offset, 1, 2 * H), Slice(grad, offset, 1, H), Slice(grad, offset + H, 1, H),
                Own(moments.narrow(0, row, 1)), Own(moments.narrow(0, row + 1, 1)),
                Own(globals[row]), Own(globals[row + 1]), Own(zeros(1, H)), Own(zeros(1, H)));
            bn1 = Layer(oBn1, 0);
            bn2 = Layer(oBn2, 2);
            bn1.GlobalVar.fill_(One); bn2.GlobalVar.fill_(One);
        }
        RemoveAbsentBiases();
        eps = settings.Eps.ToScalar();
        oneMinusBeta2 = (1 - Beta2).ToScalar();
        epsAdam = Own(tensor((float)Epsilon));
        oneMinusBeta1 = Own(tensor((float)(1 - Beta1)));
        beta2 = Own(tensor((float)Beta2));
        decayT = Own(tensor((float)settings.Decay));
        oneMinusDecay = Own(tensor((float)(1 - settings.Decay)));
        Lr = settings.Lr;
        Decay = settings.Decay;
    }

    /// <summary>What each of the four rows of the batch moments (mean1, var1, mean2, var2) is weighted by when it
    /// joins the global ones: (1-decay), and PyTorch's variance rows (1-decay)·N/(N-1) (a batch of one: 1).</summary>
    void SetMomentWeights(Buffers b)
    {
        using var _ = inference_mode();   // the buffers were made in inference mode: only there can they be written
        double rest = 1 - Decay, correction = b.N > 1 ? b.N / (b.N - 1.0) : 1;
        using var w = tensor(new[] { (float)rest, (float)(rest * correction), (float)rest, (float)(rest * correction) }, [4, 1]);
        b.MomentWeights.copy_(w);
    }

    Tensor Own(Tensor t) { owned.Add(t); return t; }

    /// <summary>With --pre-bn-bias none, b1 and b2 are zero and stay so (also after a model is loaded): x·W + 0 is
    /// x·W exactly, so this is the network without them.</summary>
    public void RemoveAbsentBiases()
    {
        if (!bn || Settings.PreBnBias != PreBnBias.None) return;
        b1.zero_(); b2.zero_();
    }

    /// <summary>The flat parameter buffer's initial contents: W1, b1, W2, b2 (W as [in][out], row by row), with BN
    /// then gamma1 (ones), beta1 (zeros), gamma2, beta2, and last W3, b3. The sweep lays out its rows the same way.</summary>
    public static float[] Flatten(InitWeights init, bool batchNorm)
    {
        int h = init.B1.Length;
        var values = new List<float>();
        values.AddRange(init.W1.SelectMany(r => r)); values.AddRange(init.B1);
        values.AddRange(init.W2.SelectMany(r => r)); values.AddRange(init.B2);
        if (batchNorm)
            for (int layer = 0; layer < 2; layer++)
            {
                values.AddRange(Enumerable.Repeat(1f, h));
                values.AddRange(new float[h]);
            }
        values.AddRange(init.W3.SelectMany(r => r)); values.AddRange(init.B3);
        return values.ToArray();
    }

    [DllImport("LibTorchSharp")]
    static extern IntPtr THSTensor_data(IntPtr handle);

    /// <summary>Where a CPU tensor's first element lives (TorchSharp 0.107 has no public data_ptr).</summary>
    internal static IntPtr DataPointer(Tensor t) => THSTensor_data(t.Handle);

    /// <summary>The trainable parameters by the notebook's names (W as [in][out]).</summary>
    public IEnumerable<(string Name, Tensor Value)> Parameters()
    {
        yield return ("W1", w1); yield return ("b1", b1);
        yield return ("W2", w2); yield return ("b2", b2);
        yield return ("W3", w3); yield return ("b3", b3);
        foreach (var (layer, i) in BatchNorms.Select((l, i) => (l, i + 1)))
        {
            yield return ("gamma" + i, layer.Gamma); yield return ("beta" + i, layer.Beta);
        }
    }

    /// <summary>The gradients the last TrainStep applied, by the names of <see cref="Parameters"/>.</summary>
    public IEnumerable<(string Name, Tensor Value)> Gradients() => ViewsInto(grad);

    /// <summary>Adam's first and second moments, by the names of <see cref="Parameters"/> (writable views).</summary>
    public IEnumerable<(string Name, Tensor Value)> AdamM() => ViewsInto(adamM);
    public IEnumerable<(string Name, Tensor Value)> AdamV() => ViewsInto(adamV);

    /// <summary>A buffer laid out as the parameters, viewed by parameter name: a parameter's gradient (or m, or v)
    /// sits at the same place in its buffer as the parameter in the flat one.</summary>
    IEnumerable<(string Name, Tensor Value)> ViewsInto(Tensor buffer)
    {
        foreach (var (name, p) in Parameters())
        {
            long offset = (DataPointer(p) - DataPointer(flat)) / sizeof(float);
            using var part = buffer.narrow(0, offset, p.numel());
            yield return (name, part.view(p.shape));
        }
    }

    public IReadOnlyList<BatchNorm> BatchNorms => bn1 is null ? [] : [bn1, bn2!];
    /// <summary>Adam's t: updates done. Settable to resume a saved model.</summary>
    public int AdamStep { get => t; set => t = value; }
    /// <summary>Adam's learning rate; changing it keeps Adam's state (m, v, t).</summary>
    public double Lr { get; set; }

    /// <summary>The decay of BN's global moments, changeable between steps.</summary>
    public double Decay
    {
        get;
        set
        {
            field = value;
            using Scalar d = value.ToScalar(), rest = (1 - value).ToScalar();
            decayT.fill_(d);
            oneMinusDecay.fill_(rest);
            foreach (var b in buffers.Values) SetMomentWeights(b);
        }
    }

    Buffers BuffersFor(int n)
    {
        if (buffers.TryGetValue(n, out var b)) return b;
        buffers[n] = b = new Buffers(n, H);
        SetMomentWeights(b);
        return b;
    }

    /// <summary>One full-batch epoch: training-mode forward (moving the global moments), backward, Adam.
    /// Returns the MSE before the update.</summary>
    public float TrainStep(Tensor x, Tensor y)
    {
        using var _ = inference_mode();
        int n = (int)x.size(0);
        var b = BuffersFor(n);
        float loss = Forward(b, x, y);
        Backward(b);
        // frozen or absent: a zero gradient leaves m and v at zero, so Adam's step is exactly 0/(0+ε)
        gB1?.zero_(); gB2?.zero_();
        Adam();
        return loss;
    }

    /// <summary>The predict-mode MSE alone (global moments), in place on the step's buffers: some twenty native
    /// calls, so the loss panel can have it every epoch. Predict's arithmetic, to float rounding.</summary>
    public float PredictLoss(Tensor x, Tensor y)
    {
        using var _ = inference_mode();
        int n = (int)x.size(0);
        var b = BuffersFor(n);
        b.XColumn.copy_(x);
        if (bn)
        {
            b.H1.addmm_(b.Xa, wb1, 0, 1);
            BnPredict(bn1!, b.H1, b.A1);
        }
        else b.A1.addmm_(b.Xa, wb1, 0, 1);
        b.A1.relu_();
        if (bn)
        {
            b.H2.addmm_(b.A1a, wb2, 0, 1);
            BnPredict(bn2!, b.H2, b.A2);
        }
        else b.A2.addmm_(b.A1a, wb2, 0, 1);
        b.A2.relu_();
        b.Wb3Column.copy_(wb3);
        b.DiffPadded.addmm_(b.A2a, b.Wb3Padded, 0, 1);
        b.Diff.sub_(y);
        return b.Loss();
    }

    /// <summary>(h - global mean) / sqrt(global var + eps) · γ + β into output. Scale serves as scratch for the
    /// std: a training step sets it afresh before it reads it.</summary>
    void BnPredict(BatchNorm layer, Tensor h, Tensor output)
    {
        layer.Scale.copy_(layer.GlobalVar).add_(eps, One).sqrt_();
        h.sub_(layer.GlobalMean).div_(layer.Scale);
        output.copy_(layer.Beta).addcmul_(h, layer.Gamma, One);
    }

    float Forward(Buffers b, Tensor x, Tensor y)
    {
        b.XColumn.copy_(x);
        if (bn)
        {
            b.H1.addmm_(b.Xa, wb1, 0, 1);
            BnForward(bn1!, b, b.H1, b.A1);
        }
        else b.A1.addmm_(b.Xa, wb1, 0, 1);
        Relu(b.A1, b.Mask1);
        if (bn)
        {
            b.H2.addmm_(b.A1a, wb2, 0, 1);
            BnForward(bn2!, b, b.H2, b.A2);
        }
        else b.A2.addmm_(b.A1a, wb2, 0, 1);
        Relu(b.A2, b.Mask2);
        // layer 3 multiplies by [W3 b3 | 0]: a one-column product takes BLAS's gemv path, whose rounding the
        // sweep's batched matmul cannot reproduce; with two columns both take gemm and agree bit for bit
        b.Wb3Column.copy_(wb3);
        b.DiffPadded.addmm_(b.A2a, b.Wb3Padded, 0, 1);
        b.Diff.sub_(y);
        // global ← global·decay + batch·(1-decay), both layers' means and variances in one go
        if (bn) globals!.mul_(decayT).addcmul_(moments!, unbiased ? b.MomentWeights : oneMinusDecay, One);
        return b.Loss();
    }

    /// <summary>BN in training mode. h is overwritten: centred, then normalised (x̂, which the backward needs).</summary>
    void BnForward(BatchNorm layer, Buffers b, Tensor h, Tensor output)
    {
        layer.Mean.addmm_(b.OnesOverN, h, 0, 1);      // mean over the batch, as a matmul with 1/N
        h.sub_(layer.Mean);
        b.Cov.addmm_(ReferenceEquals(h, b.H1) ? b.H1T : b.H2T, h, 0, 1f / b.N); // biased variance: the diagonal of cᵀc/N
        layer.Var.copy_(b.CovDiagonal);
        layer.InvStd.copy_(b.CovDiagonal).add_(eps, One).rsqrt_();
        h.mul_(layer.InvStd);
        output.copy_(layer.Beta).addcmul_(h, layer.Gamma, One);
    }

    static void Relu(Tensor a, Tensor mask)
    {
        a.relu_();
        mask.copy_(a).sign_();                        // 1 where the unit was active, else 0: ReLU's gradient
    }

    void Backward(Buffers b)
    {
        // d mean((pred-y)²)/d pred = 2(pred-y)/N; layer 3 and the signal into the second ReLU
        float twoOverN = 2f / b.N;
        b.GradWb3Padded.addmm_(b.A2aT, b.DiffPadded, 0, twoOverN);
        gWb3.copy_(b.GradWb3Column);
        b.Dy2.addmm_(b.DiffPadded, b.Wb3PaddedT, 0, twoOverN);
        b.Dy2.mul_(b.Mask2);
        if (bn) BnBackward(bn2!, b, b.H2, b.Dy2, b.Dt2);
        gWb2.addmm_(b.A1aT, b.Dy2, 0, 1);
        b.Dy1.addmm_(b.Dy2, w2T, 0, 1);
        b.Dy1.mul_(b.Mask1);
        if (bn) BnBackward(bn1!, b, b.H1, b.Dy1, b.Dt1);
        gWb1.addmm_(b.XaT, b.Dy1, 0, 1);
    }

    /// <summary>BN's backward, dy in place to dh: with x̂ = (h-μ)/σ and y = γx̂ + β,
    /// dβ = Σdy, dγ = Σdy·x̂, dh = γ/σ · (dy - (dβ + x̂·dγ)/N). dt is [dy·x̂ | dy], so both sums are one matmul.</summary>
    void BnBackward(BatchNorm layer, Buffers b, Tensor xhat, Tensor dy, Tensor dt)
    {
        var dyXhat = b.DyXhat(dt);
        dyXhat.copy_(dy).mul_(xhat);
        layer.GradGammaBeta.addmm_(b.OnesRow, dt, 0, 1);
        dy.addcmul_(xhat, layer.GradGamma, b.MinusOneOverN);
        dy.add_(layer.GradBeta, b.MinusOneOverN);
        dy.mul_(layer.Scale.copy_(layer.Gamma).mul_(layer.InvStd));
    }

    /// <summary>TF1's AdamOptimizer on the whole flat buffer: p -= lr·sqrt(1-β2^t)/(1-β1^t) · m/(sqrt(v)+ε).</summary>
    void Adam()
    {
        t++;
        double lrT = Lr * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
        adamM.lerp_(grad, oneMinusBeta1);             // β1·m + (1-β1)·g
        adamV.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
        adamDenom.copy_(adamV).sqrt_().add_(epsAdam, One);
        using var step = (-lrT).ToScalar();
        flat.addcdiv_(adamM, adamDenom, step);
    }

    /// <summary>Predict-mode fit (global moments) at x, and its MSE against y.</summary>
    public (float[] YPred, float Loss) Predict(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var h = x.matmul(w1).add(b1, One);
        if (bn1 is not null) h = bn1.Predict(h, eps);
        h = h.relu().matmul(w2).add(b2, One);
        if (bn2 is not null) h = bn2.Predict(h, eps);
        var pred = h.relu().matmul(w3).add(b3, One);
        return (pred.data<float>().ToArray(), Square(pred.sub(y)).mean().item<float>());
    }

    /// <summary>x², as x·x: TorchSharp's square() is pow(x, 2) with a temporary Scalar, which a collection can free
    /// while the native op reads it (a crash seen under GC pressure).</summary>
    static Tensor Square(Tensor x) => x.mul(x);

    /// <summary>The network at its current weights, both ways (predict mode with the global moments, and the
    /// training-mode output with the batch's own moments, without moving the global ones), and inside each BN layer.
    /// Plain ops, for drawing: once a frame, not once a step.</summary>
    public Inside Inspect(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        var layers = new List<BnInside>();
        static float[] Floats(Tensor t) => t.contiguous().data<float>().ToArray();
        Tensor Hidden(Tensor input, Tensor w, Tensor b, BatchNorm? layer)
        {
            var h = input.matmul(w).add(b, One);
            if (layer is null) return h.relu();
            var mean = h.mean([0], keepdim: true);
            var centred = h.sub(mean);
            var variance = Square(centred).mean([0], keepdim: true);   // biased, as the notebook's tf.nn.moments
            var normed = centred.div(variance.add(eps, One).sqrt()).mul(layer.Gamma).add(layer.Beta, One);
            layers.Add(new BnInside((int)h.size(1), Floats(h), Floats(normed), Floats(mean), Floats(variance),
                Floats(layer.GlobalMean), Floats(layer.GlobalVar), Floats(layer.Gamma), Floats(layer.Beta), Floats(b)));
            return normed.relu();
        }
        var a1 = Hidden(x, w1, b1, bn1);
        var a2 = Hidden(a1, w2, b2, bn2);
        var fit = a2.matmul(w3).add(b3, One);
        return new Inside(Floats(fit), Square(fit.sub(y)).mean().item<float>(), layers);
    }

    public void Dispose()
    {
        foreach (var b in buffers.Values) b.Dispose();
        foreach (var tensor in owned) tensor.Dispose();
        foreach (var s in new[] { eps, oneMinusBeta2 }) s.Dispose();
    }

    /// <summary>The step's work tensors for a batch of N rows, made once.</summary>
    sealed class Buffers : IDisposable
    {
        public readonly int N;
        readonly List<Tensor> owned = [];
        readonly int H;
        public readonly Tensor Xa, XaT, XColumn, H1, H2, H1T, H2T, A1a, A1aT, A1, A2a, A2aT, A2, Mask1, Mask2, Diff,
            Dt1, Dt2, Dy1, Dy2, DiffPadded, Wb3Padded, Wb3PaddedT, Wb3Column, GradWb3Padded, GradWb3Column, Cov, CovDiagonal, OnesOverN, OnesRow, MomentWeights;
        public readonly Scalar MinusOneOverN;
        readonly unsafe float* diff;

        public Buffers(int n, int h)
        {
            N = n; H = h;
            Xa = Own(ones(n, 2)); XaT = Own(Xa.t()); XColumn = Own(Xa.narrow(1, 0, 1));
            H1 = Own(zeros(n, h)); H2 = Own(zeros(n, h)); H1T = Own(H1.t()); H2T = Own(H2.t());
            A1a = Own(ones(n, h + 1)); A1aT = Own(A1a.t()); A1 = Own(A1a.narrow(1, 0, h));
            A2a = Own(ones(n, h + 1)); A2aT = Own(A2a.t()); A2 = Own(A2a.narrow(1, 0, h));
            Mask1 = Own(zeros(n, h)); Mask2 = Own(zeros(n, h));
            DiffPadded = Own(zeros(n, 2)); Diff = Own(DiffPadded.narrow(1, 0, 1));
            Wb3Padded = Own(zeros(h + 1, 2)); using (var top = Wb3Padded.narrow(0, 0, h)) Wb3PaddedT = Own(top.t()); Wb3Column = Own(Wb3Padded.narrow(1, 0, 1));
            GradWb3Padded = Own(zeros(h + 1, 2)); GradWb3Column = Own(GradWb3Padded.narrow(1, 0, 1));
            Dt1 = Own(zeros(n, 2 * h)); Dt2 = Own(zeros(n, 2 * h));
            Dy1 = Own(Dt1.narrow(1, h, h)); Dy2 = Own(Dt2.narrow(1, h, h));
            Cov = Own(zeros(h, h)); CovDiagonal = Own(Cov.diagonal());
            MomentWeights = Own(zeros(4, 1));
            using (var oneOverN = (1f / n).ToScalar()) OnesOverN = Own(full([1, n], oneOverN));   // a held Scalar
            OnesRow = Own(ones(1, n));
            MinusOneOverN = (-1.0 / n).ToScalar();
            unsafe { diff = (float*)DataPointer(Diff); }
        }

        Tensor Own(Tensor t) { owned.Add(t); return t; }

        public Tensor DyXhat(Tensor dt) => ReferenceEquals(dt, Dt1) ? dyXhat1 ??= Own(Dt1.narrow(1, 0, H))
                                                                     : dyXhat2 ??= Own(Dt2.narrow(1, 0, H));
        Tensor? dyXhat1, dyXhat2;

        /// <summary>mean(diff²), read straight from the buffer: no native call.</summary>
        public unsafe float Loss()
        {
            double sum = 0;
            for (int i = 0; i < N; i++) sum += (double)diff[2 * i] * diff[2 * i]; // column 0 of DiffPadded
            return (float)(sum / N);
        }

        public void Dispose()
        {
            foreach (var t in owned) t.Dispose();
            MinusOneOverN.Dispose();
        }
    }
}

/// <summary>One BN layer at the current weights, on the whole batch: pre-activations before BN and after it
/// (γx̂+β), [N,H] row by row; the batch's moments against the global ones; γ and β; the bias b before BN. All per unit.</summary>
public sealed record BnInside(int Units, float[] Before, float[] After, float[] BatchMean, float[] BatchVar,
    float[] GlobalMean, float[] GlobalVar, float[] Gamma, float[] Beta, float[]? Bias = null);

/// <summary>The training-mode fit (batch moments) and its MSE, and the inside of each BN layer.</summary>
public sealed record Inside(float[] TrainModeFit, float TrainModeLoss, IReadOnlyList<BnInside> Layers);

/// <summary>The notebook's batch_norm_wrapper for one layer: batch moments (biased variance) while training,
/// which also move the global moments by global·decay + batch·(1-decay); the global moments when predicting.
/// Every tensor here is a view into the network's buffers.</summary>
public sealed class BatchNorm(Tensor gamma, Tensor beta, Tensor gradGammaBeta, Tensor gradGamma, Tensor gradBeta,
    Tensor mean, Tensor var, Tensor globalMean, Tensor globalVar, Tensor invStd, Tensor scale)
{
    public readonly Tensor Gamma = gamma, Beta = beta, GlobalMean = globalMean, GlobalVar = globalVar;
    internal readonly Tensor GradGammaBeta = gradGammaBeta, GradGamma = gradGamma, GradBeta = gradBeta,
        Mean = mean, Var = var, InvStd = invStd, Scale = scale;

    internal Tensor Predict(Tensor h, Scalar eps) =>
        h.sub(GlobalMean).div(GlobalVar.add(eps, One).sqrt()).mul(Gamma).add(Beta, One);
}
