using BnLive.Engine;
using BnLive.Native;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.Drawing;

/// <summary>What a frame shows, for the window and the files alike: the plot of each network (one, or two side
/// by side in compare view), and under them the loss panel and the inside of BN when asked for.</summary>
public sealed record SceneView(Networks Run, bool LossPanel, bool InsidePanel, bool TrainVsPredict)
{
    public bool ShowsLoss => LossPanel || Run.Compare;
    /// <summary>Whether drawing needs each network's Inspect(): the training-mode fit, or the inside of BN.</summary>
    public bool NeedsInside => InsidePanel || TrainVsPredict;
}

/// <summary>A frame's view as plain data (Scene.Model): each network's plot, the loss series (null: no loss
/// panel), and the inside of BN of the first network with BN (null: none) where the panel is shown.</summary>
public sealed record SceneModel(IReadOnlyList<PlotData> Plots, IReadOnlyList<LossSeries>? Losses, bool InsidePanel, Inside? Inside,
    int Epochs, int Epoch, double Decay);

public static class Scene
{
    /// <summary>The plot's title; a run of the TorchSharp model says so (its bits are libtorch's, not the engine's).</summary>
    public static string Title(Settings s, int epoch, EngineKind engine = EngineKind.Default) =>
        $"{Settings.Label(s.Mode)}  ·  seed {s.Seed}  ·  epoch {epoch}/{s.Epochs}" + (engine == EngineKind.Torch ? "  ·  TorchSharp" : "");

    /// <summary>Pixels per point in a plot of size plot within a view of size view, at a scale: the window's
    /// own where the plot fills the view; smaller where the view is shared (compare, panels), down to 0.6 of it.
    /// It depends on the view's layout and the scale alone, so text still grows with the window.</summary>
    public static float PlotPt(float scale, Rectangle view, float plotWidth, float plotHeight)
    {
        float share = MathF.Min(plotWidth, plotHeight * 16 / 9) / MathF.Max(1, MathF.Min(view.Width, view.Height * 16 / 9));
        return Style.Pt(scale) * Math.Clamp(MathF.Sqrt(share), 0.6f, 1);
    }

    /// <summary>Every frame starts here: the whole screen in the figure's white, which the plots and panels draw on
    /// (a clear of the whole framebuffer is far cheaper than a filled rectangle under software GL).</summary>
    public static void Clear() => ClearBackground(Style.Figure);

    /// <summary>What the view shows, read out of the networks into plain data: each network's plot, the loss
    /// series and the inside of BN. live: each network's current predict-mode fit (null for none); insides: each
    /// network's Inspect() when the view needs it. Drawing it touches no tensor. The losses and snapshots are
    /// read-only views of the trainers' lists, not copies: only the loop's Update adds to them.</summary>
    public static SceneModel Model(SceneView v, IReadOnlyList<float[]?> live, IReadOnlyList<Inside?>? insides, Limits? limits = null)
    {
        var run = v.Run;
        var plots = run.Trainers.Select((t, i) =>
        {
            // without BN both modes compute the same function: only a BN network has a training-mode fit of its own
            var fit = v.TrainVsPredict && t.Settings.HasBatchNorm ? insides?[i]?.TrainModeFit : null;
            return new PlotData(t.X, t.Y, t.Snapshots, t.Settings.Epochs, live[i], Title(t.Settings, t.Epoch, t.EngineKind), fit, limits, t.Settings.Every);
        }).ToArray();
        // one network: red if it has BN; two: the left red, the right blue, each named by its mode
        var losses = !v.ShowsLoss ? null : run.Trainers.Select((t, i) => new LossSeries(
            run.Compare || t.Settings.HasLayerNorm ? Settings.Label(t.Settings.Mode) : t.Settings.HasBatchNorm ? "BN" : "no BN",
            (run.Compare ? i == 0 : t.Settings.Normalises) ? LossPanel.Bn : LossPanel.NoBn, t.Losses, t.PredictLosses)).ToArray();
        // the inside panel shows the first BN network, else the first LayerNorm one
        int bn = run.Trainers.ToList().FindIndex(t => t.Settings.HasBatchNorm);
        if (bn < 0) bn = run.Trainers.ToList().FindIndex(t => t.Settings.HasLayerNorm);
        return new SceneModel(plots, losses, v.InsidePanel, bn >= 0 ? insides?[bn] : null, run.Settings.Epochs, run.Epoch, run.Decay);
    }

    /// <summary>Draws the view into bounds (on a frame begun with Clear) at a scale (Style.ScaleOf the window, or
    /// --scale), and returns each plot's axes (to map the mouse to data).</summary>
    public static List<Axes> Draw(Fonts fonts, Rectangle bounds, SceneModel m, float scale)
    {
        var (plots, pt, plotsH, lossH) = Areas(bounds, m, scale);
        var plans = Plans(fonts, plots, m, pt);
        var axes = plots.Select((p, i) => Figure.Draw(fonts, p, m.Plots[i], pt, plans[i])).ToList();
        if (m.Losses is not null && fonts.Renderer.On(Layer.Panels))
            LossPanel.Draw(fonts, new Rectangle(bounds.X, bounds.Y + plotsH, bounds.Width, lossH), m.Losses, m.Epochs, m.Epoch, pt);
        if (m.InsidePanel && fonts.Renderer.On(Layer.Panels))
            InsidePanel.Draw(fonts, new Rectangle(bounds.X, bounds.Y + plotsH + lossH, bounds.Width, bounds.Height - plotsH - lossH), m.Inside, m.Decay, pt);
        return axes;
    }

    /// <summary>Where Draw puts each plot's parts (the legend, the data, the fits), as it would draw them now.</summary>
    public static List<FigureLayout> Layouts(Fonts fonts, Rectangle bounds, SceneModel m, float scale)
    {
        var (plots, pt, _, _) = Areas(bounds, m, scale);
        return Plans(fonts, plots, m, pt);
    }

    /// <summary>Each plot's layout. Side by side, where one plot's legend goes above its panel, so do the others', in
    /// rows of one height: the panels line up, and the fits compare at one scale.</summary>
    static List<FigureLayout> Plans(Fonts fonts, Rectangle[] plots, SceneModel m, float pt)
    {
        var plans = plots.Select((p, i) => Figure.Plan(fonts, p, m.Plots[i], pt)).ToList();
        if (plans.Count < 2 || !plans.Any(p => p.Legend.Outside)) return plans;
        float row = plots.Select((p, i) => Figure.Plan(fonts, p, m.Plots[i], pt, row: 0).Legend.Box.Height).Max();
        return [.. plots.Select((p, i) => Figure.Plan(fonts, p, m.Plots[i], pt, row))];
    }

    /// <summary>Each plot's bounds side by side along the top, their pixels per point (the panels' text is the plots'
    /// size), and the heights of the plots' row and the loss panel; the inside panel takes the rest.</summary>
    static (Rectangle[] Plots, float Pt, float PlotsHeight, float LossHeight) Areas(Rectangle bounds, SceneModel m, float scale)
    {
        bool showsLoss = m.Losses is not null;
        float lossShare = showsLoss ? (m.InsidePanel ? 0.22f : 0.3f) : 0, insideShare = m.InsidePanel ? (showsLoss ? 0.3f : 0.38f) : 0;
        float plotsH = MathF.Round(bounds.Height * (1 - lossShare - insideShare));
        float lossH = MathF.Round(bounds.Height * lossShare);
        int n = m.Plots.Count;
        float w = MathF.Floor(bounds.Width / n);
        var plots = Enumerable.Range(0, n).Select(i => new Rectangle(bounds.X + i * w, bounds.Y, i == n - 1 ? bounds.Width - i * w : w, plotsH)).ToArray();
        return (plots, PlotPt(scale, bounds, w, plotsH), plotsH, lossH);
    }

    /// <summary>The view's model drawn at once: for the export, the lecture video, the bench and the tests.</summary>
    public static List<Axes> Draw(Fonts fonts, Rectangle bounds, SceneView v, IReadOnlyList<float[]?> live, IReadOnlyList<Inside?>? insides,
        float scale, Limits? limits = null) => Draw(fonts, bounds, Model(v, live, insides, limits), scale);

    /// <summary>The single plot of one trainer filling the frame; live adds the current predict-mode fit.</summary>
    public static Axes DrawPlot(Fonts fonts, int width, int height, Trainer t, bool live)
    {
        var data = new PlotData(t.X, t.Y, t.Snapshots, t.Settings.Epochs,
            live ? t.TakeSnapshot(t.Epoch).YPred : null, Title(t.Settings, t.Epoch, t.EngineKind), Every: t.Settings.Every);
        Clear();
        return Figure.Draw(fonts, new Rectangle(0, 0, width, height), data, Style.Pt(Style.ScaleOf(width, height)));
    }
}
