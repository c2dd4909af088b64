using System.Runtime.InteropServices;

namespace BnLive.Native;

/// <summary>Native libraries that do not load, said in one line that names the library and what is wrong with it.</summary>
public static class Loading
{
    const string TorchLib = "libLibTorchSharp.so";

    /// <summary>The loader's own reason: .NET puts it on the last line of its message, after general advice.</summary>
    public static string Reason(Exception e) =>
        e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? e.GetType().Name;

    /// <summary>Loads TorchSharp's native library before TorchSharp does. When it cannot, TorchSharp prints a long trace
    /// on stdout and then copies libtorch (a gigabyte) out of the NuGet cache to try again; we say why in one line instead.
    /// Null when it loaded (the handle is kept, so TorchSharp's own load finds it), or on systems we do not ship for.</summary>
    public static string? TorchProblem()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return null;
        var dir = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        // a build keeps it under runtimes/; a published app has it beside BnLive.dll
        var file = new[] { Path.Combine(dir, TorchLib), Path.Combine(AppContext.BaseDirectory, TorchLib) }.FirstOrDefault(File.Exists);
        if (file is null) return $"TorchSharp's native library {TorchLib} is missing from {dir}: build again with ./run.sh";
        try
        {
            NativeLibrary.Load(file);
            return null;
        }
        catch (DllNotFoundException e)
        {
            return $"TorchSharp's native library did not load: {Reason(e)} (./run.sh builds it and makes it load on this system)";
        }
    }

    /// <summary>A library bnlive asked for by name (raylib, through its DllImports) that did not load or lacks a function.</summary>
    public static string Explain(Exception e)
    {
        bool raylib = e.Message.Contains("raylib", StringComparison.OrdinalIgnoreCase);
        if (raylib && Reason(e).StartsWith("raylib was not found")) return Reason(e);   // the locator's advice, for this OS
        string fix = raylib
            ? "point BNLIVE_RAYLIB at a libraylib.so of raylib 5.5 or later, or unset it and let ./run.sh find or build one"
            : "run through ./run.sh, which builds and finds it";
        string lib = raylib ? "raylib" : "a native library";
        // "Unable to find an entry point named 'InitWindow' in shared library 'raylib'."
        string what = e is EntryPointNotFoundException && e.Message.Split('\'') is [_, var function, ..]
            ? $"{lib} has no function {function}: it is not raylib, or older than 5.5"
            : $"{lib} did not load: {Reason(e)}";
        return $"{what}; {fix}";
    }
}
