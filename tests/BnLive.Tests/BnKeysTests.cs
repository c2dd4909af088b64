using System.Globalization;
using BnLive.App;

namespace BnLive.Tests;

/// <summary>The real window, driven by xdotool: the keys for BN's statistics. P (precise statistics), D (the frameworks'
/// decays), Z (the biases before BN), and C with the pair given by --compare.</summary>
public class BnKeysTests
{
    [Fact]
    public void PreciseStatisticsDecayPresetsPreBnBiasAndTheComparePair()
    {
        using var app = new LiveApp(1000, 700, "--compare", "notebook,pytorch");
        app.Key("h");
        app.WaitFor<Toggled>(e => e is { What: "help", On: false });
        app.Key("c");
        Assert.Equal(0, app.WaitFor<ViewChanged>(e => e is { Compare: false, Mode: "notebook", Seed: 1 }).Epoch);
        Thread.Sleep(2500);   // let it train a while: the global moments then lag the weights
        app.Key("space");
        app.WaitFor<Paused>(e => !e.AtSnapshot);

        using (var before = app.Screenshot())
        {
            app.Key("p");
            var p = app.WaitFor<PreciseStats>().Event.Networks.Single();
            Assert.Equal("notebook", p.Mode);
            Assert.NotEqual(p.Before, p.After);
            Thread.Sleep(400);
            using var after = app.Screenshot();
            Assert.NotEqual(app.PlotPixels(before), app.PlotPixels(after));   // the live predict-mode fit moved
        }

        foreach (var (decay, convention) in new[] { (0.9, "PyTorch, momentum 0.1"), (0.99, "Keras, momentum 0.99"), (0.999, "TF1's default"), (0.5, "the notebook") })
        {
            app.Key("d");
            var d = app.WaitFor<DecayChanged>().Event;
            Assert.Equal((decay, convention, 1 / (1 - decay)), (d.Decay, d.Convention, d.Window));
        }

        foreach (var bias in new[] { "freeze", "none", "train" })
        {
            app.Key("z");
            Assert.Equal(0, app.WaitFor<PreBnBiasChanged>(e => e.Bias == bias && e.Seed == 1).Epoch);
        }

        app.Key("c");
        app.WaitFor<ViewChanged>(e => e is { Compare: true, Left: "notebook BN", Right: "PyTorch BN", Seed: 1 });
        app.Key("n", "n");
        app.WaitFor<OneEpoch>();
        Assert.Equal(2, app.WaitFor<OneEpoch>().Epoch);
        app.Key("p");
        Assert.Equal(["notebook", "pytorch"], app.WaitFor<PreciseStats>().Event.Networks.Select(n => n.Mode));
        app.Key("q");
        Assert.Equal([new("notebook", 2), new NetworkEpoch("pytorch", 2)], app.WaitFor<Quit>().Event.Networks!);
        Assert.Equal(0, app.ExitCode());
    }
}
