using System.Numerics;
using static BnLive.Engine.Lanes;

namespace BnLive.Engine;

/// <summary>How a forward pass treats BN: Train normalises with the batch's moments and moves the global ones;
/// Measure normalises with the batch's moments alone; Predict normalises with the global moments.</summary>
public enum Pass { Train, Measure, Predict }

/// <summary>The notebook's batch_norm_wrapper for one layer of units: while training, the batch's mean and
/// variance normalise it and move the global (population) moments, global·decay + batch·(1 - decay); when
/// predicting, the global moments normalise it. PyTorch's mode feeds the global variance the unbiased batch
/// variance. Each step below is one line of the math, on n rows of the layer's padded units.</summary>
public sealed class BatchNorm
{
    public readonly int Units;
    readonly int padded;
    readonly float eps;
    readonly bool unbiased;
    internal readonly float[] Gamma, Beta;                    // copied from the parameter row before each pass
    internal readonly float[] GlobalMeanAll, GlobalVarAll;     // what predict mode normalises with
    internal readonly float[] Mean, Var, InvStd;               // the last pass's
    internal readonly float[] DGamma, DBeta;                   // the last backward's
    float[] xHat = [];                                         // the last pass's x̂, for the backward
    readonly float[] scale, meanDy, meanDyXHat;                // the backward's per-unit terms

    public BatchNorm(int units, double eps, bool unbiasedGlobalVariance)
    {
        (Units, padded, this.eps, unbiased) = (units, Pad(units), (float)eps, unbiasedGlobalVariance);
        float[] PerUnit() => new float[padded];
        (Gamma, Beta, GlobalMeanAll, GlobalVarAll, Mean, Var, InvStd) = (PerUnit(), PerUnit(), PerUnit(), PerUnit(), PerUnit(), PerUnit(), PerUnit());
        (DGamma, DBeta, scale, meanDy, meanDyXHat) = (PerUnit(), PerUnit(), PerUnit(), PerUnit(), PerUnit());
        GlobalVar.Span.Fill(1);
    }

    /// <summary>The global moments, one per unit (writable: a model file restores them).</summary>
    public Memory<float> GlobalMean => GlobalMeanAll.AsMemory(0, Units);
    public Memory<float> GlobalVar => GlobalVarAll.AsMemory(0, Units);

    /// <summary>y = γ·x̂ + β for n rows of h. In Train and Measure x̂ = (h - mean)/√(var + ε) with the batch's
    /// moments; in Predict with the global ones. Train then moves the global moments by decay.</summary>
    public void Forward(ReadOnlySpan<float> h, Span<float> y, int n, Pass pass, double decay)
    {
        if (xHat.Length < n * padded) xHat = new float[n * padded];
        int per = padded / Width;
        var hv = ReadVectors(h[..(n * padded)]);
        var xv = Vectors(xHat.AsSpan(0, n * padded));
        var yv = Vectors(y[..(n * padded)]);
        var mean = Vectors(Mean);
        var variance = Vectors(Var);
        var invStd = Vectors(InvStd);
        if (pass == Pass.Predict)
        {
            GlobalMeanAll.CopyTo(Mean);
            GlobalVarAll.CopyTo(Var);
        }
        else
        {
            var count = new Vector<float>(n);
            // mean = Σ h / n
            mean.Clear();
            for (int r = 0; r < n; r++)
                for (int j = 0; j < per; j++) mean[j] += hv[r * per + j];
            for (int j = 0; j < per; j++) mean[j] /= count;
            // var = Σ (h - mean)² / n
            variance.Clear();
            for (int r = 0; r < n; r++)
                for (int j = 0; j < per; j++)
                {
                    var centred = hv[r * per + j] - mean[j];
                    variance[j] += centred * centred;
                }
            for (int j = 0; j < per; j++) variance[j] /= count;
        }
        // 1/σ = 1/√(var + ε)
        var epsilon = new Vector<float>(eps);
        for (int j = 0; j < per; j++) invStd[j] = Vector<float>.One / Vector.SquareRoot(variance[j] + epsilon);
        // x̂ = (h - mean)·(1/σ), y = γ·x̂ + β
        var gamma = Vectors(Gamma);
        var beta = Vectors(Beta);
        for (int r = 0; r < n; r++)
            for (int j = 0; j < per; j++)
            {
                var x = (hv[r * per + j] - mean[j]) * invStd[j];
                xv[r * per + j] = x;
                yv[r * per + j] = gamma[j] * x + beta[j];
            }
        if (pass == Pass.Train) MoveGlobalMoments(n, decay);
    }

    /// <summary>global ← global·decay + batch·(1 - decay); PyTorch's global variance takes var·n/(n-1).</summary>
    void MoveGlobalMoments(int n, double decay)
    {
        float rest = (float)(1 - decay), restVar = unbiased && n > 1 ? (float)((1 - decay) * n / (n - 1)) : rest;
        var globalMean = Vectors(GlobalMeanAll);
        var globalVar = Vectors(GlobalVarAll);
        var mean = Vectors(Mean);
        var variance = Vectors(Var);
        var (d, wMean, wVar) = (new Vector<float>((float)decay), new Vector<float>(rest), new Vector<float>(restVar));
        for (int j = 0; j < globalMean.Length; j++)
        {
            globalMean[j] = globalMean[j] * d + mean[j] * wMean;
            globalVar[j] = globalVar[j] * d + variance[j] * wVar;
        }
    }

    /// <summary>From dy = dL/dy of the last Train pass, in place to dL/dh, with dγ and dβ:
    /// dγ = Σ dy·x̂, dβ = Σ dy, dh = γ/σ · (dy - dβ/n - x̂·dγ/n).</summary>
    public void Backward(Span<float> dy, int n)
    {
        int per = padded / Width;
        var dv = Vectors(dy[..(n * padded)]);
        var xv = Vectors(xHat.AsSpan(0, n * padded));
        var dGamma = Vectors(DGamma);
        var dBeta = Vectors(DBeta);
        dGamma.Clear();
        dBeta.Clear();
        for (int r = 0; r < n; r++)
            for (int j = 0; j < per; j++)
            {
                dGamma[j] += dv[r * per + j] * xv[r * per + j];
                dBeta[j] += dv[r * per + j];
            }
        var count = new Vector<float>(n);
        var gamma = Vectors(Gamma);
        var invStd = Vectors(InvStd);
        var s = Vectors(scale);
        var mDy = Vectors(meanDy);
        var mDyX = Vectors(meanDyXHat);
        for (int j = 0; j < per; j++)
        {
            s[j] = gamma[j] * invStd[j];
            mDy[j] = dBeta[j] / count;
            mDyX[j] = dGamma[j] / count;
        }
        // the three terms: dy itself, the mean's share, and the variance's share through x̂
        for (int r = 0; r < n; r++)
            for (int j = 0; j < per; j++)
                dv[r * per + j] = s[j] * (dv[r * per + j] - mDy[j] - xv[r * per + j] * mDyX[j]);
    }
}
