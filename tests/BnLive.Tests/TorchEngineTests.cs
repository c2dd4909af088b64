using System.Text.Json;
using BnLive.App;
using BnLive.Engine;
using BnLive.Training;
using ImageMagick;
using Xunit.Abstractions;

namespace BnLive.Tests;

/// <summary>--engine torch: the notebook's TorchSharp model (NotebookModule) trains the run through the same Trainer
/// as bnlive's engine, follows it within a tolerance, and drives the export and the window.</summary>
public class TorchEngineTests(ITestOutputHelper output)
{
    /// <summary>Seeds and modes where float32 itself is not chaotic over the horizon (ClosedFormTests says which are).</summary>
    [Theory]
    [Trait("Category", "Unit")]
    [InlineData(BnMode.Notebook, 3, 0)]
    [InlineData(BnMode.None, 7, 0)]
    [InlineData(BnMode.PyTorch, 3, 0)]
    [InlineData(BnMode.Notebook, 3, 25)]   // mini-batches: the same shuffle, batch by batch
    public void TheTorchEngineFollowsTheDefaultEngineThroughTheTrainer(BnMode mode, int seed, int batchSize)
    {
        const int epochs = 50;
        // the biases before BN frozen: trained, they walk on rounding noise, which the global means and so the
        // predict-mode fits show (the training loss cannot: BN subtracts them)
        var settings = new Settings { Seed = seed, Epochs = epochs, Every = 10, BatchSize = batchSize, PreBnBias = PreBnBias.Freeze }.ForMode(mode);
        using var fixedRun = new Trainer(settings);
        using var torchRun = new Trainer(settings, engine: EngineKind.Torch);
        Assert.Equal(EngineKind.Torch, torchRun.EngineKind);
        Assert.False(torchRun.HasNetwork);
        // PyTorch's eps 1e-5 leaves W1 nearly idle, its gradient mostly rounding, which Adam amplifies: the global
        // variance (∝ W1²) parts from the engine's well before the training loss does (see PyTorchModeTests), so
        // the predict mode and the inside are compared up to epoch 20 there
        int horizon = mode == BnMode.PyTorch ? 20 : epochs;
        while (!fixedRun.Done)
        {
            fixedRun.Step();
            torchRun.Step();
            if (fixedRun.Epoch == horizon) SameInside(fixedRun.Inspect(), torchRun.Inspect());
        }
        double worstLoss = 0;
        for (int e = 0; e < epochs; e++)
        {
            double gap = Math.Abs(fixedRun.Losses[e] - torchRun.Losses[e]) / Math.Abs(fixedRun.Losses[e]);
            worstLoss = Math.Max(worstLoss, gap);
            Assert.True(gap < 1e-5, $"epoch {e}: bnlive {fixedRun.Losses[e]:R}, TorchSharp {torchRun.Losses[e]:R}");
        }
        // the snapshots (predict mode, global moments), as the window draws them
        Assert.Equal(fixedRun.Snapshots.Select(s => s.Epoch), torchRun.Snapshots.Select(s => s.Epoch));
        foreach (var (a, b) in fixedRun.Snapshots.Zip(torchRun.Snapshots).Where(p => p.First.Epoch < horizon))
            Close(a.YPred, b.YPred, 1e-4, $"snapshot {a.Epoch}");
        Assert.Equal(fixedRun.Engine.AdamStep, torchRun.Engine.AdamStep);
        output.WriteLine($"{Settings.Name(mode)} seed {seed} batch {batchSize}: {epochs} epochs, worst relative loss gap {worstLoss:E2}");
    }

    /// <summary>The training-mode fit and the BN layers' insides, as the panels T and I draw them.</summary>
    static void SameInside(Inside a, Inside b)
    {
        Close(a.TrainModeFit, b.TrainModeFit, 1e-4, "training-mode fit");
        Assert.Equal(a.Layers.Count, b.Layers.Count);
        foreach (var (la, lb) in a.Layers.Zip(b.Layers))
        {
            Close(la.After, lb.After, 1e-4, "BN's output");
            Close(la.BatchVar, lb.BatchVar, 1e-4, "batch variance");
            Close(la.GlobalVar, lb.GlobalVar, 1e-4, "global variance");
            Close(la.Gamma, lb.Gamma, 1e-4, "γ");
        }
    }

    static void Close(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}]: bnlive {expected[i]:R}, TorchSharp {actual[i]:R}");
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void TheModuleRegistersTheNotebooksParametersAndMoments()
    {
        using var bn = new Torch.NotebookModule(new Settings(), InitWeights.Xavier(1));
        Assert.Equal(10, bn.parameters().Count());   // W, b of three layers; γ, β of two BN layers
        Assert.Equal(4, bn.buffers().Count());       // the global mean and variance of each BN layer
        using var none = new Torch.NotebookModule(new Settings { Mode = BnMode.None }, InitWeights.Xavier(1));
        Assert.Equal(6, none.parameters().Count());
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void TheLearningRateAndDecayChangeBetweenSteps()
    {
        var settings = new Settings { Seed = 3, Epochs = 20, PreBnBias = PreBnBias.Freeze };
        using var a = new Networks(settings, compare: false);
        using var b = new Networks(settings, compare: false, engine: EngineKind.Torch);
        for (int e = 0; e < 20; e++)
        {
            if (e == 8) { a.Lr = b.Lr = 0.01; a.Decay = b.Decay = 0.9; }
            a.Step();
            b.Step();
        }
        Assert.Equal((0.01, 0.9), (b.Lr, b.Decay));
        Close(a.First.Inspect().Layers[1].GlobalVar, b.First.Inspect().Layers[1].GlobalVar, 1e-4, "global variance after D");
        Assert.True(Math.Abs(a.First.LastLoss - b.First.LastLoss) <= 1e-5 * a.First.LastLoss, $"{a.First.LastLoss} vs {b.First.LastLoss}");
    }

    [Theory]
    [Trait("Category", "Unit")]
    [InlineData("export --engine torch --mode layernorm", "--engine torch: the TorchSharp model has the notebook's BN, PyTorch's and none; LayerNorm needs the default engine")]
    [InlineData("export --engine torch --compare notebook,layernorm", "--engine torch: the TorchSharp model has the notebook's BN, PyTorch's and none; LayerNorm needs the default engine")]
    [InlineData("export --engine torch --save-model m.json", "--engine torch: --save-model needs the default engine, whose state a model file holds and whose moments precise BN recomputes")]
    [InlineData("window --engine torch --load-model m.json", "--engine torch: --load-model needs the default engine, whose state a model file holds and whose moments precise BN recomputes")]
    [InlineData("export --engine torch --precise-bn", "--engine torch: --precise-bn needs the default engine, whose state a model file holds and whose moments precise BN recomputes")]
    [InlineData("export --engine tf", "--engine must be default or torch (got 'tf')")]
    [InlineData("sweep --engine torch", "--engine is an option of window and export only (see --help)")]
    [InlineData("lecture --engine torch", "--engine is an option of window and export only (see --help)")]
    public void WhatTheTorchEngineCannotDoIsOneLine(string args, string message) =>
        Assert.Equal(message, Assert.Throws<CliError>(() => Cli.Parse(args.Split(' '))).Message);

    [Fact]
    [Trait("Category", "Unit")]
    public void TheRebuildCommandNamesTheEngine()
    {
        var o = Cli.Parse(["export", "--engine", "torch", "--mode", "pytorch", "--seed", "3"]);
        Assert.Equal(EngineKind.Torch, o.Engine);
        var command = Cli.ExportArgs(o);
        Assert.Equal("torch", command[command.IndexOf("--engine") + 1]);
        Assert.Equal(EngineKind.Torch, Cli.Parse([.. command]).Engine);
        Assert.DoesNotContain("--engine", Cli.ExportArgs(Cli.Parse(["export"])));   // the default goes unsaid
    }
}

/// <summary>--engine torch through the front doors: the export's files, a bad combination, the window's K.</summary>
public class TorchEngineDoorTests
{
    static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public void TheExportTrainsWithTorchSharpAndItsTraceSaysSo()
    {
        var dir = Repo.TempDir();
        string png = Path.Combine(dir, "fig.png"), gif = Path.Combine(dir, "train.gif"), trace = Path.Combine(dir, "trace.json");
        var r = Repo.Run(dir, Long, "export", "--engine", "torch", "--epochs", "600", "--png", png, "--gif", gif, "--trace", trace);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("notebook seed 1, engine TorchSharp: 600 epochs", r.Stdout);
        using (var image = new MagickImage(png)) Assert.Equal((800u, 500u), (image.Width, image.Height));
        using (var frames = new MagickImageCollection(gif)) Assert.Equal(600 / 60, frames.Count);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(trace));
        Assert.Equal("torch", doc.RootElement.GetProperty("engine").GetString());
        var losses = doc.RootElement.GetProperty("loss").EnumerateArray().Select(l => l.GetDouble()).ToArray();
        Assert.Equal(600, losses.Length);
        Assert.True(losses[^1] < losses[0] / 10, "training lowers the loss");
    }

    [Fact]
    public void ABadCombinationIsOneLineAndExitTwo()
    {
        var r = Repo.Run(Repo.TempDir(), Long, "export", "--engine", "torch", "--mode", "layernorm");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("bnlive: --engine torch: the TorchSharp model has the notebook's BN, PyTorch's and none; LayerNorm needs the default engine",
            Proc.OneLine(r));
    }

    [Fact]
    public void KSwitchesTheEngineFromTheSameSeedAndTheHudSaysWhichRuns()
    {
        using var app = new LiveApp(1280, 720, "--speed", "1");
        app.Key("h");
        app.WaitFor<Toggled>(e => e is { What: "help", On: false });
        app.Key("k");
        Assert.Equal(0, app.WaitFor<EngineChanged>(e => e is { Engine: "TorchSharp", Seed: 1 }).Epoch);
        app.Key("space");
        app.WaitFor<Paused>();
        app.Key("n");
        app.WaitFor<OneEpoch>();
        using (var shot = app.Screenshot())
            Assert.Equal((1280u, 720u), (shot.Width, shot.Height));
        // B skips LayerNorm, which the TorchSharp model lacks: notebook → pytorch → none
        app.Key("b");
        app.WaitFor<ModeChanged>(e => e.Mode == "pytorch");
        app.Key("b");
        app.WaitFor<ModeChanged>(e => e.Mode == "none");
        app.Key("k");
        app.WaitFor<EngineChanged>(e => e is { Engine: "bnlive", Seed: 1 });
        app.Key("b", "b", "b");
        app.WaitFor<ModeChanged>(e => e.Mode == "layernorm");
        app.Key("k");
        app.WaitFor<EngineUnchanged>(e => e.Reason.Contains("LayerNorm"));
        app.Key("q");
        Assert.Equal(0, app.ExitCode());
    }
}

/// <summary>The HUD's engine label, as drawn.</summary>
[Collection("window")]
public class HudBarTests
{
    [Fact]
    public void TheHudNamesTheEngine()
    {
        using var screen = BnLive.Native.Screen.Open(320, 200, "bnlive hud", hidden: true);
        using var fonts = new BnLive.Drawing.Fonts();
        var bar = new BnLive.Native.Rectangle(0, 0, 1280, Hud.BarHeight(1));
        foreach (var engine in new[] { "TorchSharp", "bnlive" })
        {
            var info = new HudInfo(12, 6000, "0.01 train · 0.02 predict", 400, 60, "notebook", 1, "×8", 0.005, 0.5, 100, 0, 3, 4,
                Paused: false, Done: false, Diverged: false, RecordingFrames: null, Saving: false, Engine: engine);
            var drawn = LegibilityTests.Record(fonts, () => Hud.DrawBar(fonts, bar, info, 1));
            Assert.Contains(drawn, d => d.Text == $"engine: {engine}");
        }
    }

    [Theory]
    [InlineData("notebook", 0, "steps/s", true)]
    [InlineData("notebook", 10, "epochs/s", true)]
    [InlineData("none", 0, "steps/s", false)]
    [InlineData("layernorm", 1, "epochs/s", false)]
    public void TheBarCountsEpochsWithMiniBatchesAndShowsTheDecayWhereBnMovesMoments(string mode, int batchSize, string rate, bool decay)
    {
        using var screen = BnLive.Native.Screen.Open(320, 200, "bnlive hud", hidden: true);
        using var fonts = new BnLive.Drawing.Fonts();
        var bar = new BnLive.Native.Rectangle(0, 0, 1920, Hud.BarHeight(1));
        var info = new HudInfo(12, 6000, "0.01 train · 0.02 predict", 400, 60, mode, 1, "×8", 0.005, 0.5, 100, batchSize, 3, 4,
            Paused: false, Done: false, Diverged: false, RecordingFrames: null, Saving: false);
        var drawn = LegibilityTests.Record(fonts, () => Hud.DrawBar(fonts, bar, info, 1));
        Assert.Contains(drawn, d => d.Text == $"400 {rate}");
        Assert.Equal(decay, drawn.Any(d => d.Text == "decay 0.5"));
    }
}
