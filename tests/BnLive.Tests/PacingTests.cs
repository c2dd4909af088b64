using BnLive.App;
using BnLive.Teaching;

namespace BnLive.Tests;

/// <summary>Training paced in seconds: a lecture step's `duration` (12 s by default) and the window's --duration
/// take the same time on a slow machine and a fast one, their epochs spread evenly over the frames; the speed keys
/// still work, and the lecture video keeps the pacing in its frames.</summary>
public class PacingTests
{
    /// <summary>k frames of dt seconds each: the epochs each frame trains.</summary>
    static List<int> Frames(Pace pace, int k, double dt)
    {
        var steps = new List<int>();
        for (int f = 0; f <= k; f++)
        {
            int due = pace.Due(f * dt);
            pace.Paid(due);
            if (f > 0) steps.Add(due);   // frame 0 starts the clock
        }
        return steps;
    }

    [Theory]
    [InlineData(60)]    // a fast machine
    [InlineData(23)]    // a slow one: more epochs a frame, the same a second
    [InlineData(144)]   // a high refresh rate: 3 or 4 a frame
    public void ThePaceTrainsItsEpochsInItsSecondsSpreadEvenlyOverTheFrames(int fps)
    {
        var pace = Pace.Of(6000, 12);
        Assert.Equal(500, pace.EpochsPerSecond);
        var steps = Frames(pace, 12 * fps, 1.0 / fps);
        // after k frames, the epochs of k/fps seconds: never ahead of the clock, never a whole epoch behind
        int done = 0;
        for (int k = 0; k < steps.Count; k++)
        {
            done += steps[k];
            double due = 500.0 * (k + 1) / fps;
            Assert.InRange(done, Math.Floor(due - 1e-6), due + 1e-6);
        }
        Assert.Equal(6000, done);
        Assert.True(steps.Max() - steps.Min() <= 1, $"{fps} fps: frames of {steps.Min()} to {steps.Max()} epochs");
    }

    [Fact]
    public void WhatAFrameCouldNotTrainStaysOwedAndAPauseIsNot()
    {
        var pace = new Pace(500);
        pace.Due(0);
        int due = pace.Due(0.1);
        Assert.Equal(50, due);
        pace.Paid(20);                      // the frame's budget ran out after 20
        Assert.Equal(30 + 50, pace.Due(0.2));
        pace.Stop();                        // paused for a minute
        Assert.Equal(0, pace.Due(60));
        Assert.Equal(50, pace.Due(60.1));
        pace.Times(2);                      // Up
        pace.Paid(50);
        Assert.Equal(100, pace.Due(60.2));
        Assert.Equal("1000 epochs/s", pace.ToString());
    }

    [Theory]
    [InlineData(0, 6000, 360)]
    [InlineData(1200, 1500, 360)]
    [InlineData(0, 100, 360)]    // fewer epochs than frames: one every few frames
    public void AVideoStepSpreadsItsEpochsEvenlyOverItsFramesAndEndsAtItsGoal(int start, int goal, int frames)
    {
        var epochs = Enumerable.Range(0, frames).Select(f => Steps.PacedEpoch(start, goal, frames, f)).ToList();
        Assert.Equal(goal, epochs[^1]);
        var steps = epochs.Prepend(start).Zip(epochs, (a, b) => b - a).ToList();
        Assert.True(steps.Max() - steps.Min() <= 1, $"frames of {steps.Min()} to {steps.Max()} epochs");
        Assert.Equal(goal, Steps.PacedEpoch(start, goal, frames, frames + 10));   // a hold after it trains no more
    }

    [Fact]
    public void DurationIsAFlagOfTheWindowAndTheLecture()
    {
        Assert.Equal(20, Cli.Parse(["window", "--duration", "20"]).Duration);
        Assert.Equal(12.5, Cli.Parse(["lecture", "--duration", "12.5s"]).Duration);
        Assert.Null(Cli.Parse(["window"]).Duration);   // --speed's steps per frame, as before
        Assert.Equal("--duration must be a number of seconds above 0 and at most 3600, as 12 or 12s (got '0')",
            Assert.Throws<CliError>(() => Cli.Parse(["window", "--duration", "0"])).Message);
        Assert.Contains("--duration must be", Assert.Throws<CliError>(() => Cli.Parse(["window", "--duration", "soon"])).Message);
        Assert.Equal("--speed and --duration both say how fast training goes: give one",
            Assert.Throws<CliError>(() => Cli.Parse(["window", "--speed", "4", "--duration", "20"])).Message);
        Assert.Contains("--duration is an option of window and lecture only", Assert.Throws<CliError>(() => Cli.Parse(["export", "--duration", "3"])).Message);
        Assert.Contains("--duration <S>", Cli.Help(CommandName.Window));
    }

    const string Paced = """
        # Paced

        ## Default

        ```bnlive
        run: 600
        ```

        Twelve seconds.

        ## Fast

        ```bnlive
        speed: max
        run: 1200
        ```

        Steps per frame.

        ## Still fast

        ```bnlive
        run: 1800
        ```

        The speed is kept, as every setting is.

        ## Timed

        ```bnlive
        duration: 20s
        run: end
        ```

        Twenty seconds.
        """;

    [Fact]
    public void AStepTrainsOverItsDurationOrTheDefaultUnlessASpeedIsInForce()
    {
        var path = Path.Combine(Repo.TempDir(), "paced.md");
        File.WriteAllText(path, Paced);
        var l = Lecture.Load(path);
        var start = new Options { Command = CommandName.Lecture };
        Assert.Equal([12, null, null, 20.0], Enumerable.Range(0, 4).Select(k => Steps.Duration(Steps.At(l, start, k))));
        // the command line's --duration is the lecture's default; its --speed, steps per frame
        Assert.Equal(30, Steps.Duration(Steps.At(l, Cli.Parse(["lecture", "--duration", "30"]), 0)));
        Assert.Null(Steps.Duration(Steps.At(l, Cli.Parse(["lecture", "--speed", "8"]), 0)));
        Assert.Null(Cli.Parse(["window"]).Duration);   // a plain window keeps --speed's meaning
    }

    [Theory]
    [InlineData("duration: 0s", 4, "duration must be a number of seconds above 0")]
    [InlineData("duration: soon", 4, "duration must be a number of seconds")]
    [InlineData("speed: 8\nduration: 12s", 5, "speed and duration both say how fast this step trains: give one")]
    public void ABadDurationIsNamedWithItsFileAndLine(string settings, int line, string what)
    {
        var path = Path.Combine(Repo.TempDir(), "bad.md");
        File.WriteAllText(path, $"# T\n## S\n```bnlive\n{settings}\n```\n");
        var e = Assert.Throws<LectureError>(() => Lecture.Load(path));
        Assert.StartsWith($"{path}:{line}: {what}", e.Message);
    }

    [Fact]
    public void EveryStepOfTheBuiltInLectureThatTrainsToTheEndTakesAtLeastEightSeconds()
    {
        var l = Lecture.Load(Path.Combine(Repo.Root, "lectures", "batch-norm.md"));
        var start = new Options { Command = CommandName.Lecture };
        var toTheEnd = Enumerable.Range(0, l.Steps.Count).Where(k => l.Steps[k].Run == "end").ToList();
        Assert.True(toTheEnd.Count >= 5, $"{toTheEnd.Count} steps train to the end");
        foreach (int k in toTheEnd)
            Assert.True(Steps.Duration(Steps.At(l, start, k)) >= 8, $"step {k + 1} ({l.Steps[k].Title}) is not paced over 8 s or more");
    }
}

/// <summary>The pacing in a real window, read from its event log: a lower bound on the time, which the clock
/// guarantees however loaded the machine is (a slower machine takes longer, never shorter).</summary>
[Collection("window")]
public class PacingWindowTests
{
    [Fact]
    public void DurationPlaysTheRunInItsSecondsAndTheSpeedKeysChangeItsPace()
    {
        using var app = new LiveApp(args: ["--duration", "3", "--epochs", "600"]);
        var done = app.WaitFor<TrainingDone>().Event;
        Assert.Equal(600, done.Epochs);
        Assert.True(done.Seconds >= 3 - 0.1, $"600 epochs in {done.Seconds:F2} s, under --duration 3");
        app.Key("r");
        app.WaitFor<Reset>();
        app.Key("Up");
        Assert.Equal("400 epochs/s", app.WaitFor<SpeedChanged>().Event.Speed);   // 600 in 3 s, ×2
        app.Key("Down", "Down");
        app.WaitFor<SpeedChanged>(e => e.Speed == "100 epochs/s");
        app.Key("q");
        app.WaitFor<Quit>();
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void TheBuiltInLecturesFirstTrainingStepTakesItsTwelveSecondsAtProjectorSize()
    {
        using var app = LiveApp.Lecture(1920, 1080);
        app.WaitFor<StepEntered>(e => e.Step == 1);
        app.Key("Next");
        app.WaitFor<StepEntered>(e => e.Step == 2);
        var done = app.WaitFor<TrainingDone>(seconds: 90).Event;
        Assert.Equal(6000, done.Epochs);
        Assert.True(done.Seconds >= 8, $"training done in {done.Seconds:F1} s");
        Assert.True(done.Seconds >= Steps.DefaultDuration - 0.1, $"training done in {done.Seconds:F1} s, paced over {Steps.DefaultDuration} s");
        app.Key("q");
        app.WaitFor<Quit>();
        Assert.Equal(0, app.ExitCode());
    }
}
