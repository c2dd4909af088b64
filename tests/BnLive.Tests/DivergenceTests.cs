using System.Globalization;
using BnLive.App;
using ImageMagick;

namespace BnLive.Tests;

/// <summary>A learning rate so high that the loss overflows. Adam steps each weight by about lr, so this network
/// diverges only at huge rates, and only without BN: --mode none --lr 1e6 overflows at the second epoch.</summary>
[Collection("window")]
public class DivergenceTests
{
    static readonly string[] Diverging = ["--mode", "none", "--lr", "1e6"];

    /// <summary>Pixels of the HUD bar in its warning red (anti-aliased text included).</summary>
    static int RedPixelsInTheBar(LiveApp app, MagickImage shot)
    {
        using var bar = (MagickImage)shot.Clone();
        bar.Crop(new MagickGeometry(0, app.PlotHeight, (uint)app.Width, (uint)(app.Height - app.PlotHeight)));
        var rgb = bar.GetPixels().ToByteArray(PixelMapping.RGB)!;
        int red = 0;
        for (int i = 0; i < rgb.Length; i += 3)
            if (rgb[i] > 150 && rgb[i + 1] < 90 && rgb[i + 2] < 90) red++;
        return red;
    }

    [Fact]
    public void TheWindowStopsAtTheDivergingStepShowsItInRedAndRecoversAfterALowerRateAndAReset()
    {
        using var app = new LiveApp(args: [.. Diverging, "--epochs", "300", "--speed", "max"]);
        var diverged = app.WaitFor<Diverged>(e => e.Lr == 1e6, 20);
        Assert.Equal(2, diverged.Epoch);   // caught in the step it happened, not some frames later
        Assert.False(float.IsFinite(diverged.Event.Losses.Single()));
        app.Key("h");
        app.WaitFor<Toggled>(e => e is { What: "help", On: false });
        using (var a = app.Screenshot())
        {
            Assert.True(RedPixelsInTheBar(app, a) > 200, $"the HUD says it in red ({RedPixelsInTheBar(app, a)} red pixels)");
            Thread.Sleep(800);
            using var b = app.Screenshot();
            Assert.Equal(app.PlotPixels(a), app.PlotPixels(b));   // paused: nothing trains
        }

        for (int i = 0; i < 20; i++) app.Key("bracketleft");
        app.WaitFor<LrChanged>(e => Math.Abs(e.Lr - 1e6 / (1 << 20)) < 1e-9);
        app.Key("r");
        Assert.Equal(2, app.WaitFor<RunEnded>().Epoch);
        app.WaitFor<Reset>(e => e is { Seed: 1, NewSeed: false });
        // the new run trains by itself (the divergence's pause is lifted) to the end, with finite losses
        var done = app.WaitFor<TrainingDone>(e => e.Epochs == 300, 30).Event.Final.Single();
        Assert.Equal("none", done.Mode);
        Assert.True(float.IsFinite(done.Train) && float.IsFinite(done.Predict), $"finite losses: {done}");
        using (var shot = app.Screenshot())
            Assert.True(RedPixelsInTheBar(app, shot) < 20, "the HUD is no longer red");
        app.Key("q");
        app.WaitFor<Quit>();
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void TheExportStopsAtTheDivergingStepWithAHintAndNoFile()
    {
        var dir = Repo.TempDir();
        var r = Repo.Run(dir, TimeSpan.FromMinutes(2), ["export", .. Diverging, "--png", "a.png", "--trace", "t.json"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("bnlive: the loss diverged at epoch 2 with --lr 1000000: try a lower --lr; no file written", Proc.OneLine(r));
        Assert.Empty(Directory.GetFileSystemEntries(dir));

        // the notebook's BN keeps the training loss finite at the same rate: the teaching point, and why --mode none
        // above. Its predict-mode loss (global moments) overflows at the first snapshot: the trace and the model say
        // null there (this crashed the export once), and the model loads again.
        var bn = Repo.Run(dir, TimeSpan.FromMinutes(2), "export", "--lr", "1e6", "--epochs", "600", "--trace", "t.json", "--save-model", "m.json");
        Assert.True(bn.ExitCode == 0, bn.Stderr);
        using var trace = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "t.json")));
        Assert.All(trace.RootElement.GetProperty("loss").EnumerateArray(), l => Assert.Equal(System.Text.Json.JsonValueKind.Number, l.ValueKind));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, trace.RootElement.GetProperty("snapshots")[0].GetProperty("predict_loss").ValueKind);
        var resumed = Repo.Run(dir, TimeSpan.FromMinutes(2), "export", "--lr", "1e6", "--epochs", "610", "--load-model", "m.json", "--trace", "t2.json");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
    }
}
