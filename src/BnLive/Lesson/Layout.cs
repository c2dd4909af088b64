using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace BnLive.Lesson;

/// <summary>Scalars held for the life of the process. TorchSharp turns a bare number, and the implicit alpha of
/// add/sub, into a temporary Scalar whose finalizer can free it while the native op still reads it (seen as
/// "Expected false to be true ... toFloat" crashes once another thread made garbage). Passing held ones avoids it.</summary>
public static class Held
{
    public static readonly Scalar One = 1.ToScalar();
}

/// <summary>Where each parameter of one network sits in its flat row of floats: W1, b1, W2, b2, with BN then
/// gamma1, beta1, gamma2, beta2, and last W3, b3 (W as [in][out], row by row). A layer's W and b sit next to each
/// other as one [in+1, out] matrix, so x·W + b, dW and db are one matmul each when the input carries a column of
/// ones; gamma and beta sit next to each other, so their two gradient sums are one matmul. The gradients and Adam's
/// m and v are rows of the same layout, so Adam is a handful of whole-buffer ops.</summary>
/// <remarks>BN's gamma/beta come before layer 3, so that every block a matmul writes into starts 64-byte aligned:
/// MKL's rounding depends on alignment, and B networks side by side must round as one alone.</remarks>
public sealed class Layout
{
    public readonly int H, Total, Wb1, Wb2, Bn1, Bn2, Wb3;
    public readonly bool BatchNorm;

    public Layout(int hidden, bool batchNorm)
    {
        (H, BatchNorm) = (hidden, batchNorm);
        Wb1 = 0;
        Wb2 = 2 * H;
        Bn1 = Wb2 + (H + 1) * H;
        Bn2 = Bn1 + 2 * H;
        Wb3 = batchNorm ? Bn2 + 2 * H : Bn1;
        Total = Wb3 + H + 1;
    }

    /// <summary>The parameters by the notebook's names, each with its offset in the row and its shape.</summary>
    public IEnumerable<(string Name, int Offset, long[] Shape)> Named()
    {
        yield return ("W1", Wb1, [1, H]); yield return ("b1", Wb1 + H, [H]);
        yield return ("W2", Wb2, [H, H]); yield return ("b2", Wb2 + H * H, [H]);
        yield return ("W3", Wb3, [H, 1]); yield return ("b3", Wb3 + H, [1]);
        if (!BatchNorm) yield break;
        yield return ("gamma1", Bn1, [1, H]); yield return ("beta1", Bn1 + H, [1, H]);
        yield return ("gamma2", Bn2, [1, H]); yield return ("beta2", Bn2 + H, [1, H]);
    }

    /// <summary>A network's initial row: Xavier's weights, the zero biases, gamma ones and beta zeros.</summary>
    public float[] Flatten(InitWeights init)
    {
        var row = new float[Total];
        void Put(int offset, IEnumerable<float> values) { foreach (var v in values) row[offset++] = v; }
        Put(Wb1, init.W1.SelectMany(r => r).Concat(init.B1));
        Put(Wb2, init.W2.SelectMany(r => r).Concat(init.B2));
        Put(Wb3, init.W3.SelectMany(r => r).Concat(init.B3));
        if (BatchNorm) { Put(Bn1, Enumerable.Repeat(1f, H)); Put(Bn2, Enumerable.Repeat(1f, H)); }
        return row;
    }

    [DllImport("LibTorchSharp")]
    static extern IntPtr THSTensor_data(IntPtr handle);

    /// <summary>Where a CPU float tensor's first element lives (TorchSharp 0.107 has no public data_ptr).</summary>
    internal static unsafe float* Floats(Tensor t) => (float*)THSTensor_data(t.Handle);
}

/// <summary>A matrix operand of the step, for B networks: [B, rows, cols], and with B = 1 also its 2-D view, so
/// that without MKL a single network's products take addmm (one call less deep than bmm).</summary>
readonly record struct Mat(Tensor All, Tensor? One);

/// <summary>Owns the tensors (views mostly) it hands out, and disposes them together.</summary>
sealed class Owner : IDisposable
{
    readonly List<IDisposable> owned = [];
    public T Own<T>(T t) where T : IDisposable { owned.Add(t); return t; }

    /// <summary>A [B,…] tensor as a matrix operand (its 2-D view too when B = 1).</summary>
    public Mat Mat(Tensor all) => new(Own(all), all.size(0) == 1 ? Own(all.select(0, 0)) : null);

    /// <summary>The transpose of the last two dimensions.</summary>
    public Mat T(Mat m) => new(Own(m.All.transpose(1, 2)), m.One is null ? null : Own(m.One.t()));

    /// <summary>A slice of the last dimension.</summary>
    public Mat Cols(Mat m, long start, long length) =>
        new(Own(m.All.narrow(2, start, length)), m.One is null ? null : Own(m.One.narrow(1, start, length)));

    public void Dispose() { foreach (var t in owned) t.Dispose(); owned.Clear(); }
}
