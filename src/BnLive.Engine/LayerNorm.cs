using static BnLive.Engine.Lanes;

namespace BnLive.Engine;

/// <summary>LayerNorm (Ba et al. 2016) for one layer of units: each point (row) is normalised over its own units,
/// x̂ = (h - mean)/√(var + ε) with the row's mean and biased variance, then y = γ·x̂ + β with γ and β per unit, as
/// torch.nn.LayerNorm computes it. No moment depends on the other points, so there is nothing to keep for
/// prediction: training and prediction compute the same function. Each step below is one line of the math, on n
/// rows of the layer's padded units; a sum over a row's units runs from unit 0 up, one after another, so its bits do
/// not depend on the vector's width, and the padding stays zero.</summary>
public sealed class LayerNorm
{
    public readonly int Units;
    readonly int padded;
    readonly float eps;
    internal readonly float[] Gamma, Beta;             // copied from the parameter row before each pass
    internal readonly float[] DGamma, DBeta;           // the last backward's
    internal float[] Mean = [], Var = [], InvStd = [];   // the last pass's, one per row
    float[] xHat = [];                                   // the last pass's x̂, for the backward

    public LayerNorm(int units, double eps)
    {
        (Units, padded, this.eps) = (units, Pad(units), (float)eps);
        (Gamma, Beta, DGamma, DBeta) = (new float[padded], new float[padded], new float[padded], new float[padded]);
    }

    /// <summary>y = γ·x̂ + β for n rows of h, x̂ = (h - mean)/√(var + ε) with each row's own moments.</summary>
    public void Forward(ReadOnlySpan<float> h, Span<float> y, int n)
    {
        if (xHat.Length < n * padded) (xHat, Mean, Var, InvStd) = (new float[n * padded], new float[n], new float[n], new float[n]);
        for (int r = 0; r < n; r++)
        {
            var row = h.Slice(r * padded, Units);
            var x = xHat.AsSpan(r * padded, Units);
            var output = y.Slice(r * padded, Units);
            // mean = Σ h / H
            float mean = 0;
            for (int u = 0; u < Units; u++) mean += row[u];
            mean /= Units;
            // centred = h - mean; var = Σ centred² / H
            float variance = 0;
            for (int u = 0; u < Units; u++)
            {
                float centred = row[u] - mean;
                variance += centred * centred;
            }
            variance /= Units;
            // 1/σ = 1/√(var + ε)
            float invStd = 1f / MathF.Sqrt(variance + eps);
            // x̂ = (h - mean)·(1/σ), y = γ·x̂ + β
            for (int u = 0; u < Units; u++)
            {
                x[u] = (row[u] - mean) * invStd;
                output[u] = Gamma[u] * x[u] + Beta[u];
            }
            (Mean[r], Var[r], InvStd[r]) = (mean, variance, invStd);
        }
    }

    /// <summary>From dy = dL/dy of the last pass, in place to dL/dh, with dγ and dβ: dγ = Σ_rows dy·x̂, dβ = Σ_rows dy;
    /// in each row, with dx̂ = γ·dy, dh = 1/σ · (dx̂ - mean_units(dx̂) - x̂·mean_units(dx̂·x̂)).</summary>
    public void Backward(Span<float> dy, int n)
    {
        Array.Clear(DGamma);
        Array.Clear(DBeta);
        for (int r = 0; r < n; r++)
        {
            var d = dy.Slice(r * padded, Units);
            var x = xHat.AsSpan(r * padded, Units);
            for (int u = 0; u < Units; u++)
            {
                DGamma[u] += d[u] * x[u];
                DBeta[u] += d[u];
            }
        }
        for (int r = 0; r < n; r++)
        {
            var d = dy.Slice(r * padded, Units);
            var x = xHat.AsSpan(r * padded, Units);
            // dx̂ = γ·dy, in place; its mean and the mean of dx̂·x̂ over the row's units
            float meanDxHat = 0, meanDxHatXHat = 0;
            for (int u = 0; u < Units; u++)
            {
                d[u] = Gamma[u] * d[u];
                meanDxHat += d[u];
                meanDxHatXHat += d[u] * x[u];
            }
            meanDxHat /= Units;
            meanDxHatXHat /= Units;
            // the three terms: dx̂ itself, the mean's share, and the variance's share through x̂
            float invStd = InvStd[r];
            for (int u = 0; u < Units; u++) d[u] = invStd * (d[u] - meanDxHat - x[u] * meanDxHatXHat);
        }
    }
}
