using System.Text.Json;
using ImageMagick;

namespace BnLive.Tests;

/// <summary>The headless export through the front door, with the files read back.</summary>
public class ExportTests
{
    static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public void FullExportWritesFigureGifAndTrace()
    {
        var dir = Repo.TempDir();
        string png = Path.Combine(dir, "fig.png"), gif = Path.Combine(dir, "train.gif"), trace = Path.Combine(dir, "trace.json");
        var r = Repo.Run(dir, Long, "export", "--png", png, "--gif", gif, "--trace", trace);
        Assert.True(r.ExitCode == 0, r.Stderr);

        using (var image = new MagickImage(png))
            Assert.Equal((800u, 500u), (image.Width, image.Height));

        using (var frames = new MagickImageCollection(gif))
        {
            Assert.Equal(6000 / 60, frames.Count);
            Assert.Equal(0u, frames[0].AnimationIterations);   // loops
            Assert.Equal((800u, 500u), (frames[0].Page.Width, frames[0].Page.Height));
            Assert.True(frames[^1].AnimationDelay >= 150, "the last frame is held");
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(trace));
        var root = doc.RootElement;
        Assert.Equal("notebook", root.GetProperty("mode").GetString());
        Assert.Equal(6000, root.GetProperty("loss").GetArrayLength());
        Assert.Equal(100, root.GetProperty("x").GetArrayLength());
        Assert.Equal(1, root.GetProperty("init").GetProperty("W1").GetArrayLength());
        Assert.Equal(16, root.GetProperty("init").GetProperty("W1")[0].GetArrayLength());
        var snaps = root.GetProperty("snapshots").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i * 300), snaps.Select(s => s.GetProperty("epoch").GetInt32()));
        Assert.All(snaps, s => Assert.Equal(100, s.GetProperty("y_pred").GetArrayLength()));
        var losses = root.GetProperty("loss").EnumerateArray().Select(l => l.GetDouble()).ToArray();
        Assert.True(losses[^1] < losses[0] / 10, "training lowers the loss");

        Assert.Equal(3, Directory.GetFiles(dir).Length);   // no temporary file left behind
        Assert.Contains("final training loss", r.Stdout);
    }

    [Fact]
    public void SameSeedSameBytesOtherSeedOtherRun()
    {
        var dir = Repo.TempDir();
        string Trace(string name, string seed)
        {
            var path = Path.Combine(dir, name);
            var r = Repo.Run(dir, Long, "export", "--epochs", "600", "--seed", seed, "--trace", path);
            Assert.True(r.ExitCode == 0, r.Stderr);
            return path;
        }
        var a = File.ReadAllBytes(Trace("a.json", "3"));
        var b = File.ReadAllBytes(Trace("b.json", "3"));
        var c = File.ReadAllBytes(Trace("c.json", "4"));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData("--mode", "foo")]
    [InlineData("--epochs", "-5")]
    [InlineData("--size", "0x0")]
    [InlineData("--lr", "nan")]
    public void BadFlagExitsTwoWithOneLineAndNoFile(string flag, string value)
    {
        var dir = Repo.TempDir();
        var r = Repo.Run(dir, Long, "export", flag, value, "--png", Path.Combine(dir, "x.png"));
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("bnlive: building")).ToArray();
        Assert.Single(lines);
        Assert.Contains(flag, lines[0]);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void UnwritablePathExitsTwoAndLeavesNothing()
    {
        var dir = Repo.TempDir();
        File.WriteAllText(Path.Combine(dir, "afile"), "not a folder");
        var r = Repo.Run(dir, Long, "export", "--png", Path.Combine(dir, "afile", "x.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--png", r.Stderr);
        var r2 = Repo.Run(dir, Long, "export", "--gif", dir);
        Assert.Equal(2, r2.ExitCode);
        Assert.Contains("is a directory", r2.Stderr);
        Assert.Equal(["afile"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));

        // a device is never renamed over (as root that would replace /dev/full itself)
        var r3 = Repo.Run(dir, Long, "export", "--png", "/dev/full");
        Assert.Equal(2, r3.ExitCode);
        Assert.Contains("not a regular file", r3.Stderr);
        Assert.Throws<IOException>(() => File.WriteAllText("/dev/full", "x"));   // still the device: "no space left"
    }

    [Fact]
    public void SigtermDuringExportStopsCleanlyWithNoFile()
    {
        var dir = Repo.TempDir();
        var gif = Path.Combine(dir, "train.gif");
        var psi = new System.Diagnostics.ProcessStartInfo(Path.Combine(Repo.Root, "run.sh"), ["export", "--gif", gif]) { WorkingDirectory = dir, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.Environment["BNLIVE_NO_BUILD"] = "1";
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var line = p.StandardError.ReadLine();   // the first progress line: training is under way
        Assert.NotNull(line);
        System.Diagnostics.Process.Start("kill", ["-TERM", p.Id.ToString()])!.WaitForExit();
        var rest = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(30_000));
        Assert.Equal(143, p.ExitCode);
        Assert.Contains("SIGTERM", rest);
        Assert.Contains("no file written", rest);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void CompareViewWithPanelsExportsBothNetworksInOnePicture()
    {
        var dir = Repo.TempDir();
        var png = Path.Combine(dir, "compare.png");
        var gif = Path.Combine(dir, "compare.gif");
        var r = Repo.Run(dir, Long, "export", "--view", "compare", "--panels", "loss,inside", "--epochs", "600",
            "--size", "1000x700", "--frame-every", "300", "--png", png, "--gif", gif);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"notebook seed 1: 600 epochs", r.Stdout);
        Assert.Matches(@"none seed 1: 600 epochs", r.Stdout);
        using var image = new MagickImage(png);
        Assert.Equal((1000u, 700u), (image.Width, image.Height));
        using var frames = new MagickImageCollection(gif);
        Assert.Equal(2, frames.Count);   // epochs 300 and 600
        var none = Repo.Run(dir, Long, "export", "--view", "compare", "--trace", Path.Combine(dir, "t.json"));
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("--trace", none.Stderr);
    }
}
