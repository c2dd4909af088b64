using TorchSharp;
using static TorchSharp.torch;
using static BnLive.Lesson.Held;

namespace BnLive.Lesson;

/// <summary>B copies of the notebook's MLP (Linear → BN → ReLU, Linear → BN → ReLU, Linear, MSE, the notebook's
/// own BN, TF1's Adam), side by side, each from its own weights: the window trains one (B = 1), the sweep one per
/// seed. The step is the closed-form backward of <see cref="Notebook"/>'s graph written out by hand on tensors made
/// once, each op over all B networks at once, so its native calls do not grow with B; the per-network products
/// go through <see cref="Gemm"/>. With B = 1 every op is in place and a step makes no garbage. The tests check it
/// against <see cref="Notebook"/> (autograd) and a plain-C# reference, and B networks against B single runs.</summary>
public sealed partial class NetworkStack : IDisposable
{
    public readonly Settings Settings;
    public readonly Layout Layout;
    public readonly int Count;
    readonly int H;
    readonly bool unbiased;   // PyTorch's running variance takes the batch variance ·N/(N-1)
    readonly Owner own = new();
    internal readonly Tensor Flat, Grad, AdamM, AdamV;   // [B, Layout.Total] each
    readonly Tensor adamDenom;
    readonly Tensor flatAll, gradAll, mAll, vAll, denomAll;   // the same, 1-D: Adam is elementwise over everything
    readonly Mat wb1, wb2, w2T, gWb1, gWb2, wb3Padded, wb3PaddedT, gWb3Padded;
    readonly Tensor wb3, gWb3, wb3Column, gWb3Column, b1, b2;
    // B > 1: layer 1's input x is every network's, so its product and dW1 are one plain matmul over [2, B·H] copies
    readonly Tensor? w1Shared, w1SharedRows, w1Source, g1Shared, g1SharedRows, g1Target;
    readonly Tensor? gB1, gB2;   // b1, b2's gradients, zeroed before Adam when they are frozen or absent
    internal readonly BnLayer? Bn1, Bn2;
    internal readonly Tensor? Globals;   // [4,B,H]: global mean1, var1, mean2, var2
    readonly Tensor? moments;            // [4,B,H]: the last batch's, likewise
    readonly Tensor? globalRows, momentRows;   // both as [4, B·H]
    readonly Scalar oneMinusBeta2;
    // eps as 0-dim tensors: add_ with a Scalar operand takes libtorch's wrapped-number path, 2 µs against 0.6
    readonly Tensor eps, epsAdam, oneMinusBeta1, beta2, decayT, oneMinusDecay;
    readonly Dictionary<int, Work> work = [];   // by batch size: a full batch, and a last smaller mini-batch
    readonly bool nativeGemm;

    const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    /// <param name="nativeGemm">false: every product through TorchSharp, also where MKL is at hand (for the tests).</param>
    public NetworkStack(Settings settings, IReadOnlyList<InitWeights> inits, bool nativeGemm = true)
    {
        this.nativeGemm = nativeGemm;
        Settings = settings;
        H = settings.Hidden;
        Count = inits.Count;
        unbiased = settings.Mode == BnMode.PyTorch;
        Layout = new Layout(H, settings.HasBatchNorm);
        int b = Count, total = Layout.Total;
        Flat = own.Own(tensor(inits.SelectMany(Layout.Flatten).ToArray(), [b, total]));
        Grad = own.Own(zeros(b, total));
        AdamM = own.Own(zeros(b, total));
        AdamV = own.Own(zeros(b, total));
        adamDenom = own.Own(zeros(b, total));

        Tensor Slice(Tensor buffer, int offset, long rows, long cols)
        {
            using var part = buffer.narrow(1, offset, rows * cols);   // a temporary, disposed here
            return own.Own(part.view(b, rows, cols));
        }
        Mat Matrix(Tensor buffer, int offset, long rows, long cols) => own.Mat(Slice(buffer, offset, rows, cols));
        Tensor Two(Tensor t) => b == 1 ? own.Own(t.select(0, 0)) : t;   // with B = 1, 2-D: a shorter path per op
        (flatAll, gradAll, mAll, vAll, denomAll) = (own.Own(Flat.view(-1)), own.Own(Grad.view(-1)), own.Own(AdamM.view(-1)),
            own.Own(AdamV.view(-1)), own.Own(adamDenom.view(-1)));
        wb1 = Matrix(Flat, Layout.Wb1, 2, H);
        wb2 = Matrix(Flat, Layout.Wb2, H + 1, H);
        wb3 = Two(Slice(Flat, Layout.Wb3, H + 1, 1));
        w2T = own.T(new Mat(own.Own(wb2.All.narrow(1, 0, H)), wb2.One is null ? null : own.Own(wb2.One.narrow(0, 0, H))));
        if (b > 1)
        {
            w1Shared = own.Own(zeros(2, b, H));
            w1SharedRows = own.Own(w1Shared.view(2, b * H));
            w1Source = own.Own(wb1.All.permute(1, 0, 2));
            g1Shared = own.Own(zeros(2, b, H));
            g1SharedRows = own.Own(g1Shared.view(2, b * H));
        }
        b1 = Slice(Flat, Layout.Wb1 + H, 1, H);
        b2 = Slice(Flat, Layout.Wb2 + H * H, 1, H);
        gWb1 = Matrix(Grad, Layout.Wb1, 2, H);
        if (b > 1) g1Target = own.Own(gWb1.All.permute(1, 0, 2));
        gWb2 = Matrix(Grad, Layout.Wb2, H + 1, H);
        gWb3 = Two(Slice(Grad, Layout.Wb3, H + 1, 1));
        if (!settings.TrainsPreBnBias) { gB1 = Slice(Grad, Layout.Wb1 + H, 1, H); gB2 = Slice(Grad, Layout.Wb2 + H * H, 1, H); }
        // layer 3 multiplies by [W3 b3 | 0]: MKL's one-column (and one-row) products round by where the operands lie,
        // which differs from network to network; with two columns every B rounds alike
        wb3Padded = own.Mat(zeros(b, H + 1, 2));
        wb3Column = Two(own.Own(wb3Padded.All.narrow(2, 0, 1)));
        using (var top = wb3Padded.All.narrow(1, 0, H)) wb3PaddedT = own.Mat(top.transpose(1, 2));
        // and its gradient as the rows [dW3 db3 ; 0] = (2/N)·[pred-y | 0]ᵀ·a: 2.5× as fast in MKL as two columns
        gWb3Padded = own.Mat(zeros(b, 2, H + 1));
        gWb3Column = Two(own.Own(own.Own(gWb3Padded.All.narrow(1, 0, 1)).transpose(1, 2)));

        if (Layout.BatchNorm)
        {
            moments = own.Own(zeros(4, b, H));
            Globals = own.Own(zeros(4, b, H));
            globalRows = own.Own(Globals.view(4, b * H));
            momentRows = own.Own(moments.view(4, b * H));
            Tensor Rows(Tensor buffer, int offset, int width)
            {
                using var part = buffer.narrow(1, offset, width);
                return own.Own(part.view(b, width));
            }
            BnLayer Layer(int offset, int row) => new(own, b, H, Rows(Flat, offset, H), Rows(Flat, offset + H, H),
                Rows(Grad, offset, 2 * H), moments, Globals, row);
            Bn1 = Layer(Layout.Bn1, 0);
            Bn2 = Layer(Layout.Bn2, 2);
            Bn1.GlobalVar.fill_(One); Bn2.GlobalVar.fill_(One);
        }
        RemoveAbsentBiases();
        eps = own.Own(tensor((float)settings.Eps));
        oneMinusBeta2 = own.Own((1 - Beta2).ToScalar());
        epsAdam = own.Own(tensor((float)Epsilon));
        oneMinusBeta1 = own.Own(tensor((float)(1 - Beta1)));
        beta2 = own.Own(tensor((float)Beta2));
        decayT = own.Own(tensor((float)settings.Decay));
        oneMinusDecay = own.Own(tensor((float)(1 - settings.Decay)));
        Lr = settings.Lr;
        Decay = settings.Decay;
    }

    /// <summary>Adam's t: updates done. Settable to resume a saved model.</summary>
    public int AdamStep { get; set; }
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
            using var _ = inference_mode();   // the work tensors were made in inference mode: only there can they be written
            foreach (var w in work.Values) w.SetMomentWeights(value);
        }
    }

    /// <summary>With --pre-bn-bias none, b1 and b2 are zero and stay so (also after a model is loaded): x·W + 0 is
    /// x·W exactly, so this is the network without them.</summary>
    public void RemoveAbsentBiases()
    {
        if (!Layout.BatchNorm || Settings.PreBnBias != PreBnBias.None) return;
        b1.zero_(); b2.zero_();
    }

    internal Work WorkFor(int n)
    {
        if (work.TryGetValue(n, out var w)) return w;
        work[n] = w = new Work(Count, n, H);
        w.Products = new Products(this, w, nativeGemm);
        w.SetMomentWeights(Decay);
        return w;
    }

    /// <summary>How a pass treats BN: Train normalises with the batch's moments and moves the global ones;
    /// Measure normalises with the batch's moments alone; Predict with the global moments.</summary>
    internal enum Pass { Train, Measure, Predict }

    /// <summary>One full-batch epoch of every network: training-mode forward (moving the global moments), backward,
    /// Adam. losses[i] gets network i's MSE before the update.</summary>
    public void TrainStep(Tensor x, Tensor y, Span<float> losses)
    {
        using var _ = inference_mode();
        using var flushed = Denormals.Flushed();
        var w = WorkFor((int)x.size(0));
        Forward(w, x, Pass.Train);
        Losses(w, y, losses);
        Backward(w);
        // frozen or absent: a zero gradient leaves m and v at zero, so Adam's step is exactly 0/(0+ε)
        gB1?.zero_(); gB2?.zero_();
        Adam();
    }

    /// <summary>After a forward pass: the output's difference from y (kept in w.Diff for the backward), and each
    /// network's MSE into losses.</summary>
    void Losses(Work w, Tensor y, Span<float> losses)
    {
        w.Diff.sub_(y);
        for (int i = 0; i < Count; i++) losses[i] = w.Loss(i);
    }

    /// <summary>The forward pass on x into w's buffers, up to the output (column 0 of w.DiffPadded).</summary>
    internal void Forward(Work w, Tensor x, Pass pass, bool inspect = false)
    {
        w.XColumn.copy_(x);
        if (Count > 1)
            foreach (var bn in new[] { Bn1, Bn2 })
                if (bn is not null) { bn.Gamma.copy_(bn.GammaSource); bn.Beta.copy_(bn.BetaSource); }
        Hidden(w, w.Products.Layer1, w.Products.Var1, Bn1, w.L1, pass, inspect);
        Hidden(w, w.Products.Layer2, w.Products.Var2, Bn2, w.L2, pass, inspect);
        wb3Column.copy_(wb3);
        w.Products.Layer3.Run();
        // global ← global·decay + batch·(1-decay), both layers' means and variances in one go
        if (pass == Pass.Train && Globals is not null)
            globalRows!.mul_(decayT).addcmul_(momentRows!, unbiased ? w.MomentWeights : oneMinusDecay, One);
    }

    /// <summary>A hidden layer: its product (layer 1's null: x shared by every network), BN, ReLU.</summary>
    void Hidden(Work w, Gemm? product, Gemm variance, BnLayer? bn, HiddenWork l, Pass pass, bool inspect)
    {
        var y = l.Ys;
        if (product is not null) product.Run();
        else
        {
            w1Shared!.copy_(w1Source!);
            (bn is null ? l.YRows : l.HRows)!.addmm_(w.X, w1SharedRows!, 0, 1);
        }
        if (bn is not null)
        {
            if (inspect) l.Pre.copy_(l.Hs);
            if (pass == Pass.Predict) BnPredict(bn, l.Hs, y);
            else BnForward(bn, w, l, variance);
            if (inspect) l.Post.copy_(y);
        }
        y.relu_();
        if (pass == Pass.Train) l.Mask.copy_(y).sign_();   // 1 where the unit was active, else 0: ReLU's gradient
        if (l.Separate) l.YInAa.copy_(y);
    }

    /// <summary>BN in training mode: h is centred, then normalised in place (x̂, which the backward needs).
    /// The mean is one matmul with a row of 1/N over every network's columns; the variance is the biased one.</summary>
    void BnForward(BnLayer bn, Work w, HiddenWork l, Gemm variance)
    {
        var h = l.Hs;
        bn.MeanRow.addmm_(w.OnesOverN, l.HRows, 0, 1);
        h.sub_(bn.Mean);
        variance.Run();
        bn.VarRow.copy_(w.CovDiagonal);
        bn.InvStd.copy_(bn.Var).add_(eps, One).rsqrt_();
        h.mul_(bn.InvStd);
        l.Ys.copy_(bn.Beta).addcmul_(h, bn.Gamma, One);
    }

    /// <summary>(h - global mean) / sqrt(global var + eps) · γ + β into output. Scale serves as scratch for the
    /// std: a training step sets it afresh before it reads it.</summary>
    void BnPredict(BnLayer bn, Tensor h, Tensor output)
    {
        bn.Scale.copy_(bn.GlobalVar).add_(eps, One).sqrt_();
        h.sub_(bn.GlobalMean).div_(bn.Scale);
        output.copy_(bn.Beta).addcmul_(h, bn.Gamma, One);
    }

    void Backward(Work w)
    {
        var p = w.Products;
        // layer 3 and the signal into the second ReLU
        p.GradW3.Run();
        gWb3.copy_(gWb3Column);
        p.Dy2.Run();
        w.L2.Dys.mul_(w.L2.Mask);
        if (Bn2 is not null) BnBackward(Bn2, w, w.L2);
        p.GradW2.Run();
        p.Dy1.Run();
        w.L1.Dys.mul_(w.L1.Mask);
        if (Bn1 is not null) BnBackward(Bn1, w, w.L1);
        if (p.GradW1 is not null) p.GradW1.Run();
        else
        {
            g1SharedRows!.addmm_(w.XT, w.L1.DyRows, 0, 1);
            g1Target!.copy_(g1Shared!);
        }
    }

    /// <summary>BN's backward, dy in place to dh: with x̂ = (h-μ)/σ and y = γx̂ + β,
    /// dβ = Σdy, dγ = Σdy·x̂, dh = γ/σ · (dy - (dβ + x̂·dγ)/N).</summary>
    void BnBackward(BnLayer bn, Work w, HiddenWork l)
    {
        var (dy, xhat) = (l.Dys, l.Hs);
        l.DyXhats.copy_(dy).mul_(xhat);
        bn.GradSums.addmm_(w.OnesRow, l.Dt.One!, 0, 1);   // every network's Σdy·x̂ and Σdy in one matmul
        if (bn.GradGammaTarget is not null) { bn.GradGammaTarget.copy_(bn.GradGammaRows!); bn.GradBetaTarget!.copy_(bn.GradBetaRows!); }
        dy.addcmul_(xhat, bn.GradGamma, w.MinusOneOverN);
        dy.add_(bn.GradBeta, w.MinusOneOverN);
        dy.mul_(bn.Scale.copy_(bn.Gamma).mul_(bn.InvStd));
    }

    /// <summary>TF1's AdamOptimizer on every parameter of every network at once:
    /// p -= lr·sqrt(1-β2^t)/(1-β1^t) · m/(sqrt(v)+ε).</summary>
    void Adam()
    {
        int t = ++AdamStep;
        double lrT = Lr * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
        mAll.lerp_(gradAll, oneMinusBeta1);             // β1·m + (1-β1)·g
        vAll.mul_(beta2).addcmul_(gradAll, gradAll, oneMinusBeta2);
        denomAll.copy_(vAll).sqrt_().add_(epsAdam, One);
        using var step = (-lrT).ToScalar();
        flatAll.addcdiv_(mAll, denomAll, step);
    }

    public void Dispose()
    {
        foreach (var w in work.Values) w.Dispose();
        own.Dispose();
    }
}
