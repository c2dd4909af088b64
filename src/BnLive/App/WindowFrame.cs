using BnLive.Drawing;
using BnLive.Native;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>Everything one frame of the window shows, as plain data. Update builds it from the window's state;
/// Draw renders it and reads nothing else: no tensor, no file, no field of the window.</summary>
public sealed record WindowFrame(
    int Width, int Height, float Scale,
    bool Blank,                       // a blanked projector: black, and nothing else
    SceneModel Scene,
    CaptionView? Caption,             // a lecture's step
    HudInfo Hud,
    (string Text, double Fade)? Banner,
    (string Keys, string What)[]? Help,
    (string Text, bool Error)? Message);

/// <summary>Draws a WindowFrame. The frame is drawn in two parts so the capture step (screenshots, recordings) can
/// take the picture between them: the message on top ("saved …") would otherwise show in the next screenshot.</summary>
public static class WindowPainter
{
    /// <summary>The picture; each plot's axes (the mouse maps through them), and the plots' area (the overlay's).
    /// drawPlot, when given, fills the plots' area instead of the frame's scene (the lr grid).</summary>
    public static (List<Axes> Axes, Rectangle Plot) Draw(Fonts fonts, WindowFrame f, Func<Rectangle, List<Axes>>? drawPlot = null)
    {
        if (f.Blank)
        {
            ClearBackground(Color.Black);
            return ([], default);
        }
        float band = f.Caption is null ? 0 : CaptionBand.Height(fonts, f.Width, f.Height, f.Caption, f.Scale);
        var (plotArea, bandArea, bar) = Hud.Areas(f.Width, f.Height, f.Scale, band);
        var axes = FrameComposer.Draw(fonts, plotArea, drawPlot ?? (area => Scene.Draw(fonts, area, f.Scene, f.Scale)), bandArea, f.Caption, f.Height, f.Scale);
        Hud.DrawBar(fonts, bar, f.Hud, f.Scale);
        if (f.Banner is var (text, fade)) Hud.DrawBanner(fonts, plotArea, text, f.Scale, fade);
        if (f.Help is not null) Hud.DrawHelp(fonts, plotArea, f.Scale, f.Help);
        return (axes, plotArea);
    }

    /// <summary>What is drawn over the captured picture, in the plots' area Draw returned: the one-line message.</summary>
    public static void DrawOverlay(Fonts fonts, WindowFrame f, Rectangle plot)
    {
        if (f.Blank || f.Message is not var (text, error)) return;
        Hud.DrawMessage(fonts, plot, text, f.Scale, error);
    }
}
