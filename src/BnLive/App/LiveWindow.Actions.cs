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
            Log(new ScreenBack());
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
        Log(paused ? new Paused(AtSnapshot: false) : new Resumed());
    }

    internal void StepOnce()
    {
        if (!paused) { paused = true; Log(new Paused(AtSnapshot: false)); }
        if (trainer.Done || diverged) Log(new NoEpochToStep());
        else { run.Step(); refresh = true; Log(new OneEpoch()); }
    }

    internal void RunToSnapshot()
    {
        if (trainer.Done || diverged) return;
        // the snapshot of epoch e is taken after its update, when e + 1 epochs are done
        int every = settings.Every;
        pauseAtEpoch = Math.Min(settings.Epochs, ((trainer.Epoch - 1) / every + 1) * every + 1);
        if (trainer.Epoch == 0) pauseAtEpoch = 1;
        paused = false;
        Log(new RunningToSnapshot(pauseAtEpoch.Value - 1));
    }

    internal void Reset(bool newSeed)
    {
        if (!newSeed) { Restart(settings, new Reset(settings.Seed, NewSeed: false)); return; }
        int seed = NewSeed();
        Restart(settings with { Seed = seed }, new Reset(seed, NewSeed: true));
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
        Restart(settings, new ViewChanged(compare, Settings.Label(pair.Left), Settings.Label(pair.Right), Settings.Name(settings.Mode), settings.Seed));
        Banner(compare ? $"{Settings.Label(pair.Left)} vs {Settings.Label(pair.Right)}" : ModeBanner(settings.Mode));
    }

    internal void ToggleLossPanel()
    {
        lossPanel = !lossPanel;
        run.TrackPredict = Shown.ShowsLoss;
        Log(new Toggled("loss panel", lossPanel || compare, Fixed: compare));
    }

    internal void ToggleTrainFit()
    {
        trainVsPredict = !trainVsPredict;
        refresh = true;
        Log(new Toggled("training-mode fit", trainVsPredict));
    }

    internal void ToggleInside()
    {
        insidePanel = !insidePanel;
        refresh = true;
        Log(new Toggled("inside BN", insidePanel));
    }

    internal double Lr => run.Lr;

    /// <summary>A new learning rate from the next step on, no reset: Adam's state is kept. R keeps it too.</summary>
    internal void SetLr(double lr)
    {
        lr = Math.Clamp(lr, 1e-6, Cli.MaxLr);
        run.Lr = lr;
        settings = settings with { Lr = lr };
        Log(new LrChanged(lr));
        Banner($"lr {lr:G4}");
    }

    void SetDecay(double decay)
    {
        run.Decay = decay;
        settings = settings with { Decay = decay, DecayGiven = true };
        Log(new DecayChanged(decay, null, Window(decay)));
        Banner($"decay {decay}");
    }

    internal void RestoreData()
    {
        run.SetData(startX, startY);
        refresh = true;
        Log(new DataRestored(startName, startX.Length));
    }

    internal void FitAxes()
    {
        limits = Limits.Of(run.First.X, run.First.Y);
        Log(new AxesFitted());
    }

    internal void SaveModels() => ModelSaving.Save(run.Trainers, RecordingsDir, this);

    internal void RequestScreenshot() => captures.RequestScreenshot();

    /// <summary>G or V: starts a recording of kind ("GIF", "MP4"), or stops the one running.</summary>
    internal void ToggleRecording(string kind) => captures.Toggle(kind, GetScreenWidth(), GetScreenHeight(), now);

    int NewSeed() => settings.Seed + 1 + Random.Shared.Next(999);

    internal void Speed(int delta)
    {
        speedLevel = Math.Clamp(speedLevel + delta, 0, MaxSpeedLevel);
        Log(new SpeedChanged(SpeedName));
    }

    string SpeedName => speedLevel >= MaxSpeedLevel ? "max" : $"×{1 << speedLevel}";

    /// <summary>Ctrl+= / Ctrl+-: text and lines 1.25 times larger or smaller, whatever the window's size.</summary>
    internal void ScaleBy(bool larger)
    {
        float old = Scale(GetScreenWidth(), GetScreenHeight());
        scale = larger ? MathF.Min(Cli.MaxScale, MathF.Round(old * 1.25f, 2)) : MathF.Max(Cli.MinScale, MathF.Round(old / 1.25f, 2));
        Log(new ScaleChanged(scale!.Value));
    }

    /// <summary>The scale of text and lines: --scale or Ctrl+= / Ctrl+-, else from the window's size.</summary>
    float Scale(int w, int h) => scale ?? Style.ScaleOf(w, h);

    internal void ToggleHelp()
    {
        helpUntil = HelpVisible ? 0 : double.PositiveInfinity;
        Log(new Toggled("help", HelpVisible));
    }

    /// <summary>Borderless fullscreen at the monitor's resolution, or back to the window; the text scale follows.</summary>
    internal void ToggleFullscreen()
    {
        ToggleBorderlessWindowed();
        refresh = true;
        // the new size arrives with the window system's next events: Update logs it
        Log(new Toggled("fullscreen", IsWindowState(ConfigFlags.BorderlessWindowed)));
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
        Log(new Quit(compare ? [.. run.Trainers.Select(t => $"{Settings.Name(t.Settings.Mode)} at epoch {t.Epoch}")] : null));
        quit = true;
    }
}
