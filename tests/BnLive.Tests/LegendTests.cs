using System.Numerics;
using BnLive.App;
using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Native;
using BnLive.Recording;
using BnLive.Training;
using Xunit.Abstractions;
using static BnLive.Native.Raylib;

namespace BnLive.Tests;

/// <summary>The plot's legend hides neither the data nor the current fit: in the figure's layout (where Figure.Draw
/// puts the legend, the points and the fits) for every view and size, and in the pixels drawn.</summary>
[Collection("window")]
public class LegendTests(ITestOutputHelper output)
{
    static readonly (int W, int H)[] Sizes = [(800, 500), (1280, 720), (1920, 1080), (3840, 2160)];
    static readonly int[] Epochs = [0, 1200, 6000];

    [Fact]
    public void NoDataPointAndNoPixelOfTheCurrentFitLiesUnderTheLegendInAnyViewSizeOrEpoch()
    {
        using var screen = Screen.Open(320, 200, "bnlive legend", hidden: true);
        using var fonts = new Fonts();
        var lecture = BnLive.Teaching.Lecture.Load(Path.Combine(Repo.Root, "lectures", "batch-norm.md"));
        var caption = lecture.Steps.Select((s, k) => new CaptionView($"Step {k + 1}/{lecture.Steps.Count}", s.Title, s.Caption))
            .MaxBy(c => CaptionBand.Height(fonts, 1920, 1080, c, 1.5f))!;
        var problems = new List<string>();
        int layouts = 0, outside = 0;
        foreach (var compare in new[] { false, true })
        {
            using var run = new Networks(new Settings { Seed = 1 }, compare);
            foreach (var epoch in Epochs)
            {
                while (run.Epoch < epoch) run.Step();
                var live = run.Trainers.Select(t => (float[]?)t.TakeSnapshot(t.Epoch).YPred).ToList();
                var insides = run.Trainers.Select(t => (Inside?)t.Inspect()).ToList();
                foreach (var (w, h) in Sizes)
                    for (int panels = 0; panels < 8; panels++)
                        foreach (var lectureStep in new[] { false, true })
                        {
                            // the window's plot area, and a lecture's with its tallest caption band under the plots
                            var view = new SceneView(run, (panels & 1) != 0, (panels & 2) != 0, (panels & 4) != 0);
                            float scale = Style.ScaleOf(w, h);
                            var (plot, _, _) = Hud.Areas(w, h, scale, lectureStep ? CaptionBand.Height(fonts, w, h, caption, scale) : 0);
                            string what = $"{w}x{h} epoch {epoch} {(compare ? "compare" : "single")} loss={view.LossPanel} inside={view.InsidePanel} " +
                                $"train={view.TrainVsPredict}{(lectureStep ? " under a caption" : "")}";
                            var model = Scene.Model(view, live, view.NeedsInside ? insides : null);
                            foreach (var (layout, i) in Scene.Layouts(fonts, plot, model, scale).Select((l, i) => (l, i)))
                            {
                                layouts++;
                                if (layout.Legend.Outside) outside++;
                                problems.AddRange(Hidden(layout).Select(p => $"{what}, plot {i + 1}: {p}"));
                            }
                        }
            }
        }
        output.WriteLine($"{layouts} plots checked, the legend above the panel in {outside}");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30)));
        Assert.True(outside < layouts, "the legend stays inside where a place is free");
    }

    /// <summary>What the legend hides in a layout: data points whose centre lies in its box, and points of a
    /// current fit whose drawn pixels (the white halo around the black line, and a pixel of smoothing) reach a
    /// pixel the box touches. An outside legend must lie above the panel.</summary>
    static IEnumerable<string> Hidden(FigureLayout l)
    {
        var b = l.Legend.Box;
        var box = new Rectangle(MathF.Floor(b.X), MathF.Floor(b.Y), MathF.Ceiling(b.Right) - MathF.Floor(b.X), MathF.Ceiling(b.Bottom) - MathF.Floor(b.Y));
        var panel = l.Axes.Panel;
        if (l.Legend.Outside && b.Bottom > panel.Y) yield return $"the legend's row {Show(b)} reaches into the panel {Show(panel)}";
        int points = l.Data.Count(p => p.X >= box.X && p.X <= box.Right && p.Y >= box.Y && p.Y <= box.Bottom && panel.Contains(p));
        if (points > 0) yield return $"{points} data points under the legend {Show(b)}";
        float reach = Style.LineWidth * l.Pt * 2.6f / 2 + 0.5f;
        foreach (var fit in l.Current)
        {
            int near = 0;
            for (int s = 1; s < fit.Length; s++)
            {
                // along the segment every quarter pixel, inside the panel (the fit is drawn through its scissor)
                var (a, d) = (fit[s - 1], fit[s] - fit[s - 1]);
                int steps = Math.Max(1, (int)MathF.Ceiling(d.Length() * 4));
                for (int k = 0; k <= steps; k++)
                {
                    var p = a + d * (k / (float)steps);
                    if (panel.Contains(p) && Distance(p, box) <= reach) { near++; break; }
                }
            }
            if (near > 0) yield return $"{near} segments of a current fit under the legend {Show(b)}";
        }
    }

    static float Distance(Vector2 p, Rectangle r) =>
        new Vector2(MathF.Max(0, MathF.Max(r.X - p.X, p.X - r.Right)), MathF.Max(0, MathF.Max(r.Y - p.Y, p.Y - r.Bottom))).Length();

    /// <summary>The drawn pixels: the legend's own (a frame with it against one without) lie in its layout's box, and
    /// a frame of the points and the fits alone has nothing but the figure's white there.</summary>
    [Theory]
    [InlineData(false, 0, 0)]                       // lecture step 1: the untrained fit, paused
    [InlineData(false, 6000, 0)]                    // lecture step 3: the notebook's BN trained
    [InlineData(true, 1200, 7)]                     // compare with every panel
    public void TheDrawnLegendCoversNoPixelOfTheDataOrTheCurrentFit(bool compare, int epoch, int panels)
    {
        const int W = 1920, H = 1080;
        using var screen = Screen.Open(W, H, "bnlive legend", hidden: true);
        using var fonts = new Fonts();
        using var run = new Networks(new Settings { Seed = 1 }, compare);
        while (run.Epoch < epoch) run.Step();
        var view = new SceneView(run, (panels & 1) != 0, (panels & 2) != 0, (panels & 4) != 0);
        var live = run.Trainers.Select(t => (float[]?)t.TakeSnapshot(t.Epoch).YPred).ToList();
        var model = Scene.Model(view, live, view.NeedsInside ? run.Trainers.Select(t => (Inside?)t.Inspect()).ToList() : null);
        var bounds = new Rectangle(0, 0, W, H);
        float scale = Style.ScaleOf(W, H);
        Frame Drawn(Layer layers) => screen.Capture(() =>
        {
            fonts.Renderer.Drawn = layers;
            try
            {
                Scene.Clear();
                Scene.Draw(fonts, bounds, model, scale);
            }
            finally { fonts.Renderer.Drawn = Layer.All; }
        });
        var all = Drawn(Layer.All);
        var noLegend = Drawn(Layer.All & ~Layer.Legend);
        var pointsAndFits = Drawn(Layer.Data | Layer.Live);
        var layouts = Scene.Layouts(fonts, bounds, model, scale);
        var boxes = layouts.Select(l => l.Legend.Box)
            .Select(b => (X0: (int)MathF.Floor(b.X), Y0: (int)MathF.Floor(b.Y), X1: (int)MathF.Ceiling(b.Right), Y1: (int)MathF.Ceiling(b.Bottom))).ToList();
        // the plots the legend layer draws in: from a legend's box (above the panel, or in it) to the panel's bottom
        var plots = layouts.Select(l => (X0: (int)MathF.Floor(MathF.Min(l.Axes.Panel.X, l.Legend.Box.X)), Y0: (int)MathF.Floor(MathF.Min(l.Axes.Panel.Y, l.Legend.Box.Y)),
            X1: (int)MathF.Ceiling(MathF.Max(l.Axes.Panel.Right, l.Legend.Box.Right)), Y1: (int)MathF.Ceiling(l.Axes.Panel.Bottom))).ToList();
        static bool Differ(Frame a, Frame b, int k) => a.Rgba[k] != b.Rgba[k] || a.Rgba[k + 1] != b.Rgba[k + 1] || a.Rgba[k + 2] != b.Rgba[k + 2];
        var white = Frame(W, H, Style.Figure);
        int legendPixels = 0, outsideBoxes = 0, underLegend = 0;
        var firstOutside = (X: -1, Y: -1);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
            {
                int k = (y * W + x) * 4;
                bool inBox = boxes.Any(b => x >= b.X0 && x < b.X1 && y >= b.Y0 && y < b.Y1);
                if (Differ(all, noLegend, k) && plots.Any(b => x >= b.X0 && x < b.X1 && y >= b.Y0 && y < b.Y1))
                {
                    legendPixels++;
                    if (!inBox && outsideBoxes++ == 0) firstOutside = (x, y);
                }
                if (inBox && Differ(pointsAndFits, white, k)) underLegend++;
            }
        output.WriteLine($"{legendPixels} pixels of the legend; boxes {string.Join(", ", layouts.Select(l => Show(l.Legend.Box)))}" +
            $"{(layouts.Any(l => l.Legend.Outside) ? " (above the panel)" : "")}");
        Assert.True(legendPixels > 1000, "the legend is drawn");
        Assert.True(outsideBoxes == 0, $"{outsideBoxes} pixels of the legend lie outside its layout's box, first at {firstOutside}");
        Assert.True(underLegend == 0, $"{underLegend} pixels under the legend's box show a point or a fit");
        Assert.True(layouts.All(l => l.Current.Count > 0), "each plot has a current fit to keep clear of");
    }

    static Frame Frame(int w, int h, Color c)
    {
        var rgba = new byte[w * h * 4];
        for (int k = 0; k < rgba.Length; k += 4) (rgba[k], rgba[k + 1], rgba[k + 2], rgba[k + 3]) = (c.R, c.G, c.B, 255);
        return new Frame(w, h, rgba);
    }

    static string Show(Rectangle r) => $"({r.X:0},{r.Y:0} {r.Width:0}x{r.Height:0})";
}
