using BnLive.Engine;
using BnLive.Native;

namespace BnLive.Drawing;

/// <summary>What every frame is made of, in this order, for the window and the files alike: the figure's white, the
/// scene (plots and panels), and a lecture's caption band under it. The window adds its HUD bar and overlays on
/// top; the export and the lecture video capture the composed frame as it is.</summary>
public static class FrameComposer
{
    /// <summary>Composes a frame whose areas the caller laid out (the window leaves room for its HUD bar), and returns
    /// each plot's axes (the window maps the mouse through them).</summary>
    public static List<Axes> Draw(Fonts fonts, Rectangle plot, SceneModel scene, Rectangle band, CaptionView? caption, int height, float scale) =>
        Draw(fonts, plot, area => Scene.Draw(fonts, area, scene, scale), band, caption, height, scale);

    /// <summary>The same frame with something else in the plots' area (the window's lr grid): drawPlot fills it and
    /// returns the axes the mouse maps through.</summary>
    public static List<Axes> Draw(Fonts fonts, Rectangle plot, Func<Rectangle, List<Axes>> drawPlot, Rectangle band, CaptionView? caption, int height, float scale)
    {
        Scene.Clear();
        var axes = drawPlot(plot);
        if (caption is not null) CaptionBand.Draw(fonts, band, caption, height, scale);
        return axes;
    }

    /// <summary>A file's frame: width×height, the scene above the caption band when there is one.</summary>
    public static List<Axes> Draw(Fonts fonts, int width, int height, SceneModel scene, CaptionView? caption, float scale)
    {
        float band = caption is null ? 0 : CaptionBand.Height(fonts, width, height, caption, scale);
        return Draw(fonts, new Rectangle(0, 0, width, height - band), scene, new Rectangle(0, height - band, width, band), caption, height, scale);
    }

    /// <summary>The view's networks read now into a frame's scene: with each network's current predict-mode fit when
    /// live (the final figure shows the trail alone), and BN's inside where the view shows it.</summary>
    public static SceneModel SceneNow(SceneView view, bool live)
    {
        var fits = view.Run.Trainers.Select(t => live ? t.TakeSnapshot(t.Epoch).YPred : null).ToList();
        var insides = view.NeedsInside ? view.Run.Trainers.Select(t => (Inside?)t.Inspect()).ToList() : null;
        return Scene.Model(view, fits, insides);
    }
}
