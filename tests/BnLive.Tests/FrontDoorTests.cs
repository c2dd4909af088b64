using System.Runtime.InteropServices;
using BnLive.Native;

namespace BnLive.Tests;

/// <summary>Doors besides ./run.sh: raylib found the same way on every OS, `dotnet run` opening the window, and
/// published apps carrying their native libraries. What this Linux machine cannot run (macOS, Windows) is checked
/// as far as it can be: the search order, and the files a publish for them contains.</summary>
public class FrontDoorTests
{
    static RaylibLocator.Machine Machine(OSPlatform os, Dictionary<string, string>? env = null, string[]? cacheDirs = null) =>
        new(os, os == OSPlatform.Windows ? "win-x64" : os == OSPlatform.OSX ? "osx-arm64" : "linux-x64", "/app", "/home/u", null,
            k => env?.GetValueOrDefault(k), dir => dir == "/home/u/.cache/bnlive" ? (cacheDirs ?? []).Select(d => Path.Combine(dir, d)) : []);

    [Fact]
    public void LinuxLooksBesideTheAppThenTheLoaderThenRunShsBuildsNewestFirstThenUsrLocal()
    {
        var c = RaylibLocator.Candidates(Machine(OSPlatform.Linux, cacheDirs: ["raylib-5.5-rgfw", "raylib-6.0-rgfw", "raylib-6.0-memory", "torchfix"]));
        Assert.Equal([
            "/app/runtimes/linux-x64/native/libraylib.so",
            "libraylib.so",
            "/home/u/.cache/bnlive/raylib-6.0-rgfw/libraylib.so",
            "/home/u/.cache/bnlive/raylib-5.5-rgfw/libraylib.so",
            "/usr/local/lib/libraylib.so"], c);
    }

    [Fact]
    public void MacOsAndWindowsHaveTheirOwnNamesAndFolders()
    {
        Assert.Equal(["/app/runtimes/osx-arm64/native/libraylib.dylib", "libraylib.dylib", "/opt/homebrew/lib/libraylib.dylib", "/usr/local/lib/libraylib.dylib"],
            RaylibLocator.Candidates(Machine(OSPlatform.OSX)));
        Assert.Equal([Path.Combine("/app", "runtimes", "win-x64", "native", "raylib.dll"), "raylib.dll", Path.Combine("/app", "raylib.dll")],
            RaylibLocator.Candidates(Machine(OSPlatform.Windows)));
        Assert.Contains("brew install raylib", RaylibLocator.Advice(OSPlatform.OSX));
        Assert.Contains("raylib.dll", RaylibLocator.Advice(OSPlatform.Windows));
    }

    [Fact]
    public void BnliveRaylibIsTheOneNameAndItsOldNameStillWorks()
    {
        var env = new Dictionary<string, string> { ["BNLIVE_RAYLIB_PATH"] = "/old/libraylib.so" };
        Assert.Equal(["/old/libraylib.so"], RaylibLocator.Candidates(Machine(OSPlatform.Linux, env)));
        env["BNLIVE_RAYLIB"] = "/new/libraylib.so";
        Assert.Equal(["/new/libraylib.so"], RaylibLocator.Candidates(Machine(OSPlatform.Linux, env)));
    }

    [Fact]
    public void NoRaylibAnywhereIsOneLineOfAdviceForThisSystem()
    {
        // no variable, and a home and cache with no build in them: nothing to find
        var home = Repo.TempDir();
        var r = Proc.App(["export", "--epochs", "5", "--png", "x.png"], new Dictionary<string, string?>
            { ["BNLIVE_RAYLIB_PATH"] = null, ["BNLIVE_RAYLIB"] = null, ["HOME"] = home, ["XDG_CACHE_HOME"] = Path.Combine(home, "cache") });
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("bnlive: raylib was not found: " + RaylibLocator.Advice(OSPlatform.Linux), Proc.OneLine(r));
    }

    [Fact]
    public void DotnetRunOpensTheWindowWhereThereIsADisplay()
    {
        // no run.sh and no BNLIVE_RAYLIB: the program finds raylib where ./run.sh built it, and opens the window
        using var app = LiveApp.Door("dotnet", ["run", "--project", Path.Combine(Repo.Root, "src", "BnLive"), "-c", "Release", "--no-build", "--", "--epochs", "30", "--speed", "max"],
            new Dictionary<string, string?> { ["BNLIVE_RAYLIB_PATH"] = null, ["BNLIVE_RAYLIB"] = null });
        app.WaitFor("training done: 30 epochs", 60);   // this door runs without --events json: the words
        app.Key("q");
        app.WaitFor(": quit$");
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void PublishedAppsCarryTheirNativeLibrariesAndTheLinuxOneRuns()
    {
        var dir = Repo.TempDir();
        foreach (var (rid, files) in new[]
        {
            ("linux-x64", new[] { "libLibTorchSharp.so", "libtorch_cpu.so", "Magick.Native-Q8-x64.dll.so", "libbnlive_iosinit.so" }),
            ("osx-arm64", ["libLibTorchSharp.dylib", "libtorch_cpu.dylib", "Magick.Native-Q8-arm64.dll.dylib"]),
            ("win-x64", ["LibTorchSharp.dll", "torch_cpu.dll", "Magick.Native-Q8-x64.dll"]),
        })
        {
            var outDir = Path.Combine(dir, rid);
            var r = Proc.Run("dotnet", ["publish", Path.Combine(Repo.Root, "src", "BnLive"), "-c", "Release", "-r", rid, "-o", outDir, "-v", "quiet", "-nologo"], seconds: 600);
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            foreach (var f in files) Assert.True(File.Exists(Path.Combine(outDir, f)), $"{rid}: {f} is missing");
            foreach (var lecture in new[] { "batch-norm.md", "what-bn-buys.md" })
                Assert.True(File.Exists(Path.Combine(outDir, "lectures", lecture)), $"{rid}: the built-in lecture {lecture} is missing");
            if (rid == "linux-x64")
            {
                // the publish folder's TorchSharp is patched for this system too: it trains and draws
                var run = Proc.Run(Path.Combine(outDir, "BnLive"), ["export", "--epochs", "20", "--png", "x.png", "--trace", "t.json"],
                    new Dictionary<string, string?> { ["BNLIVE_RAYLIB_PATH"] = null }, workDir: dir);
                Assert.True(run.ExitCode == 0, run.Stderr);
                Assert.True(File.Exists(Path.Combine(dir, "x.png")));
            }
            Directory.Delete(outDir, recursive: true);   // half a gigabyte each
        }
    }
}
