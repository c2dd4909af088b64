namespace BnLive.Engine;

/// <summary>Where each parameter of one network sits in its row of floats: W1, b1, W2, b2, with BN (or LayerNorm)
/// then gamma1, beta1, gamma2, beta2, and last W3, b3 (W as [in][out], row by row). The gradients and Adam's m and v are rows
/// of the same layout, so Adam is one loop over the row. Rows are padded with zeros to whole vectors.</summary>
public sealed class Layout
{
    public readonly int H, Total, Padded, W1, B1, W2, B2, Gamma1, Beta1, Gamma2, Beta2, W3, B3;
    /// <summary>Each hidden layer is normalised (BN or LayerNorm), so the row holds γ and β.</summary>
    public readonly bool Normalised;

    public Layout(int hidden, bool normalised)
    {
        (H, Normalised) = (hidden, normalised);
        (W1, B1, W2) = (0, H, 2 * H);
        B2 = W2 + H * H;
        (Gamma1, Beta1, Gamma2, Beta2) = (B2 + H, B2 + 2 * H, B2 + 3 * H, B2 + 4 * H);
        W3 = normalised ? Beta2 + H : B2 + H;
        B3 = W3 + H;
        Total = B3 + 1;
        Padded = Lanes.Pad(Total);
    }

    /// <summary>The parameters by the notebook's names, each with its offset in the row and its shape.</summary>
    public IEnumerable<(string Name, int Offset, int[] Shape)> Named()
    {
        yield return ("W1", W1, [1, H]); yield return ("b1", B1, [H]);
        yield return ("W2", W2, [H, H]); yield return ("b2", B2, [H]);
        yield return ("W3", W3, [H, 1]); yield return ("b3", B3, [1]);
        if (!Normalised) yield break;
        yield return ("gamma1", Gamma1, [1, H]); yield return ("beta1", Beta1, [1, H]);
        yield return ("gamma2", Gamma2, [1, H]); yield return ("beta2", Beta2, [1, H]);
    }

    /// <summary>A network's initial row: Xavier's weights, the zero biases, gamma ones and beta zeros.</summary>
    public float[] Flatten(InitWeights init)
    {
        var row = new float[Padded];
        void Put(int offset, IEnumerable<float> values) { foreach (var v in values) row[offset++] = v; }
        Put(W1, init.W1.SelectMany(r => r)); Put(B1, init.B1);
        Put(W2, init.W2.SelectMany(r => r)); Put(B2, init.B2);
        Put(W3, init.W3.SelectMany(r => r)); Put(B3, init.B3);
        if (Normalised) { Put(Gamma1, Enumerable.Repeat(1f, H)); Put(Gamma2, Enumerable.Repeat(1f, H)); }
        return row;
    }
}
