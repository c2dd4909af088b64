using System.Collections.Immutable;
using System.Numerics;
using BnLive.Native;
using static BnLive.Native.Raylib;

namespace BnLive.Drawing;

/// <summary>Where a plot's legend is drawn: a box inside the panel, or (Outside) a row of entries between the title
/// and the panel; its text size, row height, swatch width and gap in pixels.</summary>
public sealed record LegendPlace(Rectangle Box, bool Outside, float Size, float Row, float Swatch, float Gap);

/// <summary>A plot's legend, put where it covers least by matplotlib's loc="best" rule: of the panel's corners and
/// edge midpoints, the place over the fewest data points and current-fit segments, the trail's segments counting
/// only between places that hide neither. Where every place hides some, the legend leaves the panel for a row above it,
/// as the loss panel's does. It is placed again only when the picture changes a lot (a new snapshot, an edited
/// point, another size or view), so it does not jump about from frame to frame.</summary>
public static class Legend
{
    /// <summary>The places tried, in matplotlib's order of preference: the corners, then the edges' midpoints.</summary>
    static readonly ImmutableArray<(float X, float Y)> Spots = [(1, 0), (0, 0), (0, 1), (1, 1), (1, 0.5f), (0, 0.5f), (0.5f, 1), (0.5f, 0)];
    public const int OutsideSpot = -1;

    public static List<string> Rows(PlotData d)
    {
        // the settings' interval where the plot knows it: at epoch 0 the trail has one snapshot and no interval yet
        string every = d.Every > 0 ? $"{d.Every}" : d.Trail.Count > 1 ? $"{d.Trail[1].Epoch - d.Trail[0].Epoch}" : "N";
        var rows = new List<string> { "data", $"predict-mode fit, every {every} epochs" };
        if (d.Live is not null) rows.Add(d.TrainFit is null ? "current fit (live)" : "current fit, predict mode (global moments)");
        if (d.TrainFit is not null) rows.Add("current fit, training mode (batch moments)");
        return rows;
    }

    /// <summary>The box inside the panel at size: a small plot gets a smaller legend rather than one larger than its panel.</summary>
    public static LegendPlace Inside(Fonts fonts, List<string> rows, Rectangle panel, float pt)
    {
        float fs = Style.FontSize * pt * 0.9f, row = fs * 1.45f, sw = 22 * pt, gap = 6 * pt;
        float w = rows.Max(r => fonts.Measure(r, fs).X) + sw + 3 * gap;
        float h = row * (rows.Count + 1) + gap;
        float shrink = MathF.Min(1, MathF.Min((panel.Width - 16 * pt) / w, (panel.Height - 16 * pt) / h));
        if (shrink < 1)
        {
            (fs, row, sw, gap) = (fs * shrink, row * shrink, sw * shrink, gap * shrink);
            w = rows.Max(r => fonts.Measure(r, fs).X) + sw + 3 * gap;
            h = row * (rows.Count + 1) + gap;
        }
        return new LegendPlace(new Rectangle(0, 0, w, h), false, fs, row, sw, gap);
    }

    /// <summary>The box at spot k of the panel, 8 pt in from its edges.</summary>
    static Rectangle At(int k, Rectangle panel, LegendPlace size, float pt)
    {
        float m = 8 * pt, w = size.Box.Width, h = size.Box.Height;
        return new Rectangle(panel.X + m + (panel.Width - w - 2 * m) * Spots[k].X, panel.Y + m + (panel.Height - h - 2 * m) * Spots[k].Y, w, h);
    }

    /// <summary>The entries of the row above the panel, each with the box's row whose swatch it has: the box's rows,
    /// and the trail's colour scale as an entry of its own, without a swatch (-1).</summary>
    static List<(string Text, int Swatch)> Entries(List<string> rows, int totalEpochs) =>
        [(rows[0], 0), (rows[1], 1), ($"coolwarm: epoch 0 → {totalEpochs}", -1), .. rows.Skip(2).Select((r, i) => (r, i + 2))];

    /// <summary>The row above the panel, from its left edge to right (the plot's bounds less a margin), at the
    /// legend's text size; entries that do not fit on one line go on to the next. It is at least atLeast tall.</summary>
    public static LegendPlace Row(Fonts fonts, List<string> rows, int totalEpochs, float left, float right, float pt, float atLeast)
    {
        float fs = Style.FontSize * pt * 0.9f, sw = 18 * pt, gap = 5 * pt;
        var entries = Entries(rows, totalEpochs);
        // an entry wider than the row on its own: smaller text, as the loss panel's legend does
        while (fs > 6 && entries.Max(e => EntryWidth(fonts, e, fs, sw, gap)) > right - left) fs = MathF.Floor(fs - 1);
        float row = fs * 1.45f;
        int lines = Flow(fonts, entries, fs, sw, gap, right - left).Max(p => p.Line) + 1;
        return new LegendPlace(new Rectangle(left, 0, right - left, MathF.Max(row * lines, atLeast)), true, fs, row, sw, gap);
    }

    static float EntryWidth(Fonts fonts, (string Text, int Swatch) entry, float fs, float sw, float gap) =>
        (entry.Swatch < 0 ? 0 : sw + gap) + fonts.Measure(entry.Text, fs).X + 3 * gap;

    /// <summary>Each entry's offset from the row's left edge, and its line.</summary>
    static List<(float X, int Line)> Flow(Fonts fonts, List<(string Text, int Swatch)> entries, float fs, float sw, float gap, float width)
    {
        var at = new List<(float, int)>();
        float x = 0;
        int line = 0;
        foreach (var e in entries)
        {
            float w = EntryWidth(fonts, e, fs, sw, gap);
            if (x > 0 && x + w - 3 * gap > width) (x, line) = (0, line + 1);
            at.Add((x, line));
            x += w;
        }
        return at;
    }

    /// <summary>What the legend at box would hide: data points (their whole markers) and segments of the current
    /// fits (with their halos), and, apart, the trail's segments.</summary>
    public static (int Hidden, int Trail) Cover(Rectangle box, IEnumerable<Vector2> data, float marker, IReadOnlyList<Vector2[]> fits, float reach,
        IEnumerable<Vector2[]> trail)
    {
        int hidden = 0, behind = 0;
        var nearBox = Grown(box, marker);
        foreach (var p in data) if (nearBox.Contains(p)) hidden++;
        var underBox = Grown(box, reach);
        foreach (var f in fits) hidden += Crossing(underBox, f);
        foreach (var t in trail) behind += Crossing(box, t);
        return (hidden, behind);
    }

    static Rectangle Grown(Rectangle r, float by) => new(r.X - by, r.Y - by, r.Width + 2 * by, r.Height + 2 * by);

    static int Crossing(Rectangle r, Vector2[] path)
    {
        int n = 0;
        for (int i = 1; i < path.Length; i++) if (Crosses(r, path[i - 1], path[i])) n++;
        return n;
    }

    /// <summary>Whether the segment a→b reaches into r (Liang–Barsky: the part of the segment left after clipping it
    /// to each of r's four edges in turn).</summary>
    public static bool Crosses(Rectangle r, Vector2 a, Vector2 b)
    {
        float t0 = 0, t1 = 1;
        bool Keeps(float p, float q)
        {
            if (p == 0) return q >= 0;
            float t = q / p;
            if (p < 0) { if (t > t1) return false; t0 = MathF.Max(t0, t); }
            else { if (t < t0) return false; t1 = MathF.Min(t1, t); }
            return true;
        }
        var d = b - a;
        return Keeps(-d.X, a.X - r.X) && Keeps(d.X, r.Right - a.X) && Keeps(-d.Y, a.Y - r.Y) && Keeps(d.Y, r.Bottom - a.Y);
    }

    /// <summary>What a legend's place was chosen for: it holds while these stay the same.</summary>
    internal sealed record Shape(Axes Axes, float Pt, Rectangle Size);
    internal sealed record Chosen(Shape Shape, float[] X, float[] Y, int Trail, int Spot);

    /// <summary>The spot chosen for each plot's bounds, and what it was chosen for: held by the renderer.</summary>
    internal sealed class Places
    {
        public readonly Dictionary<(float, float, float, float), Chosen> ByBounds = [];
    }

    /// <summary>The legend's place in a plot within bounds whose panel, inside, would be axes: a spot of the panel's
    /// (0-7) or OutsideSpot. data, fits and trail give the pixels it would cover there, computed only when asked.
    /// The place depends on the picture when it is chosen, not on places chosen before, so the window and the export
    /// put the legend of a snapshot's frame in one place; it is chosen again at a new snapshot, another set of points
    /// or another size, and held between, while the live fit moves on.</summary>
    public static int Place(Renderer gpu, Rectangle bounds, Axes axes, LegendPlace size, float pt, PlotData d, Func<Vector2[]> data, Func<IReadOnlyList<Vector2[]>> fits,
        Func<IEnumerable<Vector2[]>> trail)
    {
        var shape = new Shape(axes, pt, size.Box);
        var region = (bounds.X, bounds.Y, bounds.Width, bounds.Height);
        var held = gpu.LegendPlaces.ByBounds;
        if (held.TryGetValue(region, out var h) && h.Shape == shape && h.Trail == d.Trail.Count && h.X.AsSpan().SequenceEqual(d.X)
            && h.Y.AsSpan().SequenceEqual(d.Y)) return h.Spot;
        int spot = Best(axes.Panel, size, pt, data(), fits(), [.. trail()]);
        if (held.Count >= 16) held.Clear();   // plots of sizes long gone (a window resized)
        held[region] = new Chosen(shape, [.. d.X], [.. d.Y], d.Trail.Count, spot);
        return spot;
    }

    /// <summary>The spot over no data point and no segment of the current fits, and the fewest of the trail's; none
    /// (OutsideSpot) where there is none, or where a snapshot of the trail had none: a legend gone above the plot
    /// stays there while the run goes on, so the panel does not change height at every other snapshot.</summary>
    static int Best(Rectangle panel, LegendPlace size, float pt, Vector2[] data, IReadOnlyList<Vector2[]> fits, List<Vector2[]> trail)
    {
        float marker = Style.MarkerSize / 2 * pt + Style.MarkerEdge * pt / 2 + 1, reach = Reach(pt);
        var boxes = Enumerable.Range(0, Spots.Length).Select(k => At(k, panel, size, pt)).ToArray();
        var clear = boxes.Where(b => Cover(b, data, marker, [], reach, []).Hidden == 0).ToArray();
        if (trail.Any(s => clear.All(b => Cover(b, [], marker, [s], reach, []).Hidden > 0))) return OutsideSpot;
        int best = OutsideSpot;
        (int Hidden, int Trail) least = (int.MaxValue, int.MaxValue);
        for (int k = 0; k < boxes.Length; k++)
        {
            var c = Cover(boxes[k], data, marker, fits, reach, trail);
            if (c.Hidden == 0 && c.CompareTo(least) < 0) (best, least) = (k, c);
        }
        return best;
    }

    /// <summary>How far the legend keeps from a current fit's path: half its white halo, a pixel of smoothing, and a
    /// pixel for the box's edges, which are drawn over every pixel they touch.</summary>
    static float Reach(float pt) => Style.LineWidth * pt * 2.6f / 2 + 2;

    /// <summary>The legend at spot in the panel (see Place).</summary>
    public static LegendPlace Put(int spot, Rectangle panel, LegendPlace size, float pt) => size with { Box = At(spot, panel, size, pt) };

    sealed record Key(LegendPlace Place, float Pt, Values<string> Rows, int TotalEpochs);

    /// <summary>Draws the legend. Changed by a new size, place or set of fits only: kept, a few dozen glyphs and lines
    /// in one copy.</summary>
    public static void Draw(Fonts fonts, LegendPlace place, List<string> rows, PlotData d, float pt)
    {
        var key = new Key(place, pt, new([.. rows]), d.TotalEpochs);
        if (place.Outside)
            fonts.Renderer.Regions.Draw(place.Box, key, Style.Figure, cacheAtOnce: true, () => DrawRow(fonts, place, rows, d, pt));
        else
            fonts.Renderer.Regions.Draw(place.Box, key, Color.Blank, cacheAtOnce: true, () => DrawBox(fonts, place, rows, d, pt), touched: true);
    }

    /// <summary>A swatch for each row: a marker, the trail's coolwarm ramp, or a fit's line.</summary>
    static void Swatch(Renderer gpu, int row, PlotData d, float x0, float y, float sw, float pt)
    {
        if (row == 0) gpu.Smooth.Markers([new(x0 + sw / 2, y)], Style.MarkerSize / 2 * pt, Style.MarkerEdge * pt / 2, Style.Marker);
        else if (row == 1)
            // the trail's entry: a coolwarm ramp from epoch 0 to the last epoch
            for (int k = 0; k < 16; k++)
            {
                double t = k / 15.0;
                DrawLineEx(new(x0 + sw * k / 16, y), new(x0 + sw * (k + 1) / 16, y), Style.LineWidth * pt * 1.5f, Coolwarm.At(t, Math.Max(t, 0.25)));
            }
        else
        {
            var color = row == 2 && d.Live is not null ? Style.Live : Style.TrainFit;
            DrawLineEx(new(x0, y), new(x0 + sw, y), Style.LineWidth * pt * 1.2f, color);
        }
    }

    static void DrawBox(Fonts fonts, LegendPlace p, List<string> rows, PlotData d, float pt)
    {
        using var within = fonts.Within(p.Box);
        DrawRectangleRounded(p.Box, 0.08f, 6, Color.White.Fade(0.8));
        float x0 = p.Box.X + p.Gap, y = p.Box.Y + p.Gap, text = x0 + p.Swatch + p.Gap;
        for (int r = 0; r < rows.Count; r++)
        {
            Swatch(fonts.Renderer, r, d, x0, y + p.Row / 2, p.Swatch, pt);
            fonts.Draw(rows[r], new(text, y + (p.Row - p.Size) / 2), p.Size, Style.Text);
            y += p.Row;
            // under the trail's entry, both ends of its colour scale
            if (r == 1)
            {
                fonts.Draw($"coolwarm: epoch 0 → {d.TotalEpochs}", new(text, y + (p.Row - p.Size) / 2), p.Size * 0.9f, Style.Text);
                y += p.Row;
            }
        }
    }

    static void DrawRow(Fonts fonts, LegendPlace p, List<string> rows, PlotData d, float pt)
    {
        using var within = fonts.Within(p.Box);
        var entries = Entries(rows, d.TotalEpochs);
        var at = Flow(fonts, entries, p.Size, p.Swatch, p.Gap, p.Box.Width);
        for (int e = 0; e < entries.Count; e++)
        {
            var (text, swatch) = entries[e];
            float x = p.Box.X + at[e].X, y = p.Box.Y + at[e].Line * p.Row;
            if (swatch >= 0)
            {
                Swatch(fonts.Renderer, swatch, d, x, y + p.Row / 2, p.Swatch, pt);
                x += p.Swatch + p.Gap;
            }
            fonts.Draw(text, new(x, y + (p.Row - p.Size) / 2), p.Size, Style.Text);
        }
    }
}
