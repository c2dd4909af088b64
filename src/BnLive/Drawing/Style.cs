using BnLive.Native;

namespace BnLive.Drawing;

/// <summary>matplotlib's ggplot style (seed/ggplot_style.txt) and the notebook's markers and lines, in one place.
/// Sizes are in points; Pt converts them to pixels at a given scale.</summary>
public static class Style
{
    public static readonly Color Figure = Color.White;
    public static readonly Color Panel = Color.FromHex("E5E5E5");
    public static readonly Color Grid = Color.White;
    public static readonly Color Tick = Color.FromHex("555555");
    public static readonly Color Text = Color.FromHex("555555");
    public static readonly Color Title = Color.FromHex("333333");
    public static readonly Color Marker = Color.Black.Fade(0.4);   // 'ro', alpha 0.4, color black
    public static readonly Color Live = new(20, 20, 20);
    public static readonly Color TrainFit = Color.FromHex("2CA02C");   // the training-mode fit (T): matplotlib's green

    public const float FontSize = 10, TitleSize = 12, LineWidth = 1.5f, MarkerSize = 6, MarkerEdge = 1,
        GridWidth = 0.8f, TickLength = 3.5f, TickPad = 3.5f, TickWidth = 0.8f;

    /// <summary>The HUD, the help and the messages: smaller than the plot's labels, which are the figure's.</summary>
    public const float HudSize = 6.5f;

    /// <summary>The one scale of text and lines: 1 at 1280x720, 1.5 at 1920x1080, 3 at 3840x2160 (the smaller of
    /// the two ratios, so a wide or tall window keeps its text inside). 800x500 is 0.625.</summary>
    public static float ScaleOf(float width, float height) => MathF.Min(width / 1280f, height / 720f);

    /// <summary>Pixels per point at a scale: 2.672 at 1, so 800x500 (0.625) keeps the 1.67 px per point it always
    /// had (a 6x4 in matplotlib figure at 120 dpi).</summary>
    public static float Pt(float scale) => scale * 2.672f;
}
