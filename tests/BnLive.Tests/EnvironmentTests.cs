namespace BnLive.Tests;

/// <summary>A machine that lacks something bnlive needs: a display, Xvfb, raylib, TorchSharp's native library.
/// Each ends in one line that names what is missing and how to get it, a non-zero exit and no stack trace.</summary>
public class EnvironmentTests
{
    static readonly Dictionary<string, string?> NoDisplay = new() { ["DISPLAY"] = null, ["WAYLAND_DISPLAY"] = null };

    [Fact]
    public void TheWindowWithoutADisplaySaysHowToGetOne()
    {
        var app = Proc.App(["window"], NoDisplay);
        Assert.Equal(2, app.ExitCode);
        var line = Proc.OneLine(app);
        Assert.Contains("no display", line);
        Assert.Contains("DISPLAY=", line);
        Assert.Contains("./run.sh export", line);

        var front = Proc.RunSh(["window"], NoDisplay);
        Assert.Equal(1, front.ExitCode);
        line = Proc.OneLine(front);
        Assert.Contains("no display", line);
        Assert.Contains("./run.sh export", line);
    }

    [Fact]
    public void RunShWithoutADisplayExportsAndSaysWhereTheFilesWent()
    {
        var dir = Repo.TempDir();
        var r = Proc.RunSh(["--epochs", "300", "--every", "100"], NoDisplay, dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("no display found (DISPLAY is not set): exporting files instead", r.Stderr);
        foreach (var ext in new[] { "png", "gif", "json" })
        {
            var path = Path.Combine("out", $"bnlive-notebook-seed1.{ext}");
            Assert.Contains($"wrote {path}", r.Stdout);
            Assert.True(new FileInfo(Path.Combine(dir, path)).Length > 0, $"{path} was written");
        }
    }

    /// <summary>Xvfb missing: a PATH with every command of the system but Xvfb.</summary>
    [Fact]
    public void ExportWithoutXvfbSaysToInstallIt()
    {
        var bin = Repo.TempDir();
        string usrBin = Path.GetFullPath("/usr/bin");
        foreach (var file in Directory.GetFiles(usrBin))
            if (Path.GetFileName(file) != "Xvfb") File.CreateSymbolicLink(Path.Combine(bin, Path.GetFileName(file)), file);
        // /bin is /usr/bin on merged-/usr systems: both give way to the copy without Xvfb
        var path = string.Join(':', Environment.GetEnvironmentVariable("PATH")!.Split(':')
            .Select(p => Directory.Exists(p) && Resolve(p) == Resolve(usrBin) ? bin : p));
        Assert.False(File.Exists(Path.Combine(bin, "Xvfb")));

        var dir = Repo.TempDir();
        var r = Proc.RunSh(["export", "--epochs", "10", "--png", "x.png"], new Dictionary<string, string?> { ["PATH"] = path }, dir);
        Assert.Equal(1, r.ExitCode);
        var line = Proc.OneLine(r);
        Assert.Contains("no Xvfb", line);
        Assert.Contains("apt-get install xvfb", line);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
        Directory.Delete(bin, recursive: true);
    }

    static string Resolve(string dir) => new DirectoryInfo(dir).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(dir);

    [Theory]
    [InlineData("/nonexistent/libraylib.so", "BNLIVE_RAYLIB=/nonexistent/libraylib.so is not an existing file")]
    [InlineData("/etc/hostname", "raylib did not load: /etc/hostname:")]
    [InlineData("libm", "raylib has no function ")]
    public void AWrongRaylibSaysWhatIsWrongAndHowToPointBnliveAtOne(string lib, string says)
    {
        // libm: a real shared library that is not raylib
        if (lib == "libm") lib = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ')[^1]).First(p => p.Contains("/libm.so"));
        var dir = Repo.TempDir();
        var r = Proc.RunSh(["export", "--epochs", "10", "--png", "x.png"], new Dictionary<string, string?> { ["BNLIVE_RAYLIB"] = lib }, dir);
        Assert.Equal(1, r.ExitCode);
        var line = Proc.OneLine(r);
        Assert.Contains(says, line);
        Assert.Contains("BNLIVE_RAYLIB", line);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    /// <summary>A copy of the built program whose native libraries are links to the real ones, minus the one taken away.
    /// NUGET_PACKAGES points nowhere: TorchSharp's own fallback would otherwise copy a gigabyte of libtorch beside it.</summary>
    [Fact]
    public void TorchSharpsNativeLibraryMissingIsOneLineNamingIt()
    {
        var built = Path.GetDirectoryName(Proc.Dll)!;
        var copy = Repo.TempDir();
        foreach (var file in Directory.GetFiles(built)) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        foreach (var file in Directory.GetFiles(Path.Combine(built, "runtimes"), "*", SearchOption.AllDirectories))
        {
            var link = Path.Combine(copy, Path.GetRelativePath(built, file));
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.CreateSymbolicLink(link, file);
        }
        var native = Path.Combine(copy, "runtimes", "linux-x64", "native");
        var env = new Dictionary<string, string?> { ["NUGET_PACKAGES"] = "/nonexistent" };
        Repo.Result Train() => Proc.Run("dotnet", [Path.Combine(copy, "BnLive.dll"), "export", "--epochs", "10", "--trace", "t.json"], env, Repo.TempDir());

        var whole = Train();   // the copy itself runs: what fails below is the missing library alone
        Assert.True(whole.ExitCode == 0, whole.Stderr + whole.Stdout);

        File.Delete(Path.Combine(native, "libtorch_cpu.so"));   // a library libLibTorchSharp.so needs
        var r = Train();
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("TorchSharp's native library did not load: libtorch_cpu.so: cannot open shared object file", Proc.OneLine(r));
        Assert.Equal("", r.Stdout);   // not TorchSharp's trace of where it looked

        File.Delete(Path.Combine(native, "libLibTorchSharp.so"));
        r = Train();
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"libLibTorchSharp.so is missing from {native}", Proc.OneLine(r));
        Assert.Equal("", r.Stdout);
        Assert.False(Directory.Exists(Path.Combine(copy, "cpu")), "TorchSharp's fallback copied libtorch");
        Directory.Delete(copy, recursive: true);
    }
}
