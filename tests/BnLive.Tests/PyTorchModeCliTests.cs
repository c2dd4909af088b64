using BnLive.Engine;
using BnLive.Training;

namespace BnLive.Tests;

/// <summary>--mode pytorch and --compare on the command line.</summary>
[Trait("Category", "Unit")]
public class PyTorchModeCliTests
{
    [Fact]
    public void PyTorchModeBringsItsOwnDecayAndEpsUnlessGiven()
    {
        var o = Cli.Parse(["export", "--mode", "pytorch"]);
        Assert.Equal((BnMode.PyTorch, 0.9, 1e-5), (o.Settings.Mode, o.Settings.Decay, o.Settings.Eps));
        o = Cli.Parse(["export", "--mode", "pytorch", "--decay", "0.99"]);
        Assert.Equal((0.99, 1e-5), (o.Settings.Decay, o.Settings.Eps));
        Assert.Equal((0.99, 1e-3), (o.Settings.ForMode(BnMode.Notebook).Decay, o.Settings.ForMode(BnMode.Notebook).Eps));
        Assert.Equal((0.5, 1e-3), (Cli.Parse(["export"]).Settings.Decay, Cli.Parse(["export"]).Settings.Eps));
    }

    [Fact]
    public void CompareTakesAnyTwoModes()
    {
        Assert.Equal((BnMode.Notebook, BnMode.None), Cli.Parse(["export", "--view", "compare"]).Pair);
        var o = Cli.Parse(["export", "--compare", "notebook,pytorch"]);
        Assert.Equal(View.Compare, o.View);
        Assert.Equal((BnMode.Notebook, BnMode.PyTorch), o.Pair);
        using var run = new Networks(o.Settings, compare: true, pair: o.Pair);
        Assert.Equal([(BnMode.Notebook, 0.5), (BnMode.PyTorch, 0.9)], run.Trainers.Select(t => (t.Settings.Mode, t.Settings.Decay)));
        foreach (var bad in new[] { "notebook", "notebook,notebook", "notebook,keras", "a,b,c" })
            Assert.StartsWith("--compare must be two different modes", Assert.Throws<CliError>(() => Cli.Parse(["export", "--compare", bad])).Message);
        Assert.Throws<CliError>(() => Cli.Parse(["export", "--compare", "notebook,none", "--view", "single"]));
        Assert.Throws<CliError>(() => Cli.Parse(["sweep", "--compare", "notebook,none"]));
    }
}
