using BnLive.Native;

namespace BnLive.App;

/// <summary>A key that runs a command: a typed character (its case carries Shift even when the key is pressed and
/// released within one frame, and it follows the keyboard layout), or a named key, with Ctrl or without.</summary>
public readonly record struct Binding(char Char, KeyboardKey Key, bool Ctrl)
{
    public static implicit operator Binding(char c) => new(c, KeyboardKey.Null, false);
    public static implicit operator Binding(KeyboardKey k) => new('\0', k, false);
    public static Binding WithCtrl(KeyboardKey k) => new('\0', k, true);
}

/// <summary>One user action, declared once: its name, its keys (as the help shows them), its help text and what it
/// does. The key dispatch, the help overlay and --help's key list come from here, a test checks that the README's key
/// table lists exactly these keys, and a lecture or a test can run a command by name.</summary>
public sealed record Command(string Name, string Keys, string Help, Binding[] Bindings, Action<LiveWindow> Run, bool LectureOnly = false);

public static class Commands
{
    public static readonly Command[] All =
    [
        new("pause", "Space", "pause / resume", [' '], w => w.TogglePause()),
        new("step", "N", "one epoch (pauses first)", ['n'], w => w.StepOnce()),
        new("to-snapshot", "Shift+N", "run to the next snapshot and pause there", ['N'], w => w.RunToSnapshot()),
        new("reset", "R", "restart with the same seed", ['r'], w => w.Reset(newSeed: false)),
        new("reset-new-seed", "Shift+R", "restart with a new seed", ['R'], w => w.Reset(newSeed: true)),
        new("mode", "B", "normalisation: notebook BN → PyTorch BN → LayerNorm → none", ['b', 'B'], w => w.SwitchMode()),
        new("faster", "Up, +", "faster: steps per frame ×2, up to max (paced: epochs/s ×2)", [KeyboardKey.Up, KeyboardKey.KpAdd, '+', '='], w => w.Speed(+1)),
        new("slower", "Down, -", "slower: steps per frame ÷2 (paced: epochs/s ÷2)", [KeyboardKey.Down, KeyboardKey.KpSubtract, '-'], w => w.Speed(-1)),
        new("compare", "C", "compare two modes side by side (--compare A,B)", ['c', 'C'], w => w.ToggleCompare()),
        new("loss-panel", "L", "loss panel: training and predict-mode loss", ['l', 'L'], w => w.ToggleLossPanel()),
        new("train-fit", "T", "training-mode fit (batch moments) beside predict mode", ['t', 'T'], w => w.ToggleTrainFit()),
        new("inside", "I", "inside the BN layers", ['i', 'I'], w => w.ToggleInside()),
        new("lr-grid", "M", "the lr grid: rates × seeds × BN and no BN trained live, loss against rate (--lrs)", ['m', 'M'], w => w.ToggleLrGrid()),
        new("lr-down", "[", "learning rate ÷2, without a reset", ['['], w => w.SetLr(w.Lr / 2)),
        new("lr-up", "]", "learning rate ×2, without a reset", [']'], w => w.SetLr(w.Lr * 2)),
        new("decay", "D", "decay: 0.5 notebook → 0.9 PyTorch → 0.99 Keras → 0.999 TF1", ['d', 'D'], w => w.NextDecay()),
        new("precise-bn", "P", "precise BN: global moments recomputed from the data", ['p', 'P'], w => w.PreciseStats()),
        new("engine", "K", "engine: bnlive's → TorchSharp's readable model (restart)", ['k', 'K'], w => w.SwitchEngine()),
        new("pre-bn-bias", "Z", "biases before BN: trained → frozen → none (restart)", ['z', 'Z'], w => w.NextPreBnBias()),
        new("restore-data", "E", "restore the data the run started with", ['e', 'E'], w => w.RestoreData()),
        new("fit-axes", "A", "fit the axes to the edited points", ['a', 'A'], w => w.FitAxes()),
        new("save-model", "W", "save the model (JSON, next to the recordings)", ['w', 'W'], w => w.SaveModels()),
        new("record-gif", "G", "start / stop recording a GIF", ['g', 'G'], w => w.ToggleRecording("GIF")),
        new("record-mp4", "V", "start / stop recording an MP4 video", ['v', 'V'], w => w.ToggleRecording("MP4")),
        new("rebuild", "X", "print the command that rebuilds this run, and copy it", ['x', 'X'], w => w.PrintRebuild()),
        new("screenshot", "S", "save a PNG screenshot", ['s', 'S'], w => w.RequestScreenshot()),
        new("fullscreen", "F11, F5", "fullscreen at the monitor's resolution, or back", [KeyboardKey.F11, KeyboardKey.F5], w => w.ToggleFullscreen()),
        new("next-step", "PageDown, Right", "next step of the lecture", [KeyboardKey.PageDown, KeyboardKey.Right], w => w.NextStep(), LectureOnly: true),
        new("previous-step", "PageUp, Left", "previous step, restored as it began", [KeyboardKey.PageUp, KeyboardKey.Left], w => w.PreviousStep(), LectureOnly: true),
        new("first-step", "Home", "back to step 1", [KeyboardKey.Home], w => w.GoToStep(0), LectureOnly: true),
        new("blank", ".", "blank the screen; any key brings it back", ['.'], w => w.Blank(), LectureOnly: true),
        new("scale-up", "Ctrl+=", "text and lines larger (the scale)", [Binding.WithCtrl(KeyboardKey.Equal), Binding.WithCtrl(KeyboardKey.KpAdd)], w => w.ScaleBy(larger: true)),
        new("scale-down", "Ctrl+-", "text and lines smaller", [Binding.WithCtrl(KeyboardKey.Minus), Binding.WithCtrl(KeyboardKey.KpSubtract)], w => w.ScaleBy(larger: false)),
        new("help", "H, F1", "show / hide this help", ['h', 'H', KeyboardKey.F1], w => w.ToggleHelp()),
        new("escape", "Esc", "leave fullscreen; quit when not fullscreen", [KeyboardKey.Escape], w => w.Escape()),
        new("quit", "Q", "quit", ['q', 'Q'], w => w.Quit()),
    ];

    /// <summary>Help rows that are not keys.</summary>
    public static readonly (string Keys, string Help)[] Mouse =
    [
        ("mouse", "click: add a point · drag: move one · right click: remove one"),
    ];

    public static Command Named(string name) =>
        All.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"no command named '{name}'");

    public static Command? ForChar(char c, bool lecture) =>
        All.FirstOrDefault(k => (lecture || !k.LectureOnly) && k.Bindings.Any(b => b.Char == c && b.Char != '\0'));

    public static Command? ForKey(KeyboardKey key, bool ctrl, bool lecture) =>
        All.FirstOrDefault(k => (lecture || !k.LectureOnly) && k.Bindings.Any(b => b.Key == key && b.Key != KeyboardKey.Null && b.Ctrl == ctrl));

    /// <summary>The keys the window asks raylib about by name (the rest arrive as characters).</summary>
    public static IEnumerable<KeyboardKey> NamedKeys => All.SelectMany(c => c.Bindings).Where(b => b.Key != KeyboardKey.Null).Select(b => b.Key).Distinct();

    /// <summary>--help's list of keys, from the same table.</summary>
    public static string HelpText()
    {
        var rows = All.Select(c => (Keys: c.Keys, Help: c.LectureOnly ? c.Help + " (lecture)" : c.Help)).Concat(Mouse).ToList();
        int width = rows.Max(r => r.Keys.Length) + 2;
        return "keys in the window:\n" + string.Join('\n', rows.Select(r => $"  {r.Keys.PadRight(width)}  {r.Help}"));
    }

    /// <summary>The help overlay's rows, in the table's order; the lecture's keys only in a lecture.</summary>
    public static IEnumerable<(string Keys, string Help)> HelpRows(bool lecture) =>
        All.Where(c => lecture || !c.LectureOnly).Select(c => (c.Keys, c.Help)).Concat(Mouse);
}
