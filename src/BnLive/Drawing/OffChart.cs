using System.Globalization;
using BnLive.Native;
using static BnLive.Native.Raylib;

namespace BnLive.Drawing;

/// <summary>A fit that leaves the plot. The axes stay fitted to the data (a fit out at 2000 would flatten the data
/// to a line), the fit is drawn to the panel's edge and cut there, and the plot says in words which fit left and how
/// far it went, so a student who sees no line knows why: "↑ predict-mode fit off the chart: up to 2.0e3".</summary>
public static class OffChart
{
    static readonly Color Ink = new(190, 20, 30), Box = Color.White.Fade(0.9);

    /// <summary>"what off the chart: up to …" (and/or "down to …") where fit leaves [ymin, ymax]; null where it stays
    /// inside. Values that are not numbers (a diverged fit) are left out: the HUD says the loss diverged.</summary>
    public static string? Note(string what, float[]? fit, double ymin, double ymax)
    {
        if (fit is null) return null;
        double hi = double.NegativeInfinity, lo = double.PositiveInfinity;
        foreach (var y in fit)
            if (float.IsFinite(y)) (hi, lo) = (Math.Max(hi, y), Math.Min(lo, y));
        var parts = new List<string>();
        if (hi > ymax) parts.Add($"up to {Number(hi)}");
        if (lo < ymin) parts.Add($"down to {Number(lo)}");
        return parts.Count == 0 ? null : $"{(hi > ymax ? "↑" : "↓")} {what} off the chart: {string.Join(" and ", parts)}";
    }

    /// <summary>2.0e3, −4.5e2, −91, 3.14: a figure or two, enough to say how far; matplotlib's minus sign.</summary>
    public static string Number(double v) =>
        v.ToString(Math.Abs(v) >= 100 ? "0.0e0" : Math.Abs(v) >= 10 ? "0" : "0.##", CultureInfo.InvariantCulture).Replace('-', '−');

    /// <summary>The notes of a plot: its newest predict-mode fit (the live one, or the trail's last snapshot) and its
    /// training-mode fit, each where it leaves the axes.</summary>
    public static List<string> Notes(PlotData d, Axes axes)
    {
        var notes = new List<string?>
        {
            Note("predict-mode fit", d.Live ?? (d.Trail.Count > 0 ? d.Trail[^1].YPred : null), axes.YMin, axes.YMax),
            Note("training-mode fit", d.TrainFit, axes.YMin, axes.YMax),
        };
        return [.. notes.OfType<string>()];
    }

    /// <summary>The notes in the panel, centred at its top edge, whichever way the fits left (the arrow says which):
    /// in the margin the axes keep above the data, and away from the legend's corner.</summary>
    public static void Draw(Fonts fonts, Axes axes, IReadOnlyList<string> notes, float pt)
    {
        if (notes.Count == 0) return;
        var p = axes.Panel;
        float pad = 4 * pt, size = Style.FontSize * pt * 0.9f;
        float fs = notes.Min(n => fonts.Fit(n, size, p.Width - 4 * pad));
        float row = fs * 1.3f, w = notes.Max(n => fonts.Measure(n, fs).X) + 2 * pad, h = row * notes.Count + pad;
        var box = new Rectangle(MathF.Round(p.X + (p.Width - w) / 2), MathF.Round(p.Y + pad), MathF.Ceiling(w), MathF.Ceiling(h));
        using var within = fonts.Within(p);
        DrawRectangleRounded(box, 0.15f, 6, Box);
        for (int i = 0; i < notes.Count; i++)
            fonts.Draw(notes[i], new(box.X + pad, box.Y + pad / 2 + i * row + (row - fs) / 2), fs, Ink);
    }
}
