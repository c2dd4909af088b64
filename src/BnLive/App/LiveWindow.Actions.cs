using BnLive.Drawing;
using BnLive.Lesson;
using BnLive.Native;
using BnLive.Recording;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>What the commands of the command table do (App/Commands.cs): one method each, changing the state
/// that the next Draw reads.</summary>
public sealed partial class LiveWindow
{
    /// <summary>Runs a command by name, as a key would (a lecture step or a test).</summary>
    public void Run(string command) => Commands.Named(command).Run(this);

    /// <summary>The keys of this frame, dispatched through the command table. While the screen is blanked, the first
    /// key only brings it back.</summary>
    void HandleKeys()
    {
        bool ctrl = IsKeyDown(KeyboardKey.LeftControl) || IsKeyDown(KeyboardKey.RightControl);
        var keys = new List<KeyboardKey>();
        for (int k = GetKeyPressed(); k != 0; k = GetKeyPressed()) keys.Add((KeyboardKey)k);
        var chars = new List<char>();
        for (int c = GetCharPressed(); c != 0; c = GetCharPressed()) chars.Add((char)c);
        if (blank && (keys.Count > 0 || chars.Count > 0))
        {
            blank = false;
            Log("screen back");
            return;
        }
        var ran = new HashSet<Command>();
        foreach (var k in keys)
            if (Commands.ForKey(k, ctrl, lecture is not null) is { } cmd && ran.Add(cmd)) cmd.Run(this);
        if (ctrl) return;   // Ctrl+letter is not the letter's command
        foreach (var c in chars)
            // a key that also types a character (keypad +) runs its command once
            if (Commands.ForChar(c, lecture is not null) is { } cmd && (ran.Add(cmd) || !keys.Any(k => cmd.Bindings.Contains(k)))) cmd.Run(this);
    }

    internal void TogglePause()
    {
        paused = !paused;
        pauseAtEpoch = null;
        Log(paused ? "paused" : "resumed");
    }

    internal void StepOnce()
    {
        if (!paused) { paused = true; Log("paused"); }
        if (trainer.Done || diverged) Log("no epoch to step: training is over (R restarts)");
        else { run.Step(); refresh = true; Log("one epoch"); }
    }

    internal void RunToSnapshot()
    {
        if (trainer.Done || diverged) return;
        // the snapshot of epoch e is taken after its update, when e + 1 epochs are done
        int every = settings.Every;
        pauseAtEpoch = Math.Min(settings.Epochs, ((trainer.Epoch - 1) / every + 1) * every + 1);
        if (trainer.Epoch == 0) pauseAtEpoch = 1;
        paused = false;
        Log($"running to the next snapshot (epoch {pauseAtEpoch - 1})");
    }

    internal void Reset(bool newSeed)
    {
        if (!newSeed) { Restart(settings, $"reset (seed {settings.Seed})"); return; }
        int seed = NewSeed();
        Restart(settings with { Seed = seed }, $"reset with a new seed (seed {seed})");
        Banner($"seed {settings.Seed}");
    }

    /// <summary>B: the next mode, from the same seed (one network; the compare view shows its pair).</summary>
    internal void SwitchMode()
    {
        if (compare) { Message("the compare view shows two modes: C goes back to one network"); return; }
        NextMode();
    }

    internal void ToggleCompare()
    {
        compare = !compare;
        Restart(settings, compare ? $"view -> compare: {Settings.Label(pair.Left)} and {Settings.Label(pair.Right)} (seed {settings.Seed})" : $"view -> single: {Settings.Name(settings.Mode)} (seed {settings.Seed})");
        Banner(compare ? $"{Settings.Label(pair.Left)} vs {Settings.Label(pair.Right)}" : ModeBanner(settings.Mode));
    }

    internal void ToggleLossPanel()
    {
        lossPanel = !lossPanel;
        run.TrackPredict = Shown.ShowsLoss;
        Log(compare ? "loss panel: always shown in the compare view" : $"loss panel {(lossPanel ? "on" : "off")}");
    }

    internal void ToggleTrainFit()
    {
        trainVsPredict = !trainVsPredict;
        refresh = true;
        Log($"training-mode fit {(trainVsPredict ? "shown" : "hidden")}");
    }

    internal void ToggleInside()
    {
        insidePanel = !insidePanel;
        refresh = true;
        Log($"inside BN {(insidePanel ? "shown" : "hidden")}");
    }

    internal double Lr => run.Lr;

    /// <summary>A new learning rate from the next step on, no reset: Adam's state is kept. R keeps it too.</summary>
    internal void SetLr(double lr)
    {
        lr = Math.Clamp(lr, 1e-6, Cli.MaxLr);
        run.Lr = lr;
        settings = settings with { Lr = lr };
        Log($"lr -> {lr:G4} (from the next step on)");
        Banner($"lr {lr:G4}");
    }

    void SetDecay(double decay)
    {
        run.Decay = decay;
        settings = settings with { Decay = decay, DecayGiven = true };
        Log($"decay -> {decay} (from the next step on)");
        Banner($"decay {decay}");
    }

    internal void RestoreData()
    {
        run.SetData(startX, startY);
        refresh = true;
        Log($"data restored: {startName} {startX.Length} points");
    }

    internal void FitAxes()
    {
        limits = Limits.Of(run.First.X, run.First.Y);
        Log("axes fitted to the data");
    }

    /// <summary>W: each network's model (parameters, global moments, Adam state, epoch, data) next to the recordings.</summary>
    internal void SaveModels()
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

    internal void RequestScreenshot() => shotRequested = true;

    int NewSeed() => settings.Seed + 1 + Random.Shared.Next(999);

    internal void Speed(int delta)
    {
        speedLevel = Math.Clamp(speedLevel + delta, 0, MaxSpeedLevel);
        Log($"speed -> {SpeedName}");
    }

    string SpeedName => speedLevel >= MaxSpeedLevel ? "max" : $"×{1 << speedLevel}";

    /// <summary>Ctrl+= / Ctrl+-: text and lines 1.25 times larger or smaller, whatever the window's size.</summary>
    internal void ScaleBy(bool larger)
    {
        float old = Scale(GetScreenWidth(), GetScreenHeight());
        scale = larger ? MathF.Min(Cli.MaxScale, MathF.Round(old * 1.25f, 2)) : MathF.Max(Cli.MinScale, MathF.Round(old / 1.25f, 2));
        Log($"scale -> {scale:0.##}");
    }

    /// <summary>The scale of text and lines: --scale or Ctrl+= / Ctrl+-, else from the window's size.</summary>
    float Scale(int w, int h) => scale ?? Style.ScaleOf(w, h);

    internal void ToggleHelp()
    {
        helpUntil = HelpVisible ? 0 : double.PositiveInfinity;
        Log(HelpVisible ? "help shown" : "help hidden");
    }

    /// <summary>Borderless fullscreen at the monitor's resolution, or back to the window; the text scale follows.</summary>
    internal void ToggleFullscreen()
    {
        ToggleBorderlessWindowed();
        refresh = true;
        // the new size arrives with the window system's next events: Update logs it
        Log($"fullscreen {(IsWindowState(ConfigFlags.BorderlessWindowed) ? "on" : "off")}");
    }

    /// <summary>Esc first leaves fullscreen (a presenter remote's "end show" sends it), then quits.</summary>
    internal void Escape()
    {
        if (IsWindowState(ConfigFlags.BorderlessWindowed)) ToggleFullscreen();
        else Quit();
    }

    internal void Quit()
    {
        // the compare view's networks report their epochs: the tests check that the lockstep held
        Log(compare ? $"quit ({string.Join(", ", run.Trainers.Select(t => $"{Settings.Name(t.Settings.Mode)} at epoch {t.Epoch}"))})" : "quit");
        quit = true;
    }
}
