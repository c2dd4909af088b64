using BnLive.App;
using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Native;
using BnLive.Training;
using Xunit.Abstractions;
using static BnLive.Native.Raylib;

namespace BnLive.Tests;

/// <summary>Every string the window draws, recorded with its box by the real fonts on a real (hidden) raylib window:
/// inside the box it belongs to, overlapping no other, its glyphs in the font, and large enough on a projector.</summary>
[Collection("window")]
public class LegibilityTests(ITestOutputHelper output)
{
    static readonly (int W, int H)[] Sizes = [(800, 500), (1280, 720), (1920, 1080), (3840, 2160)];

    /// <summary>The HUD at its fullest: two networks, a gap, recording, saving and paused at once.</summary>
    static HudInfo FullHud(Networks run) => new(run.Epoch, 6000,
        "BN 0.00123 train · 0.04567 predict · gap +0.01234    no BN 0.00234 train · 0.00234 predict",
        1445, 60, "notebook and none (compare)", 1234, "×512", 0.005, 0.99, 100, 16, 12.3, 25.6,
        Paused: true, Done: false, Diverged: false, RecordingFrames: 1199, Saving: true);

    [Fact]
    public void NoTextIsClippedOrOverlapsInAnyViewAndSizeAndEveryGlyphIsInTheFont()
    {
        using var screen = Screen.Open(320, 200, "bnlive legibility", hidden: true);
        using var fonts = new Fonts();
        using var single = Trained(compare: false);
        using var compare = Trained(compare: true);
        var problems = new List<string>();
        int strings = 0;
        foreach (var (w, h) in Sizes)
            foreach (var run in new[] { single, compare })
                for (int panels = 0; panels < 8; panels++)
                {
                    var view = new SceneView(run, (panels & 1) != 0, (panels & 2) != 0, (panels & 4) != 0);
                    string what = $"{w}x{h} {(run.Compare ? "compare" : "single")} loss={view.LossPanel} inside={view.InsidePanel} train={view.TrainVsPredict}";
                    var drawn = Frame(fonts, w, h, view);
                    strings += drawn.Count;
                    Check(fonts, drawn, w, h, what, problems, minPx: w == 1920 ? 18 : 0);
                }
        foreach (var (w, h) in Sizes)
        {
            // the help overlay lies over the plot: its own strings must not clip or overlap
            var drawn = Record(fonts, () => Hud.DrawHelp(fonts, Hud.Areas(w, h, Style.ScaleOf(w, h)).Plot, Style.ScaleOf(w, h), App.Commands.HelpRows(lecture: true).ToArray()));
            Check(fonts, drawn, w, h, $"{w}x{h} help", problems, minPx: w == 1920 ? 18 : 0);
        }
        output.WriteLine($"{strings} strings checked in {Sizes.Length * 16} frames");
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
    }

    [Theory]
    [InlineData("batch-norm.md")]
    [InlineData("what-bn-buys.md")]
    public void EveryCaptionOfTheBuiltInLecturesFitsItsBandAt30PxOnAProjector(string file)
    {
        using var screen = Screen.Open(320, 200, "bnlive legibility", hidden: true);
        using var fonts = new Fonts();
        var lecture = BnLive.Teaching.Lecture.Load(Path.Combine(Repo.Root, "lectures", file));
        var problems = new List<string>();
        foreach (var (w, h) in Sizes)
            for (int k = 0; k < lecture.Steps.Count; k++)
            {
                var step = lecture.Steps[k];
                var caption = new CaptionView($"Step {k + 1}/{lecture.Steps.Count}", step.Title, step.Caption);
                float scale = Style.ScaleOf(w, h), band = CaptionBand.Height(fonts, w, h, caption, scale);
                var (plot, bandArea, bar) = Hud.Areas(w, h, scale, band);
                var drawn = Record(fonts, () => CaptionBand.Draw(fonts, bandArea, caption, h, scale));
                // caption text is 30 px at 1920x1080 (cap height plus descender, as raylib measures it)
                Check(fonts, drawn, w, h, $"{w}x{h} step {k + 1}", problems, minPx: w == 1920 ? 30 : 0);
                // every word is drawn: the step's number, its title, each bullet, each word (code whole)
                int words = 1 + step.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length + step.Caption.Count(p => p.Bullet)
                    + step.Caption.Sum(p => p.Runs.Sum(r => r.Ink == BnLive.Drawing.Ink.Code ? 1 : r.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
                Assert.Equal(words, drawn.Count);
                Assert.True(plot.Height > h * 0.45f, $"{w}x{h} step {k + 1}: the plot keeps most of the window");
            }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
    }

    [Fact]
    public void CodeThatStartsWithADashKeepsItsSpaceAndPunctuationAfterItSticks()
    {
        using var screen = Screen.Open(320, 200, "bnlive legibility", hidden: true);
        using var fonts = new Fonts();
        var caption = new CaptionView("Step 1/1", "Code", BnLive.Teaching.Markup.Paragraphs(["and so does", "`--mode pytorch`, refused."]));
        var (fs, words, _) = CaptionBand.Fit(fonts, 1920, 1080, caption, 1.5f);
        var (does, code, comma) = (words.Single(w => w.Text == "does"), words.Single(w => w.Text == "--mode pytorch"), words.Single(w => w.Text == ","));
        Assert.True(code.At.X - (does.At.X + does.Width) > fs * 0.2f, $"'does' ends at {does.At.X + does.Width}, the code starts at {code.At.X}");
        Assert.InRange(comma.At.X - (code.At.X + code.Width), 0, 1.5f);   // glued: on the next whole pixel
    }

    [Fact]
    public void TheHudDropsItsLeastImportantItemsRatherThanRunningOffScreen()
    {
        using var screen = Screen.Open(320, 200, "bnlive legibility", hidden: true);
        using var fonts = new Fonts();
        using var compare = Trained(compare: true);
        // at scale 1 (1280x720's text) in ever narrower windows, as with --scale 1 or Ctrl+= in a small window
        var kept = new Dictionary<int, List<string>>();
        foreach (var w in new[] { 760, 1000, 1280 })
        {
            var bar = new Rectangle(0, 0, w, Hud.BarHeight(1));
            var drawn = Record(fonts, () => Hud.DrawBar(fonts, bar, FullHud(compare), 1));
            kept[w] = [.. drawn.Select(d => d.Text)];
            output.WriteLine($"{w}: {string.Join(" | ", kept[w])}");
            var problems = new List<string>();
            Check(fonts, drawn, w, (int)bar.Height, $"bar {w} px wide", problems, minPx: 0);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        // what matters most stays at every width; the frame times are the first to go
        foreach (var texts in kept.Values)
        {
            Assert.Contains(texts, t => t.StartsWith("epoch "));
            Assert.Contains(texts, t => t.StartsWith("BN 0.00123 train"));
            Assert.Contains(texts, t => t.StartsWith("no BN 0.00234 train"));
            Assert.Contains("PAUSED", texts);
        }
        Assert.Contains(kept[1280], t => t.StartsWith("per frame"));
        Assert.DoesNotContain(kept[760], t => t.StartsWith("per frame"));
    }

    [Fact]
    public void TextGrowsWithTheScale()
    {
        using var screen = Screen.Open(320, 200, "bnlive legibility", hidden: true);
        using var fonts = new Fonts();
        using var single = Trained(compare: false);
        var view = new SceneView(single, false, false, false);
        float Tallest(int w, int h, float? scale = null) => Frame(fonts, w, h, view, scale).Max(d => d.Box.Height);
        float at720 = Tallest(1280, 720), at1080 = Tallest(1920, 1080), at2160 = Tallest(3840, 2160);
        output.WriteLine($"tallest text: {at720} px at 1280x720, {at1080} at 1920x1080, {at2160} at 3840x2160");
        Assert.InRange(at1080 / at720, 1.4, 1.6);
        Assert.InRange(at2160 / at720, 2.85, 3.15);
        // --scale overrides the size's own
        Assert.InRange(Tallest(1280, 720, 1.5f) / at1080, 0.95, 1.05);
    }

    [Fact]
    public void CtrlPlusAndMinusChangeTheScaleInTheWindowAndTheTextWithIt()
    {
        using var app = new LiveApp(args: ["--speed", "1"]);
        app.Key("h");
        app.WaitFor<Toggled>(e => e is { What: "help", On: false });
        app.Key("space");
        app.WaitFor<Paused>(e => !e.AtSnapshot);
        using var before = app.Screenshot();
        app.Chord("ctrl", "equal");
        app.WaitFor<ScaleChanged>(e => e.Scale == 0.78f);   // 800x500's 0.625 × 1.25, to 2 places
        using var larger = app.Screenshot();
        app.Chord("ctrl", "minus");
        app.WaitFor<ScaleChanged>(e => e.Scale == 0.62f);
        app.Drain();
        Assert.DoesNotContain(app.Seen, l => l.Contains("speed ->"));   // = and - under Ctrl are not the speed keys
        // the HUD bar grows with the scale: the bar's fill (#F7F7F7) at its left edge reaches higher up
        static int BarTop(ImageMagick.MagickImage shot)
        {
            var px = shot.GetPixels().ToByteArray(ImageMagick.PixelMapping.RGB)!;
            int y = (int)shot.Height - 1;
            while (y > 0 && px[((y - 1) * (int)shot.Width + 2) * 3] == 0xF7) y--;
            return y;
        }
        Assert.True(BarTop(larger) < BarTop(before) - 5, $"the bar's top went from {BarTop(before)} to {BarTop(larger)}");
        app.Key("q");
        app.WaitFor<Quit>();
    }

    [Fact]
    public void TheLegendNamesTheSnapshotIntervalFromEpochZero()
    {
        using var screen = Screen.Open(320, 200, "bnlive legibility", hidden: true);
        using var fonts = new Fonts();
        using var run = new Networks(new Settings { Every = 250 }, compare: false);
        fonts.Renderer.Regions.Clear();   // the legend is a cached region: drawn afresh, so that its text is recorded
        var drawn = Frame(fonts, 1920, 1080, new SceneView(run, false, false, false));
        Assert.Contains(drawn, d => d.Text == "predict-mode fit, every 250 epochs");   // not "every N" before the second snapshot
    }

    static Networks Trained(bool compare)
    {
        var run = new Networks(new Settings(), compare) { TrackPredict = true };
        while (run.Epoch < 1200) run.Step();
        return run;
    }

    /// <summary>A window's frame as LiveWindow draws it: the view over the HUD bar, at the size's scale.</summary>
    static List<DrawnText> Frame(Fonts fonts, int w, int h, SceneView view, float? scale = null)
    {
        float s = scale ?? Style.ScaleOf(w, h);
        var (plot, _, bar) = Hud.Areas(w, h, s);
        var live = view.Run.Trainers.Select(t => (float[]?)t.TakeSnapshot(t.Epoch).YPred).ToList();
        var insides = view.NeedsInside ? view.Run.Trainers.Select(t => (Inside?)t.Inspect()).ToList() : null;
        return Record(fonts, () =>
        {
            Scene.Draw(fonts, plot, view, live, insides, s);
            Hud.DrawBar(fonts, bar, FullHud(view.Run), s);
        });
    }

    /// <summary>Every string a drawing draws, in one frame.</summary>
    internal static List<DrawnText> Record(Fonts fonts, Action draw)
    {
        fonts.Recorded = [];
        BeginDrawing();
        draw();
        EndDrawing();
        var drawn = fonts.Recorded;
        fonts.Recorded = null;
        return drawn;
    }

    static void Check(Fonts fonts, List<DrawnText> drawn, int w, int h, string what, List<string> problems, float minPx)
    {
        const float Slack = 0.5f;   // boxes are in whole pixels but may touch
        var screenBox = new Rectangle(0, 0, w, h);
        for (int i = 0; i < drawn.Count; i++)
        {
            var d = drawn[i];
            if (d.Within is not Rectangle within) { problems.Add($"{what}: '{d.Text}' drawn with no box to fit in"); continue; }
            if (!Inside(d.Box, within, Slack) || !Inside(d.Box, screenBox, Slack))
                problems.Add($"{what}: '{d.Text}' at {Show(d.Box)} leaves its box {Show(within)}");
            if (d.Box.Height < minPx) problems.Add($"{what}: '{d.Text}' is {d.Box.Height} px tall, under {minPx}");
            var glyphs = fonts.Glyphs(d.Size);
            foreach (var c in d.Text.Where(c => !glyphs.Contains(c)).Distinct())
                problems.Add($"{what}: '{d.Text}' has U+{(int)c:X4} '{c}', which the font has no glyph for");
            for (int j = 0; j < i; j++)
                if (Overlap(d.Box, drawn[j].Box) > Slack)
                    problems.Add($"{what}: '{d.Text}' {Show(d.Box)} overlaps '{drawn[j].Text}' {Show(drawn[j].Box)}");
        }
    }

    static bool Inside(Rectangle a, Rectangle b, float slack) =>
        a.X >= b.X - slack && a.Y >= b.Y - slack && a.X + a.Width <= b.X + b.Width + slack && a.Y + a.Height <= b.Y + b.Height + slack;

    static float Overlap(Rectangle a, Rectangle b) =>
        MathF.Min(MathF.Max(0, MathF.Min(a.X + a.Width, b.X + b.Width) - MathF.Max(a.X, b.X)),
                  MathF.Max(0, MathF.Min(a.Y + a.Height, b.Y + b.Height) - MathF.Max(a.Y, b.Y)));

    static string Show(Rectangle r) => $"({r.X:0},{r.Y:0} {r.Width:0}x{r.Height:0})";
}
