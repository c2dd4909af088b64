using TorchSharp;
using static TorchSharp.torch;

namespace BnLive.Lesson;

/// <summary>One BN layer of B networks, each tensor [B,1,H]: γ and β (views into the parameters) and their
/// gradients as one [dγ | dβ] row, the batch moments and the global ones (views into the stack's [B,4,H] moments),
/// and 1/σ and a scratch row.</summary>
sealed class BnLayer(Tensor gamma, Tensor beta, Mat gradGammaBeta, Tensor gradGamma, Tensor gradBeta,
    Mat mean, Mat var, Tensor globalMean, Tensor globalVar, Tensor invStd, Tensor scale)
{
    public readonly Tensor Gamma = gamma, Beta = beta, GradGamma = gradGamma, GradBeta = gradBeta,
        GlobalMean = globalMean, GlobalVar = globalVar, InvStd = invStd, Scale = scale;
    public readonly Mat GradGammaBeta = gradGammaBeta, Mean = mean, Var = var;
}

/// <summary>A hidden layer's work tensors for a batch of N rows, each [B,N,…]: the pre-activation h (centred, then
/// x̂ in place), the output with its column of ones (the next layer's input), ReLU's mask, and [dy·x̂ | dy] for the
/// backward. Pre and Post keep BN's input and
/// output when a pass is inspected.</summary>
sealed class HiddenWork
{
    public readonly Mat H, HT, Aa, AaT, A, Dt, Dy, DyXhat;
    public readonly Tensor Mask, Pre, Post;

    public HiddenWork(Owner own, int b, int n, int h)
    {
        H = own.Mat(zeros(b, n, h));
        HT = own.T(H);
        Aa = own.Mat(ones(b, n, h + 1));
        AaT = own.T(Aa);
        A = own.Cols(Aa, 0, h);
        Dt = own.Mat(zeros(b, n, 2 * h));
        DyXhat = own.Cols(Dt, 0, h);
        Dy = own.Cols(Dt, h, h);
        Mask = own.Own(zeros(b, n, h));
        Pre = own.Own(zeros(b, n, h));
        Post = own.Own(zeros(b, n, h));
    }
}

/// <summary>The step's work tensors for a batch of N rows, made once per batch size: the input with its column of
/// ones, the two hidden layers, the output's [pred - y | 0], the row vectors BN's sums multiply by and
/// the [B,H,H] cᵀc/N whose diagonal is BN's variance.</summary>
sealed class Work : IDisposable
{
    public readonly int N, B;
    readonly Owner own = new();
    public readonly Mat Xa, XaT, OnesOverN, OnesRow, DiffPadded, Cov;
    public readonly Tensor XColumn, CovDiagonal, Diff, MomentWeights;
    public readonly HiddenWork L1, L2;
    public readonly Scalar MinusOneOverN, TwoOverNHeld, OneOverNHeld;
    public readonly float TwoOverN, OneOverN;
    readonly unsafe float* diff;

    public Work(int b, int n, int h)
    {
        (N, B) = (n, b);
        // the input and the row vectors are the same for every network: one [1,…] tensor, expanded to B
        var xa = own.Own(ones(1, n, 2));
        XColumn = own.Own(xa.narrow(2, 0, 1));
        Xa = Shared(xa);
        XaT = own.T(Xa);
        using (var oneOverN = (1f / n).ToScalar()) OnesOverN = Shared(own.Own(full([1, 1, n], oneOverN)));
        OnesRow = Shared(own.Own(ones(1, 1, n)));
        L1 = new HiddenWork(own, b, n, h);
        L2 = new HiddenWork(own, b, n, h);
        DiffPadded = own.Mat(zeros(b, n, 2));
        Diff = own.Own(DiffPadded.All.narrow(2, 0, 1));
        MomentWeights = own.Own(zeros(4, 1));
        Cov = own.Mat(zeros(b, h, h));
        using (var diagonal = Cov.All.diagonal(0, 1, 2)) CovDiagonal = own.Own(diagonal.unsqueeze(1));
        MinusOneOverN = own.Own((-1.0 / n).ToScalar());
        TwoOverN = 2f / n;
        TwoOverNHeld = own.Own(TwoOverN.ToScalar());
        OneOverN = 1f / n;
        OneOverNHeld = own.Own(OneOverN.ToScalar());
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

    public void Dispose() => own.Dispose();
}
