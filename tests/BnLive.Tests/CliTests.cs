using BnLive.Engine;

namespace BnLive.Tests;

[Trait("Category", "Unit")]
public class CliTests
{
    [Fact]
    public void DefaultsAreTheNotebooks()
    {
        var o = Cli.Parse(["export"]);
        Assert.Equal(CommandName.Export, o.Command);
        Assert.Equal(BnMode.Notebook, o.Settings.Mode);
        Assert.Equal(6000, o.Settings.Epochs);
        Assert.Equal(300, o.Settings.Every);
        Assert.Equal(0.005, o.Settings.Lr);
        Assert.Equal((800, 500), (o.Width, o.Height));
        var withOutputs = o.WithDefaultOutputs("out");
        Assert.Equal(Path.Combine("out", "bnlive-notebook-seed1.png"), withOutputs.Png);
    }

    [Fact]
    public void FlagsAreRead()
    {
        var o = Cli.Parse(["export", "--mode", "none", "--seed", "7", "--epochs=600", "--every", "50", "--lr", "0.01", "--size", "1280x720", "--gif", "a.gif"]);
        Assert.Equal(BnMode.None, o.Settings.Mode);
        Assert.Equal(7, o.Settings.Seed);
        Assert.Equal(600, o.Settings.Epochs);
        Assert.Equal(50, o.Settings.Every);
        Assert.Equal(0.01, o.Settings.Lr);
        Assert.Equal((1280, 720), (o.Width, o.Height));
        Assert.Equal("a.gif", o.Gif);
        Assert.Null(o.WithDefaultOutputs().Png);   // naming one output writes only that one
    }

    [Theory]
    [InlineData("--mode", "foo")]
    [InlineData("--epochs", "-5")]
    [InlineData("--epochs", "0")]
    [InlineData("--every", "0")]
    [InlineData("--lr", "nan")]
    [InlineData("--lr", "-1")]
    [InlineData("--size", "0x0")]
    [InlineData("--size", "1x1")]
    [InlineData("--size", "100000x100000")]
    [InlineData("--seed", "abc")]
    [InlineData("--bogus", "1")]
    [InlineData("--decay", "1")]
    [InlineData("--decay", "-0.1")]
    [InlineData("--eps", "0")]
    [InlineData("--hidden", "0")]
    [InlineData("--batch-size", "-1")]
    [InlineData("--view", "sideways")]
    [InlineData("--panels", "loss,weights")]
    [InlineData("--scale", "0.1")]
    [InlineData("--scale", "7")]
    [InlineData("--scale", "big")]
    [InlineData("--init-scale", "0")]
    [InlineData("--init-scale", "-1")]
    [InlineData("--init-scale", "1001")]
    [InlineData("--init-scale", "ten")]
    [InlineData("--mode", "layer")]
    public void BadFlagsAreOneClearError(string flag, string value)
    {
        var e = Assert.Throws<CliError>(() => Cli.Parse(["export", flag, value]));
        Assert.Contains(flag, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void ScaleIsReadForWindowExportAndLectureOnly()
    {
        Assert.Equal(2f, Cli.Parse(["lecture", "--scale", "2"]).Scale);
        Assert.Equal(1.5f, Cli.Parse(["window", "--scale", "1.5"]).Scale);
        Assert.Equal(0.25f, Cli.Parse(["export", "--scale=0.25"]).Scale);
        Assert.Null(Cli.Parse(["export"]).Scale);
        Assert.Contains("--scale is an option of window, export and lecture only", Assert.Throws<CliError>(() => Cli.Parse(["sweep", "--scale", "2"])).Message);
    }

    [Fact]
    public void DuplicateFlagsAreRejected() =>
        Assert.Contains("twice", Assert.Throws<CliError>(() => Cli.Parse(["--seed", "1", "--seed", "2"])).Message);

    [Fact]
    public void TeachingFlagsAreRead()
    {
        var o = Cli.Parse(["export", "--view", "compare", "--panels", "loss,inside", "--decay", "0.9", "--eps", "1e-5", "--hidden", "8", "--batch-size", "10"]);
        Assert.Equal(View.Compare, o.View);
        Assert.True(o.LossPanel && o.InsidePanel);
        Assert.Equal((0.9, 1e-5, 8, 10), (o.Settings.Decay, o.Settings.Eps, o.Settings.Hidden, o.Settings.BatchSize));
        Assert.False(Cli.Parse(["export", "--panels", "none"]).LossPanel);
    }

    [Theory]
    [InlineData("1-20", 20, 1, 20)]
    [InlineData("3,5,9", 3, 3, 9)]
    [InlineData("7", 1, 7, 7)]
    [InlineData("1-3,2-4", 4, 1, 4)]
    public void SeedListsAreRead(string value, int count, int first, int last)
    {
        var seeds = Cli.Parse(["sweep", "--seeds", value]).Seeds;
        Assert.Equal((count, first, last), (seeds.Length, seeds[0], seeds[^1]));
    }

    [Theory]
    [InlineData("5-1")]
    [InlineData("a-b")]
    [InlineData("1-")]
    [InlineData("")]
    [InlineData("0-5000")]
    public void BadSeedListsAreOneClearError(string value) =>
        Assert.Contains("--seeds", Assert.Throws<CliError>(() => Cli.Parse(["sweep", "--seeds", value])).Message);

    [Theory]
    [InlineData("export", "--seeds", "1-3")]
    [InlineData("window", "--gif", "a.gif")]
    [InlineData("export", "--speed", "max")]
    [InlineData("sweep", "--seed", "3")]
    public void FlagsOfAnotherCommandAreRejected(string command, string flag, string value) =>
        Assert.Contains("only", Assert.Throws<CliError>(() => Cli.Parse([command, flag, value])).Message);

    [Fact]
    public void SwitchesAndOptionalValuesAreRead()
    {
        Assert.True(Cli.Parse(["export", "--precise-bn"]).Settings.PreciseBn);
        Assert.False(Cli.Parse(["export", "--precise-bn=off"]).Settings.PreciseBn);
        var o = Cli.Parse(["lecture", "--fullscreen", "my.md", "--speed", "max"]);
        Assert.Equal((CommandName.Lecture, true, "my.md", Cli.MaxSpeedLevel), (o.Command, o.Fullscreen, o.LectureFile, o.SpeedLevel));
        Assert.Null(Cli.Parse(["lecture"]).LectureFile);
        o = Cli.Parse(["export", "--lecture", "--mp4", "a.mp4"]);
        Assert.Equal((true, null, "a.mp4"), (o.LectureVideo, o.LectureFile, o.Mp4));
        Assert.Equal("talk.md", Cli.Parse(["export", "--lecture", "talk.md"]).LectureFile);
        Assert.Equal(1.5f, Cli.Parse(["window", "--scale", "1.5"]).Scale);
        Assert.Null(Cli.Parse(["window"]).Scale);
        Assert.Contains("takes no value", Assert.Throws<CliError>(() => Cli.Parse(["window", "--fullscreen=yes"])).Message);
        Assert.Contains("unknown option '--bogus'", Assert.Throws<CliError>(() => Cli.Parse(["lecture", "--bogus"])).Message);
    }

    [Theory]
    [InlineData("--seed", "abc")]
    [InlineData("--size", "1x1")]
    [InlineData("--panels", "weights")]
    [InlineData("--compare", "notebook")]
    public void ALectureSettingAndTheCommandLineSayTheSame(string flag, string value) =>
        Assert.Equal(Assert.Throws<CliError>(() => Cli.Parse(["window", flag, value])).Message,
            Assert.Throws<CliError>(() => Cli.Apply(new Options(), flag, value)).Message);

    [Fact]
    public void TheHelpListsEachCommandsFlagsWithTheirDefaultsAndTheKeys()
    {
        var all = Cli.Help();
        foreach (var f in Cli.Flags.Where(f => (f.On & (On.Window | On.Export)) != 0)) Assert.Contains(f.Name, all);
        Assert.Contains("COMMAND --help", all);
        Assert.Contains("[default: 800x500]", all);
        Assert.Contains("[default: notebook]", all);
        Assert.Contains("lecture", all);
        var export = Cli.Help(CommandName.Export);
        Assert.Contains("--png", export);
        Assert.DoesNotContain("--speed", export);
        Assert.Contains("--seeds", Cli.Help(CommandName.Sweep));
        Assert.Equal(CommandName.Export, Cli.Parse(["export", "--help"]).Topic);
        Assert.Equal(CommandName.Help, Cli.Parse(["--seed", "3", "-h"]).Command);
    }

    [Theory]
    [InlineData("unknown command 'exprt'", "exprt", "--seed", "1", "--seed", "2")]
    [InlineData("--size must be WxH", "export", "--size=", "1280x720")]
    [InlineData("unknown option '--'", "export", "--", "--seed", "3")]
    [InlineData("--seed must be a whole number", "export", "--seed", "--epochs", "5")]
    [InlineData("unexpected argument 'x'", "window", "x", "--bogus")]
    public void TheFirstMistakeIsTheOneNamed(string message, params string[] args) =>
        Assert.StartsWith(message, Assert.Throws<CliError>(() => Cli.Parse(args)).Message);
}
