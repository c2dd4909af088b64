using TorchSharp;
using static TorchSharp.torch;
using static BnLive.Lesson.Held;

namespace BnLive.Lesson;

/// <summary>B copies of the notebook's MLP (Linear → BN → ReLU, Linear → BN → ReLU, Linear, MSE, the notebook's
/// own BN, TF1's Adam), side by side, each from its own weights: the window trains one (B = 1), the sweep one per
/// seed. The step is the closed-form backward of <see cref="Notebook"/>'s graph written out by hand on buffers made
/// once: the per-network products go through <see cref="Gemm"/>, and the elementwise work (BN, ReLU, Adam) through
/// <see cref="Kernels"/>, loops over every network's floats at once. Its native calls do not grow with B, and a
/// step makes no garbage. The tests check it against <see cref="Notebook"/> (autograd) and a plain-C# reference,
/// and B networks against B single runs.</summary>
public sealed unsafe partial class NetworkStack : IDisposable
{
    public readonly Settings Settings;
    public readonly Layout Layout;
    public readonly int Count;
    readonly int H;
    readonly bool unbiased;   // PyTorch's running variance takes the batch variance ·N/(N-1)
    readonly Owner own = new();
    internal readonly Tensor Flat, Grad, AdamM, AdamV;   // [B, Layout.Total] each
    readonly float* flat, grad, adamM, adamV;
    readonly Mat wb1, wb2, w2T, gWb1, gWb2, wb3Padded, wb3PaddedT, gWb3Padded;
    readonly Tensor wb3, gWb3, wb3Column, gWb3Column, b1, b2;
    // B > 1: layer 1's input x is every network's, so its product and dW1 are one plain matmul over [2, B·H] copies
    readonly Tensor? w1Shared, w1SharedRows, w1Source, g1Shared, g1SharedRows, g1Target;
    readonly Tensor? gB1, gB2;   // b1, b2's gradients, zeroed before Adam when they are frozen or absent
    internal readonly BnLayer? Bn1, Bn2;
    internal readonly Tensor? Globals;   // [4,B,H]: global mean1, var1, mean2, var2
    readonly Tensor? moments;            // [4,B,H]: the last batch's, likewise
    readonly float* globalsP, momentsP;
    readonly float eps;
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
        flat = Layout.Floats(Flat);
        grad = Layout.Floats(Grad);
        adamM = Layout.Floats(AdamM);
        adamV = Layout.Floats(AdamV);

        Tensor Slice(Tensor buffer, int offset, long rows, long cols)
        {
            using var part = buffer.narrow(1, offset, rows * cols);   // a temporary, disposed here
            return own.Own(part.view(b, rows, cols));
        }
        Mat Matrix(Tensor buffer, int offset, long rows, long cols) => own.Mat(Slice(buffer, offset, rows, cols));
        Tensor Two(Tensor t) => b == 1 ? own.Own(t.select(0, 0)) : t;   // with B = 1, 2-D: a shorter path per op
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
            globalsP = Layout.Floats(Globals);
            momentsP = Layout.Floats(moments);
            Bn1 = new(own, b, H, Flat, Grad, Layout.Bn1, moments, Globals, 0);
            Bn2 = new(own, b, H, Flat, Grad, Layout.Bn2, moments, Globals, 2);
            Bn1.GlobalVar.fill_(One); Bn2.GlobalVar.fill_(One);
        }
        RemoveAbsentBiases();
        eps = (float)settings.Eps;
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
            foreach (var w in work.Values) w.SetMomentWeights(value, unbiased);
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
        w.SetMomentWeights(Decay, unbiased);
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
        Hidden(w, w.Products.Layer1, Bn1, w.L1, pass, inspect);
        Hidden(w, w.Products.Layer2, Bn2, w.L2, pass, inspect);
        wb3Column.copy_(wb3);
        w.Products.Layer3.Run();
        // global ← global·decay + batch·(1-decay), both layers' means and variances in one go
        if (pass == Pass.Train && Globals is not null) Kernels.Blend(globalsP, momentsP, Count * H, (float)Decay, w.MomentWeights);
    }

    /// <summary>A hidden layer: its product (layer 1's null: x shared by every network), BN, ReLU into the next
    /// layer's input. BN normalises with the batch's moments (x̂ kept for the backward), or in predict mode with
    /// the global ones.</summary>
    void Hidden(Work w, Gemm? product, BnLayer? bn, HiddenWork l, Pass pass, bool inspect)
    {
        if (product is not null) product.Run();
        else
        {
            w1Shared!.copy_(w1Source!);
            (bn is null ? l.YRows : l.HRows)!.addmm_(w.X, w1SharedRows!, 0, 1);
        }
        int c = Count * H;
        float* mask = pass == Pass.Train ? l.MaskP : null, post = inspect ? l.PostP : null;
        if (bn is null)
        {
            Kernels.Activate(l.YsP, l.YsRow, w.N, Count, H, null, null, false, null, null, 0, l.AaP, l.AaStride, mask, post);
            return;
        }
        if (inspect) l.Pre.copy_(l.Hs);
        float* center = pass == Pass.Predict ? bn.GlobalMeanP : bn.MeanP, variance = pass == Pass.Predict ? bn.GlobalVarP : bn.VarP;
        if (pass != Pass.Predict) Kernels.Moments(l.HsP, w.N, c, bn.MeanP, bn.VarP);
        Kernels.InverseStd(variance, eps, c, bn.InvStdP);
        Kernels.Activate(l.HsP, c, w.N, Count, H, center, bn.InvStdP, pass == Pass.Train, bn.GammaP, bn.BetaP,
            Layout.Total, l.AaP, l.AaStride, mask, post);
    }

    void Backward(Work w)
    {
        var p = w.Products;
        // layer 3 and the signal into the second ReLU
        p.GradW3.Run();
        gWb3.copy_(gWb3Column);
        p.Dy2.Run();
        Signal(w, Bn2, w.L2);
        p.GradW2.Run();
        p.Dy1.Run();
        Signal(w, Bn1, w.L1);
        if (p.GradW1 is not null) p.GradW1.Run();
        else
        {
            g1SharedRows!.addmm_(w.XT, w.L1.DyRows, 0, 1);
            g1Target!.copy_(g1Shared!);
        }
    }

    /// <summary>The signal into a hidden layer's ReLU, through ReLU and BN, in place to dh, and BN's dγ and dβ
    /// into each network's gradients (see <see cref="Kernels.Backward"/>).</summary>
    void Signal(Work w, BnLayer? bn, HiddenWork l)
    {
        int c = Count * H;
        if (bn is null)
        {
            Kernels.Backward(l.DysP, l.MaskP, w.N, c, null, null, null);
            return;
        }
        Kernels.GammaTimes(bn.GammaP, Layout.Total, bn.InvStdP, Count, H, bn.ScaleP);
        Kernels.Backward(l.DysP, l.MaskP, w.N, c, l.HsP, bn.ScaleP, bn.SumsP);
        Kernels.Scatter(bn.SumsP, Count, H, bn.GradP, Layout.Total);
    }

    /// <summary>TF1's AdamOptimizer on every parameter of every network at once:
    /// p -= lr·sqrt(1-β2^t)/(1-β1^t) · m/(sqrt(v)+ε).</summary>
    void Adam()
    {
        int t = ++AdamStep;
        double lrT = Lr * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
        Kernels.Adam(flat, grad, adamM, adamV, Count * Layout.Total, (float)(1 - Beta1), (float)Beta2, (float)(1 - Beta2),
            (float)Epsilon, (float)-lrT);
    }

    public void Dispose()
    {
        foreach (var w in work.Values) w.Dispose();
        own.Dispose();
    }
}
