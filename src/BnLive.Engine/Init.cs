namespace BnLive.Engine;

/// <summary>Initial parameters of the 1-H-H-1 MLP: W as [in][out], biases zero.</summary>
public sealed record InitWeights(float[][] W1, float[] B1, float[][] W2, float[] B2, float[][] W3, float[] B3)
{
    /// <summary>Xavier-uniform (TF's xavier_initializer): U(-l, l), l = sqrt(6 / (fan_in + fan_out)).
    /// Drawn from the seed alone, so both BN modes start from the same weights.</summary>
    public static InitWeights Xavier(int seed, int hidden = 16)
    {
        var rng = new Random(seed);
        float[][] Matrix(int fanIn, int fanOut)
        {
            double limit = Math.Sqrt(6.0 / (fanIn + fanOut));
            var w = new float[fanIn][];
            for (int i = 0; i < fanIn; i++)
            {
                w[i] = new float[fanOut];
                for (int j = 0; j < fanOut; j++) w[i][j] = (float)((2 * rng.NextDouble() - 1) * limit);
            }
            return w;
        }
        var w1 = Matrix(1, hidden);
        var w2 = Matrix(hidden, hidden);
        var w3 = Matrix(hidden, 1);
        return new InitWeights(w1, new float[hidden], w2, new float[hidden], w3, new float[1]);
    }

    /// <summary>These weights with W1 and W2, the hidden layers' (those BN normalises), multiplied by a: each the
    /// float nearest to w·a. W3 and the biases are kept. a = 1 is these very weights.</summary>
    public InitWeights Scaled(double a)
    {
        if (a == 1) return this;
        float[][] Times(float[][] w) => [.. w.Select(row => row.Select(v => (float)(v * a)).ToArray())];
        return this with { W1 = Times(W1), W2 = Times(W2) };
    }
}
