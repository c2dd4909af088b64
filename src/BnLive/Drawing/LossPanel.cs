using System.Numerics;
using BnLive.Native;
using static BnLive.Native.Raylib;

namespace BnLive.Drawing;

/// <summary>One network's losses for the loss panel: training loss every epoch, predict-mode loss where sampled.</summary>
public sealed record LossSeries(string Name, Color Color, IReadOnlyList<float> Train, IReadOnlyList<(int Epoch, float Loss)> Predict);

/// <summary>Training and predict-mode loss against the epoch on a log scale, in the ggplot look. The data is kept
/// whole; drawing decimates it to one point per pixel column (the mean of log10 over the column), so 6000 or
/// 600,000 epochs cost the same to draw.</summary>
public static class LossPanel
{
    public static readonly Color Bn = Color.FromHex("E24A33"), NoBn = Color.FromHex("348ABD");   // ggplot's first two colours

    sealed record Shown(LossSeries Series, int Train, float LastTrain, int Predict);
    sealed record Key(Rectangle Bounds, float Pt, int TotalEpochs, int Epoch, Values<Shown> Series);

    public static void Draw(Fonts fonts, Rectangle bounds, IReadOnlyList<LossSeries> series, int totalEpochs, int epoch, float pt)
    {
        // the losses of a paused or finished run: kept once the same frame comes twice
        var key = new Key(bounds, pt, totalEpochs, epoch, new([.. series.Select(s => new Shown(s, s.Train.Count, s.Train.Count > 0 ? s.Train[^1] : 0, s.Predict.Count))]));
        fonts.Renderer.Regions.DrawPanel(bounds, key, () => DrawNow(fonts, bounds, series, totalEpochs, epoch, pt));
    }

    static void DrawNow(Fonts fonts, Rectangle bounds, IReadOnlyList<LossSeries> series, int totalEpochs, int epoch, float pt)
    {
        var gpu = fonts.Renderer;
        using var within = fonts.Within(bounds);
        float fs = Style.FontSize * pt * 0.9f;
        var (lo, hi) = Decades(series);
        float left = fonts.Measure("10" + Superscript(Math.Abs(lo) > Math.Abs(hi) ? lo : hi), fs).X + 10 * pt, bottom = fs * 2.6f, top = fs * 1.8f;
        var panel = new Rectangle(bounds.X + left, bounds.Y + top, bounds.Width - left - 12 * pt, bounds.Height - top - bottom);
        var axes = new Axes(panel, 0, totalEpochs, lo, hi);
        gpu.Fill.Rect(panel, Style.Panel);

        // every decade gets a grid line; labels skip decades where the panel is too short for all of them
        int labelEvery = Math.Max(1, (int)Math.Ceiling((hi - lo + 1) * fs * 1.3f / Math.Max(1, panel.Height)));
        for (int d = lo; d <= hi; d++)
        {
            float y = axes.ToPixel(0, d).Y;
            DrawLineEx(new(panel.X, y), new(panel.Right, y), Style.GridWidth * pt, Style.Grid);
            if ((d - lo) % labelEvery != 0) continue;
            string label = "10" + Superscript(d);
            var size = fonts.Measure(label, fs);
            fonts.Draw(label, new(panel.X - size.X - 5 * pt, y - size.Y / 2), fs, Style.Text);
        }
        var xt = Axes.Ticks(0, totalEpochs, Math.Clamp((int)(panel.Width / (fs * 6)), 2, 8));
        var xl = Axes.Labels(xt);
        for (int i = 0; i < xt.Length; i++)
        {
            float x = axes.ToPixel(xt[i], 0).X;
            DrawLineEx(new(x, panel.Y), new(x, panel.Bottom), Style.GridWidth * pt, Style.Grid);
            var size = fonts.Measure(xl[i], fs);
            // the last label ends at the panel's edge rather than past the figure's
            fonts.Draw(xl[i], new(MathF.Min(x - size.X / 2, bounds.Right - size.X - 2 * pt), panel.Bottom + 3 * pt), fs, Style.Text);
        }
        fonts.Draw("epoch", new(panel.Right - fonts.Measure("epoch", fs).X, panel.Bottom + 3 * pt + fs * 1.2f), fs, Style.Text);

        // a point per pixel column, or per half a line's width where lines are wider than 2 px: detail finer
        // than half the line does not show
        int columns = Math.Max(1, (int)(panel.Width / MathF.Max(1, Style.LineWidth * pt / 2)));
        gpu.LossCurves.Draw(axes, series, columns, totalEpochs, Style.LineWidth * pt).Show();
        gpu.Regions.Scissor((int)panel.X, (int)panel.Y, (int)panel.Width + 1, (int)panel.Height + 1);
        float xe = axes.ToPixel(epoch, 0).X;
        DrawLineEx(new(xe, panel.Y), new(xe, panel.Bottom), 1.2f * pt, Style.Live.Fade(0.6));
        EndScissorMode();

        // legend along the top: solid training loss, faint predict-mode loss, one colour per network; smaller
        // text where the row would be wider than the panel
        var entries = series.SelectMany(s => new[] { ($"{s.Name} training", s.Color), ($"{s.Name} predict-mode", s.Color.Fade(0.45)) }).ToList();
        float RowWidth(float size) => fonts.Measure("loss (log scale):", size).X + 10 * pt + entries.Sum(e => 34 * pt + fonts.Measure(e.Item1, size).X);
        while (fs > 6 && RowWidth(fs) > bounds.Right - panel.X) fs = MathF.Floor(fs - 1);
        float x0 = panel.X, yl = bounds.Y + top / 2;
        fonts.Draw("loss (log scale):", new(x0, yl - fs / 2), fs, Style.Title);
        x0 += fonts.Measure("loss (log scale):", fs).X + 10 * pt;
        foreach (var (label, c) in entries)
        {
            DrawLineEx(new(x0, yl), new(x0 + 18 * pt, yl), Style.LineWidth * pt * 1.4f, c);
            fonts.Draw(label, new(x0 + 22 * pt, yl - fs / 2), fs, Style.Text);
            x0 += 22 * pt + fonts.Measure(label, fs).X + 12 * pt;
        }
    }

    sealed record Drawn(Axes Axes, int Columns, int TotalEpochs, float Width, (LossSeries Series, int Train, float LastTrain, int Predict)[] Data,
        Vector2[][] Paths)
    {
        bool Same(Axes axes, IReadOnlyList<LossSeries> series, int columns, int totalEpochs, float width) =>
            Axes == axes && Columns == columns && TotalEpochs == totalEpochs && Width == width && Data.Length == series.Count
            && Data.Zip(series).All(p => p.First.Series == p.Second);

        public bool Shows(Axes axes, IReadOnlyList<LossSeries> series, int columns, int totalEpochs, float width) =>
            Same(axes, series, columns, totalEpochs, width) && Data.Zip(series).All(p => p.First.Train == p.Second.Train.Count
                && p.First.Predict == p.Second.Predict.Count && (p.First.Train == 0 || p.First.LastTrain.Equals(p.Second.Train[^1])));

        /// <summary>Only losses were added since: what was drawn is still a beginning of every curve.</summary>
        public bool GrewInto(Axes axes, IReadOnlyList<LossSeries> series, int columns, int totalEpochs, float width) =>
            Same(axes, series, columns, totalEpochs, width) && Data.Zip(series).All(p => p.First.Train <= p.Second.Train.Count
                && p.First.Predict <= p.Second.Predict.Count && (p.First.Train == 0 || p.First.LastTrain.Equals(p.Second.Train[p.First.Train - 1])));
    }

    /// <summary>What the loss panel keeps from frame to frame, held by the renderer: the curves' picture, what it
    /// shows, and Decimate's sums.</summary>
    internal sealed class Curves : IDisposable
    {
        readonly Picture curves = new();
        Drawn? drawn;
        readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, Sums> sums = [];

        public void Dispose() => curves.Dispose();

        /// <summary>The loss curves as a picture of the panel's pixels (one textured quad a band instead of two
        /// triangles a point). Between frames of a paused or finished run nothing is computed again; while training,
        /// only the columns from the first point that moved on (the last column's mean, new columns).</summary>
        public Picture Draw(Axes axes, IReadOnlyList<LossSeries> series, int columns, int totalEpochs, float width)
        {
            if (drawn?.Shows(axes, series, columns, totalEpochs, width) == true) return curves;
            var paths = series.SelectMany(s => new[]
            {
                Decimate(axes, columns, totalEpochs, s.Predict, s.Predict.Count, i => s.Predict[i]),
                Decimate(axes, columns, totalEpochs, s.Train, s.Train.Count, i => (i, s.Train[i])),
            }).ToArray();
            int from = 0;
            if (drawn?.GrewInto(axes, series, columns, totalEpochs, width) == true)
            {
                // a pixel left of the first moved point's predecessor, less the line's reach, keeps what it shows
                float reach = MathF.Max(width, 1) / 2 + 0.5f;
                from = curves.Width;
                for (int k = 0; k < paths.Length; k++)
                {
                    var (now, was) = (paths[k], drawn.Paths[k]);
                    int m = now.AsSpan().CommonPrefixLength(was);
                    if (m == now.Length && m == was.Length) continue;
                    from = Math.Min(from, (int)MathF.Floor(now[Math.Max(m - 1, 0)].X - curves.X - reach) - 1);
                }
                curves.ClearColumns(from);
            }
            else
            {
                var p = axes.Panel;
                curves.Reset((int)p.X, (int)p.Y, (int)p.Width + 1, (int)p.Height + 1);   // the pixels the panel's scissor keeps
            }
            for (int k = 0; k < paths.Length; k++)
                curves.Polyline(paths[k], width, k % 2 == 0 ? series[k / 2].Color.Fade(0.45) : series[k / 2].Color, Math.Max(from, 0));
            drawn = new Drawn(axes, columns, totalEpochs, width,
                [.. series.Select(s => (s, s.Train.Count, s.Train.Count > 0 ? s.Train[^1] : 0, s.Predict.Count))], paths);
            return curves;
        }

        /// <summary>Decimate's sums for one list of losses: a frame adds only the epochs since the last one, where
        /// taking a log10 of every epoch every frame grows with the run.</summary>
        sealed class Sums
        {
            public int Columns, TotalEpochs, Done;
            public (int Epoch, float Loss) Last;
            public readonly List<(int Column, double Sum, double EpochSum, int Count)> Cols = [];
        }

        /// <summary>One point per column (a pixel or more wide): the mean of log10(loss) over the epochs that fall in it.
        /// The sums run in the epochs' order whether kept from frame to frame or not, so the points are the same.</summary>
        Vector2[] Decimate(Axes axes, int columns, int totalEpochs, object list, int length, Func<int, (int Epoch, float Loss)> at)
        {
            var s = sums.GetValue(list, _ => new Sums());
            if (s.Columns != columns || s.TotalEpochs != totalEpochs || length < s.Done || (s.Done > 0 && at(s.Done - 1) != s.Last))
            {
                (s.Columns, s.TotalEpochs, s.Done) = (columns, totalEpochs, 0);
                s.Cols.Clear();
            }
            for (int i = s.Done; i < length; i++)
            {
                var (e, l) = at(i);
                if (!float.IsFinite(l) || l <= 0) continue;
                int c = (int)((long)e * columns / Math.Max(1, totalEpochs));
                if (s.Cols.Count == 0 || s.Cols[^1].Column != c) s.Cols.Add((c, 0, 0, 0));
                var (_, sum, epochSum, count) = s.Cols[^1];
                s.Cols[^1] = (c, sum + Math.Log10(l), epochSum + e, count + 1);
            }
            (s.Done, s.Last) = (length, length > 0 ? at(length - 1) : default);
            var pts = new Vector2[s.Cols.Count];
            for (int k = 0; k < pts.Length; k++)
            {
                var (_, sum, epochSum, count) = s.Cols[k];
                pts[k] = axes.ToPixel(epochSum / count, sum / count);
            }
            return pts;
        }
    }

    /// <summary>Whole decades around every finite loss, at least one decade tall.</summary>
    static (int Lo, int Hi) Decades(IReadOnlyList<LossSeries> series)
    {
        double min = double.MaxValue, max = double.MinValue;
        foreach (var s in series)
        {
            foreach (var l in s.Train) if (float.IsFinite(l) && l > 0) { min = Math.Min(min, l); max = Math.Max(max, l); }
            foreach (var (_, l) in s.Predict) if (float.IsFinite(l) && l > 0) { min = Math.Min(min, l); max = Math.Max(max, l); }
        }
        if (min > max) return (-3, 0);
        int lo = (int)Math.Floor(Math.Log10(Math.Max(min, 1e-9))), hi = (int)Math.Ceiling(Math.Log10(Math.Min(max, 1e9)));
        return (lo, Math.Max(hi, lo + 1));
    }

    static string Superscript(int n) =>
        string.Concat(n.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => c == '-' ? '⁻' : "⁰¹²³⁴⁵⁶⁷⁸⁹"[c - '0']));
}
