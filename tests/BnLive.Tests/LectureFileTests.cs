using BnLive.Drawing;
using BnLive.Teaching;

namespace BnLive.Tests;

/// <summary>The lecture format: a good file read step by step, and every kind of bad file stopped before the window
/// opens with one line naming FILE:LINE, exit code 2.</summary>
public class LectureFileTests
{
    const string Good = """
        # A lecture

        Intro text for readers of the file, not shown.

        ## First look

        ```bnlive
        mode: none   # no BN
        seed: 3
        run: 100
        hold: 4
        ```

        The **bold** words, the `code` and a [link](https://example.org) read
        as one paragraph, without their markers.

        - a list item
        - another

        ## Second

        ```bnlive
        panels: loss
        lr: 0.01
        ```
        """;

    static string Write(string text, string name = "lecture.md")
    {
        var path = Path.Combine(Repo.TempDir(), name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void AGoodFileReadsAsTitledStepsWithSettingsAndCaptions()
    {
        var l = Lecture.Load(Write(Good));
        Assert.Equal("A lecture", l.Title);
        Assert.Equal(["First look", "Second"], l.Steps.Select(s => s.Title));
        Assert.Equal(["mode", "seed", "run", "hold"], l.Steps[0].Settings.Select(s => s.Key));
        Assert.Equal("none", l.Steps[0].Settings[0].Value);   // the comment is not part of the value
        Assert.Equal(("100", 4.0), (l.Steps[0].Run, l.Steps[0].Hold));
        Assert.Equal((null, 6.0), (l.Steps[1].Run, l.Steps[1].Hold));   // no run: training goes on; hold 6 s by default
        var caption = l.Steps[0].Caption;
        Assert.Equal(3, caption.Count);
        Assert.Equal("The bold words, the code and a link read as one paragraph, without their markers.", caption[0].Text);
        Assert.Contains(caption[0].Runs, r => r is { Text: "bold", Ink: Ink.Bold });
        Assert.Contains(caption[0].Runs, r => r is { Text: "code", Ink: Ink.Code });
        Assert.True(caption[1].Bullet && caption[2].Bullet);
        Assert.Equal("a list item", caption[1].Text);
    }

    [Fact]
    public void StepsAddUpAndSayWhenTheyNeedANewRun()
    {
        var l = Lecture.Load(Write(Good));
        var start = new Options { Command = CommandName.Lecture };
        var (first, second) = (Steps.At(l, start, 0), Steps.At(l, start, 1));
        Assert.Equal((BnLive.Engine.BnMode.None, 3), (second.Settings.Mode, second.Settings.Seed));   // kept from step 1
        Assert.True(second.LossPanel);
        Assert.Equal(0.01, second.Settings.Lr);
        Assert.False(Steps.NeedsRestart(first, second));        // lr and panels apply to the run as it is
        Assert.True(Steps.NeedsRestart(start, first));          // a new mode and seed do not
        Assert.Equal(0, Steps.RunStart(l, start, 1));
        Assert.Equal(100, Steps.Target(l.Steps[0], first));
    }

    [Theory]
    [InlineData("**bold** and *em* and `code`", "bold and em and code")]
    [InlineData("a lone * star and ** pair", "a lone  star and  pair")]
    [InlineData("snake_case_name stays", "snake_case_name stays")]
    [InlineData("**unclosed bold", "unclosed bold")]
    public void MarkersAreNeverShown(string markdown, string shown)
    {
        var text = string.Concat(Markup.Inline(markdown).Select(r => r.Text));
        Assert.Equal(shown, text);
        Assert.DoesNotContain("*", text);
        Assert.DoesNotContain("`", text);
    }

    [Theory]
    [InlineData("# T\n## S\n```bnlive\nfoo: 1\n```\n", 4, "unknown setting 'foo'")]
    [InlineData("# T\n## S\n```bnlive\nseed: abc\n```\n", 4, "seed must be a whole number")]
    [InlineData("# T\n## S\n```bnlive\nmode: batch\n```\n", 4, "mode must be notebook, pytorch, none or layernorm")]
    [InlineData("# T\n## S\n```bnlive\nrun: 9000\n```\n", 4, "run must be end or an epoch from 0 to 6000")]
    [InlineData("# T\n## S\n```bnlive\nepochs: 100\nrun: 200\n```\n", 5, "run must be end or an epoch from 0 to 100")]
    [InlineData("# T\n## S\n```bnlive\nhold: soon\n```\n", 4, "hold must be a number of seconds")]
    [InlineData("# T\n## S\n```bnlive\nseed 3\n```\n", 4, "'seed 3' is not a setting")]
    [InlineData("# T\n## S\n```bnlive\nseed: 1\nseed: 2\n```\n", 5, "seed is set twice")]
    [InlineData("# T\n## S\n```bnlive\nlr:\n```\n", 4, "lr needs a value")]
    [InlineData("# T\n##\ntext\n", 2, "a step needs a title")]
    [InlineData("# T\n## S\n```bnlive\nseed: 1\n", 3, "never closed")]
    [InlineData("# T\n```bnlive\nseed: 1\n```\n## S\n", 2, "a bnlive block belongs in a step")]
    [InlineData("# T\n## S\n### deeper\n", 3, "only '# Title' and '## Step' headings")]
    [InlineData("# T\n## S\n```bnlive\ndata: missing.csv\n```\n", 4, "missing.csv: no such file")]
    public void ABadLineIsNamedWithItsFileAndLine(string text, int line, string what)
    {
        var path = Write(text);
        var e = Assert.Throws<LectureError>(() => Lecture.Load(path));
        Assert.StartsWith($"{path}:{line}: ", e.Message);
        Assert.Contains(what, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void AFileWithNoStepsAMissingFileAndABinaryFileAreOneLineEach()
    {
        var none = Write("# Only a title\n\nSome text.\n");
        Assert.Equal($"{none}: no steps: a lecture needs at least one '## Step title' section",
            Assert.Throws<LectureError>(() => Lecture.Load(none)).Message);
        Assert.EndsWith("nowhere.md: no such file", Assert.Throws<LectureError>(() => Lecture.Load("/nowhere.md")).Message);
        var binary = Path.Combine(Repo.TempDir(), "slides.md");
        File.WriteAllBytes(binary, [0x89, 0x50, 0x4E, 0x47, 0x00, 0x1A, 0xFF]);
        Assert.Equal($"{binary} is a binary file, not a Markdown lecture", Assert.Throws<LectureError>(() => Lecture.Load(binary)).Message);
    }

    [Fact]
    public void ABadFileStopsTheCommandBeforeAnyWindowWithExitCodeTwo()
    {
        var path = Write("# T\n## S\n```bnlive\nspeed: warp\n```\n");
        var r = Proc.App(["lecture", path]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"bnlive: {path}:4: speed must be a power of two from 1 to 512, or max (got 'warp')", Proc.OneLine(r));
    }

    [Fact]
    public void TheBuiltInLectureIsValidAndShippedBesideTheProgram()
    {
        Assert.True(File.Exists(Lecture.BuiltIn), Lecture.BuiltIn);
        Assert.Equal(File.ReadAllText(Path.Combine(Repo.Root, "lectures", "batch-norm.md")), File.ReadAllText(Lecture.BuiltIn));
        var l = Lecture.Load(Lecture.BuiltIn);
        Assert.InRange(l.Steps.Count, 7, 10);
        Assert.All(l.Steps, s => Assert.NotEmpty(s.Caption));
    }
}
