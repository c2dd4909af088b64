using System.Globalization;
using System.Numerics;
using BnLive.Native;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.Drawing;

/// <summary>One curve of a grid plot: the median over the seeds as a line (dashed: the second value of a mode)
/// and the quartiles as a band around it.</summary>
public sealed record GridCurve(string Name, Color Color, Spread[] Points, bool Dashed = false);

/// <summary>A mode's diverged networks at each point of the axis, written along the top of the panel.</summary>
public sealed record GridCounts(string Name, Color Color, Spread[] Points);

/// <summary>What a grid plot shows: log x (the rate or the batch size), log y, curves, counts, a reference line.</summary>
public sealed record GridFigure(string Title, string XLabel, string YLabel, IReadOnlyList<GridCurve> Curves,
    IReadOnlyList<GridCounts> Counts, string CountsNote, double? Reference = null, string? ReferenceLabel = null);

/// <summary>A grid sweep's figure in the ggplot look of the other plots: grey panel, white grid, both axes in log,
/// the grid's own values as the x ticks, whole decades on y.</summary>
public static class GridPlot
{
    public static void Draw(Fonts fonts, Rectangle bounds, GridFigure f, float pt)
    {
        var gpu = fonts.Renderer;
        using var within = fonts.Within(bounds);
        float fs = Style.FontSize * pt, ts = Style.TitleSize * pt, small = fs * 0.9f;
        var xs = f.Curves.SelectMany(c => c.Points).Select(p => p.At).Distinct().Order().ToArray();
        var (lo, hi) = Decades(f.Curves, f.Reference);
        float top = ts * 2 + small * 1.8f * (f.Counts.Count + 1), bottom = fs * 3.6f;
        // room for the y labels and the y axis's name, and for the modes' names beside their counts
        float left = MathF.Max(fonts.Measure("10" + Superscript(Math.Abs(lo) > Math.Abs(hi) ? lo : hi), fs).X + (Style.TickLength + Style.TickPad + 6) * pt + fs * 1.4f,
            f.Counts.Select(c => fonts.Measure(c.Name, small).X).DefaultIfEmpty(0).Max() + 12 * pt);
        var panel = new Rectangle(bounds.X + left, bounds.Y + top, bounds.Width - left - 14 * pt, bounds.Height - top - bottom);
        // half a grid step of margin left and right, as the points of a bar chart get
        double step = xs.Length > 1 ? Math.Log10(xs[^1] / xs[0]) / (xs.Length - 1) : 1;
        var axes = new Axes(panel, Math.Log10(xs[0]) - step / 2, Math.Log10(xs[^1]) + step / 2, lo, hi);
        gpu.Fill.Rect(panel, Style.Panel);

        for (int d = lo; d <= hi; d++)
        {
            float y = axes.ToPixel(0, d).Y;
            DrawLineEx(new(panel.X, y), new(panel.Right, y), Style.GridWidth * pt, Style.Grid);
            DrawLineEx(new(panel.X - Style.TickLength * pt, y), new(panel.X, y), Style.TickWidth * pt, Style.Tick);
            string label = "10" + Superscript(d);
            var size = fonts.Measure(label, fs);
            fonts.Draw(label, new(panel.X - size.X - (Style.TickLength + Style.TickPad) * pt, y - size.Y / 2), fs, Style.Text);
        }
        float lastRight = float.MinValue;
        foreach (var x in xs)
        {
            float px = axes.ToPixel(Math.Log10(x), 0).X;
            DrawLineEx(new(px, panel.Y), new(px, panel.Bottom), Style.GridWidth * pt, Style.Grid);
            DrawLineEx(new(px, panel.Bottom), new(px, panel.Bottom + Style.TickLength * pt), Style.TickWidth * pt, Style.Tick);
            // a label that would touch the one before it is left out; its grid line stays
            string label = x.ToString("G3", CultureInfo.InvariantCulture);
            var size = fonts.Measure(label, fs);
            if (px - size.X / 2 < lastRight + fs * 0.6f) continue;
            fonts.Draw(label, new(px - size.X / 2, panel.Bottom + (Style.TickLength + Style.TickPad) * pt), fs, Style.Text);
            lastRight = px + size.X / 2;
        }
        var xl = fonts.Measure(f.XLabel, fs);
        fonts.Draw(f.XLabel, new(panel.X + (panel.Width - xl.X) / 2, panel.Bottom + (Style.TickLength + Style.TickPad) * pt + fs * 1.5f), fs, Style.Text);

        BeginScissorMode((int)panel.X, (int)panel.Y, (int)panel.Width, (int)panel.Height);
        Vector2 At(double x, double v) => axes.ToPixel(Math.Log10(x), Math.Clamp(double.IsNaN(v) ? hi + 1 : Math.Log10(Math.Max(v, 1e-30)), lo - 1, hi + 1));
        foreach (var c in f.Curves) Band(c, At);
        if (f.Reference is double r)
        {
            float y = axes.ToPixel(0, Math.Log10(r)).Y;
            Dashes(gpu, [new(panel.X, y), new(panel.Right, y)], Style.LineWidth * pt, Style.Title.Fade(0.7), 6 * pt);
            if (f.ReferenceLabel is string label)
                fonts.Draw(label, new(panel.X + 6 * pt, y - small * 1.3f), small, Style.Title);
        }
        using (gpu.Smooth.Lines())
            foreach (var c in f.Curves)
            {
                Vector2[] line = [.. c.Points.Select(p => At(p.At, p.Median))];
                if (c.Dashed) Dashes(gpu, line, Style.LineWidth * pt * 1.4f, c.Color, 7 * pt);
                else gpu.Smooth.Polyline(line, Style.LineWidth * pt * 1.4f, c.Color);
            }
        // the measured points, outside the lines' shader
        foreach (var c in f.Curves.Where(c => !c.Dashed))
            foreach (var p in c.Points) DrawCircleV(At(p.At, p.Median), 2.2f * pt, c.Color);
        EndScissorMode();

        // the diverged counts: a row per mode above the panel, each number over its point of the axis
        float row = small * 1.8f, y0 = panel.Y - row * f.Counts.Count;
        fonts.Draw(f.CountsNote, new(panel.X, y0 - row + (row - small) / 2), small, Style.Text);
        for (int k = 0; k < f.Counts.Count; k++)
        {
            var counts = f.Counts[k];
            float y = y0 + k * row + (row - small) / 2;
            var name = fonts.Measure(counts.Name, small);
            fonts.Draw(counts.Name, new(panel.X - name.X - 6 * pt, y), small, counts.Color);
            foreach (var p in counts.Points)
            {
                string n = $"{p.Diverged}";
                float px = axes.ToPixel(Math.Log10(p.At), 0).X;
                fonts.Draw(n, new(px - fonts.Measure(n, small).X / 2, y), small, p.Diverged > 0 ? counts.Color : counts.Color.Fade(0.45));
            }
        }

        // the title, then the legend along one row under it
        float tsize = fonts.Fit(f.Title, ts, bounds.Width - 8 * pt);
        var title = fonts.Measure(f.Title, tsize);
        fonts.Draw(f.Title, new(bounds.X + (bounds.Width - title.X) / 2, bounds.Y + ts * 0.4f), tsize, Style.Title);
        Legend(fonts, f, new Vector2(panel.X, bounds.Y + ts * 1.6f), small, bounds.Right - panel.X, pt);
        var yl = fonts.Measure(f.YLabel, fs);
        fonts.Draw(f.YLabel, new(bounds.X + 4 * pt, panel.Y + panel.Height / 2 - yl.Y / 2), fs * 0.8f, Style.Text);
    }

    /// <summary>The quartiles as one translucent strip from the first point of the axis to the last.</summary>
    static unsafe void Band(GridCurve c, Func<double, double, Vector2> at)
    {
        if (c.Points.Length < 2) return;
        var strip = new Vector2[c.Points.Length * 2];
        for (int i = 0; i < c.Points.Length; i++)
            (strip[2 * i], strip[2 * i + 1]) = (at(c.Points[i].At, c.Points[i].Q3), at(c.Points[i].At, c.Points[i].Q1));
        fixed (Vector2* p = strip) DrawTriangleStrip(p, strip.Length, c.Color.Fade(c.Dashed ? 0.12 : 0.2));
    }

    static void Legend(Fonts fonts, GridFigure f, Vector2 at, float size, float width, float pt)
    {
        var entries = f.Curves.Select(c => (c.Name, c.Color, c.Dashed)).ToList();
        float Width(float s) => entries.Sum(e => 34 * pt + fonts.Measure(e.Name, s).X) + fonts.Measure("band: quartiles over the seeds", s).X;
        while (size > 6 && Width(size) > width) size = MathF.Floor(size - 1);
        float x = at.X, y = at.Y + size / 2;
        foreach (var (name, color, dashed) in entries)
        {
            if (dashed) Dashes(fonts.Renderer, [new(x, y), new(x + 20 * pt, y)], Style.LineWidth * pt * 1.4f, color, 5 * pt);
            else DrawLineEx(new(x, y), new(x + 20 * pt, y), Style.LineWidth * pt * 1.4f, color);
            fonts.Draw(name, new(x + 24 * pt, y - size / 2), size, Style.Text);
            x += 24 * pt + fonts.Measure(name, size).X + 10 * pt;
        }
        fonts.Draw("band: quartiles over the seeds", new(x, y - size / 2), size, Style.Text);
    }

    /// <summary>A polyline drawn in dashes of length dash, with gaps as long; the pattern runs on over the joints.</summary>
    static void Dashes(Renderer gpu, Vector2[] pts, float width, Color color, float dash)
    {
        bool drawing = true;
        float left = dash;   // what remains of the current dash or gap
        for (int i = 1; i < pts.Length; i++)
        {
            Vector2 a = pts[i - 1], b = pts[i];
            float length = Vector2.Distance(a, b);
            if (!float.IsFinite(length)) continue;
            for (float s = 0; length - s > 1e-3f;)
            {
                float run = MathF.Min(left, length - s);
                if (drawing) gpu.Smooth.Polyline([Vector2.Lerp(a, b, s / length), Vector2.Lerp(a, b, (s + run) / length)], width, color);
                s += run;
                left -= run;
                if (left <= 1e-3f) (drawing, left) = (!drawing, dash);
            }
        }
    }

    /// <summary>Whole decades around every finite quartile (and the reference), at least one decade tall.</summary>
    static (int Lo, int Hi) Decades(IReadOnlyList<GridCurve> curves, double? reference)
    {
        var values = curves.SelectMany(c => c.Points).SelectMany(p => new[] { p.Q1, p.Median, p.Q3 })
            .Append(reference ?? double.NaN).Where(v => double.IsFinite(v) && v > 0).ToArray();
        if (values.Length == 0) return (-3, 0);
        int lo = (int)Math.Floor(Math.Log10(Math.Max(values.Min(), 1e-9))), hi = (int)Math.Ceiling(Math.Log10(Math.Min(values.Max(), 1e9)));
        return (lo, Math.Max(hi, lo + 1));
    }

    static string Superscript(int n) =>
        string.Concat(n.ToString(CultureInfo.InvariantCulture).Select(c => c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹"[c - '0']));
}
