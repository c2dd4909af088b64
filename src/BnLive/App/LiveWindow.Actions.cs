using BnLive.Commands;
using BnLive.Drawing;
using BnLive.Engine;
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
        if (state.Blank && (keys.Count > 0 || chars.Count > 0))
        {
            state.Blank = false;
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
        state.Paused = !state.Paused;
        state.PauseAtEpoch = null;
        Log(state.Paused ? new Paused(AtSnapshot: false) : new Resumed());
    }

    internal void StepOnce()
    {
        if (!state.Paused) { state.Paused = true; Log(new Paused(AtSnapshot: false)); }
        if (trainer.Done || state.Diverged) Log(new NoEpochToStep());
        else { run.Step(); state.Refresh = true; Log(new OneEpoch()); }
    }

    internal void RunToSnapshot()
    {
        if (trainer.Done || state.Diverged) return;
        // the snapshot of epoch e is taken after its update, when e + 1 epochs are done
        int every = state.Settings.Every;
        state.PauseAtEpoch = Math.Min(state.Settings.Epochs, ((trainer.Epoch - 1) / every + 1) * every + 1);
        if (trainer.Epoch == 0) state.PauseAtEpoch = 1;
        state.Paused = false;
        Log(new RunningToSnapshot(state.PauseAtEpoch.Value - 1));
    }

    internal void Reset(bool newSeed)
    {
        if (!newSeed) { Restart(state.Settings, new Reset(state.Settings.Seed, NewSeed: false)); return; }
        int seed = NewSeed();
        Restart(state.Settings with { Seed = seed }, new Reset(seed, NewSeed: true));
        Banner($"seed {state.Settings.Seed}");
    }

    /// <summary>B: the next mode, from the same seed (one network; the compare view shows its pair).</summary>
    internal void SwitchMode()
    {
        if (state.Compare) { Message("the compare view shows two modes: C goes back to one network"); return; }
        NextMode();
    }

    /// <summary>B: notebook → pytorch → layernorm → none → notebook, restarting from the same seed; each mode brings
    /// its own decay and eps unless --decay or --eps fixed them.</summary>
    internal void NextMode()
    {
        var mode = state.Settings.Mode switch
        {
            BnMode.Notebook => BnMode.PyTorch, BnMode.PyTorch => BnMode.LayerNorm, BnMode.LayerNorm => BnMode.None, _ => BnMode.Notebook,
        };
        if (!Engines.Trains(state.Engine, mode))
        {
            Message("LayerNorm skipped: the TorchSharp model has none (K: the default engine)");
            mode = BnMode.None;
        }
        var s = state.Settings.ForMode(mode);
        Restart(s, new ModeChanged(Settings.Name(mode), s.Seed, s.Decay, s.Eps));
        Banner(ModeBanner(mode));
    }

    /// <summary>K: the other engine, restarting from the same seed (the same initial weights, both engines).</summary>
    internal void SwitchEngine()
    {
        var next = state.Engine == EngineKind.Torch ? EngineKind.Default : EngineKind.Torch;
        var modes = state.Compare ? new[] { state.Pair.Left, state.Pair.Right } : [state.Settings.Mode];
        string? cannot = lecture is not null ? "a lecture's steps train with the default engine"
            : modes.Any(m => !Engines.Trains(next, m)) ? "the TorchSharp model has no LayerNorm: B to another mode first"
            : next == EngineKind.Torch && state.Settings.PreciseBn ? "precise BN before every snapshot needs the default engine"
            : null;
        if (cannot is not null)
        {
            Log(new EngineUnchanged(cannot));
            Message(cannot, error: true);
            return;
        }
        state.Engine = next;
        Restart(state.Settings, new EngineChanged(Engines.Name(next), state.Settings.Seed));
        Banner($"engine: {Engines.Name(next)}");
    }

    static string ModeBanner(BnMode mode) => mode switch
    {
        BnMode.Notebook => "batch norm: notebook",
        BnMode.PyTorch => "batch norm: PyTorch",
        BnMode.LayerNorm => "LayerNorm: each point over its units",
        _ => "no batch norm",
    };

    internal void ToggleCompare()
    {
        state.Compare = !state.Compare;
        Restart(state.Settings, new ViewChanged(state.Compare, Settings.Label(state.Pair.Left), Settings.Label(state.Pair.Right), Settings.Name(state.Settings.Mode), state.Settings.Seed));
        Banner(state.Compare ? $"{Settings.Label(state.Pair.Left)} vs {Settings.Label(state.Pair.Right)}" : ModeBanner(state.Settings.Mode));
    }

    internal void ToggleLossPanel()
    {
        state.LossPanel = !state.LossPanel;
        run.TrackPredict = Shown.ShowsLoss;
        Log(new Toggled("loss panel", state.LossPanel || state.Compare, Fixed: state.Compare));
    }

    internal void ToggleTrainFit()
    {
        state.TrainVsPredict = !state.TrainVsPredict;
        state.Refresh = true;
        Log(new Toggled("training-mode fit", state.TrainVsPredict));
    }

    internal void ToggleInside()
    {
        state.InsidePanel = !state.InsidePanel;
        state.Refresh = true;
        Log(new Toggled("inside BN", state.InsidePanel));
    }

    internal double Lr => run.Lr;

    /// <summary>A new learning rate from the next step on, no reset: Adam's state is kept. R keeps it too.</summary>
    internal void SetLr(double lr)
    {
        lr = Math.Clamp(lr, 1e-6, Cli.MaxLr);
        run.Lr = lr;
        state.Settings = state.Settings with { Lr = lr };
        Log(new LrChanged(lr));
        Banner($"lr {lr:G4}");
    }

    void SetDecay(double decay)
    {
        run.Decay = decay;
        state.Settings = state.Settings with { Decay = decay, DecayGiven = true };
        Log(new DecayChanged(decay, null, Window(decay)));
        Banner($"decay {decay}");
    }

    internal void RestoreData()
    {
        run.SetData(state.StartX, state.StartY);
        state.Refresh = true;
        Log(new DataRestored(state.StartName, state.StartX.Length));
    }

    internal void FitAxes()
    {
        state.Limits = Limits.Of(run.First.X, run.First.Y);
        Log(new AxesFitted());
    }

    internal void SaveModels() => ModelSaving.Save(run.Trainers, RecordingsDir, this);

    internal void RequestScreenshot() => captures.RequestScreenshot();

    /// <summary>G or V: starts a recording of kind ("GIF", "MP4"), or stops the one running.</summary>
    internal void ToggleRecording(string kind) => captures.Toggle(kind, GetScreenWidth(), GetScreenHeight(), state.Now);

    int NewSeed() => state.Settings.Seed + 1 + Random.Shared.Next(999);

    /// <summary>Up or Down: steps per frame ×2 or ÷2; in a paced run (a lecture's step, --duration), epochs per second.</summary>
    internal void Speed(int delta)
    {
        if (state.Pace is Pace pace) pace.Times(delta > 0 ? 2 : 0.5);
        else state.SpeedLevel = Math.Clamp(state.SpeedLevel + delta, 0, MaxSpeedLevel);
        Log(new SpeedChanged(SpeedName));
    }

    string SpeedName => state.Pace is Pace pace ? pace.ToString() : state.SpeedLevel >= MaxSpeedLevel ? "max" : $"×{1 << state.SpeedLevel}";

    /// <summary>Ctrl+= / Ctrl+-: text and lines 1.25 times larger or smaller, whatever the window's size.</summary>
    internal void ScaleBy(bool larger)
    {
        float old = Scale(GetScreenWidth(), GetScreenHeight());
        state.Scale = larger ? MathF.Min(Cli.MaxScale, MathF.Round(old * 1.25f, 2)) : MathF.Max(Cli.MinScale, MathF.Round(old / 1.25f, 2));
        Log(new ScaleChanged(state.Scale!.Value));
    }

    /// <summary>The scale of text and lines: --scale or Ctrl+= / Ctrl+-, else from the window's size.</summary>
    float Scale(int w, int h) => state.Scale ?? Style.ScaleOf(w, h);

    internal void ToggleHelp()
    {
        state.HelpUntil = HelpVisible ? 0 : double.PositiveInfinity;
        Log(new Toggled("help", HelpVisible));
    }

    /// <summary>Borderless fullscreen at the monitor's resolution, or back to the window; the text scale follows.</summary>
    internal void ToggleFullscreen()
    {
        ToggleBorderlessWindowed();
        state.Refresh = true;
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
        Log(new Quit(state.Compare ? [.. run.Trainers.Select(t => new NetworkEpoch(Settings.Name(t.Settings.Mode), t.Epoch))] : null));
        state.Quit = true;
    }
}
