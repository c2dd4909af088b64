using System.Diagnostics;
using BnLive.Commands;
using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Native;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>The live window: raylib's loop. Update applies the keys (through the command table), the mouse and the
/// training steps that fit in this frame's budget to the WindowState, and builds the frame model from it; Show draws
/// that model (WindowPainter) and captures it. Every user action goes to the event log on stdout.</summary>
public sealed partial class LiveWindow(Options options, Teaching.Lecture? lecture = null) : IWindowVoice
{
    const double MaxTrainMs = 10;        // training time per frame at most: leaves the rest of 1/60 s to drawing
    const double FloorFrameMs = 1000.0 / 30;   // where drawing is slow (software GL), train less to keep 30 fps
    const int MaxSpeedLevel = Cli.MaxSpeedLevel;   // levels 0..9 are 1..512 steps per frame; 10 is "max" (--speed max)
    static readonly string RecordingsDir = "recordings";

    readonly WindowState state = new(options);
    Networks run = null!;
    Trainer trainer = null!;          // the first (or only) network: epochs and the event log follow it
    int stepsInSecond;
    double secondStart;
    (int, int) shownSize;
    IReadOnlyList<Axes> plotAxes = [];   // the plots of the last frame drawn: the mouse maps through them
    readonly System.Collections.Concurrent.ConcurrentQueue<Action> posted = new();
    Captures captures = null!;
    PointEditor points = null!;

    public int Run()
    {
        // the data and a saved model are read before the window opens: a bad file is one line, and no window
        var first = lecture is null ? Networks.Start(state.Settings, state.Compare, options.DataFile, options.LoadModel, options.Pair, state.Engine) : StartLecture();
        (state.StartX, state.StartY) = (first.First.X, first.First.Y);
        if (options.DataFile is not null) state.StartName = $"{options.DataFile}'s";
        else if (options.LoadModel is not null) state.StartName = $"{options.LoadModel}'s";
        state.Limits = Limits.Of(state.StartX, state.StartY);
        run = first;
        captures = new Captures(this, NewFileName);
        points = new PointEditor(this);
        using var screen = Screen.Open(options.Width, options.Height, "bnlive: batch norm, live", hidden: false, resizable: true);
        SetWindowMinSize(Cli.MinWidth, Cli.MinHeight);
        SetExitKey(KeyboardKey.Null);
        SetTargetFPS(0);   // we pace frames ourselves, so drawing time is measured without raylib's wait
        if (options.Fullscreen) ToggleFullscreen();
        using var fonts = new Fonts();
        Restart(state.Settings, new Started(Settings.Name(state.Settings.Mode), state.Settings.Seed, state.Settings.Epochs, state.Settings.Lr, options.Width, options.Height,
            run.First.X.Length, options.LoadModel, run.Epoch, Engines.Name(run.Engine)), keep: true);
        if (options.Duration is double seconds && lecture is null) state.Pace = Pace.Of(state.Settings.Epochs - run.Epoch, seconds);
        if (lecture is not null) EnterStep(0);
        else if (options.Lrs is not null) OpenLrGrid();
        try
        {
            while (!state.Quit)
            {
                state.Now = GetTime();
                if (WindowShouldClose()) { Log(new WindowClosed()); break; }
                if (Interrupt.Requested) { Log(new Interrupted(Interrupt.Signal ?? "signal")); break; }
                Update();
                Show(fonts, Frame());
                double spare = 1.0 / 60 - (GetTime() - state.Now);
                if (spare > 0.001) Thread.Sleep(TimeSpan.FromSeconds(spare));
            }
        }
        finally
        {
            captures.Stop(wait: false);
            // the window stays alive and says so while the recording is written, rather than freezing
            while (captures.Saving && !WindowShouldClose())
            {
                state.Now = GetTime();
                Message($"saving the {captures.Kind} before quitting…");
                Show(fonts, Frame());
                Thread.Sleep(50);
            }
            captures.WaitSaved();
            TakePosted();   // the saved recording's log line
            run.Dispose();
        }
        return 0;
    }

    /// <summary>An event to the log on stdout, at the epoch of the first network: in words, or as JSON (--events json).</summary>
    void Log(Event e) => Console.WriteLine(Events.Line(trainer?.Epoch ?? 0, e, options.Events == EventFormat.Json));

    void IWindowVoice.Log(Event e) => Log(e);
    void IWindowVoice.Message(string text, bool error) => Message(text, error);
    void IWindowVoice.Post(Action said) => posted.Enqueue(said);

    /// <summary>What workers said (a saved file, a failure), taken in by the loop's thread.</summary>
    void TakePosted()
    {
        while (posted.TryDequeue(out var said)) said();
    }

    /// <summary>A new run of s on the current points (keep: the run made at start, from the options).</summary>
    void Restart(Settings s, Event why, bool keep = false)
    {
        if (!keep)
        {
            state.LectureRunTouched = true;
            Log(new RunEnded());   // the run's last epoch, on the line's prefix: how far each run got, for whoever reads the log
            var (x, y) = (run.First.X, run.First.Y);
            state.ModelSource = null;   // the new run starts from the seed's weights
            run.Dispose();
            run = new Networks(s, state.Compare, (x, y), state.Pair, state.Engine);
        }
        state.Settings = s;
        state.Precise = null;
        run.TrackPredict = Shown.ShowsLoss;
        trainer = run.First;
        if (state.Diverged) state.Paused = false;   // that pause was the divergence's own: the new run trains at once
        state.Diverged = false;
        state.PauseAtEpoch = null;
        state.Refresh = true;
        state.RunStart = GetTime();
        state.FramesSinceStart = 0;
        state.Pace?.Stop();
        Log(why);
    }

    // ---------------------------------------------------------------- Update
    void Update()
    {
        TakePosted();
        if ((GetScreenWidth(), GetScreenHeight()) is var size && size != shownSize)
        {
            if (shownSize != default) Log(new WindowSized(size.Item1, size.Item2));
            shownSize = size;
        }
        HandleKeys();
        if (LrGridShown)
        {
            UpdateLrGrid(MaxGridMs);
            if (state.Refresh) TakeLive();   // the run behind the grid (opened at start, or restarted by a key) still has a frame model
            return;
        }
        if (points.Handle(run, plotAxes)) { state.Refresh = true; state.LectureRunTouched = true; }
        var clock = Stopwatch.StartNew();
        int steps = 0;
        double budget = Math.Clamp(FloorFrameMs - state.DrawMs - 1, 2, MaxTrainMs);
        bool training = !state.Paused && !state.Diverged && !trainer.Done;
        if (!training || state.PauseAtEpoch is not null) state.Pace?.Stop();   // Shift+N runs to its snapshot at once
        if (training)
        {
            int target = state.PauseAtEpoch is not null ? int.MaxValue
                : state.Pace is Pace pace ? pace.Due(state.Now)
                : state.SpeedLevel >= MaxSpeedLevel ? int.MaxValue : 1 << state.SpeedLevel;
            while (steps < target && !trainer.Done && clock.Elapsed.TotalMilliseconds < budget)
            {
                run.Step();
                steps++;
                if (run.Diverged)
                {
                    state.Diverged = state.Paused = true;
                    Log(new Diverged([.. run.Trainers.Select(t => t.LastLoss)], run.Lr));
                    Message("the loss diverged: lower the learning rate with [ and restart with R", error: true);
                    break;
                }
                if (trainer.Epoch == state.PauseAtEpoch)
                {
                    state.Paused = true;
                    state.PauseAtEpoch = null;
                    Log(new Paused(AtSnapshot: true));
                    break;
                }
                if (trainer.Epoch == state.RunTo) { ReachedStepEpoch(); break; }
            }
            state.Pace?.Paid(steps);
            if (trainer.Done)
            {
                Message($"training done: {trainer.Epoch} epochs, as the notebook (R restarts)");
                double secs = state.Now - state.RunStart;
                Log(new TrainingDone(trainer.Epoch, secs, trainer.Epoch / secs, state.FramesSinceStart / secs, state.TrainMs, state.DrawMs,
                    [.. run.Trainers.Select(t => new FinalLoss(Settings.Name(t.Settings.Mode), t.LastLoss, t.TakeSnapshot(t.Epoch).PredictLoss))]));
            }
        }
        if (steps > 0 || state.Refresh) TakeLive();
        state.TrainMs = Smooth(state.TrainMs, clock.Elapsed.TotalMilliseconds);
        stepsInSecond += steps * run.StepsPerEpoch;
        if (state.Now - secondStart >= 1)
        {
            state.StepsPerSecond = stepsInSecond / (state.Now - secondStart);
            stepsInSecond = 0;
            secondStart = state.Now;
        }
    }

    /// <summary>Each network's current predict-mode fit (and inside, when shown), read out for the frame.</summary>
    void TakeLive()
    {
        state.Live = [.. run.Trainers.Select(t => t.TakeSnapshot(t.Epoch))];
        for (int i = 0; i < state.Live.Count; i++) run.Trainers[i].AddPredictSample(state.Live[i].PredictLoss);
        state.Insides = Shown.NeedsInside ? [.. run.Trainers.Select(t => (Inside?)t.Inspect())] : null;
        state.Refresh = false;
    }

    static double Smooth(double avg, double x) => avg == 0 ? x : avg * 0.9 + x * 0.1;

    SceneView Shown => new(run, state.LossPanel, state.InsidePanel, state.TrainVsPredict);

    // shown for the first seconds, then on H/F1 until pressed again
    bool HelpVisible => state.Now < state.HelpUntil;

    void Banner(string text) => state.Banner = (text, state.Now + 1.2);

    void Message(string text, bool error = false)
    {
        state.Message = (text, state.Now + 4);
        state.MessageIsError = error;
    }

    string NewFileName(string ext) =>
        Path.Combine(RecordingsDir, $"bnlive-{(state.Compare ? "compare" : Settings.Name(state.Settings.Mode))}-seed{state.Settings.Seed}-{DateTime.Now:yyyyMMdd-HHmmss}.{ext}");
}
