using System.Diagnostics;
using BnLive.Drawing;
using BnLive.Lesson;
using BnLive.Native;
using BnLive.Recording;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>The live window: raylib's loop with an Update half (keys, training steps within a time budget)
/// and a Draw half (plot, HUD, overlays) that only reads state. Every user action goes to the event log on stdout.</summary>
public sealed class LiveWindow(Options options)
{
    const double MaxTrainMs = 10;        // training time per frame at most: leaves the rest of 1/60 s to drawing
    const double FloorFrameMs = 1000.0 / 30;   // where drawing is slow (software GL), train less to keep 30 fps
    const int MaxSpeedLevel = 10;         // levels 0..9 are 1..512 steps per frame; 10 is "max"
    static readonly string RecordingsDir = "recordings";

    Settings settings = options.Settings;
    Trainer trainer = null!;
    bool paused, quit, diverged;
    int speedLevel = options.SpeedLevel;
    double runStart;
    int framesSinceStart;
    int? pauseAtEpoch;
    double helpUntil = 6, now;
    (string Text, double Until) banner, message;
    bool messageIsError;
    Recorder? recorder;
    Task? saving;
    Snapshot live = new(0, float.NaN, []);
    double trainMs, drawMs, stepsPerSecond;
    int stepsInSecond;
    double secondStart;
    bool shotRequested;

    public int Run()
    {
        using var screen = Screen.Open(options.Width, options.Height, "bnlive: batch norm, live", hidden: false, resizable: true);
        SetWindowMinSize(Cli.MinWidth, Cli.MinHeight);
        SetExitKey(KeyboardKey.Null);
        SetTargetFPS(0);   // we pace frames ourselves, so drawing time is measured without raylib's wait
        using var fonts = new Fonts();
        Restart(settings, $"start: mode {Settings.Name(settings.Mode)}, seed {settings.Seed}, {settings.Epochs} epochs, lr {settings.Lr}, {options.Width}x{options.Height}");
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
            if (recorder is not null) StopRecording(wait: true);
            saving?.Wait();
            trainer.Dispose();
        }
        return 0;
    }

    void Log(string text) => Console.WriteLine($"epoch {trainer?.Epoch ?? 0}: {text}");

    void Restart(Settings s, string why)
    {
        trainer?.Dispose();
        settings = s;
        trainer = new Trainer(s);
        diverged = false;
        pauseAtEpoch = null;
        live = trainer.TakeSnapshot(0);
        runStart = GetTime();
        framesSinceStart = 0;
        Log(why);
    }

    // ---------------------------------------------------------------- Update
    void Update()
    {
        HandleKeys();
        var clock = Stopwatch.StartNew();
        int steps = 0;
        double budget = Math.Clamp(FloorFrameMs - drawMs - 1, 2, MaxTrainMs);
        if (!paused && !diverged && !trainer.Done)
        {
            int target = speedLevel >= MaxSpeedLevel || pauseAtEpoch is not null ? int.MaxValue : 1 << speedLevel;
            while (steps < target && !trainer.Done && clock.Elapsed.TotalMilliseconds < budget)
            {
                trainer.Step();
                steps++;
                if (!float.IsFinite(trainer.LastLoss))
                {
                    diverged = paused = true;
                    Log($"diverged: the training loss is {trainer.LastLoss} (lr {settings.Lr}); paused");
                    Message("the loss diverged: restart with a lower --lr (R resets)", error: true);
                    break;
                }
                if (trainer.Epoch == pauseAtEpoch)
                {
                    paused = true;
                    pauseAtEpoch = null;
                    Log("paused at the snapshot");
                    break;
                }
            }
            if (trainer.Done)
            {
                Message($"training done: {trainer.Epoch} epochs, as the notebook (R restarts)");
                double secs = now - runStart;
                Log($"training done: {trainer.Epoch} epochs in {secs:F1} s ({trainer.Epoch / secs:F0} steps/s, {framesSinceStart / secs:F0} fps, " +
                    $"per frame: train {trainMs:F1} ms, draw {drawMs:F1} ms); final loss {trainer.LastLoss:G4} train, {trainer.TakeSnapshot(trainer.Epoch).PredictLoss:G4} predict");
            }
        }
        if (steps > 0 || live.YPred.Length == 0) live = trainer.TakeSnapshot(trainer.Epoch);
        trainMs = Smooth(trainMs, clock.Elapsed.TotalMilliseconds);
        stepsInSecond += steps;
        if (now - secondStart >= 1)
        {
            stepsPerSecond = stepsInSecond / (now - secondStart);
            stepsInSecond = 0;
            secondStart = now;
        }
    }

    static double Smooth(double avg, double x) => avg == 0 ? x : avg * 0.9 + x * 0.1;

    void HandleKeys()
    {
        bool shift = IsKeyDown(KeyboardKey.LeftShift) || IsKeyDown(KeyboardKey.RightShift);
        // Letters come from the character queue: its case carries Shift even when a key is pressed and
        // released within one frame, and it follows the keyboard layout.
        for (int c = GetCharPressed(); c != 0; c = GetCharPressed())
            OnChar((char)c);
        for (int k = GetKeyPressed(); k != 0; k = GetKeyPressed())
        {
            switch ((KeyboardKey)k)
            {
                case KeyboardKey.Escape: Log("quit"); quit = true; break;
                case KeyboardKey.Up: case KeyboardKey.KpAdd: Speed(+1); break;
                case KeyboardKey.Down: case KeyboardKey.KpSubtract: Speed(-1); break;
                case KeyboardKey.F1: ToggleHelp(); break;
                case KeyboardKey.N when shift: break;   // handled as 'N' below
            }
        }
    }

    void OnChar(char c)
    {
        switch (c)
        {
            case ' ':
                paused = !paused;
                pauseAtEpoch = null;
                Log(paused ? "paused" : "resumed");
                break;
            case 'n':
                if (!paused) { paused = true; Log("paused"); }
                if (trainer.Done || diverged) Log("no epoch to step: training is over (R restarts)");
                else { trainer.Step(); live = trainer.TakeSnapshot(trainer.Epoch); Log("one epoch"); }
                break;
            case 'N':
                if (trainer.Done || diverged) break;
                // the snapshot of epoch e is taken after its update, when e + 1 epochs are done
                int every = settings.Every;
                pauseAtEpoch = Math.Min(settings.Epochs, ((trainer.Epoch - 1) / every + 1) * every + 1);
                if (trainer.Epoch == 0) pauseAtEpoch = 1;
                paused = false;
                Log($"running to the next snapshot (epoch {pauseAtEpoch - 1})");
                break;
            case 'r':
                Restart(settings, $"reset (seed {settings.Seed})");
                break;
            case 'R':
                int seed = NewSeed();
                Restart(settings with { Seed = seed }, $"reset with a new seed (seed {seed})");
                Banner($"seed {settings.Seed}");
                break;
            case 'b': case 'B':
                var mode = settings.Mode == BnMode.Notebook ? BnMode.None : BnMode.Notebook;
                Restart(settings with { Mode = mode }, $"mode -> {Settings.Name(mode)} (seed {settings.Seed})");
                Banner(mode == BnMode.Notebook ? "batch norm: notebook" : "no batch norm");
                break;
            case '+': case '=': Speed(+1); break;
            case '-': Speed(-1); break;
            case 'g': case 'G':
                if (recorder is null) StartRecording(); else StopRecording(wait: false);
                break;
            case 's': case 'S': shotRequested = true; break;
            case 'h': case 'H': ToggleHelp(); break;
            case 'q': case 'Q': Log("quit"); quit = true; break;
        }
    }

    int NewSeed() => settings.Seed + 1 + Random.Shared.Next(999);

    void Speed(int delta)
    {
        speedLevel = Math.Clamp(speedLevel + delta, 0, MaxSpeedLevel);
        Log($"speed -> {SpeedName}");
    }

    string SpeedName => speedLevel >= MaxSpeedLevel ? "max" : $"×{1 << speedLevel}";

    void ToggleHelp()
    {
        helpUntil = HelpVisible ? 0 : double.PositiveInfinity;
        Log(HelpVisible ? "help shown" : "help hidden");
    }

    // shown for the first seconds, then on H/F1 until pressed again
    bool HelpVisible => now < helpUntil;

    void Banner(string text) => banner = (text, now + 1.2);

    void Message(string text, bool error = false)
    {
        message = (text, now + 4);
        messageIsError = error;
    }

    string NewFileName(string ext) =>
        Path.Combine(RecordingsDir, $"bnlive-{Settings.Name(settings.Mode)}-seed{settings.Seed}-{DateTime.Now:yyyyMMdd-HHmmss}.{ext}");

    void StartRecording()
    {
        if (saving is { IsCompleted: false }) { Message("still saving the last GIF…"); return; }
        var path = NewFileName("gif");
        if (SafeFile.Problem(path) is string problem) { Message($"cannot record: {path} {problem}", error: true); return; }
        recorder = new Recorder(path, GetScreenWidth(), GetScreenHeight());
        Log($"recording started: {path}");
    }

    void StopRecording(bool wait)
    {
        var r = recorder!;
        recorder = null;
        Log($"recording stopped ({r.Frames} frames), saving {r.Path}");
        saving = Task.Run(() =>
        {
            try
            {
                int n = r.Save();
                Log($"recording saved: {r.Path} ({n} frames)");
                Message($"saved {r.Path} ({n} frames)");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ImageMagick.MagickException or InvalidOperationException)
            {
                Log($"recording failed: {e.Message}");
                Message($"could not save the GIF: {e.Message}", error: true);
            }
            finally { r.Dispose(); }
        });
        if (wait) saving.Wait();
    }

    // ---------------------------------------------------------------- Draw
    void Draw(Fonts fonts)
    {
        var clock = Stopwatch.StartNew();
        int w = GetScreenWidth(), h = GetScreenHeight();
        float pt = Style.Pt(w, h);
        float bar = Hud.BarHeight(pt);
        var plotArea = new Rectangle(0, 0, w, h - bar);

        BeginDrawing();
        ClearBackground(Style.Figure);
        var data = new PlotData(trainer.X, trainer.Y, trainer.Snapshots, settings.Epochs, live.YPred, Scene.Title(settings, trainer.Epoch));
        Figure.Draw(fonts, plotArea, data);
        Hud.DrawBar(fonts, new Rectangle(0, h - bar, w, bar), Info(), pt);
        if (now < banner.Until) Hud.DrawBanner(fonts, plotArea, banner.Text, pt, Math.Min(1, (banner.Until - now) / 0.4));
        if (HelpVisible) Hud.DrawHelp(fonts, plotArea, pt);
        Capture(w, h);
        // drawn after the capture: "saved …" would otherwise show in the next screenshot or the GIF
        if (now < message.Until) Hud.DrawMessage(fonts, plotArea, message.Text, pt, messageIsError);
        EndDrawing();
        drawMs = Smooth(drawMs, clock.Elapsed.TotalMilliseconds);
        framesSinceStart++;
    }

    HudInfo Info() => new(trainer.Epoch, settings.Epochs, trainer.LastLoss, live.PredictLoss, stepsPerSecond, GetFPS(),
        Settings.Name(settings.Mode), settings.Seed, SpeedName, trainMs, drawMs, paused, trainer.Done, diverged,
        recorder?.Frames, saving is { IsCompleted: false });

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
                Log($"screenshot saved: {path}");
                Message($"saved {path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log($"screenshot failed: {e.Message}");
                Message($"could not save the screenshot: {e.Message}", error: true);
            }
        }
        if (recorder is null) return;
        if (w != recorder.Width || h != recorder.Height)
        {
            Log("window resized: recording stopped");
            StopRecording(wait: false);
        }
        else if (recorder.Full)
        {
            Log($"recording reached its limit of {Recorder.MaxFrames} frames");
            StopRecording(wait: false);
        }
        else if (recorder.Due(now)) recorder.Add(Frame.FromScreen(), now);
    }
}
