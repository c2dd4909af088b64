using System.Numerics;
using BnLive.Engine;
using BnLive.Native;
using static BnLive.Native.Raylib;

namespace BnLive.Drawing;

/// <summary>Inside the BN layers at the current epoch, per unit: the pre-activations of all points before BN with
/// the batch's mean ± std beside the global (predict-mode) mean ± std, whose lag is decay's doing; and after BN
/// (γ(h−μ)/σ + β), where every unit's points sit around β with spread γ. For LayerNorm, what it normalises over:
/// before it, per point, the point's units with the point's own mean ± std; after it, per unit, as for BN.</summary>
public static class InsidePanel
{
    public static readonly Color Batch = Color.FromHex("222222"), Global = Color.FromHex("E07B00");
    static readonly Color Points = Color.FromHex("348ABD"), BiasColor = Color.FromHex("C0392B");

    sealed record Key(Rectangle Bounds, float Pt, double Decay, Values<float>? Inside);

    public static void Draw(Fonts fonts, Rectangle bounds, Inside? inside, double decay, float pt)
    {
        // the insides of a paused or finished run: kept once the same frame comes twice
        var key = new Key(bounds, pt, decay, inside is null ? null : new(Flat(inside)));
        fonts.Renderer.Regions.DrawPanel(bounds, key, () => DrawNow(fonts, bounds, inside, decay, pt));
    }

    /// <summary>Every number the panel shows, in one array.</summary>
    static float[] Flat(Inside inside) =>
        [.. inside.Layers.SelectMany(l => new[] { [l.Units], l.Before, l.After, l.BatchMean, l.BatchVar, l.GlobalMean, l.GlobalVar,
            l.Gamma, l.Beta, l.Bias ?? [float.NaN] }.SelectMany(a => a)),
         .. (inside.LayerNorms ?? []).SelectMany(l => new[] { [l.Units], l.Before, l.After, l.PointMean, l.PointVar, l.Gamma, l.Beta }.SelectMany(a => a))];

    static void DrawNow(Fonts fonts, Rectangle bounds, Inside? inside, double decay, float pt)
    {
        using var within = fonts.Within(bounds);
        float fs = Style.FontSize * pt * 0.9f;
        if (inside?.LayerNorms is { Count: > 0 } layerNorms)
        {
            DrawLayerNorm(fonts, bounds, layerNorms, pt);
            return;
        }
        if (inside is null || inside.Layers.Count == 0)
        {
            fonts.Draw("inside BN: this network has no BN layers", new(bounds.X + 10 * pt, bounds.Y + bounds.Height / 2 - fs / 2), fs, Style.Text);
            return;
        }
        // legend line, in smaller text where it would be wider than the panel
        var entries = new[] { ("points", Points), ("batch mean ± std (training)", Batch), ($"global mean ± std (predict, decay {decay:0.###})", Global), ("β ± γ", Batch), ("b: bias before BN", BiasColor) };
        float RowWidth(float size) => 10 * pt + fonts.Measure("inside BN, per unit:", size).X + 12 * pt + entries.Sum(e => 24 * pt + fonts.Measure(e.Item1, size).X);
        float top = fs * 2.2f;   // the strips start below the legend line at its full size
        while (fs > 6 && RowWidth(fs) > bounds.Width) fs = MathF.Floor(fs - 1);
        float x0 = bounds.X + 10 * pt, yl = bounds.Y + top * 0.9f / 2.2f;
        fonts.Draw("inside BN, per unit:", new(x0, yl - fs / 2), fs, Style.Title);
        x0 += fonts.Measure("inside BN, per unit:", fs).X + 12 * pt;
        foreach (var (label, c) in entries)
        {
            DrawRectangleV(new(x0, yl - 3 * pt), new(6 * pt, 6 * pt), c);
            fonts.Draw(label, new(x0 + 10 * pt, yl - fs / 2), fs, Style.Text);
            x0 += 10 * pt + fonts.Measure(label, fs).X + 14 * pt;
        }

        int n = inside.Layers.Count * 2;
        float gap = 8 * pt, w = (bounds.Width - gap * (n + 1)) / n;
        for (int i = 0; i < inside.Layers.Count; i++)
        {
            var l = inside.Layers[i];
            var before = new Rectangle(bounds.X + gap + (2 * i) * (w + gap), bounds.Y + top, w, bounds.Height - top - 4 * pt);
            var after = new Rectangle(before.X + w + gap, before.Y, w, before.Height);
            Strip(fonts, 2 * i, before, $"layer {i + 1}, before BN", l.Before, l.Units,
                [(l.BatchMean, Sqrt(l.BatchVar), Batch, -0.22f), (l.GlobalMean, Sqrt(l.GlobalVar), Global, 0.22f),
                 .. l.Bias is null ? [] : new[] { (l.Bias, new float[l.Units], BiasColor, 0.36f) }], pt);   // b: a tick, no spread
            Strip(fonts, 2 * i + 1, after, $"layer {i + 1}, after BN: γ(h−μ)/σ+β", l.After, l.Units, [(l.Beta, l.Gamma.Select(MathF.Abs).ToArray(), Batch, 0.3f)], pt);
        }
    }

    /// <summary>LayerNorm: before it, a column per point (in the data's order) holding that point's units, with its
    /// own mean ± std over them, the moments LayerNorm normalises with; after it, a column per unit, as for BN.</summary>
    static void DrawLayerNorm(Fonts fonts, Rectangle bounds, IReadOnlyList<LnInside> layers, float pt)
    {
        float fs = Style.FontSize * pt * 0.9f;
        var title = $"inside LayerNorm: each point normalised over its {layers[0].Units} units, by its own mean and std (no batch, no global moments); then γ, β per unit";
        // a hundred bars side by side: translucent, so the units' values still show through them
        var pointBar = Batch.Fade(0.35);
        var entries = new[] { ("units", Points), ("point's mean ± std", pointBar), ("β ± γ", Batch) };
        float RowWidth(float size) => 10 * pt + fonts.Measure(title, size).X + 12 * pt + entries.Sum(e => 24 * pt + fonts.Measure(e.Item1, size).X);
        float top = fs * 2.2f;
        while (fs > 6 && RowWidth(fs) > bounds.Width) fs = MathF.Floor(fs - 1);
        float x0 = bounds.X + 10 * pt, yl = bounds.Y + top * 0.9f / 2.2f;
        fonts.Draw(title, new(x0, yl - fs / 2), fs, Style.Title);
        x0 += fonts.Measure(title, fs).X + 12 * pt;
        foreach (var (label, c) in entries)
        {
            DrawRectangleV(new(x0, yl - 3 * pt), new(6 * pt, 6 * pt), c);
            fonts.Draw(label, new(x0 + 10 * pt, yl - fs / 2), fs, Style.Text);
            x0 += 10 * pt + fonts.Measure(label, fs).X + 14 * pt;
        }
        int n = layers.Count * 2;
        float gap = 8 * pt, w = (bounds.Width - gap * (n + 1)) / n;
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i];
            var before = new Rectangle(bounds.X + gap + (2 * i) * (w + gap), bounds.Y + top, w, bounds.Height - top - 4 * pt);
            var after = new Rectangle(before.X + w + gap, before.Y, w, before.Height);
            // columns are points here: the values transposed to [unit][point]
            var byPoint = new float[l.Units * l.Points];
            for (int p = 0; p < l.Points; p++)
                for (int u = 0; u < l.Units; u++) byPoint[u * l.Points + p] = l.Before[p * l.Units + u];
            Strip(fonts, 2 * i, before, $"layer {i + 1}, before LN: per point (data order), its units", byPoint, l.Points,
                [(l.PointMean, Sqrt(l.PointVar), pointBar, 0f)], pt);
            Strip(fonts, 2 * i + 1, after, $"layer {i + 1}, after LN, per unit: γ(h−μ)/σ+β", l.After, l.Units,
                [(l.Beta, l.Gamma.Select(MathF.Abs).ToArray(), Batch, 0.3f)], pt);
        }
    }

    static float[] Sqrt(float[] v) => v.Select(x => MathF.Sqrt(MathF.Max(x, 0))).ToArray();

    /// <summary>One small plot: a column per unit with every point's value, and centre ± spread bars beside it.</summary>
    static void Strip(Fonts fonts, int slot, Rectangle r, string title, float[] values, int units,
        (float[] Centre, float[] Spread, Color Color, float Offset)[] bars, float pt)
    {
        var gpu = fonts.Renderer;
        float fs = Style.FontSize * pt * 0.85f;
        double lo = double.MaxValue, hi = double.MinValue;
        foreach (var v in values) if (float.IsFinite(v)) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        foreach (var (c, s, _, _) in bars)
            for (int u = 0; u < units; u++)
                if (float.IsFinite(c[u] - s[u]) && float.IsFinite(c[u] + s[u])) { lo = Math.Min(lo, c[u] - s[u]); hi = Math.Max(hi, c[u] + s[u]); }
        if (lo >= hi) (lo, hi) = (lo - 1, lo + 1);
        double pad = (hi - lo) * 0.06;
        float height = r.Height - fs * 1.4f;
        int target = Math.Clamp((int)(height / (fs * 2.5f)), 2, 6);
        var yt = Axes.Ticks(lo - pad, hi + pad, target);
        // three ticks at least, where their labels fit: a lone "0" gives no scale to read a mean against a std by
        for (int more = target + 1; yt.Length < 3 && more <= 24; more++)
        {
            var finer = Axes.Ticks(lo - pad, hi + pad, more);
            if (finer.Length > 1 && height * (finer[1] - finer[0]) / (hi - lo + 2 * pad) < fs * 1.3f) break;
            yt = finer;
        }
        var yl = Axes.Labels(yt);
        float left = yl.Append("−0.0").Max(l => fonts.Measure(l, fs).X) + 6 * pt;
        var panel = new Rectangle(r.X + left, r.Y + fs * 1.4f, r.Width - left, height);
        var axes = new Axes(panel, -0.5, units - 0.5, lo - pad, hi + pad);
        gpu.Fill.Rect(panel, Style.Panel);
        using (fonts.Within(r)) fonts.Draw(title, new(MathF.Max(r.X, MathF.Min(panel.X, r.Right - fonts.Measure(title, fs).X)), r.Y), fonts.Fit(title, fs, r.Width), Style.Title);
        for (int i = 0; i < yt.Length; i++)
        {
            float y = axes.ToPixel(0, yt[i]).Y;
            DrawLineEx(new(panel.X, y), new(panel.Right, y), Style.GridWidth * pt, Style.Grid);
            var size = fonts.Measure(yl[i], fs);
            // the lowest and highest labels stay inside the strip rather than centre on a tick at its very edge
            using (fonts.Within(r)) fonts.Draw(yl[i], new(panel.X - size.X - 3 * pt, Math.Clamp(y - size.Y / 2, r.Y, r.Bottom - size.Y)), fs, Style.Text);
        }
        gpu.Regions.Scissor((int)panel.X, (int)panel.Y, (int)panel.Width, (int)panel.Height);
        float dot = MathF.Max(1.5f, 1.6f * pt), colW = panel.Width / units;
        int rows = values.Length / units;
        var corners = new Vector2[rows * units];
        for (int p = 0; p < rows; p++)
        {
            // a fixed jitter per point, so the columns read as clouds and do not flicker between frames
            float jitter = ((p * 37) % rows / (float)rows - 0.5f) * 0.3f;
            for (int u = 0; u < units; u++)
                corners[p * units + u] = axes.ToPixel(u + jitter - 0.12f, values[p * units + u]) - new Vector2(dot / 2);
        }
        gpu.Fill.SquaresAsPicture(slot, panel, corners, dot, Points.Fade(0.25));
        foreach (var (centre, spread, color, offset) in bars)
            for (int u = 0; u < units; u++)
            {
                if (!float.IsFinite(centre[u]) || !float.IsFinite(spread[u])) continue;
                var a = axes.ToPixel(u + offset, centre[u] - spread[u]);
                var b = axes.ToPixel(u + offset, centre[u] + spread[u]);
                var m = axes.ToPixel(u + offset, centre[u]);
                float th = MathF.Max(1, 1.2f * pt), cap = MathF.Min(colW * 0.12f, 4 * pt);
                DrawLineEx(a, b, th, color);
                DrawLineEx(new(m.X - cap, m.Y), new(m.X + cap, m.Y), th * 2, color);
            }
        EndScissorMode();
    }
}
