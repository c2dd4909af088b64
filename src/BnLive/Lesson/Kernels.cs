using System.Numerics;

namespace BnLive.Lesson;

/// <summary>The step's elementwise work as loops over the buffers' floats: each does in one pass over the rows what
/// took libtorch several ops, each a dispatch and a pass of its own (at B = 20 their kernels took 44% of a step's
/// perf samples, their dispatch much of the rest). B networks' channels sit side by side in a row
/// (c = B·H), a channel in each lane of a vector, and a channel's sums run over the rows in the same order whatever
/// B is: B networks round exactly as B single runs.</summary>
static unsafe class Kernels
{
    static readonly int W = Vector<float>.Count;

    /// <summary>How an op reaches its floats: a whole vector, or one float in every lane (a row's last few, with the
    /// same arithmetic: lanes never mix, and .NET contracts no multiply-add, so a float rounds alike either way).</summary>
    interface IAccess
    {
        static abstract Vector<float> Ld(float* p);
        static abstract void St(float* p, Vector<float> v);
    }

    readonly struct Lanes : IAccess
    {
        public static Vector<float> Ld(float* p) => Vector.Load(p);
        public static void St(float* p, Vector<float> v) => v.Store(p);
    }

    readonly struct Lane : IAccess
    {
        public static Vector<float> Ld(float* p) => new(*p);
        public static void St(float* p, Vector<float> v) => *p = v.ToScalar();
    }

    /// <summary>An elementwise op at offset j of its rows.</summary>
    interface IOp
    {
        void At<A>(int j) where A : IAccess;
    }

    /// <summary>op at every offset of [0, count): in whole vectors, then one float at a time.</summary>
    static void Each<T>(int count, T op) where T : struct, IOp
    {
        int j = 0;
        for (; j + W <= count; j += W) op.At<Lanes>(j);
        for (; j < count; j++) op.At<Lane>(j);
    }

    /// <summary>A block of channels' moments over every row: the sum and the squares each in two accumulators
    /// (even rows, odd rows) so that the adds do not wait on each other, then added.</summary>
    readonly struct MomentsOp(float* h, int n, int c, float* mean, float* var) : IOp
    {
        public void At<A>(int j) where A : IAccess
        {
            var (even, odd) = (Vector<float>.Zero, Vector<float>.Zero);
            int r = 0;
            for (; r + 1 < n; r += 2) { even += A.Ld(h + (long)r * c + j); odd += A.Ld(h + (long)(r + 1) * c + j); }
            if (r < n) even += A.Ld(h + (long)r * c + j);
            var m = (even + odd) / new Vector<float>(n);
            (even, odd) = (Vector<float>.Zero, Vector<float>.Zero);
            for (r = 0; r + 1 < n; r += 2)
            {
                var (d0, d1) = (A.Ld(h + (long)r * c + j) - m, A.Ld(h + (long)(r + 1) * c + j) - m);
                (even, odd) = (even + d0 * d0, odd + d1 * d1);
            }
            if (r < n) { var d = A.Ld(h + (long)r * c + j) - m; even += d * d; }
            A.St(mean + j, m);
            A.St(var + j, (even + odd) / new Vector<float>(n));
        }
    }

    /// <summary>BN's batch moments of the rows h (n rows of c channels): the mean, and the biased variance of the
    /// centred values (tf.nn.moments' two passes).</summary>
    public static void Moments(float* h, int n, int c, float* mean, float* var) => Each(c, new MomentsOp(h, n, c, mean, var));

    readonly struct InverseStdOp(float* var, Vector<float> eps, float* into) : IOp
    {
        public void At<A>(int j) where A : IAccess => A.St(into + j, Vector<float>.One / Vector.SquareRoot(A.Ld(var + j) + eps));
    }

    /// <summary>1/sqrt(var + eps), c channels.</summary>
    public static void InverseStd(float* var, float eps, int c, float* into) => Each(c, new InverseStdOp(var, new(eps), into));

    /// <summary>One network's units at every row (see Activate): BN's constants stay in registers down the rows.</summary>
    readonly struct ActivateOp(float* pre, long preRow, int n, int c, float* center, float* scale, bool keep, float* gamma,
        float* beta, float* aa, int aaRow, float* mask, float* post) : IOp
    {
        public void At<A>(int j) where A : IAccess
        {
            var zero = Vector<float>.Zero;
            bool bn = scale != null;
            var (m, s, g, b) = bn ? (A.Ld(center + j), A.Ld(scale + j), A.Ld(gamma + j), A.Ld(beta + j)) : (zero, zero, zero, zero);
            for (int r = 0; r < n; r++)
            {
                float* p = pre + r * preRow + j;
                var v = A.Ld(p);
                if (bn)
                {
                    var x = (v - m) * s;
                    if (keep) A.St(p, x);
                    v = x * g + b;
                }
                long at = (long)r * c + j;
                if (post != null) A.St(post + at, v);
                var y = Vector.ConditionalSelect(Vector.LessThan(v, zero), zero, v);   // ReLU, NaN kept (a diverged run shows)
                A.St(aa + (long)r * aaRow + j, y);
                if (mask != null) A.St(mask + at, Vector.ConditionalSelect(Vector.GreaterThan(y, zero), Vector<float>.One, zero));
            }
        }
    }

    /// <summary>One hidden layer's output for b networks of h units from its pre-activations (n rows of b·h, preRow
    /// floats apart). With BN (center and scale given, b·h each): x̂ = (pre - center)·scale, kept in pre when keep,
    /// then γx̂ + β, γ and β read from each network's parameters (network i's at i·paramStride). Then ReLU, written
    /// into each network's activations aa (n rows of h + 1 floats, network i's at i·aaStride; the column of ones is
    /// left alone), ReLU's 0/1 mask where given, and the values before ReLU into post where given (n rows of b·h).</summary>
    public static void Activate(float* pre, long preRow, int n, int b, int h, float* center, float* scale, bool keep,
        float* gamma, float* beta, long paramStride, float* aa, long aaStride, float* mask, float* post)
    {
        static float* Plus(float* p, long by) => p == null ? null : p + by;   // an absent buffer stays absent
        for (int i = 0; i < b; i++)
        {
            int at = i * h;
            Each(h, new ActivateOp(pre + at, preRow, n, b * h, Plus(center, at), Plus(scale, at), keep, Plus(gamma, i * paramStride),
                Plus(beta, i * paramStride), aa + i * aaStride, h + 1, Plus(mask, at), Plus(post, at)));
        }
    }

    readonly struct Times(float* a, float* b, float* into) : IOp
    {
        public void At<A>(int j) where A : IAccess => A.St(into + j, A.Ld(a + j) * A.Ld(b + j));
    }

    /// <summary>γ·scale per channel: network i's γ at gamma + i·paramStride, b networks of h.</summary>
    public static void GammaTimes(float* gamma, long paramStride, float* scale, int b, int h, float* into)
    {
        for (int i = 0; i < b; i++) Each(h, new Times(gamma + i * paramStride, scale + i * h, into + i * h));
    }

    readonly struct MaskOp(float* dy, float* mask) : IOp
    {
        public void At<A>(int j) where A : IAccess => A.St(dy + j, A.Ld(dy + j) * A.Ld(mask + j));
    }

    /// <summary>A block of channels through ReLU and BN backward: dy·mask in place with Σdy·x̂ and Σdy (each in two
    /// accumulators, as in MomentsOp) into sums (c apart), then dh in place.</summary>
    readonly struct BnBackwardOp(float* dy, float* mask, float* xhat, int n, int c, float* gammaOverSigma, float* sums) : IOp
    {
        public void At<A>(int j) where A : IAccess
        {
            var (sumX0, sumX1, sum0, sum1) = (Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero);
            int r = 0;
            for (; r + 1 < n; r += 2)
            {
                long at = (long)r * c + j, next = at + c;
                var (d0, d1) = (A.Ld(dy + at) * A.Ld(mask + at), A.Ld(dy + next) * A.Ld(mask + next));
                A.St(dy + at, d0);
                A.St(dy + next, d1);
                (sumX0, sumX1) = (sumX0 + d0 * A.Ld(xhat + at), sumX1 + d1 * A.Ld(xhat + next));
                (sum0, sum1) = (sum0 + d0, sum1 + d1);
            }
            if (r < n)
            {
                long at = (long)r * c + j;
                var d = A.Ld(dy + at) * A.Ld(mask + at);
                A.St(dy + at, d);
                (sumX0, sum0) = (sumX0 + d * A.Ld(xhat + at), sum0 + d);
            }
            var (sumX, sum) = (sumX0 + sumX1, sum0 + sum1);
            A.St(sums + j, sumX);
            A.St(sums + c + j, sum);
            var minusOneOverN = new Vector<float>(-1f / n);
            var (a, shift, s) = (sumX * minusOneOverN, sum * minusOneOverN, A.Ld(gammaOverSigma + j));
            for (r = 0; r < n; r++)
            {
                long at = (long)r * c + j;
                A.St(dy + at, (A.Ld(dy + at) + A.Ld(xhat + at) * a + shift) * s);
            }
        }
    }

    /// <summary>The signal into a hidden layer's ReLU, dy (n rows of c), times ReLU's mask in place. With BN (xhat
    /// given), then BN's backward in place: with x̂ = (h-μ)/σ and y = γx̂ + β, dh = γ/σ · (dy - (Σdy + x̂·Σdy·x̂)/n),
    /// gammaOverSigma being γ/σ; sums gets [Σdy·x̂ | Σdy], 2c floats: dγ and dβ.</summary>
    public static void Backward(float* dy, float* mask, int n, int c, float* xhat, float* gammaOverSigma, float* sums)
    {
        if (xhat != null) Each(c, new BnBackwardOp(dy, mask, xhat, n, c, gammaOverSigma, sums));
        else
            for (int r = 0; r < n; r++) Each(c, new MaskOp(dy + (long)r * c, mask + (long)r * c));
    }

    /// <summary>sums' [dγ | dβ] (each b·h) into each network's gradient row: network i's dγ at grad + i·stride, dβ h after.</summary>
    public static void Scatter(float* sums, int b, int h, float* grad, long stride)
    {
        int c = b * h;
        for (int i = 0; i < b; i++)
        {
            new Span<float>(sums + i * h, h).CopyTo(new Span<float>(grad + i * stride, h));
            new Span<float>(sums + c + i * h, h).CopyTo(new Span<float>(grad + i * stride + h, h));
        }
    }

    readonly struct BlendOp(float* global, float* batch, Vector<float> decay, Vector<float> weight) : IOp
    {
        public void At<A>(int j) where A : IAccess => A.St(global + j, A.Ld(global + j) * decay + A.Ld(batch + j) * weight);
    }

    /// <summary>BN's global moments: rows of c, each global ← global·decay + batch·weight of its row.</summary>
    public static void Blend(float* global, float* batch, int c, float decay, ReadOnlySpan<float> weights)
    {
        for (int k = 0; k < weights.Length; k++)
            Each(c, new BlendOp(global + (long)k * c, batch + (long)k * c, new(decay), new(weights[k])));
    }

    readonly struct AdamOp(float* p, float* g, float* m, float* v, Vector<float> oneMinusBeta1, Vector<float> beta2,
        Vector<float> oneMinusBeta2, Vector<float> epsilon, Vector<float> step) : IOp
    {
        public void At<A>(int j) where A : IAccess
        {
            var (grad, mean) = (A.Ld(g + j), A.Ld(m + j));
            mean += oneMinusBeta1 * (grad - mean);
            var square = A.Ld(v + j) * beta2 + oneMinusBeta2 * grad * grad;
            A.St(m + j, mean);
            A.St(v + j, square);
            A.St(p + j, A.Ld(p + j) + step * (mean / (Vector.SquareRoot(square) + epsilon)));
        }
    }

    /// <summary>TF1's Adam over count parameters p with gradients g: m ← m + (1-β1)(g - m), v ← β2·v + (1-β2)·g²,
    /// p ← p + step·m/(sqrt(v) + ε), step being -lr·sqrt(1-β2^t)/(1-β1^t). 1-β1 and 1-β2 come rounded from doubles.</summary>
    public static void Adam(float* p, float* g, float* m, float* v, int count, float oneMinusBeta1, float beta2, float oneMinusBeta2,
        float epsilon, float step) =>
        Each(count, new AdamOp(p, g, m, v, new(oneMinusBeta1), new(beta2), new(oneMinusBeta2), new(epsilon), new(step)));
}
