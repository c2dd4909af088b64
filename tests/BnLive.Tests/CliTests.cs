using BnLive.Lesson;

namespace BnLive.Tests;

public class CliTests
{
    [Fact]
    public void DefaultsAreTheNotebooks()
    {
        var o = Cli.Parse(["export"]);
        Assert.Equal(Command.Export, o.Command);
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
    public void BadFlagsAreOneClearError(string flag, string value)
    {
        var e = Assert.Throws<CliError>(() => Cli.Parse(["export", flag, value]));
        Assert.Contains(flag, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void DuplicateFlagsAreRejected() =>
        Assert.Contains("twice", Assert.Throws<CliError>(() => Cli.Parse(["--seed", "1", "--seed", "2"])).Message);
}
