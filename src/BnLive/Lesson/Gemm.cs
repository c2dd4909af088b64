using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace BnLive.Lesson;

/// <summary>output = alpha · a @ b for every network, on buffers made once ([B, rows, cols] views, any strides
/// with one of the last two 1). Where libtorch's CPU build exports MKL's batched sgemm (linux-x64; win-x64's
/// torch_cpu.dll names it too, untried), it writes every network's product straight into place in one native call:
/// TorchSharp 0.107 has no in-place or out= bmm, and bmm's product copied into the strided buffer cost 1.6× the
/// product alone at B = 20. The kernels are the ones libtorch's addmm and bmm call: here the results agree to the
/// bit. Elsewhere (osx-arm64 has no MKL): addmm for one network, bmm and a copy for several.</summary>
sealed unsafe class Gemm : IDisposable
{
    const int RowMajor = 101, NoTrans = 111, Trans = 112;

    // cblas_sgemm_batch(layout, transa[], transb[], m[], n[], k[], alpha[], a[], lda[], b[], ldb[], beta[], c[], ldc[],
    // groups, groupSize[]), MKL's LP64 interface (32-bit ints); one group here
    static readonly delegate* unmanaged<int, int*, int*, int*, int*, int*, float*, float**, int*, float**, int*, float*,
        float**, int*, int, int*, void> Batch = Find();

    /// <summary>Whether products go straight to MKL (else through TorchSharp).</summary>
    public static bool Native => Batch != null;

    static delegate* unmanaged<int, int*, int*, int*, int*, int*, float*, float**, int*, float**, int*, float*,
        float**, int*, int, int*, void> Find()
    {
        return TryLibtorch(out var lib) && NativeLibrary.TryGetExport(lib, "cblas_sgemm_batch", out var f)
            ? (delegate* unmanaged<int, int*, int*, int*, int*, int*, float*, float**, int*, float**, int*, float*,
                float**, int*, int, int*, void>)f
            : null;
    }

    /// <summary>The libtorch_cpu TorchSharp loaded: by its file name the loader hands back the copy already in the
    /// process (a second copy would keep MKL settings of its own); else where the runtime looks for native libraries.</summary>
    public static bool TryLibtorch(out nint lib)
    {
        string name = OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";
        return NativeLibrary.TryLoad(name, out lib) || NativeLibrary.TryLoad("torch_cpu", typeof(torch).Assembly, null, out lib);
    }

    readonly Mat output, a, b;
    readonly float alpha;
    readonly Scalar? alphaHeld;
    // native: ints transA, transB, m, n, k, lda, ldb, ldc, batch size; floats alpha, beta; then the B pointers of a, b, c
    readonly int* ints;
    readonly float* floats;
    readonly float** pointers;

    public Gemm(Mat output, Mat a, Mat b, float alpha = 1, bool native = true)
    {
        (this.output, this.a, this.b, this.alpha) = (output, a, b, alpha);
        if (alpha != 1) alphaHeld = alpha.ToScalar();
        if (!native || !Native) return;
        var (count, m, n) = (output.All.size(0), output.All.size(1), output.All.size(2));
        long k = a.All.size(2);
        if (a.All.size(0) != count || b.All.size(0) != count || a.All.size(1) != m || b.All.size(1) != k || b.All.size(2) != n)
            throw new ArgumentException("gemm: the shapes do not chain");
        var (cRow, ldc) = Operand(output.All);
        if (!cRow) throw new ArgumentException("gemm: the output must be row-major");
        var (aRow, lda) = Operand(a.All);
        var (bRow, ldb) = Operand(b.All);
        ints = (int*)NativeMemory.Alloc(9, sizeof(int));
        (ints[0], ints[1], ints[2], ints[3], ints[4]) = (aRow ? NoTrans : Trans, bRow ? NoTrans : Trans, (int)m, (int)n, (int)k);
        (ints[5], ints[6], ints[7], ints[8]) = (lda, ldb, ldc, (int)count);
        floats = (float*)NativeMemory.Alloc(2, sizeof(float));
        (floats[0], floats[1]) = (alpha, 0);
        pointers = (float**)NativeMemory.Alloc((nuint)(3 * count), (nuint)sizeof(IntPtr));
        foreach (var (t, at) in new[] { (a.All, 0L), (b.All, count), (output.All, 2 * count) })
        {
            var first = Layout.Floats(t);
            long stride = t.stride(0);
            for (long i = 0; i < count; i++) pointers[at + i] = first + i * stride;
        }
    }

    /// <summary>A [B, rows, cols] view as BLAS sees it: row-major with its row stride, or the transpose of a
    /// row-major matrix with its column stride.</summary>
    static (bool RowMajor, int Ld) Operand(Tensor t)
    {
        long rows = t.size(1), cols = t.size(2), sr = t.stride(1), sc = t.stride(2);
        if (sc == 1 || cols == 1) return (true, (int)Math.Max(rows == 1 ? cols : sr, Math.Max(cols, 1)));
        if (sr == 1 || rows == 1) return (false, (int)Math.Max(sc, Math.Max(rows, 1)));
        throw new ArgumentException("gemm: an operand needs one of its last two strides 1");
    }

    public void Run()
    {
        if (ints != null)
        {
            int* i = ints;
            Batch(RowMajor, i, i + 1, i + 2, i + 3, i + 4, floats, pointers, i + 5, pointers + i[8], i + 6, floats + 1,
                pointers + 2 * i[8], i + 7, 1, i + 8);
        }
        else if (output.One is not null) output.One.addmm_(a.One!, b.One!, 0, alpha);
        else
        {
            using var product = a.All.bmm(b.All);
            output.All.copy_(product);
            if (alphaHeld is not null) output.All.mul_(alphaHeld);
        }
    }

    public void Dispose()
    {
        NativeMemory.Free(ints);
        NativeMemory.Free(floats);
        NativeMemory.Free(pointers);
        alphaHeld?.Dispose();
    }
}
