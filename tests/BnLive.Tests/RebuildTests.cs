using System.Text.Json;
using BnLive.App;
using BnLive.Engine;
using BnLive.Teaching;
using BnLive.Training;

namespace BnLive.Tests;

/// <summary>The rebuild command (the window's X) written back as flags, read again by the command line.</summary>
[Trait("Category", "Unit")]
public class RebuildCommandTests
{
    [Fact]
    public void TheCommandReadsBackToTheSameOptions()
    {
        var cases = new[]
        {
            new Options
            {
                Settings = new Settings { Mode = BnMode.PyTorch, Seed = 123, Epochs = 1801, Lr = 0.005 * 2 / 2 / 2, Hidden = 8, BatchSize = 10, PreBnBias = PreBnBias.Freeze }.ForMode(BnMode.PyTorch),
                LrFrom = [(400, 0.01), (900, 0.00125)], DecayFrom = [(700, 0.999)],
                DataFile = "recordings/my points.csv", LossPanel = true, TrainFit = true, Width = 1920, Height = 1080, Scale = 1.88f,
            },
            new Options
            {
                Settings = new Settings { Seed = 4, Epochs = 6000, Decay = 0.9, DecayGiven = true, Every = 50, PreciseBn = true },
                View = View.Compare, Pair = (BnMode.PyTorch, BnMode.None), InsidePanel = true, DataFile = "sine",
            },
            new Options { Settings = new Settings { Mode = BnMode.None, Epochs = 1 }, LoadModel = "model's.json" },
        };
        foreach (var o in cases)
        {
            var args = Cli.ExportArgs(o);
            var back = Cli.Parse([.. args]);
            Assert.Equal(CommandName.Export, back.Command);
            // each network's settings: what decides the run
            Assert.Equal(Networks(o), Networks(back));
            Assert.Equal((o.View, o.Pair, o.DataFile, o.LoadModel), (back.View, back.Pair, back.DataFile, back.LoadModel));
            Assert.Equal((o.LossPanel, o.InsidePanel, o.TrainFit, o.Width, o.Height, o.Scale), (back.LossPanel, back.InsidePanel, back.TrainFit, back.Width, back.Height, back.Scale));
            Assert.Equal(o.LrFrom, back.LrFrom);
            Assert.Equal(o.DecayFrom, back.DecayFrom);
            Assert.StartsWith("./run.sh export --view ", Cli.ExportCommand(o));
        }
        Assert.Contains("--data 'recordings/my points.csv'", Cli.ExportCommand(cases[0]));
        Assert.Contains("--load-model 'model'\\''s.json'", Cli.ExportCommand(cases[2]));
        Assert.DoesNotContain("--pre-bn-bias", Cli.ExportCommand(cases[2]));   // no BN: it would only print a note
    }

    /// <summary>The settings each network of the run trains with, without the flags that say where they came from.</summary>
    static string[] Networks(Options o) =>
        [.. (o.View == View.Compare ? new[] { o.Settings.ForMode(o.Pair.Left), o.Settings.ForMode(o.Pair.Right) } : [o.Settings])
            .Select(s => (s with { DecayGiven = false, EpsGiven = false }).ToString())];

    [Fact]
    public void ChangesFoldIntoTheStartAndDropWhatChangesNothing()
    {
        // set at the first epoch: the start; set twice at one epoch: the last; set to the value in force: no change
        var (start, set, changes) = Rebuild.Fold(0.005, known: true, from: 0, [(0, 0.01), (100, 0.02), (100, 0.04), (250, 0.04), (300, 0.01)]);
        Assert.Equal((0.01, true), (start, set));
        Assert.Equal([(100, 0.04), (300, 0.01)], changes);
        // a saved model's run begins at its epoch: what was set up to it is the start
        var model = Rebuild.Fold(0.9, known: true, from: 2000, [(2000, 0.5)]);
        Assert.Equal((0.5, true), (model.Start, model.Set));
        Assert.Empty(model.Changes);
        // two networks with decays of their own: setting one for both is a change even where it equals the first's
        Assert.Equal([(10, 0.5)], Rebuild.Fold(0.5, known: false, from: 0, [(10, 0.5)]).Changes);
    }

    [Theory]
    [InlineData("--lr-from", "1200")]
    [InlineData("--lr-from", "1200:0")]
    [InlineData("--lr-from", "1200:abc")]
    [InlineData("--lr-from", "900:0.01,300:0.02")]
    [InlineData("--lr-from", "300:0.01,300:0.02")]
    [InlineData("--lr-from", "-1:0.01")]
    [InlineData("--decay-from", "10:1")]
    [InlineData("--decay-from", "7000:0.9")]
    public void BadChangesAreOneClearError(string flag, string value)
    {
        var e = Assert.Throws<CliError>(() => Cli.Parse(["export", flag, value]));
        Assert.StartsWith(flag, e.Message);
        Assert.Contains(value.Split(',')[0].Split(':')[0], e.Message);
    }

    [Fact]
    public void ChangesBelongToTheExport()
    {
        Assert.Equal("--lr-from is an option of export only (see --help)", Assert.Throws<CliError>(() => Cli.Parse(["window", "--lr-from", "10:0.01"])).Message);
        Assert.Contains("does not apply to --lecture", Assert.Throws<CliError>(() => Cli.Parse(["export", "--lecture", "--decay-from", "10:0.9"])).Message);
    }

    [Fact]
    public void EditedPointsReadBackToTheSameFloats()
    {
        float[] x = [-1, 1e-8f, 0.1f, 1f / 3, 16777217f, float.Epsilon], y = [0, -0f, 2.5e-38f, float.MaxValue, -1f / 7, 0.3f];
        var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
        (x, y) = ([.. order.Select(i => x[i])], [.. order.Select(i => y[i])]);
        var path = Path.Combine(Repo.TempDir(), "points.csv");
        Rebuild.WriteCsv(path, x, y);
        var (bx, by) = Csv.Load(path);
        Assert.Equal(x.Select(BitConverter.SingleToInt32Bits), bx.Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(y.Select(BitConverter.SingleToInt32Bits), by.Select(BitConverter.SingleToInt32Bits));
    }

    /// <summary>A lecture step rebuilt by going back (Playback): the decay the step before it set live is in the
    /// command, and the command's export ends with the step's losses, bit for bit.</summary>
    [Fact]
    public void ALectureStepRebuiltByGoingBackNamesTheDecayItsStepSetLive()
    {
        var lecture = Lecture.Load(Lecture.BuiltIn);
        int k = lecture.Steps.ToList().FindIndex(s => s.Title == "What decay does");
        var start = new Options { Command = CommandName.Lecture };
        using var run = Playback.Through(lecture, start, k);
        var o = Steps.At(lecture, start, k);
        var rebuilt = Rebuild.Of(run, o with { DataFile = "notebook" });
        Assert.Equal([(1500, 0.9)], rebuilt.DecayFrom);
        Assert.Equal(0.5, rebuilt.Settings.Decay);
        Assert.Equal(6000, rebuilt.Settings.Epochs);

        var trace = Path.Combine(Repo.TempDir(), "trace.json");
        var r = Proc.App([.. Cli.ExportArgs(rebuilt), "--trace", trace]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = JsonDocument.Parse(File.ReadAllText(trace));
        var losses = json.RootElement.GetProperty("loss").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(run.First.Losses.Select(BitConverter.SingleToInt32Bits), losses.Select(BitConverter.SingleToInt32Bits));
    }
}

/// <summary>X in a real window: the command it prints trains the window's run again, headless, to the same bits.</summary>
[Collection("window")]
public class RebuildWindowTests
{
    [Fact]
    public void TheRebuildCommandEndsWithTheWindowsLossesBitForBit()
    {
        using var app = new LiveApp(800, 500, "--speed", "8");
        app.Key("h");
        app.WaitFor<Toggled>(e => e is { What: "help", On: false });
        app.Key("space");
        app.WaitFor<Paused>(e => !e.AtSnapshot);
        // a point dragged, then B restarts on the edited points from epoch 0, and Shift+R with a new seed
        app.Drag((600, 380), (600, 120));
        app.WaitFor<PointMoved>();
        app.Key("b");
        app.WaitFor<ModeChanged>(e => e.Mode == "pytorch");
        app.Key("shift+r");
        int seed = app.WaitFor<Reset>(e => e.NewSeed).Event.Seed;
        // live changes while it trains: lr ×2, the next decay, lr ÷2 ÷2
        app.Key("space");
        app.WaitFor<Resumed>();
        Thread.Sleep(300);
        app.Key("bracketright");
        int lrAt = app.WaitFor<LrChanged>().Epoch;
        Thread.Sleep(300);
        app.Key("d");
        int decayAt = app.WaitFor<DecayChanged>().Epoch;
        Thread.Sleep(300);
        app.Key("bracketleft", "bracketleft");
        app.WaitFor<LrChanged>();
        app.WaitFor<LrChanged>();
        // paused at a snapshot, so the trace holds the predict-mode loss of the epoch the command stops at
        app.Key("shift+n");
        int epoch = app.WaitFor<Paused>(e => e.AtSnapshot).Epoch;
        app.Key("x");
        var (at, rebuild) = app.WaitFor<RebuildCommand>();
        // pasted by another program while the window is open (raylib sends the text's NUL along; a paste drops it)
        Assert.Equal(rebuild.Command, X11.Clipboard()?.TrimEnd('\0'));
        app.Key("q");
        app.WaitFor<Quit>();

        Assert.Equal(epoch, at);
        Assert.True(rebuild.Copied, "the command is on the clipboard");
        Assert.Null(rebuild.Inexact);
        Assert.True(lrAt > 0 && decayAt > lrAt, $"the changes came after the run began: lr at {lrAt}, decay at {decayAt}");
        string csv = Assert.IsType<string>(rebuild.Csv);
        foreach (var part in new[] { "--mode pytorch", $"--seed {seed}", "--lr 0.005", $"--lr-from {lrAt}:0.01,", $"--decay-from {decayAt}:0.99",
                     $"--data {csv}", $"--epochs {epoch}" })
            Assert.Contains(part, rebuild.Command);
        Assert.StartsWith("./run.sh export ", rebuild.Command);

        var trace = Path.Combine(app.Dir, "rebuilt.json");
        var command = rebuild.Command.Replace("./run.sh", Quote(Path.Combine(Repo.Root, "run.sh"))) + " --trace " + Quote(trace);
        var r = Proc.Run("bash", ["-c", command], workDir: app.Dir, seconds: 120);
        Assert.True(r.ExitCode == 0, $"{command}\n{r.Stderr}");
        using var json = JsonDocument.Parse(File.ReadAllText(trace));
        var root = json.RootElement;
        var losses = root.GetProperty("loss").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var last = root.GetProperty("snapshots").EnumerateArray().Last();
        Assert.Equal(epoch, losses.Length);
        Assert.Equal(epoch - 1, last.GetProperty("epoch").GetInt32());
        var window = Assert.Single(rebuild.Losses);
        Assert.Equal(BitConverter.SingleToInt32Bits(window.Train), BitConverter.SingleToInt32Bits(losses[^1]));
        Assert.Equal(BitConverter.SingleToInt32Bits(window.Predict), BitConverter.SingleToInt32Bits(last.GetProperty("predict_loss").GetSingle()));
    }

    static string Quote(string path) => "'" + path.Replace("'", "'\\''") + "'";
}
