using System.Reflection;
using System.Runtime.InteropServices;

namespace BnLive.Native;

/// <summary>Where raylib's native library is looked for, in order, so that every front door finds it: ./run.sh,
/// `dotnet run`, a published app, an IDE. The order: BNLIVE_RAYLIB (BNLIVE_RAYLIB_PATH is the same), then
/// runtimes/&lt;rid&gt;/native/ beside the app, then the system loader's own search, then the folders raylib is
/// known to live in: the build ./run.sh makes in ~/.cache/bnlive, /usr/local/lib, Homebrew's, the app's folder.</summary>
public static class RaylibLocator
{
    /// <summary>The facts of one machine the search depends on, so that each OS's list can be tested on any OS.</summary>
    public sealed record Machine(OSPlatform Os, string Rid, string AppDir, string Home, string? CacheHome,
        Func<string, string?> Env, Func<string, IEnumerable<string>> Folders);

    public static Machine ThisMachine() => new(
        OperatingSystem.IsWindows() ? OSPlatform.Windows : OperatingSystem.IsMacOS() ? OSPlatform.OSX : OSPlatform.Linux,
        RuntimeInformation.RuntimeIdentifier, AppContext.BaseDirectory,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Environment.GetEnvironmentVariable("XDG_CACHE_HOME"),
        Environment.GetEnvironmentVariable,
        dir => Directory.Exists(dir) ? Directory.EnumerateDirectories(dir) : []);

    public static string FileName(OSPlatform os) =>
        os == OSPlatform.Windows ? "raylib.dll" : os == OSPlatform.OSX ? "libraylib.dylib" : "libraylib.so";

    /// <summary>The variable that names raylib, if set (BNLIVE_RAYLIB first; BNLIVE_RAYLIB_PATH is its old name).</summary>
    public static string? Explicit(Machine m) =>
        new[] { "BNLIVE_RAYLIB", "BNLIVE_RAYLIB_PATH" }.Select(m.Env).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    /// <summary>Where to look, in order: full paths, and the bare file name for the loader's own search.</summary>
    public static List<string> Candidates(Machine m)
    {
        if (Explicit(m) is string given) return [given];
        string name = FileName(m.Os);
        var list = new List<string>
        {
            Path.Combine(m.AppDir, "runtimes", m.Rid, "native", name),
            name,
        };
        if (m.Os == OSPlatform.Linux)
        {
            string cache = Path.Combine(m.CacheHome ?? Path.Combine(m.Home, ".cache"), "bnlive");
            // ./run.sh's builds, newest raylib first (raylib-6.0-rgfw before raylib-5.5-rgfw)
            list.AddRange(m.Folders(cache)
                .Select(Path.GetFileName).OfType<string>()
                .Where(d => d.StartsWith("raylib-") && d.EndsWith("-rgfw"))
                .OrderByDescending(d => Version.TryParse(d["raylib-".Length..^"-rgfw".Length], out var v) ? v : new Version())
                .Select(d => Path.Combine(cache, d, name)));
            list.Add(Path.Combine("/usr/local/lib", name));
        }
        else if (m.Os == OSPlatform.OSX)
            list.AddRange([Path.Combine("/opt/homebrew/lib", name), Path.Combine("/usr/local/lib", name)]);
        else
            list.Add(Path.Combine(m.AppDir, name));
        return list;
    }

    /// <summary>What to do when none of them loads, for this OS, in one line.</summary>
    public static string Advice(OSPlatform os) =>
        os == OSPlatform.Windows ? "put raylib.dll (raylib 5.5 or later) beside the program, or set BNLIVE_RAYLIB to its path"
        : os == OSPlatform.OSX ? "install raylib 5.5 or later (brew install raylib), or set BNLIVE_RAYLIB to a libraylib.dylib"
        : "run ./run.sh once (it builds raylib into ~/.cache/bnlive), install raylib 5.5 or later, or set BNLIVE_RAYLIB to a libraylib.so";

    /// <summary>Loads raylib from the first candidate that loads. An explicit BNLIVE_RAYLIB that does not load is an
    /// error of its own, not a reason to look elsewhere: the user asked for that file.</summary>
    public static IntPtr Load(Assembly assembly, DllImportSearchPath? searchPath)
    {
        var m = ThisMachine();
        if (Explicit(m) is string file)
        {
            try { return NativeLibrary.Load(file); }
            // the loader's message names only the file; the user set it as raylib
            catch (DllNotFoundException e) { throw new DllNotFoundException($"raylib from {file}\n{Loading.Reason(e)}", e); }
        }
        foreach (var c in Candidates(m))
        {
            bool bare = !Path.IsPathRooted(c);
            if (!bare && !File.Exists(c)) continue;
            if (bare ? NativeLibrary.TryLoad(c, assembly, searchPath, out var h) : NativeLibrary.TryLoad(c, out h)) return h;
        }
        throw new DllNotFoundException($"raylib\nraylib was not found: {Advice(m.Os)}");
    }
}
