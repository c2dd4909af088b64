using System.Numerics;
using BnLive.Native;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.Drawing;

/// <summary>What one plot shows: the data, the trail of snapshots (one every Every epochs; 0: read from the trail)
/// and, in the window, the live fit.</summary>
public sealed record PlotData(float[] X, float[] Y, IReadOnlyList<Snapshot> Trail, int TotalEpochs, float[]? Live, string Title,
    float[]? TrainFit = null, Limits? Limits = null, int Every = 0);

/// <summary>Data limits of a plot, kept while points are edited so the axes do not jump.</summary>
public sealed record Limits(float XMin, float XMax, float YMin, float YMax)
{
    public static Limits Of(float[] x, float[] y) => new(x.Min(), x.Max(), y.Min(), y.Max());
}

/// <summary>The notebook's figure in the ggplot look: grey panel, white grid, black translucent points,
/// each snapshot in coolwarm(epoch/epochs) at alpha epoch/epochs. Reads its data, never changes it.</summary>
public static class Figure
{
    /// <summary>What a plot's panel shows under its live fits (the data arrays copied: points are edited in place).</summary>
    sealed record StillKey(Axes Axes, float Pt, Values<float> X, Values<float> Y, Values<Snapshot> Trail, int TotalEpochs);

    /// <summary>Draws the plot into bounds, its text and lines pt pixels per point, and returns its axes (to map
    /// the mouse to data).</summary>
    public static Axes Draw(Fonts fonts, Rectangle bounds, PlotData d, float pt)
    {
        var axes = Layout(fonts, bounds, d, pt);
        var panel = axes.Panel;

        // the figure's white is the frame's clear (Scene.Clear), the cheapest fill there is
        double[] xt = XTicks(axes, pt), yt = YTicks(axes.YMin, axes.YMax, panel.Height, pt);
        void Still()
        {
            if (Layers.On(Layer.Grid)) GridLines(axes, xt, yt, pt);
            Kept.Scissor((int)panel.X, (int)panel.Y, (int)panel.Width, (int)panel.Height);
            if (Layers.On(Layer.Data)) DrawData(axes, d.X, d.Y, pt);
            if (Layers.On(Layer.Trail)) Trail(0);
            EndScissorMode();
        }
        void Trail(int from)
        {
            using (Smooth.Lines())
                for (int i = from; i < d.Trail.Count; i++)
                {
                    var s = d.Trail[i];
                    double t = s.Epoch / (double)d.TotalEpochs;
                    Smooth.Polyline(Paths.Of(axes, s, s.X ?? d.X), Style.LineWidth * pt, Coolwarm.At(t, t));
                }
        }
        // a new snapshot adds its line on top of the others: at max speed that comes every few frames, and drawing
        // only the new line into the kept panel is drawing it all again, in the same order
        bool Added(object old, StillKey now)
        {
            if (old is not StillKey o || o with { Trail = now.Trail } != now || !o.Trail.Begins(now.Trail)) return false;
            Kept.Scissor((int)panel.X, (int)panel.Y, (int)panel.Width, (int)panel.Height);
            Trail(o.Trail.Count);
            EndScissorMode();
            return true;
        }
        const Layer still = Layer.Background | Layer.Grid | Layer.Data | Layer.Trail;
        if ((Layers.Drawn & still) == still)
            // changed by a snapshot or an edit, seldom: kept from the first frame
        {
            var key = new StillKey(axes, pt, new([.. d.X]), new([.. d.Y]), new([.. d.Trail]), d.TotalEpochs);
            Kept.Draw(panel, key, Style.Panel, keepAtOnce: true, Still, old => Added(old, key));
        }
        else
        {
            // a layer drawn alone (the bench's --layers) is drawn as it is, not kept
            if (Layers.On(Layer.Background)) Fill.Rect(panel, Style.Panel);
            Still();
        }
        if (Layers.On(Layer.Grid))
            using (fonts.Within(bounds)) Ticks(fonts, axes, xt, yt, pt);

        BeginScissorMode((int)panel.X, (int)panel.Y, (int)panel.Width, (int)panel.Height);
        using (Smooth.Lines())
        {
            if (d.TrainFit is not null && Layers.On(Layer.Live))
            {
                var pts = Points(axes, d.X, d.TrainFit);
                Smooth.Polyline(pts, Style.LineWidth * pt * 2.6f, Color.White.Fade(0.7));
                Smooth.Polyline(pts, Style.LineWidth * pt * 1.2f, Style.TrainFit);
            }
            if (d.Live is not null && Layers.On(Layer.Live))
            {
                var pts = Points(axes, d.X, d.Live);
                Smooth.Polyline(pts, Style.LineWidth * pt * 2.6f, Color.White.Fade(0.85));
                Smooth.Polyline(pts, Style.LineWidth * pt * 1.2f, Style.Live);
            }
        }
        EndScissorMode();

        if (Layers.On(Layer.Legend))
        {
            OffChart.Draw(fonts, axes, OffChart.Notes(d, axes), pt);
            using (fonts.Within(panel)) Legend(fonts, axes, d, pt);
        }
        if (Layers.On(Layer.Grid))
        {
            using var within = fonts.Within(bounds);
            float ts = fonts.Fit(d.Title, Style.TitleSize * pt, bounds.Width - 4 * pt);
            var title = fonts.Measure(d.Title, ts);
            float y = MathF.Max(bounds.Y, panel.Y - title.Y - 6 * pt);
            fonts.Draw(d.Title, new Vector2(MathF.Max(bounds.X, panel.X + (panel.Width - title.X) / 2), y), ts, Style.Title);
        }
        return axes;
    }

    static double[] XTicks(Axes axes, float pt) =>
        Axes.Ticks(axes.XMin, axes.XMax, Math.Clamp((int)(axes.Panel.Width / (Style.FontSize * pt * 4.5f)), 3, 9));

    static double[] YTicks(double min, double max, float height, float pt) =>
        Axes.Ticks(min, max, Math.Clamp((int)(height / (Style.FontSize * pt * 3f)), 3, 8));

    /// <summary>Fixed limits from the data alone (margins as matplotlib's, a little wider in y so fits that
    /// overshoot stay in view): the axes never jump while training. The left margin fits the y labels.</summary>
    public static Axes Layout(Fonts fonts, Rectangle bounds, PlotData d, float pt)
    {
        float fs = Style.FontSize * pt;
        var (xmin, xmax, ymin, ymax) = d.Limits ?? Limits.Of(d.X, d.Y);
        double mx = Math.Max(1e-3, (xmax - xmin) * 0.05), my = Math.Max(1e-3, (ymax - ymin) * 0.12);
        float top = Style.TitleSize * pt * 2.2f, bottom = fs + (Style.TickLength + Style.TickPad + 10) * pt, right = 12 * pt;
        float height = bounds.Height - top - bottom;
        float labels = Axes.Labels(YTicks(ymin - my, ymax + my, height, pt)).Append("−0.00").Max(l => fonts.Measure(l, fs).X);   // as wide as ever, or wider
        float left = labels + (Style.TickLength + Style.TickPad + 6) * pt;
        var panel = new Rectangle(bounds.X + left, bounds.Y + top, bounds.Width - left - right, height);
        return new Axes(panel, xmin - mx, xmax + mx, ymin - my, ymax + my);
    }
    /// <summary>The grid inside the panel: under everything the panel shows.</summary>
    static void GridLines(Axes axes, double[] xt, double[] yt, float pt)
    {
        var p = axes.Panel;
        foreach (var v in xt)
        {
            float x = axes.ToPixel(v, 0).X;
            DrawLineEx(new(x, p.Y), new(x, p.Bottom), Style.GridWidth * pt, Style.Grid);
        }
        foreach (var v in yt)
        {
            float y = axes.ToPixel(0, v).Y;
            DrawLineEx(new(p.X, y), new(p.Right, y), Style.GridWidth * pt, Style.Grid);
        }
    }

    /// <summary>The tick marks and their labels, outside the panel.</summary>
    static void Ticks(Fonts fonts, Axes axes, double[] xt, double[] yt, float pt)
    {
        var p = axes.Panel;
        float fs = Style.FontSize * pt, tl = Style.TickLength * pt, pad = Style.TickPad * pt;
        var xl = Axes.Labels(xt);
        for (int i = 0; i < xt.Length; i++)
        {
            float x = axes.ToPixel(xt[i], 0).X;
            DrawLineEx(new(x, p.Bottom), new(x, p.Bottom + tl), Style.TickWidth * pt, Style.Tick);
            var size = fonts.Measure(xl[i], fs);
            fonts.Draw(xl[i], new(x - size.X / 2, p.Bottom + tl + pad), fs, Style.Text);
        }
        var yl = Axes.Labels(yt);
        for (int i = 0; i < yt.Length; i++)
        {
            float y = axes.ToPixel(0, yt[i]).Y;
            DrawLineEx(new(p.X - tl, y), new(p.X, y), Style.TickWidth * pt, Style.Tick);
            var size = fonts.Measure(yl[i], fs);
            fonts.Draw(yl[i], new(p.X - tl - pad - size.X, y - size.Y / 2), fs, Style.Text);
        }
    }

    static void DrawData(Axes axes, float[] x, float[] y, float pt)
    {
        // matplotlib fills the marker, then strokes its edge over the rim: both at alpha 0.4
        Span<Vector2> centres = x.Length <= 4096 ? stackalloc Vector2[x.Length] : new Vector2[x.Length];
        for (int i = 0; i < x.Length; i++) centres[i] = axes.ToPixel(x[i], y[i]);
        Smooth.Markers(centres, Style.MarkerSize / 2 * pt, Style.MarkerEdge * pt / 2, Style.Marker);
    }

    static Vector2[] Points(Axes axes, float[] x, float[] y) => Paths.Simplify(Paths.ToPixels(axes, x, y));

    static void Legend(Fonts fonts, Axes axes, PlotData d, float pt)
    {
        float fs = Style.FontSize * pt * 0.9f, row = fs * 1.45f, sw = 22 * pt, gap = 6 * pt;
        // the settings' interval where the plot knows it: at epoch 0 the trail has one snapshot and no interval yet
        string every = d.Every > 0 ? $"{d.Every}" : d.Trail.Count > 1 ? $"{d.Trail[1].Epoch - d.Trail[0].Epoch}" : "N";
        var rows = new List<string> { "data", $"predict-mode fit, every {every} epochs" };
        if (d.Live is not null) rows.Add(d.TrainFit is null ? "current fit (live)" : "current fit, predict mode (global moments)");
        if (d.TrainFit is not null) rows.Add("current fit, training mode (batch moments)");
        var p = axes.Panel;
        float w = rows.Max(r => fonts.Measure(r, fs).X) + sw + 3 * gap;
        float h = row * (rows.Count + 1) + gap;
        // a small plot gets a smaller legend rather than one larger than its panel
        float shrink = MathF.Min(1, MathF.Min((p.Width - 16 * pt) / w, (p.Height - 16 * pt) / h));
        if (shrink < 1)
        {
            (fs, row, sw, gap) = (fs * shrink, row * shrink, sw * shrink, gap * shrink);
            w = rows.Max(r => fonts.Measure(r, fs).X) + sw + 3 * gap;
            h = row * (rows.Count + 1) + gap;
        }
        var box = new Rectangle(p.Right - w - 8 * pt, p.Bottom - h - 8 * pt, w, h);
        // changed by a new size or another set of fits only: kept, a few dozen glyphs and lines in one copy
        Kept.Draw(box, new LegendKey(box, pt, fs, new([.. rows]), d.TotalEpochs), Color.Blank, keepAtOnce: true,
            () => LegendBox(fonts, d, box, rows, fs, row, sw, gap, pt), touched: true);
    }

    sealed record LegendKey(Rectangle Box, float Pt, float Size, Values<string> Rows, int TotalEpochs);

    static void LegendBox(Fonts fonts, PlotData d, Rectangle box, List<string> rows, float fs, float row, float sw, float gap, float pt)
    {
        DrawRectangleRounded(box, 0.08f, 6, Color.White.Fade(0.8));
        float x0 = box.X + gap, y = box.Y + gap;
        Vector2 Mid(float yy) => new(x0 + sw / 2, yy + row / 2);

        Smooth.Markers([Mid(y)], Style.MarkerSize / 2 * pt, Style.MarkerEdge * pt / 2, Style.Marker);
        fonts.Draw(rows[0], new(x0 + sw + gap, y + (row - fs) / 2), fs, Style.Text);
        y += row;
        // the trail's entry: a coolwarm ramp from epoch 0 to the last epoch, labelled with both ends
        for (int k = 0; k < 16; k++)
        {
            double t = k / 15.0;
            DrawLineEx(new(x0 + sw * k / 16, y + row / 2), new(x0 + sw * (k + 1) / 16, y + row / 2), Style.LineWidth * pt * 1.5f, Coolwarm.At(t, Math.Max(t, 0.25)));
        }
        fonts.Draw(rows[1], new(x0 + sw + gap, y + (row - fs) / 2), fs, Style.Text);
        y += row;
        fonts.Draw($"coolwarm: epoch 0 → {d.TotalEpochs}", new(x0 + sw + gap, y + (row - fs) / 2), fs * 0.9f, Style.Text);
        y += row;
        if (d.Live is not null)
        {
            DrawLineEx(new(x0, y + row / 2), new(x0 + sw, y + row / 2), Style.LineWidth * pt * 1.2f, Style.Live);
            fonts.Draw(rows[2], new(x0 + sw + gap, y + (row - fs) / 2), fs, Style.Text);
            y += row;
        }
        if (d.TrainFit is not null)
        {
            DrawLineEx(new(x0, y + row / 2), new(x0 + sw, y + row / 2), Style.LineWidth * pt * 1.2f, Style.TrainFit);
            fonts.Draw(rows[^1], new(x0 + sw + gap, y + (row - fs) / 2), fs, Style.Text);
        }
    }
}
