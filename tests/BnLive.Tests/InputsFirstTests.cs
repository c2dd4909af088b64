namespace BnLive.Tests;

/// <summary>The user's input is checked before the machine: a bad lecture, data or model file, or an output path
/// that cannot be written, is its own line and exit 2 whatever the environment lacks (a display, a working raylib).
/// Through the real doors: run.sh, and the built program as run.sh starts it.</summary>
public class InputsFirstTests
{
    static readonly Dictionary<string, string?> NoDisplay = new() { ["DISPLAY"] = null, ["WAYLAND_DISPLAY"] = null };

    static string BadLecture(string dir)
    {
        var path = Path.Combine(dir, "bad.md");
        File.WriteAllText(path, "# A lecture\n\n## A step\n\n```bnlive\nseed: abc\n```\n\nA caption.\n");
        return path;
    }

    [Fact]
    public void ABadLectureFileGivesItsLineWithOrWithoutADisplay()
    {
        var dir = Repo.TempDir();
        var bad = BadLecture(dir);
        // no display at all; a display with no X server behind it; and the program without run.sh
        foreach (var r in new[]
        {
            Proc.RunSh(["lecture", bad], NoDisplay, dir),
            Proc.RunSh(["lecture", bad], new Dictionary<string, string?> { ["DISPLAY"] = ":4242" }, dir),
            Proc.App(["lecture", bad], NoDisplay, dir),
        })
        {
            Assert.Equal(2, r.ExitCode);
            var line = Proc.OneLine(r);
            Assert.Equal($"bnlive: {bad}:6: seed must be a whole number from 0 to 2147483647 (got 'abc')", line);
        }
    }

    [Theory]
    [InlineData("window", "--data", "points.csv", "points.csv line 2: 'abc' is not a number")]
    [InlineData("export", "--data", "points.csv", "points.csv line 2: 'abc' is not a number")]
    [InlineData("export", "--load-model", "model.json", "model.json is not a bnlive model file (not valid JSON)")]
    [InlineData("export", "--png", "afile/x.png", "--png afile/x.png: ")]
    [InlineData("export", "--lecture", "bad.md", "bad.md:6: seed must be")]
    [InlineData("sweep", "--out", "afile", "--out afile: is a file, not a folder")]
    public void ABadInputComesBeforeAMissingDisplayAndABrokenRaylib(string command, string flag, string value, string says)
    {
        var dir = Repo.TempDir();
        File.WriteAllText(Path.Combine(dir, "points.csv"), "x,y\nabc,1\n");
        File.WriteAllText(Path.Combine(dir, "model.json"), "{ not json");
        File.WriteAllText(Path.Combine(dir, "afile"), "a file, not a folder");
        BadLecture(dir);
        string[] args = flag == "--lecture" ? [command, flag, value, "--mp4", "v.mp4"] : [command, flag, value];
        var before = Directory.GetFileSystemEntries(dir).Order().ToArray();
        var broken = new Dictionary<string, string?>(NoDisplay) { ["BNLIVE_RAYLIB"] = "/nonexistent/libraylib.so" };
        foreach (var r in new[] { Proc.RunSh(args, broken, dir), Proc.App(args, NoDisplay, dir) })
        {
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(says, Proc.OneLine(r));
            Assert.Equal(before, Directory.GetFileSystemEntries(dir).Order().ToArray());   // nothing written
        }
    }

    [Fact]
    public void GoodInputStillMeetsTheEnvironmentsOwnLine()
    {
        var dir = Repo.TempDir();
        File.WriteAllText(Path.Combine(dir, "points.csv"), "x,y\n0,1\n1,2\n");
        var r = Proc.RunSh(["window", "--data", "points.csv"], NoDisplay, dir);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no display", Proc.OneLine(r));
    }
}
