using System.Numerics;
using static BnLive.Engine.Lanes;

namespace BnLive.Engine;

/// <summary>TF1's AdamOptimizer: m ← m + (1 - β1)(g - m), v ← β2·v + (1 - β2)·g², p ← p - lrₜ·m/(√v + ε), with
/// lrₜ = lr·√(1 - β2ᵗ)/(1 - β1ᵗ). β1ᵗ and β2ᵗ are running products, as TF1 keeps them; lrₜ is worked out in double
/// and rounded once, and the update runs in float.</summary>
/// <remarks>m and v below float's smallest normal number are set to zero: a dead unit's moments decay through the
/// subnormal range, where x86 runs each operation many times slower, and values that small move nothing (ε is
/// 1e-8). TF flushes them too. Every other subnormal is IEEE's gradual underflow, the same everywhere.</remarks>
public sealed class Adam
{
    const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    const float SmallestNormal = 1.17549435e-38f;
    double beta1Power = 1, beta2Power = 1;   // β1ᵗ and β2ᵗ
    int step;

    /// <summary>t: updates done. Settable to resume a saved run: the running products are taken again.</summary>
    public int Step
    {
        get => step;
        set
        {
            step = value;
            (beta1Power, beta2Power) = (1, 1);
            for (int t = 0; t < value; t++) (beta1Power, beta2Power) = (beta1Power * Beta1, beta2Power * Beta2);
        }
    }

    /// <summary>One update of the parameters p from their gradients g, with the moments m and v (equal lengths, a
    /// whole number of vectors; a padding of zeros stays zero).</summary>
    public void Update(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, double lr)
    {
        step++;
        (beta1Power, beta2Power) = (beta1Power * Beta1, beta2Power * Beta2);
        var rate = new Vector<float>((float)(lr * Math.Sqrt(1 - beta2Power) / (1 - beta1Power)));
        var oneMinusBeta1 = new Vector<float>((float)(1 - Beta1));
        var beta2 = new Vector<float>((float)Beta2);
        var oneMinusBeta2 = new Vector<float>((float)(1 - Beta2));
        var epsilon = new Vector<float>((float)Epsilon);
        var normal = new Vector<float>(SmallestNormal);
        var pv = Vectors(p);
        var gv = ReadVectors(g);
        var mv = Vectors(m);
        var vv = Vectors(v);
        for (int i = 0; i < pv.Length; i++)
        {
            var grad = gv[i];
            var mean = mv[i] + oneMinusBeta1 * (grad - mv[i]);
            var square = vv[i] * beta2 + oneMinusBeta2 * grad * grad;
            mv[i] = Vector.ConditionalSelect(Vector.LessThan(Vector.Abs(mean), normal), Vector<float>.Zero, mean);
            vv[i] = Vector.ConditionalSelect(Vector.LessThan(square, normal), Vector<float>.Zero, square);
            pv[i] -= rate * (mv[i] / (Vector.SquareRoot(vv[i]) + epsilon));
        }
    }
}
