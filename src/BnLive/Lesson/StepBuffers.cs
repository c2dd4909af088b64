using TorchSharp;
using static TorchSharp.torch;

namespace BnLive.Lesson;

/// <summary>One BN layer of B networks. What the elementwise ops read is [1,B,H] and contiguous, so that against
/// the layer's [N,B,H] activations an op runs as one loop over N rows of B·H channels: γ and β (copies of the
/// parameters when B &gt; 1), the batch moments and the global ones (rows of the stack's [4,B,H] moments), 1/σ, a
/// scratch row, and the gradient sums [dγ | dβ] as one [1, 2·B·H] row (with B = 1 the parameters' own gradients).</summary>
sealed class BnLayer
{
    public readonly Tensor Gamma, Beta, GammaSource, BetaSource, Mean, MeanRow, Var, VarRow, GlobalMean, GlobalVar,
        InvStd, Scale, GradSums, GradGamma, GradBeta;
    public readonly Tensor? GradGammaTarget, GradBetaTarget, GradGammaRows, GradBetaRows;   // B > 1: [B,H] sums, copied to the gradient buffer

    public BnLayer(Owner own, int b, int h, Tensor gamma, Tensor beta, Tensor gradGammaBeta, Tensor moments, Tensor globals, int row)
    {
        (GammaSource, BetaSource) = (gamma, beta);
        // with B = 1 the [1,B,H] rows are [1,H] (2-D ops take a shorter path through TensorIterator)
        Tensor E(Tensor t) => b == 1 ? own.Own(t.select(1, 0)) : t;
        Gamma = b == 1 ? gamma : own.Own(zeros(1, b, h));
        Beta = b == 1 ? beta : own.Own(zeros(1, b, h));
        Mean = own.Own(moments.narrow(0, row, 1));                   // [1,B,H]
        MeanRow = own.Own(Mean.view(1, b * h));
        Var = own.Own(moments.narrow(0, row + 1, 1));
        VarRow = own.Own(Var.view(b, h));
        Mean = E(Mean);
        Var = E(Var);
        GlobalMean = E(own.Own(globals.narrow(0, row, 1)));
        GlobalVar = E(own.Own(globals.narrow(0, row + 1, 1)));
        InvStd = E(own.Own(zeros(1, b, h)));
        Scale = E(own.Own(zeros(1, b, h)));
        GradSums = b == 1 ? gradGammaBeta : own.Own(zeros(1, 2 * b * h));
        using var halves = GradSums.view(2, b, h);
        GradGamma = E(own.Own(halves.narrow(0, 0, 1)));
        GradBeta = E(own.Own(halves.narrow(0, 1, 1)));
        if (b > 1)
        {
            using var target = gradGammaBeta.view(b, 2, h);
            GradGammaTarget = own.Own(target.select(1, 0));
            GradBetaTarget = own.Own(target.select(1, 1));
            GradGammaRows = own.Own(halves.select(0, 0));
            GradBetaRows = own.Own(halves.select(0, 1));
        }
    }
}

/// <summary>A hidden layer's work tensors for a batch of N rows. The elementwise ones are [N,B,H] (network i's
/// columns side by side in each row): the pre-activation h (centred, then x̂ in place), the output y, ReLU's mask,
/// and [dy·x̂ | dy] as [N,2,B,H]. The matmuls see them per network ([B,N,H] views). The layer's output is also
/// copied into Aa, [B,N,H+1] with a column of ones: the next layer's input. With B = 1, y is that copy itself.
/// Pre and Post keep BN's input and output when a pass is inspected. With B = 1 all of them are [N,H].</summary>
sealed class HiddenWork
{
    public readonly Mat H, HT, Y, Aa, AaT, Dy, Dt;
    public readonly Tensor Hs, HRows, Ys, YInAa, Mask, DyXhats, Dys, DyRows, Pre, Post;
    public readonly Tensor? YRows;   // B > 1
    public readonly bool Separate;   // y is not the view into Aa (B > 1): it is copied there

    public HiddenWork(Owner own, int b, int n, int h)
    {
        Hs = own.Own(zeros(n, b, h));
        HRows = own.Own(Hs.view(n, b * h));
        H = new(own.Own(Hs.permute(1, 0, 2)), b == 1 ? own.Own(Hs.view(n, h)) : null);
        HT = own.T(H);
        Aa = own.Mat(ones(b, n, h + 1));
        AaT = own.T(Aa);
        var a = own.Cols(Aa, 0, h);                                  // [B,N,H]
        YInAa = own.Own(a.All.permute(1, 0, 2));                      // [N,B,H]
        Separate = b > 1;
        Ys = Separate ? own.Own(zeros(n, b, h)) : YInAa;
        Y = Separate ? new(own.Own(Ys.permute(1, 0, 2)), null) : a;
        YRows = Separate ? own.Own(Ys.view(n, b * h)) : null;
        Mask = own.Own(zeros(n, b, h));
        var dt = own.Own(zeros(n, 2, b, h));
        Dt = new(dt, own.Own(dt.view(n, 2 * b * h)));
        DyXhats = own.Own(dt.select(1, 0));
        Dys = own.Own(dt.select(1, 1));
        DyRows = own.Own(Dys.view(n, b * h));
        Dy = new(own.Own(Dys.permute(1, 0, 2)), b == 1 ? own.Own(Dt.One!.narrow(1, h, h)) : null);
        Pre = own.Own(zeros(n, b, h));
        Post = own.Own(zeros(n, b, h));
        if (b > 1) return;
        // with B = 1 the [N,B,H] tensors are [N,H] (2-D ops take a shorter path through TensorIterator)
        Tensor E(Tensor t) => own.Own(t.select(1, 0));
        (Hs, Ys, Mask, DyXhats, Dys, Pre, Post) = (E(Hs), E(Ys), E(Mask), E(DyXhats), E(Dys), E(Pre), E(Post));
        YInAa = Ys;
    }
}

/// <summary>The step's work tensors for a batch of N rows, made once per batch size: the input with its column of
/// ones, the two hidden layers, the output's [pred - y | 0], the row vectors BN's sums multiply by and
/// the [B,H,H] cᵀc/N whose diagonal is BN's variance.</summary>
sealed class Work : IDisposable
{
    public readonly int N, B;
    readonly Owner own = new();
    public readonly Mat Xa, XaT, DiffPadded, DiffPaddedT, Cov;
    public readonly Tensor OnesOverN, OnesRow;   // [1,N]
    public readonly Tensor X, XT, XColumn, CovDiagonal, Diff, MomentWeights;
    public readonly HiddenWork L1, L2;
    public NetworkStack.Products Products = null!;   // set by the stack: the products also read its weights
    public readonly Scalar MinusOneOverN;
    public readonly float TwoOverN, OneOverN;
    readonly unsafe float* diff;

    public Work(int b, int n, int h)
    {
        (N, B) = (n, b);
        // the input and the row vectors are the same for every network: one [1,…] tensor, expanded to B
        var xa = own.Own(ones(1, n, 2));
        XColumn = own.Own(xa.narrow(2, 0, 1));
        X = own.Own(xa.select(0, 0));
        XT = own.Own(X.t());
        Xa = Shared(xa);
        XaT = own.T(Xa);
        using (var oneOverN = (1f / n).ToScalar()) OnesOverN = own.Own(full([1, n], oneOverN));
        OnesRow = own.Own(ones(1, n));
        L1 = new HiddenWork(own, b, n, h);
        L2 = new HiddenWork(own, b, n, h);
        DiffPadded = own.Mat(zeros(b, n, 2));
        DiffPaddedT = own.T(DiffPadded);
        Diff = b == 1 ? own.Own(DiffPadded.One!.narrow(1, 0, 1)) : own.Own(DiffPadded.All.narrow(2, 0, 1));
        MomentWeights = own.Own(zeros(4, 1));
        Cov = own.Mat(zeros(b, h, h));
        CovDiagonal = own.Own(Cov.All.diagonal(0, 1, 2));   // [B,H]
        MinusOneOverN = own.Own((-1.0 / n).ToScalar());
        TwoOverN = 2f / n;
        OneOverN = 1f / n;
        unsafe { diff = (float*)Layout.DataPointer(DiffPadded.All); }
    }

    Mat Shared(Tensor one) =>
        B == 1 ? new(one, own.Own(one.select(0, 0))) : new(own.Own(one.expand(B, one.size(1), one.size(2))), null);

    /// <summary>What each of the four rows of the batch moments (mean1, var1, mean2, var2) is weighted by when it
    /// joins the global ones: (1-decay), and PyTorch's variance rows (1-decay)·N/(N-1) (a batch of one: 1).</summary>
    public void SetMomentWeights(double decay)
    {
        double rest = 1 - decay, correction = N > 1 ? N / (N - 1.0) : 1;
        using var w = tensor(new[] { (float)rest, (float)(rest * correction), (float)rest, (float)(rest * correction) }, [4, 1]);
        MomentWeights.copy_(w);
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
