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
public sealed partial class LiveWindow(Options options, Teaching.Lecture? lecture = null)
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
    Recorder? recorder;
    Task? saving;
    List<Snapshot> live = [];
    List<Inside?>? insides;
    bool refresh = true;              // the fits and insides drawn must be computed again (a key changed what is shown)
    double trainMs, drawMs, stepsPerSecond;
    int stepsInSecond;
    double secondStart;
    bool shotRequested;
    (int, int) shownSize;
    float? scale = options.Scale;     // text and line size: --scale or Ctrl+= / Ctrl+-, else from the window's size

    // your own points: the data the run started from (E returns to it), the axes' limits (A refits them),
    // the plots' axes of the last frame (to map the mouse), and a press of the left button that may become a drag
    float[] startX = [], startY = [];
    string startName = "the notebook's";
    Limits? limits;
    List<Axes> plotAxes = [];
    Axes? pressAxes;
    Vector2 pressAt;
    int? dragIndex;
    (float X, float Y) dragFrom;

    public int Run()
    {
        // the data and a saved model are read before the window opens: a bad file is one line, and no window
        var first = lecture is null ? Networks.Start(settings, compare, options.DataFile, options.LoadModel, options.Pair) : StartLecture();
        (startX, startY) = (first.First.X, first.First.Y);
        if (options.DataFile is not null) startName = $"{options.DataFile}'s";
        else if (options.LoadModel is not null) startName = $"{options.LoadModel}'s";
        limits = Limits.Of(startX, startY);
        run = first;
        using var screen = Screen.Open(options.Width, options.Height, "bnlive: batch norm, live", hidden: false, resizable: true);
        SetWindowMinSize(Cli.MinWidth, Cli.MinHeight);
        SetExitKey(KeyboardKey.Null);
        SetTargetFPS(0);   // we pace frames ourselves, so drawing time is measured without raylib's wait
        if (options.Fullscreen) ToggleFullscreen();
        using var fonts = new Fonts();
        Restart(settings, $"start: mode {Settings.Name(settings.Mode)}, seed {settings.Seed}, {settings.Epochs} epochs, lr {settings.Lr}, " +
                          $"{options.Width}x{options.Height}, {run.First.X.Length} points{(options.LoadModel is null ? "" : $", model {options.LoadModel} at epoch {run.Epoch}")}", keep: true);
        if (lecture is not null) EnterStep(0);
        try
        {
            while (!quit)
            {
                now = GetTime();
                if (WindowShouldClose()) { Log("window closed"); break; }
                if (Interrupt.Requested) { Log($"{Interrupt.Signal}: quitting"); break; }
                Update();
                Draw(fonts);
                double spare = 1.0 / 60 - (GetTime() - now);
                if (spare > 0.001) Thread.Sleep(TimeSpan.FromSeconds(spare));
            }
        }
        finally
        {
            if (recorder is not null) StopRecording(wait: false);
            // the window stays alive and says so while the GIF is written, rather than freezing
            while (saving is { IsCompleted: false } && !WindowShouldClose())
            {
                now = GetTime();
                Message($"saving the {savingKind} before quitting…");
                Draw(fonts);
                Thread.Sleep(50);
            }
            saving?.Wait();
            TakePosted();   // the saved recording's log line
            run.Dispose();
        }
        return 0;
    }

    /// <summary>B: notebook → pytorch → none → notebook, restarting from the same seed; each mode brings its own
    /// decay and eps unless --decay or --eps fixed them.</summary>
    internal void NextMode()
    {
        var mode = settings.Mode switch { BnMode.Notebook => BnMode.PyTorch, BnMode.PyTorch => BnMode.None, _ => BnMode.Notebook };
        var s = settings.ForMode(mode);
        Restart(s, $"mode -> {Settings.Name(mode)} (seed {s.Seed}, decay {s.Decay}, eps {s.Eps})");
        Banner(ModeBanner(mode));
    }

    static string ModeBanner(BnMode mode) => mode switch
    {
        BnMode.Notebook => "batch norm: notebook",
        BnMode.PyTorch => "batch norm: PyTorch",
        _ => "no batch norm",
    };

    void Log(string text) => Console.WriteLine($"epoch {trainer?.Epoch ?? 0}: {text}");

    /// <summary>A new run of s on the current points (keep: the run made at start, from the options).</summary>
    void Restart(Settings s, string why, bool keep = false)
    {
        if (!keep)
        {
            lectureRunTouched = true;
            Log("run ended");   // the run's last epoch, on the line's prefix: how far each run got, for whoever reads the log
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
            if (shownSize != default) Log($"window size -> {size.Item1}x{size.Item2}");
            shownSize = size;
        }
        HandleKeys();
        HandleMouse();
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
                    Log($"diverged: the training loss is {string.Join(", ", run.Trainers.Select(t => t.LastLoss))} (lr {run.Lr:G3}); paused");
                    Message("the loss diverged: lower the learning rate with [ and restart with R", error: true);
                    break;
                }
                if (trainer.Epoch == pauseAtEpoch)
                {
                    paused = true;
                    pauseAtEpoch = null;
                    Log("paused at the snapshot");
                    break;
                }
                if (trainer.Epoch == runTo) { ReachedStepEpoch(); break; }
            }
            if (trainer.Done)
            {
                Message($"training done: {trainer.Epoch} epochs, as the notebook (R restarts)");
                double secs = now - runStart;
                Log($"training done: {trainer.Epoch} epochs in {secs:F1} s ({trainer.Epoch / secs:F0} steps/s, {framesSinceStart / secs:F0} fps, " +
                    $"per frame: train {trainMs:F1} ms, draw {drawMs:F1} ms); final loss " +
                    string.Join("; ", run.Trainers.Select(t => $"{Settings.Name(t.Settings.Mode)} {t.LastLoss:G4} train, {t.TakeSnapshot(t.Epoch).PredictLoss:G4} predict")));
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

    // ---------------------------------------------------------------- Draw
    void Draw(Fonts fonts)
    {
        var clock = Stopwatch.StartNew();
        int w = GetScreenWidth(), h = GetScreenHeight();
        float scale = Scale(w, h);
        var info = Info();
        var caption = CaptionView();
        float band = caption is null ? 0 : CaptionBand.Height(fonts, w, h, caption, scale);
        var (plotArea, bandArea, bar) = Hud.Areas(w, h, scale, band);

        BeginDrawing();
        if (blank)
        {
            ClearBackground(Color.Black);   // a blanked projector: nothing to see, nothing captured but black
            Capture(w, h);
            EndDrawing();
            return;
        }
        Scene.Clear();
        plotAxes = Scene.Draw(fonts, plotArea, Shown, [.. live.Select(l => l.YPred)], insides, scale, limits);
        if (caption is not null) CaptionBand.Draw(fonts, bandArea, caption, h, scale);
        Hud.DrawBar(fonts, bar, info, scale);
        if (now < banner.Until) Hud.DrawBanner(fonts, plotArea, banner.Text, scale, Math.Min(1, (banner.Until - now) / 0.4));
        if (HelpVisible) Hud.DrawHelp(fonts, plotArea, scale, Commands.HelpRows(lecture is not null).ToArray());
        Capture(w, h);
        // drawn after the capture: "saved …" would otherwise show in the next screenshot or the GIF
        if (now < message.Until) Hud.DrawMessage(fonts, plotArea, message.Text, scale, messageIsError);
        EndDrawing();
        drawMs = Smooth(drawMs, clock.Elapsed.TotalMilliseconds);
        framesSinceStart++;
    }

    /// <summary>Screenshots and GIF frames are read from the finished frame, before it is shown.</summary>
    void Capture(int w, int h)
    {
        if (shotRequested)
        {
            shotRequested = false;
            var path = NewFileName("png");
            try
            {
                Frame.FromScreen().SavePng(path);
                Malloc.Trim();
                Log($"screenshot saved: {path}");
                Message($"saved {path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ImageMagick.MagickException)
            {
                Log($"screenshot failed: {SafeFile.Reason(e)}");
                Message($"could not save the screenshot: {SafeFile.Reason(e)}", error: true);
            }
        }
        CaptureRecording(w, h);
    }
}
