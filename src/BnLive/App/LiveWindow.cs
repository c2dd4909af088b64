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
public sealed class LiveWindow(Options options)
{
    const double MaxTrainMs = 10;        // training time per frame at most: leaves the rest of 1/60 s to drawing
    const double FloorFrameMs = 1000.0 / 30;   // where drawing is slow (software GL), train less to keep 30 fps
    const int MaxSpeedLevel = 10;         // levels 0..9 are 1..512 steps per frame; 10 is "max"
    static readonly string RecordingsDir = "recordings";

    Settings settings = options.Settings;
    Lockstep run = null!;
    Trainer trainer = null!;          // the first (or only) network: epochs and the event log follow it
    bool compare = options.View == View.Compare, lossPanel = options.LossPanel, insidePanel = options.InsidePanel, trainVsPredict = options.TrainFit;
    static readonly double[] Decays = [0.5, 0.9, 0.99];
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
    List<Snapshot> live = [];
    List<Inside?>? insides;
    bool refresh = true;              // the fits and insides drawn must be computed again (a key changed what is shown)
    double trainMs, drawMs, stepsPerSecond;
    int stepsInSecond;
    double secondStart;
    bool shotRequested;
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
        var first = Lockstep.Start(options, settings, compare);
        (startX, startY) = (first.First.X, first.First.Y);
        if (options.DataFile is not null) startName = $"{options.DataFile}'s";
        else if (options.LoadModel is not null) startName = $"{options.LoadModel}'s";
        limits = Limits.Of(startX, startY);
        run = first;
        using var screen = Screen.Open(options.Width, options.Height, "bnlive: batch norm, live", hidden: false, resizable: true);
        SetWindowMinSize(Cli.MinWidth, Cli.MinHeight);
        SetExitKey(KeyboardKey.Null);
        SetTargetFPS(0);   // we pace frames ourselves, so drawing time is measured without raylib's wait
        using var fonts = new Fonts();
        Restart(settings, $"start: mode {Settings.Name(settings.Mode)}, seed {settings.Seed}, {settings.Epochs} epochs, lr {settings.Lr}, " +
                          $"{options.Width}x{options.Height}, {run.First.X.Length} points{(options.LoadModel is null ? "" : $", model {options.LoadModel} at epoch {run.Epoch}")}", keep: true);
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
                Message("saving the GIF before quitting…");
                Draw(fonts);
                Thread.Sleep(50);
            }
            saving?.Wait();
            run.Dispose();
        }
        return 0;
    }

    void Quit()
    {
        // the compare view's networks report their epochs: the tests check that the lockstep held
        Log(compare ? $"quit ({string.Join(", ", run.Trainers.Select(t => $"{Settings.Name(t.Settings.Mode)} at epoch {t.Epoch}"))})" : "quit");
        quit = true;
    }

    void Log(string text) => Console.WriteLine($"epoch {trainer?.Epoch ?? 0}: {text}");

    /// <summary>A new run of s on the current points (keep: the run made at start, from the options).</summary>
    void Restart(Settings s, string why, bool keep = false)
    {
        if (!keep)
        {
            Log("run ended");   // its epochs, said nowhere else (the soak test adds them up)
            var (x, y) = (run.First.X, run.First.Y);
            run.Dispose();
            run = new Lockstep(s, compare, (x, y));
        }
        settings = s;
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

    void HandleKeys()
    {
        if (ScaleKeys()) return;
        bool shift = IsKeyDown(KeyboardKey.LeftShift) || IsKeyDown(KeyboardKey.RightShift);
        // Letters come from the character queue: its case carries Shift even when a key is pressed and
        // released within one frame, and it follows the keyboard layout.
        for (int c = GetCharPressed(); c != 0; c = GetCharPressed())
            OnChar((char)c);
        for (int k = GetKeyPressed(); k != 0; k = GetKeyPressed())
        {
            switch ((KeyboardKey)k)
            {
                case KeyboardKey.Escape: Quit(); break;
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
                else { run.Step(); refresh = true; Log("one epoch"); }
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
            case 'b' or 'B' when compare:
                Message("the compare view shows both: C goes back to one network");
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
            case 'c': case 'C':
                compare = !compare;
                Restart(settings, compare ? $"view -> compare: notebook BN and no BN (seed {settings.Seed})" : $"view -> single: {Settings.Name(settings.Mode)} (seed {settings.Seed})");
                Banner(compare ? "BN vs no BN" : settings.Mode == BnMode.Notebook ? "batch norm: notebook" : "no batch norm");
                break;
            case 'e': case 'E':
                run.SetData(startX, startY);
                refresh = true;
                Log($"data restored: {startName} {startX.Length} points");
                break;
            case 'a': case 'A':
                limits = Limits.Of(run.First.X, run.First.Y);
                Log("axes fitted to the data");
                break;
            case 'w': case 'W': SaveModels(); break;
            case 'l': case 'L':
                lossPanel = !lossPanel;
                run.TrackPredict = Shown.ShowsLoss;
                Log(compare ? "loss panel: always shown in the compare view" : $"loss panel {(lossPanel ? "on" : "off")}");
                break;
            case 't': case 'T':
                trainVsPredict = !trainVsPredict;
                refresh = true;
                Log($"training-mode fit {(trainVsPredict ? "shown" : "hidden")}");
                break;
            case 'i': case 'I':
                insidePanel = !insidePanel;
                refresh = true;
                Log($"inside BN {(insidePanel ? "shown" : "hidden")}");
                break;
            case '[': SetLr(run.Lr / 2); break;
            case ']': SetLr(run.Lr * 2); break;
            case 'd': case 'D':
                double decay = Decays[(Array.IndexOf(Decays, run.Decay) + 1) % Decays.Length];
                run.Decay = decay;
                settings = settings with { Decay = decay };
                Log($"decay -> {decay} (from the next step on)");
                Banner($"decay {decay}");
                break;
            case 'h': case 'H': ToggleHelp(); break;
            case 'q': case 'Q': Quit(); break;
        }
    }

    /// <summary>Ctrl+= / Ctrl+-: the scale of text and lines ×1.25 / ÷1.25, from the window's own; true when
    /// Ctrl is held (the queued characters, = and - among them, are then not keys of their own).</summary>
    bool ScaleKeys()
    {
        if (!IsKeyDown(KeyboardKey.LeftControl) && !IsKeyDown(KeyboardKey.RightControl)) return false;
        while (GetCharPressed() != 0) { }
        // from the queue of presses: a key pressed and released within one frame is never IsKeyPressed
        for (int k = GetKeyPressed(); k != 0; k = GetKeyPressed())
        {
            float old = Scale(GetScreenWidth(), GetScreenHeight());
            if ((KeyboardKey)k is KeyboardKey.Equal or KeyboardKey.KpAdd) scale = MathF.Min(Cli.MaxScale, MathF.Round(old * 1.25f, 2));
            else if ((KeyboardKey)k is KeyboardKey.Minus or KeyboardKey.KpSubtract) scale = MathF.Max(Cli.MinScale, MathF.Round(old / 1.25f, 2));
            else continue;
            Log($"scale -> {scale:0.##}");
        }
        return true;
    }

    float Scale(int w, int h) => scale ?? Style.ScaleOf(w, h);

    // ---------------------------------------------------------------- points, with the mouse
    /// <summary>Left click adds a point; left drag moves the point nearest to where the drag began; right click
    /// removes the nearest point. The next step trains on the edited points; the axes stay as they are.</summary>
    void HandleMouse()
    {
        var m = GetMousePosition();
        var under = plotAxes.FirstOrDefault(a => a.Panel.Contains(m));
        if (IsMouseButtonPressed(MouseButton.Left) && under is not null) (pressAxes, pressAt, dragIndex) = (under, m, null);
        if (pressAxes is not null && IsMouseButtonDown(MouseButton.Left))
        {
            if (dragIndex is null && Vector2.Distance(m, pressAt) > 4)
            {
                dragIndex = Nearest(pressAxes, pressAt);
                dragFrom = (run.First.X[dragIndex.Value], run.First.Y[dragIndex.Value]);
            }
            if (dragIndex is int i)
            {
                var (x, y) = pressAxes.ToData(m);
                dragIndex = Edit(i, (float)x, (float)y);
            }
        }
        if (pressAxes is not null && !IsMouseButtonDown(MouseButton.Left))
        {
            if (dragIndex is int i)
                Log($"point moved from {Pt(dragFrom.X, dragFrom.Y)} to {Pt(run.First.X[i], run.First.Y[i])}: {run.First.X.Length} points");
            else
            {
                var (x, y) = pressAxes.ToData(pressAt);
                Edit(null, (float)x, (float)y);
                Log($"point added at {Pt((float)x, (float)y)}: {run.First.X.Length} points");
            }
            (pressAxes, dragIndex) = (null, null);
        }
        if (IsMouseButtonPressed(MouseButton.Right) && under is not null)
        {
            if (run.First.X.Length <= 2) { Message("at least 2 points are needed", error: true); return; }
            int i = Nearest(under, m);
            var (x, y) = (run.First.X[i], run.First.Y[i]);
            Edit(i, float.NaN, float.NaN);
            Log($"point removed at {Pt(x, y)}: {run.First.X.Length} points");
        }
    }

    static string Pt(float x, float y) => $"({x:0.###}, {y:0.###})";

    int Nearest(Axes axes, Vector2 pixel)
    {
        var (xs, ys) = (run.First.X, run.First.Y);
        int best = 0;
        for (int i = 1; i < xs.Length; i++)
            if (Vector2.DistanceSquared(axes.ToPixel(xs[i], ys[i]), pixel) < Vector2.DistanceSquared(axes.ToPixel(xs[best], ys[best]), pixel))
                best = i;
        return best;
    }

    /// <summary>Moves point i to (x, y), adds one (i null) or removes point i (x NaN), keeping the points sorted
    /// by x in new arrays (snapshots keep the old ones), and returns where point i went.</summary>
    int Edit(int? i, float x, float y)
    {
        var points = run.First.X.Zip(run.First.Y, (a, b) => (X: a, Y: b)).ToList();
        if (i is int k) points.RemoveAt(k);
        var moved = (X: x, Y: y);
        if (float.IsFinite(x)) points.Add(moved);
        var sorted = points.OrderBy(p => p.X).ToList();
        run.SetData([.. sorted.Select(p => p.X)], [.. sorted.Select(p => p.Y)]);
        refresh = true;
        return float.IsFinite(x) ? sorted.IndexOf(moved) : -1;
    }

    /// <summary>W: each network's model (parameters, global moments, Adam state, epoch, data) next to the recordings.</summary>
    void SaveModels()
    {
        foreach (var t in run.Trainers)
        {
            var path = Path.Combine(RecordingsDir, $"bnlive-{Settings.Name(t.Settings.Mode)}-seed{t.Settings.Seed}-epoch{t.Epoch}-{DateTime.Now:yyyyMMdd-HHmmss}.json");
            try
            {
                SafeFile.Write(path, stream => ModelFile.Write(stream, t));
                Log($"model saved: {path}");
                Message($"saved {path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log($"model not saved: {e.Message}");
                Message($"could not save the model: {e.Message}", error: true);
            }
        }
    }

    /// <summary>A new learning rate from the next step on, no reset: Adam's state is kept. R keeps it too.</summary>
    void SetLr(double lr)
    {
        lr = Math.Clamp(lr, 1e-6, Cli.MaxLr);
        run.Lr = lr;
        settings = settings with { Lr = lr };
        Log($"lr -> {lr:G4} (from the next step on)");
        Banner($"lr {lr:G4}");
    }

    SceneView Shown => new(run, lossPanel, insidePanel, trainVsPredict);

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
        Path.Combine(RecordingsDir, $"bnlive-{(compare ? "compare" : Settings.Name(settings.Mode))}-seed{settings.Seed}-{DateTime.Now:yyyyMMdd-HHmmss}.{ext}");

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
            finally
            {
                r.Dispose();
                Malloc.Trim();   // the frames are freed: give their memory back
            }
        });
        if (wait) saving.Wait();
    }

    // ---------------------------------------------------------------- Draw
    void Draw(Fonts fonts)
    {
        var clock = Stopwatch.StartNew();
        int w = GetScreenWidth(), h = GetScreenHeight();
        float scale = Scale(w, h);
        var (plotArea, _, bar) = Hud.Areas(w, h, scale);

        BeginDrawing();
        Scene.Clear();
        plotAxes = Scene.Draw(fonts, plotArea, Shown, [.. live.Select(l => l.YPred)], insides, scale, limits);
        Hud.DrawBar(fonts, bar, Info(), scale);
        if (now < banner.Until) Hud.DrawBanner(fonts, plotArea, banner.Text, scale, Math.Min(1, (banner.Until - now) / 0.4));
        if (HelpVisible) Hud.DrawHelp(fonts, plotArea, scale);
        Capture(w, h);
        // drawn after the capture: "saved …" would otherwise show in the next screenshot or the GIF
        if (now < message.Until) Hud.DrawMessage(fonts, plotArea, message.Text, scale, messageIsError);
        EndDrawing();
        drawMs = Smooth(drawMs, clock.Elapsed.TotalMilliseconds);
        framesSinceStart++;
    }

    HudInfo Info() => new(trainer.Epoch, settings.Epochs, Losses(), stepsPerSecond, GetFPS(),
        compare ? "notebook and none (compare)" : Settings.Name(settings.Mode), settings.Seed, SpeedName, run.Lr, run.Decay,
        run.First.X.Length, settings.BatchSize, trainMs, drawMs,
        paused, trainer.Done, diverged, recorder?.Frames, saving is { IsCompleted: false });

    /// <summary>The HUD's losses: training and predict mode of each network; with T, the gap between the two modes.</summary>
    string Losses()
    {
        var parts = new List<string>();
        for (int i = 0; i < run.Trainers.Count; i++)
        {
            var t = run.Trainers[i];
            string name = compare ? (t.Settings.Mode == BnMode.Notebook ? "BN " : "no BN ") : "loss ";
            string text = $"{name}{t.LastLoss:0.00000} train · {(i < live.Count ? live[i].PredictLoss : float.NaN):0.00000} predict";
            if (trainVsPredict && insides?[i] is Inside inside && i < live.Count && t.Settings.Mode == BnMode.Notebook)
                text += $" · gap {live[i].PredictLoss - inside.TrainModeLoss:+0.00000;−0.00000}";
            parts.Add(text);
        }
        return string.Join("    ", parts);
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
