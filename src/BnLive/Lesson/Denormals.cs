using System.Runtime.InteropServices;

namespace BnLive.Lesson;

/// <summary>Flushes denormal floats to zero on this thread while a step runs, as PyTorch's
/// torch.set_flush_denormal(True) does (TorchSharp 0.107 does not bind it; libtorch exports it as
/// at::Context::setFlushDenormal). Without BN, a dead ReLU unit's Adam moment decays through the denormal range,
/// and each op that reads one runs many times slower: a 20-seed sweep took 1.4× as long. Values that small change
/// no update (m/(√v+ε) with ε = 1e-8). Where the symbol is missing (Windows' MSVC names) steps run unflushed.</summary>
static unsafe class Denormals
{
    static readonly nint context;
    static readonly delegate* unmanaged<nint, byte, byte> setFlush;

    static Denormals()
    {
        if (!Gemm.TryLibtorch(out var lib)) return;
        if (!NativeLibrary.TryGetExport(lib, "_ZN2at13globalContextEv", out var global)
            || !NativeLibrary.TryGetExport(lib, "_ZN2at7Context16setFlushDenormalEb", out var set)) return;
        context = ((delegate* unmanaged<nint>)global)();
        setFlush = (delegate* unmanaged<nint, byte, byte>)set;
    }

    /// <summary>Flushed until the result is disposed (the thread's default, unflushed, comes back).</summary>
    public static Scope Flushed()
    {
        if (setFlush != null) setFlush(context, 1);
        return default;
    }

    public readonly ref struct Scope
    {
        public void Dispose()
        {
            if (setFlush != null) setFlush(context, 0);
        }
    }
}
