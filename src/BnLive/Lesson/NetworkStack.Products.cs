namespace BnLive.Lesson;

public sealed partial class NetworkStack
{
    /// <summary>Whether the products go straight to MKL (see <see cref="Gemm"/>) rather than through TorchSharp.</summary>
    public static bool NativeProducts => Gemm.Native;

    /// <summary>The step's matrix products on one batch size's buffers, each prepared once (see <see cref="Gemm"/>).
    /// Layer 1's product and dW1 are here only for one network: with several, x is shared and they are one
    /// plain matmul over every network's columns.</summary>
    internal sealed class Products : IDisposable
    {
        public readonly Gemm? Layer1, GradW1;
        public readonly Gemm Layer2, Layer3, GradW3, Dy2, GradW2, Dy1;

        public Products(NetworkStack s, Work w, bool native)
        {
            Gemm G(Mat output, Mat a, Mat b, float alpha = 1) => new(output, a, b, alpha, native);
            bool bn = s.Layout.BatchNorm;
            if (s.w1Shared is null)
            {
                Layer1 = G(bn ? w.L1.H : w.L1.Y, w.Xa, s.wb1);
                GradW1 = G(s.gWb1, w.XaT, w.L1.Dy);
            }
            Layer2 = G(bn ? w.L2.H : w.L2.Y, w.L1.Aa, s.wb2);
            Layer3 = G(w.DiffPadded, w.L2.Aa, s.wb3Padded);
            // d mean((pred-y)²)/d pred = 2(pred-y)/N
            GradW3 = G(s.gWb3Padded, w.DiffPaddedT, w.L2.Aa, w.TwoOverN);
            Dy2 = G(w.L2.Dy, w.DiffPadded, s.wb3PaddedT, w.TwoOverN);
            GradW2 = G(s.gWb2, w.L1.AaT, w.L2.Dy);
            Dy1 = G(w.L1.Dy, w.L2.Dy, s.w2T);
        }

        public void Dispose()
        {
            foreach (var g in new[] { Layer1, GradW1, Layer2, Layer3, GradW3, Dy2, GradW2, Dy1 }) g?.Dispose();
        }
    }
}
