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

/// <summary>Where a plot's parts lie on screen, as Figure.Draw puts them: the axes (the mouse maps through them), the
/// legend's place, each data point's centre, the current fits' paths, and among them (Current) the fits the legend
/// keeps clear of: the live ones, or without them the last snapshot's; all at Pt pixels per point.</summary>
public sealed record FigureLayout(Axes Axes, LegendPlace Legend, List<string> LegendRows, Vector2[] Data, Vector2[]? Live, Vector2[]? TrainFit,
    IReadOnlyList<Vector2[]> Current, float Pt);

/// <summary>The notebook's figure in the ggplot look: grey panel, white grid, black translucent points,
/// each snapshot in coolwarm(epoch/epochs) at alpha epoch/epochs. Reads its data, never changes it.</summary>
public static class Figure
{
    /// <summary>What a plot's panel shows under its live fits (the data arrays copied: points are edited in place).</summary>
    sealed record StillKey(Axes Axes, float Pt, Values<float> X, Values<float> Y, Values<Snapshot> Trail, int TotalEpochs);

    /// <summary>Draws the plot into bounds, its text and lines pt pixels per point, and returns its axes (to map
    /// the mouse to data).</summary>
    public static Axes Draw(Fonts fonts, Rectangle bounds, PlotData d, float pt) => Draw(fonts, bounds, d, pt, Plan(fonts, bounds, d, pt));

    /// <summary>Draws the plot as plan (Plan of the same plot) lays it out.</summary>
    public static Axes Draw(Fonts fonts, Rectangle bounds, PlotData d, float pt, FigureLayout plan)
    {
        var gpu = fonts.Renderer;
        var axes = plan.Axes;
        var panel = axes.Panel;

        // the figure's white is the frame's clear (Scene.Clear), the cheapest fill there is
        double[] xt = XTicks(axes, pt), yt = YTicks(axes.YMin, axes.YMax, panel.Height, pt);
        void Still()
        {
            if (gpu.On(Layer.Grid)) GridLines(axes, xt, yt, pt);
            gpu.Regions.Scissor((int)panel.X, (int)panel.Y, (int)panel.Width, (int)panel.Height);
            if (gpu.On(Layer.Data)) gpu.Smooth.Markers(plan.Data, Style.MarkerSize / 2 * pt, Style.MarkerEdge * pt / 2, Style.Marker);
            if (gpu.On(Layer.Trail)) Trail(0);
            EndScissorMode();
        }
        void Trail(int from)
        {
            using (gpu.Smooth.Lines())
                for (int i = from; i < d.Trail.Count; i++)
                {
                    var s = d.Trail[i];
                    double t = s.Epoch / (double)d.TotalEpochs;
                    gpu.Smooth.Polyline(gpu.Paths.Of(axes, s, s.X ?? d.X), Style.LineWidth * pt, Coolwarm.At(t, t));
                }
        }
        // a new snapshot adds its line on top of the others: at max speed that comes every few frames, and drawing
        // only the new line into the kept panel is drawing it all again, in the same order
        bool Added(object old, StillKey now)
        {
            if (old is not StillKey o || o with { Trail = now.Trail } != now || !o.Trail.Begins(now.Trail)) return false;
            gpu.Regions.Scissor((int)panel.X, (int)panel.Y, (int)panel.Width, (int)panel.Height);
            Trail(o.Trail.Count);
            EndScissorMode();
            return true;
        }
        const Layer still = Layer.Background | Layer.Grid | Layer.Data | Layer.Trail;
        if ((gpu.Drawn & still) == still)
            // changed by a snapshot or an edit, seldom: kept from the first frame
        {
            var key = new StillKey(axes, pt, new([.. d.X]), new([.. d.Y]), new([.. d.Trail]), d.TotalEpochs);
            gpu.Regions.Draw(panel, key, Style.Panel, cacheAtOnce: true, Still, old => Added(old, key));
        }
        else
        {
            // a layer drawn alone (the bench's --layers) is drawn as it is, not kept
            if (gpu.On(Layer.Background)) gpu.Fill.Rect(panel, Style.Panel);
            Still();
        }
        if (gpu.On(Layer.Grid))
            using (fonts.Within(bounds)) Ticks(fonts, axes, xt, yt, pt);

        BeginScissorMode((int)panel.X, (int)panel.Y, (int)panel.Width, (int)panel.Height);
        using (gpu.Smooth.Lines())
        {
            if (plan.TrainFit is { } train && gpu.On(Layer.Live))
            {
                gpu.Smooth.Polyline(train, Style.LineWidth * pt * 2.6f, Color.White.Fade(0.7));
                gpu.Smooth.Polyline(train, Style.LineWidth * pt * 1.2f, Style.TrainFit);
            }
            if (plan.Live is { } live && gpu.On(Layer.Live))
            {
                gpu.Smooth.Polyline(live, Style.LineWidth * pt * 2.6f, Color.White.Fade(0.85));
                gpu.Smooth.Polyline(live, Style.LineWidth * pt * 1.2f, Style.Live);
            }
        }
        EndScissorMode();

        // a fit off the chart is said so in words, with the fits it speaks of
        if (gpu.On(Layer.Live)) OffChart.Draw(fonts, axes, OffChart.Notes(d, axes), pt);
        if (gpu.On(Layer.Legend)) Legend.Draw(fonts, plan.Legend, plan.LegendRows, d, pt);
        if (gpu.On(Layer.Grid))
        {
            using var within = fonts.Within(bounds);
            float ts = fonts.Fit(d.Title, Style.TitleSize * pt, bounds.Width - 4 * pt);
            var title = fonts.Measure(d.Title, ts);
            // above the legend's row where it has one
            float y = MathF.Max(bounds.Y, (plan.Legend.Outside ? plan.Legend.Box.Y : panel.Y) - title.Y - 6 * pt);
            fonts.Draw(d.Title, new Vector2(MathF.Max(bounds.X, panel.X + (panel.Width - title.X) / 2), y), ts, Style.Title);
        }
        return axes;
    }

    static double[] XTicks(Axes axes, float pt) =>
        Axes.Ticks(axes.XMin, axes.XMax, Math.Clamp((int)(axes.Panel.Width / (Style.FontSize * pt * 4.5f)), 3, 9));

    static double[] YTicks(double min, double max, float height, float pt) =>
        Axes.Ticks(min, max, Math.Clamp((int)(height / (Style.FontSize * pt * 3f)), 3, 8));

    /// <summary>The plot's layout: the axes, and the legend where it hides least (Legend.Place), inside the panel
    /// or, where every place there hides data or a current fit, in a row above it, which takes its height from the panel.
    /// row (side by side plots, whose panels line up) puts the legend in the row above, at least that tall.</summary>
    public static FigureLayout Plan(Fonts fonts, Rectangle bounds, PlotData d, float pt, float? row = null)
    {
        var gpu = fonts.Renderer;
        var rows = Legend.Rows(d);
        var axes = Layout(fonts, bounds, d, pt, 0);
        var (live, train) = (Fit(axes, d.X, d.Live), Fit(axes, d.X, d.TrainFit));
        var inside = Legend.Inside(fonts, rows, axes.Panel, pt);
        var inAxes = axes;
        // a fit off the chart has its note at the panel's top: the legend then takes the row above
        bool offChart = OffChart.Notes(d, axes).Count > 0;
        int spot = row is not null || offChart ? Legend.OutsideSpot : Legend.Place(gpu, bounds, axes, inside, pt, d, () => Centres(inAxes, d),
            () => Current(gpu, inAxes, d, live, train), () => d.Trail.Select(s => gpu.Paths.Of(inAxes, s, s.X ?? d.X)));
        LegendPlace legend;
        if (spot != Legend.OutsideSpot) legend = Legend.Put(spot, axes.Panel, inside, pt);
        else
        {
            float gap = 4 * pt;
            var above = Legend.Row(fonts, rows, d.TotalEpochs, axes.Panel.X, bounds.Right - gap, pt, row ?? 0);
            axes = Layout(fonts, bounds, d, pt, above.Box.Height + gap);
            legend = above with { Box = above.Box with { Y = axes.Panel.Y - gap - above.Box.Height } };
            (live, train) = (Fit(axes, d.X, d.Live), Fit(axes, d.X, d.TrainFit));
        }
        return new FigureLayout(axes, legend, rows, Centres(axes, d), live, train, Current(gpu, axes, d, live, train), pt);
    }

    static Vector2[] Centres(Axes axes, PlotData d)
    {
        var centres = new Vector2[Math.Min(d.X.Length, d.Y.Length)];
        for (int i = 0; i < centres.Length; i++) centres[i] = axes.ToPixel(d.X[i], d.Y[i]);
        return centres;
    }

    static Vector2[]? Fit(Axes axes, float[] x, float[]? y) => y is null ? null : Paths.Simplify(Paths.ToPixels(axes, x, y));

    /// <summary>The fits the legend keeps clear of: the live ones, or (a finished figure) the last snapshot's.</summary>
    static Vector2[][] Current(Renderer gpu, Axes axes, PlotData d, Vector2[]? live, Vector2[]? train) =>
        live is null && train is null
            ? d.Trail.Count == 0 ? [] : [gpu.Paths.Of(axes, d.Trail[^1], d.Trail[^1].X ?? d.X)]
            : [.. new[] { live, train }.OfType<Vector2[]>()];

    /// <summary>Fixed limits from the data alone (margins as matplotlib's, a little wider in y so fits that
    /// overshoot stay in view): the axes never jump while training. The left margin fits the y labels; legendRow
    /// is the height of a legend's row between the title and the panel.</summary>
    static Axes Layout(Fonts fonts, Rectangle bounds, PlotData d, float pt, float legendRow)
    {
        float fs = Style.FontSize * pt;
        var (xmin, xmax, ymin, ymax) = d.Limits ?? Limits.Of(d.X, d.Y);
        double mx = Math.Max(1e-3, (xmax - xmin) * 0.05), my = Math.Max(1e-3, (ymax - ymin) * 0.12);
        float top = Style.TitleSize * pt * 2.2f + legendRow, bottom = fs + (Style.TickLength + Style.TickPad + 10) * pt, right = 12 * pt;
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
}
