using BnLive.App;
using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Native;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.Bench;

/// <summary>A window's frame as LiveWindow draws it (the view over the HUD bar at the size's scale), on a shown
/// window of that size, for a whole run's state: 6000 epochs, 20 snapshots per network. Shown, not hidden: X
/// copies a shown window's pixels at every present, which a hidden one skips, and a user's window pays that copy
/// (docs/performance.md, "A present").</summary>
sealed class Window : IDisposable
{
    public readonly int Width, Height;
    public readonly string Name;
    readonly Screen screen;
    public readonly Fonts Fonts;
    readonly Networks run;
    readonly SceneView view;
    List<float[]?> live = [];
    List<Inside?>? insides;

    /// <summary>config: "single" or "compare", "+all" for every panel, then the size: "compare+all 1920x1080".</summary>
    public Window(string config)
    {
        Name = config;
        var parts = config.Split(' ');
        var size = parts[1].Split('x');
        (Width, Height) = (int.Parse(size[0]), int.Parse(size[1]));
        bool compare = parts[0].StartsWith("compare"), all = parts[0].EndsWith("+all");
        TorchSharp.torch.set_num_threads(1);
        run = new Networks(new Settings(), compare) { TrackPredict = true };
        while (!run.Done) run.Step();
        view = new SceneView(run, all, all, all);
        screen = Screen.Open(Width, Height, "bnlive bench", hidden: false);
        Fonts = new Fonts();
        Prepare();
    }

    /// <summary>What the window computes when training moved on: each network's live fit and, for the panels,
    /// its insides. Not drawing: the window does it in Update, once per frame that trained.</summary>
    public void Prepare()
    {
        live = [.. run.Trainers.Select(t => (float[]?)t.TakeSnapshot(t.Epoch).YPred)];
        insides = view.NeedsInside ? [.. run.Trainers.Select(t => (Inside?)t.Inspect())] : null;
    }

    HudInfo Info => new(run.Epoch, 6000, run.Compare
            ? "BN 0.00123 train · 0.04567 predict · gap +0.01234    no BN 0.00234 train · 0.00234 predict"
            : "loss 0.00123 train · 0.04567 predict",
        1445, 60, run.Compare ? "notebook and none (compare)" : "notebook", 1, "max", 0.005, 0.5, 100, 0, 5.6, 12.3,
        Paused: false, Done: true, Diverged: false, RecordingFrames: null, Saving: false);

    /// <summary>The time the last Draw spent before EndDrawing: building the frame, not presenting it.</summary>
    public double BuildMs { get; private set; }

    public void Draw()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        float scale = Style.ScaleOf(Width, Height);
        var (plot, _, bar) = Hud.Areas(Width, Height, scale);
        BeginDrawing();
        Scene.Clear();
        Scene.Draw(Fonts, plot, view, live, insides, scale);
        Hud.DrawBar(Fonts, bar, Info, scale);
        if (Fonts.Renderer.On(Layer.Help)) Hud.DrawHelp(Fonts, plot, scale, [.. App.Commands.HelpRows(lecture: false)]);
        rlDrawRenderBatchActive();
        BuildMs = clock.Elapsed.TotalMilliseconds;
        EndDrawing();
    }

    public void Dispose()
    {
        Fonts.Dispose();
        screen.Dispose();
        run.Dispose();
    }
}
