using System.Globalization;

namespace BnLive.Tests;

/// <summary>The real window, driven by xdotool: issue 13's keys. P (precise statistics), D (the frameworks'
/// decays), Z (the biases before BN), and C with the pair given by --compare.</summary>
public class LessonKeysTests
{
    [Fact]
    public void PreciseStatisticsDecayPresetsPreBnBiasAndTheComparePair()
    {
        using var app = new LiveApp(1000, 700, "--compare", "notebook,pytorch");
        app.Key("h");
        app.WaitFor("help hidden");
        app.Key("c");
        Assert.Equal(0, app.WaitFor(@"view -> single: notebook \(seed 1\)$").Epoch);
        Thread.Sleep(2500);   // let it train a while: the global moments then lag the weights
        app.Key("space");
        app.WaitFor(": paused$");

        using (var before = app.Screenshot())
        {
            app.Key("p");
            var p = app.WaitFor(@"precise BN statistics: predict-mode loss notebook ([\d.Ee+-]+) -> ([\d.Ee+-]+)$");
            double was = double.Parse(p[1], CultureInfo.InvariantCulture), now = double.Parse(p[2], CultureInfo.InvariantCulture);
            Assert.NotEqual(was, now);
            Thread.Sleep(400);
            using var after = app.Screenshot();
            Assert.NotEqual(app.PlotPixels(before), app.PlotPixels(after));   // the live predict-mode fit moved
        }

        foreach (var (decay, convention) in new[] { ("0.9", "PyTorch, momentum 0.1"), ("0.99", "Keras, momentum 0.99"), ("0.999", "TF1's default"), ("0.5", "the notebook") })
        {
            app.Key("d");
            app.WaitFor($@": decay -> {decay.Replace(".", @"\.")} \({convention}; window \d+ steps\) from the next step on$");
        }

        foreach (var bias in new[] { "freeze", "none", "train" })
        {
            app.Key("z");
            Assert.Equal(0, app.WaitFor($@"pre-BN bias -> {bias} \(seed 1\)$").Epoch);
        }

        app.Key("c");
        app.WaitFor(@"view -> compare: notebook BN and PyTorch BN \(seed 1\)$");
        app.Key("n", "n");
        app.WaitFor(": one epoch$");
        Assert.Equal(2, app.WaitFor(": one epoch$").Epoch);
        app.Key("p");
        app.WaitFor(@"precise BN statistics: predict-mode loss notebook [\d.Ee+-]+ -> [\d.Ee+-]+, pytorch [\d.Ee+-]+ -> [\d.Ee+-]+$");
        app.Key("q");
        app.WaitFor(@"quit \(notebook at epoch 2, pytorch at epoch 2\)$");
        Assert.Equal(0, app.ExitCode());
    }
}
