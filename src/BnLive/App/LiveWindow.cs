using System.Diagnostics;
using System.Numerics;
using BnLive.Drawing;
using BnLive.Lesson;
using BnLive.Native;
using BnLive.Recording;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>The live window: raylib's loop with an Update half (keys, training steps within a time budget)
/// and a Draw half (plot, HUD, overlays) that only reads state. Every user action goes to the event log on stdout.</summary>
public sealed partial class LiveWindow(Options options, Teaching.Lecture? lecture = null) : IWindowVoice
{
    const double MaxTrainMs = 10;        // training time per frame at most: leaves the rest of 1/60 s to drawing
    const double FloorFrameMs = 1000.0 / 30;   // where drawing is slow (software GL), train less to keep 30 fps
    const int MaxSpeedLevel = Cli.MaxSpeedLevel;   // levels 0..9 are 1..512 steps per frame; 10 is "max" (--speed max)
    static readonly string RecordingsDir = "recordings";

    Settings settings = options.Settings;
    Networks run = null!;
    Trainer trainer = null!;          // the first (or only) network: epochs and the event log follow it
    bool compare = options.View == View.Compare, lossPanel = options.LossPanel, insidePanel = options.InsidePanel, trainVsPredict = options.TrainFit;
    (BnMode Left, BnMode Right) pair = options.Pair;   // the compare view's two modes (--compare A,B)
    bool paused, quit, diverged, blank;
    int speedLevel = options.SpeedLevel;
    double runStart;
    int framesSinceStart;
    int? pauseAtEpoch;
    double helpUntil = 6, now;
    (string Text, double Until) banner, message;
    bool messageIsError;
    List<Snapshot> live = [];
    List<Inside?>? insides;
    bool refresh = true;              // the fits and insides drawn must be computed again (a key changed what is shown)
    double trainMs, drawMs, stepsPerSecond;
    int stepsInSecond;
    double secondStart;
    (int, int) shownSize;
    float? scale = options.Scale;     // text and line size: --scale or Ctrl+= / Ctrl+-, else from the window's size

    // the data the run started from (E returns to it), the axes' limits (A refits them), and the plots' axes of
    // the last frame drawn (the mouse maps through them)
    float[] startX = [], startY = [];
    string startName = "the notebook's";
    Limits? limits;
    IReadOnlyList<Axes> plotAxes = [];
    readonly System.Collections.Concurrent.ConcurrentQueue<Action> posted = new();
    Captures captures = null!;
    PointEditor points = null!;

    public int Run()
    {
        // the data and a saved model are read before the window opens: a bad file is one line, and no window
        var first = lecture is null ? Networks.Start(settings, compare, options.DataFile, options.LoadModel, options.Pair) : StartLecture();
        (startX, startY) = (first.First.X, first.First.Y);
        if (options.DataFile is not null) startName = $"{options.DataFile}'s";
        else if (options.LoadModel is not null) startName = $"{options.LoadModel}'s";
        limits = Limits.Of(startX, startY);
        run = first;
        captures = new Captures(this, NewFileName);
        points = new PointEditor(this);
        using var screen = Screen.Open(options.Width, options.Height, "bnlive: batch norm, live", hidden: false, resizable: true);
        SetWindowMinSize(Cli.MinWidth, Cli.MinHeight);
        SetExitKey(KeyboardKey.Null);
        SetTargetFPS(0);   // we pace frames ourselves, so drawing time is measured without raylib's wait
        if (options.Fullscreen) ToggleFullscreen();
        using var fonts = new Fonts();
        Restart(settings, new Started(Settings.Name(settings.Mode), settings.Seed, settings.Epochs, settings.Lr, options.Width, options.Height,
            run.First.X.Length, options.LoadModel, run.Epoch), keep: true);
        if (lecture is not null) EnterStep(0);
        try
        {
            while (!quit)
            {
                now = GetTime();
                if (WindowShouldClose()) { Log(new WindowClosed()); break; }
                if (Interrupt.Requested) { Log(new Interrupted(Interrupt.Signal ?? "signal")); break; }
                Update();
                Show(fonts, Frame());
                double spare = 1.0 / 60 - (GetTime() - now);
                if (spare > 0.001) Thread.Sleep(TimeSpan.FromSeconds(spare));
            }
        }
        finally
        {
            captures.Stop(wait: false);
            // the window stays alive and says so while the recording is written, rather than freezing
            while (captures.Saving && !WindowShouldClose())
            {
                now = GetTime();
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

    /// <summary>One frame on screen: drawn from the frame model, captured (screenshot, recording) once drawn, and
    /// the message put over it after the capture, so a "saved …" never shows in the next screenshot.</summary>
    void Show(Fonts fonts, WindowFrame frame)
    {
        var clock = Stopwatch.StartNew();
        BeginDrawing();
        plotAxes = WindowPainter.Draw(fonts, frame);
        captures.Take(frame.Width, frame.Height, now);
        WindowPainter.DrawOverlay(fonts, frame);
        EndDrawing();
        drawMs = Smooth(drawMs, clock.Elapsed.TotalMilliseconds);
        framesSinceStart++;
    }

    /// <summary>B: notebook → pytorch → none → notebook, restarting from the same seed; each mode brings its own
    /// decay and eps unless --decay or --eps fixed them.</summary>
    internal void NextMode()
    {
        var mode = settings.Mode switch { BnMode.Notebook => BnMode.PyTorch, BnMode.PyTorch => BnMode.None, _ => BnMode.Notebook };
        var s = settings.ForMode(mode);
        Restart(s, new ModeChanged(Settings.Name(mode), s.Seed, s.Decay, s.Eps));
        Banner(ModeBanner(mode));
    }

    static string ModeBanner(BnMode mode) => mode switch
    {
        BnMode.Notebook => "batch norm: notebook",
        BnMode.PyTorch => "batch norm: PyTorch",
        _ => "no batch norm",
    };

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
            lectureRunTouched = true;
            Log(new RunEnded());   // the run's last epoch, on the line's prefix: how far each run got, for whoever reads the log
            var (x, y) = (run.First.X, run.First.Y);
            run.Dispose();
            run = new Networks(s, compare, (x, y), pair);
        }
        settings = s;
        precise = null;
        run.TrackPredict = Shown.ShowsLoss;
        trainer = run.First;
        if (diverged) paused = false;   // that pause was the divergence's own: the new run trains at once
        diverged = false;
        pauseAtEpoch = null;
        refresh = true;
        runStart = GetTime();
        framesSinceStart = 0;
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
        if (points.Handle(run, plotAxes)) { refresh = true; lectureRunTouched = true; }
        var clock = Stopwatch.StartNew();
        int steps = 0;
        double budget = Math.Clamp(FloorFrameMs - drawMs - 1, 2, MaxTrainMs);
        if (!paused && !diverged && !trainer.Done)
        {
            int target = speedLevel >= MaxSpeedLevel || pauseAtEpoch is not null ? int.MaxValue : 1 << speedLevel;
            while (steps < target && !trainer.Done && clock.Elapsed.TotalMilliseconds < budget)
            {
                run.Step();
                steps++;
                if (run.Diverged)
                {
                    diverged = paused = true;
                    Log(new Diverged([.. run.Trainers.Select(t => t.LastLoss)], run.Lr));
                    Message("the loss diverged: lower the learning rate with [ and restart with R", error: true);
                    break;
                }
                if (trainer.Epoch == pauseAtEpoch)
                {
                    paused = true;
                    pauseAtEpoch = null;
                    Log(new Paused(AtSnapshot: true));
                    break;
                }
                if (trainer.Epoch == runTo) { ReachedStepEpoch(); break; }
            }
            if (trainer.Done)
            {
                Message($"training done: {trainer.Epoch} epochs, as the notebook (R restarts)");
                double secs = now - runStart;
                Log(new TrainingDone(trainer.Epoch, secs, trainer.Epoch / secs, framesSinceStart / secs, trainMs, drawMs,
                    [.. run.Trainers.Select(t => new FinalLoss(Settings.Name(t.Settings.Mode), t.LastLoss, t.TakeSnapshot(t.Epoch).PredictLoss))]));
            }
        }
        if (steps > 0 || refresh)
        {
            live = [.. run.Trainers.Select(t => t.TakeSnapshot(t.Epoch))];
            for (int i = 0; i < live.Count; i++) run.Trainers[i].AddPredictSample(live[i].PredictLoss);
            insides = Shown.NeedsInside ? [.. run.Trainers.Select(t => (Inside?)t.Inspect())] : null;
            refresh = false;
        }
        trainMs = Smooth(trainMs, clock.Elapsed.TotalMilliseconds);
        stepsInSecond += steps * run.StepsPerEpoch;
        if (now - secondStart >= 1)
        {
            stepsPerSecond = stepsInSecond / (now - secondStart);
            stepsInSecond = 0;
            secondStart = now;
        }
    }

    static double Smooth(double avg, double x) => avg == 0 ? x : avg * 0.9 + x * 0.1;

    SceneView Shown => new(run, lossPanel, insidePanel, trainVsPredict);

    // shown for the first seconds, then on H/F1 until pressed again
    bool HelpVisible => now < helpUntil;

    void Banner(string text) => banner = (text, now + 1.2);

    void Message(string text, bool error = false)
    {
        message = (text, now + 4);
        messageIsError = error;
    }

    string NewFileName(string ext) =>
        Path.Combine(RecordingsDir, $"bnlive-{(compare ? "compare" : Settings.Name(settings.Mode))}-seed{settings.Seed}-{DateTime.Now:yyyyMMdd-HHmmss}.{ext}");
}
