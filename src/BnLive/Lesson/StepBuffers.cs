using TorchSharp;
using static TorchSharp.torch;

namespace BnLive.Lesson;

/// <summary>One BN layer of B networks: the batch moments and the global ones (rows of the stack's [4,B,H] moments,
/// [1,B,H]; with B = 1, [1,H]), γ and β (views of the parameters, [B,H]), and the step's scratch: 1/σ, γ/σ and the
/// gradient sums [dγ | dβ]. Each also as a pointer, for <see cref="Kernels"/>: network i's γ is i·Layout.Total
/// floats after GammaP, β H after γ, its gradients likewise from GradP.</summary>
sealed unsafe class BnLayer
{
    public readonly Tensor GammaSource, BetaSource, Mean, Var, GlobalMean, GlobalVar;
    public readonly float* GammaP, BetaP, GradP, MeanP, VarP, GlobalMeanP, GlobalVarP, InvStdP, ScaleP, SumsP;

    public BnLayer(Owner own, int b, int h, Tensor flat, Tensor grad, int offset, Tensor moments, Tensor globals, int row)
    {
        Tensor Rows(Tensor buffer, int at)
        {
            using var part = buffer.narrow(1, at, h);
            return own.Own(part.view(b, h));
        }
        (GammaSource, BetaSource) = (Rows(flat, offset), Rows(flat, offset + h));
        Tensor E(Tensor t) => b == 1 ? own.Own(t.select(1, 0)) : t;
        Tensor Moment(Tensor all, int k) => E(own.Own(all.narrow(0, k, 1)));
        (Mean, Var, GlobalMean, GlobalVar) = (Moment(moments, row), Moment(moments, row + 1), Moment(globals, row), Moment(globals, row + 1));
        GammaP = Layout.Floats(flat) + offset;
        BetaP = GammaP + h;
        GradP = Layout.Floats(grad) + offset;
        MeanP = Layout.Floats(Mean);
        VarP = Layout.Floats(Var);
        GlobalMeanP = Layout.Floats(GlobalMean);
        GlobalVarP = Layout.Floats(GlobalVar);
        var scratch = own.Own(zeros(4, b * h));   // 1/σ, γ/σ, [dγ | dβ]
        InvStdP = Layout.Floats(scratch);
        ScaleP = InvStdP + b * h;
        SumsP = ScaleP + b * h;
    }
}

/// <summary>A hidden layer's work tensors for a batch of N rows. The elementwise ones are [N,B,H] (network i's
/// columns side by side in each row): the pre-activation h (x̂ in place once BN has normalised it), y (the
/// pre-activation without BN), ReLU's mask and the signal dy. The matmuls see them per network ([B,N,H] views).
/// The layer's output goes to Aa, [B,N,H+1] with a column of ones: the next layer's input. With B = 1, y is the
/// view into Aa itself (without BN the product lands there). Pre and Post keep BN's input and output when a pass
/// is inspected. With B = 1 all of them are [N,H]. Pointers to each, for <see cref="Kernels"/>.</summary>
sealed unsafe class HiddenWork
{
    public readonly Mat H, Y, Aa, AaT, Dy;
    public readonly Tensor Hs, HRows, Ys, Mask, Dys, DyRows, Pre, Post;
    public readonly Tensor? YRows;   // B > 1
    public readonly float* HsP, YsP, AaP, MaskP, DysP, PostP;
    public readonly long YsRow, AaStride;   // y's row stride (B = 1: a row of Aa); network to network in Aa

    public HiddenWork(Owner own, int b, int n, int h)
    {
        Hs = own.Own(zeros(n, b, h));
        HRows = own.Own(Hs.view(n, b * h));
        H = new(own.Own(Hs.permute(1, 0, 2)), b == 1 ? own.Own(Hs.view(n, h)) : null);
        Aa = own.Mat(ones(b, n, h + 1));
        AaT = own.T(Aa);
        var a = own.Cols(Aa, 0, h);                                  // [B,N,H]
        Ys = b == 1 ? a.One! : own.Own(zeros(n, b, h));
        Y = b == 1 ? a : new(own.Own(Ys.permute(1, 0, 2)), null);
        YRows = b == 1 ? null : own.Own(Ys.view(n, b * h));
        Mask = own.Own(zeros(n, b, h));
        Dys = own.Own(zeros(n, b, h));
        DyRows = own.Own(Dys.view(n, b * h));
        Dy = new(own.Own(Dys.permute(1, 0, 2)), b == 1 ? own.Own(Dys.view(n, h)) : null);
        Pre = own.Own(zeros(n, b, h));
        Post = own.Own(zeros(n, b, h));
        HsP = Layout.Floats(Hs);
        YsP = Layout.Floats(Ys);
        AaP = Layout.Floats(Aa.All);
        MaskP = Layout.Floats(Mask);
        DysP = Layout.Floats(Dys);
        PostP = Layout.Floats(Post);
        (YsRow, AaStride) = (Ys.stride(0), (long)n * (h + 1));
        if (b > 1) return;
        // with B = 1 the [N,B,H] tensors are [N,H] (for the inspection's rows)
        Tensor E(Tensor t) => own.Own(t.select(1, 0));
        (Hs, Pre, Post) = (E(Hs), E(Pre), E(Post));
    }
}

/// <summary>The step's work tensors for a batch of N rows, made once per batch size: the input with its column of
/// ones, the two hidden layers and the output's [pred - y | 0].</summary>
sealed class Work : IDisposable
{
    public readonly int N, B;
    readonly Owner own = new();
    public readonly Mat Xa, XaT, DiffPadded, DiffPaddedT;
    public readonly Tensor X, XT, XColumn, Diff;
    public readonly float[] MomentWeights = new float[4];   // see SetMomentWeights
    public readonly HiddenWork L1, L2;
    public NetworkStack.Products Products = null!;   // set by the stack: the products also read its weights
    public readonly float TwoOverN;
    readonly unsafe float* diff;

    public Work(int b, int n, int h)
    {
        (N, B) = (n, b);
        // the input is the same for every network: one [1,…] tensor, expanded to B
        var xa = own.Own(ones(1, n, 2));
        XColumn = own.Own(xa.narrow(2, 0, 1));
        X = own.Own(xa.select(0, 0));
        XT = own.Own(X.t());
        Xa = Shared(xa);
        XaT = own.T(Xa);
        L1 = new HiddenWork(own, b, n, h);
        L2 = new HiddenWork(own, b, n, h);
        DiffPadded = own.Mat(zeros(b, n, 2));
        DiffPaddedT = own.T(DiffPadded);
        Diff = b == 1 ? own.Own(DiffPadded.One!.narrow(1, 0, 1)) : own.Own(DiffPadded.All.narrow(2, 0, 1));
        TwoOverN = 2f / n;
        unsafe { diff = Layout.Floats(DiffPadded.All); }
    }

    Mat Shared(Tensor one) =>
        B == 1 ? new(one, own.Own(one.select(0, 0))) : new(own.Own(one.expand(B, one.size(1), one.size(2))), null);

    /// <summary>What each of the four rows of the batch moments (mean1, var1, mean2, var2) is weighted by when it
    /// joins the global ones: (1-decay), and with PyTorch's unbiased variance its rows (1-decay)·N/(N-1) (a batch of one: 1).</summary>
    public void SetMomentWeights(double decay, bool unbiased)
    {
        double rest = 1 - decay, correction = N > 1 && unbiased ? N / (N - 1.0) : 1;
        (MomentWeights[0], MomentWeights[1], MomentWeights[2], MomentWeights[3]) = ((float)rest, (float)(rest * correction), (float)rest, (float)(rest * correction));
    }

    /// <summary>mean(diff²) of network i, read straight from the buffer: no native call.</summary>
    public unsafe float Loss(int i)
    {
        double sum = 0;
        for (int r = 0; r < N; r++) { float d = diff[2 * (i * N + r)]; sum += (double)d * d; }   // column 0
        return (float)(sum / N);
    }

    /// <summary>Column 0 of network i's output, before y is subtracted: its fit.</summary>
    public unsafe float[] Output(int i)
    {
        var values = new float[N];
        for (int r = 0; r < N; r++) values[r] = diff[2 * (i * N + r)];
        return values;
    }

    public void Dispose()
    {
        Products?.Dispose();
        own.Dispose();
    }
}
