using BnLive.Native;

namespace BnLive.Drawing;

/// <summary>matplotlib's ggplot style (seed/ggplot_style.txt) and the notebook's markers and lines, in one place.
/// Sizes are in points; Pt converts them to pixels for a figure of the given size.</summary>
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
        GridWidth = 0.8f, TickLength = 3.5f, TickWidth = 0.8f, TickPad = 3.5f;

    /// <summary>Pixels per point: 800x500 → 1.67 (a 6x4 in matplotlib figure at 120 dpi), growing with the figure.</summary>
    public static float Pt(float width, float height) => MathF.Min(width, height * 1.6f) / 800f * 1.67f;
}
