using System.Numerics;
using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Native;
using BnLive.Recording;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.Tests;

/// <summary>The cheaper ways of drawing (pictures computed on the CPU, regions kept in render textures) against
/// the plain way, on a real hidden raylib window: the same pixels, and drawn again when what they show changes.</summary>
[Collection("window")]
public class DrawingTests
{
    const int W = 400, H = 300;

    /// <summary>Channel values of a and b that differ by more than tolerance, inside [x0, x1) × [y0, y1).</summary>
    static int Differing(Frame a, Frame b, int tolerance, int x0 = 0, int y0 = 0, int x1 = W, int y1 = H)
    {
        int n = 0;
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++)
                for (int c = 0; c < 3; c++)
                    if (Math.Abs(a.Rgba[(y * a.Width + x) * 4 + c] - b.Rgba[(y * a.Width + x) * 4 + c]) > tolerance) n++;
        return n;
    }

    [Fact]
    public void APicturesPolylineHasThePixelsOfTheLineShader()
    {
        using var screen = Screen.Open(W, H, "bnlive drawing", hidden: true);
        // a translucent line through the whole region and past it, so neither end shows (their caps differ)
        Vector2[] line = [new(-40, 60.3f), new(180.6f, 170.2f), new(440, 120.7f)];
        var color = LossPanel.Bn.Fade(0.45);
        using var gpu = new Renderer();
        var shader = screen.Capture(() =>
        {
            ClearBackground(Style.Panel);
            BeginScissorMode(0, 0, W, H);
            using (gpu.Smooth.Lines()) gpu.Smooth.Polyline(line, 4.5f, color);
            EndScissorMode();
        });
        using var picture = new Picture();
        var cpu = screen.Capture(() =>
        {
            ClearBackground(Style.Panel);
            picture.Reset(0, 0, W, H);
            picture.Polyline(line, 4.5f, color);
            picture.Show();
        });
        // the straight runs agree to rounding; around the joint the mitre and the round join differ
        int far = Differing(shader, cpu, 3, 0, 0, 150, H) + Differing(shader, cpu, 3, 215, 0, W, H);
        Assert.True(far == 0, $"{far} channel values differ by more than 3 away from the joint");
        Assert.True(Differing(Frame(screen, Style.Panel), cpu, 10) > 1000, "the picture draws the line");
    }

    [Fact]
    public void ATranslucentPolylineIsNoDarkerWhereItsSegmentsMeetOrCrossBack()
    {
        var picture = new Picture();
        picture.Reset(0, 0, 100, 100);
        // a zig-zag whose segments overlap near every turn, as a noisy loss curve's do
        Vector2[] zigzag = [.. Enumerable.Range(0, 40).Select(i => new Vector2(5 + i * 2.25f, i % 2 == 0 ? 20 : 80))];
        var color = LossPanel.Bn.Fade(0.45);
        picture.Polyline(zigzag, 4.5f, color);
        int most = 0;
        for (int p = 0; p < 100 * 100; p++) most = Math.Max(most, picture.Rgba[4 * p + 3]);
        Assert.Equal(color.A, most);
    }

    [Fact]
    public void AKeptLossPanelIsTheDrawnOneAndANewLossDrawsItAgain()
    {
        using var screen = Screen.Open(W, H, "bnlive drawing", hidden: true);
        using var fonts = new Fonts();
        var train = Enumerable.Range(0, 300).Select(i => 1f / (1 + i) * (1 + 0.3f * MathF.Sin(i))).ToList();
        var predict = Enumerable.Range(0, 30).Select(i => (i * 10, 2f / (1 + i * 10))).ToList();
        var series = new[] { new LossSeries("BN", LossPanel.Bn, train, predict) };
        Frame Panel() => screen.Capture(() =>
        {
            ClearBackground(Style.Figure);
            LossPanel.Draw(fonts, new Rectangle(0, 0, W, H), series, 600, train.Count, 2.672f);
        });
        var drawn = Panel();       // drawn directly: the first time this panel is seen
        var kept = Panel();        // the same panel again: drawn into its texture, then copied
        var copied = Panel();      // copied only
        Assert.Equal(0, Differing(drawn, kept, 2));
        Assert.Equal(0, Differing(drawn, copied, 2));
        train.Add(1e-3f);          // training moved on: the panel shows the new loss
        Assert.True(Differing(copied, Panel(), 10) > 0, "a new loss is drawn");
    }

    [Fact]
    public void LossCurvesDrawnAsTrainingGoesAreTheCurvesDrawnAtOnce()
    {
        using var screen = Screen.Open(W, H, "bnlive drawing", hidden: true);
        using var fonts = new Fonts();
        var all = Enumerable.Range(0, 600).Select(i => 1f / (1 + i) * (1 + 0.3f * MathF.Sin(i))).ToList();
        var train = all.Take(100).ToList();
        var predict = new List<(int, float)>();
        Frame Panel(List<float> t, List<(int, float)> p) => screen.Capture(() =>
        {
            ClearBackground(Style.Figure);
            LossPanel.Draw(fonts, new Rectangle(0, 0, W, H), [new LossSeries("BN", LossPanel.Bn, t, p)], 600, t.Count, 2.672f);
        });
        var grown = Panel(train, predict);
        while (train.Count < all.Count)
        {
            // a few epochs a frame, the predict-mode loss every tenth, as the window trains
            for (int e = 0; e < 7 && train.Count < all.Count; e++)
            {
                if (train.Count % 10 == 0) predict.Add((train.Count, 2 * all[train.Count]));
                train.Add(all[train.Count]);
            }
            grown = Panel(train, predict);
        }
        var atOnce = Panel([.. train], [.. predict]);   // other lists: nothing drawn before is reused
        Assert.Equal(0, Differing(grown, atOnce, 0));
    }

    [Fact]
    public void AKeptPlotPanelFollowsAPointMovedInPlace()
    {
        using var screen = Screen.Open(W, H, "bnlive drawing", hidden: true);
        using var fonts = new Fonts();
        using var run = Trained(600);
        var t = run.Trainers[0];
        var x = t.X.ToArray();
        var y = t.Y.ToArray();
        Frame Plot() => Plotted(screen, fonts, new PlotData(x, y, t.Snapshots, 600, null, "kept", Limits: Limits.Of(t.X, t.Y)));
        var before = Plot();
        Assert.Equal(0, Differing(before, Plot(), 0));
        y[50] += 0.8f;             // a point dragged: the same array, another value
        Assert.True(Differing(before, Plot(), 10) > 0, "the moved point is drawn where it went");
    }

    /// <summary>A new snapshot is drawn on top of the kept panel alone: the same pixels as the panel drawn whole.</summary>
    [Fact]
    public void ASnapshotAddedToAKeptPanelIsThePanelDrawnWhole()
    {
        using var screen = Screen.Open(W, H, "bnlive drawing", hidden: true);
        using var fonts = new Fonts();
        using var run = Trained(1500);
        var t = run.Trainers[0];
        Frame Plot(int snapshots) => Plotted(screen, fonts, new PlotData(t.X, t.Y, [.. t.Snapshots.Take(snapshots)], 1500, null, "kept"));
        Plot(3);
        var grown = Plot(5);         // two lines drawn on top of the kept three
        fonts.Renderer.Regions.Clear();
        var whole = Plot(5);         // nothing cached: the panel drawn whole
        Assert.Equal(0, Differing(grown, whole, 0));
        Assert.True(Differing(Plot(3), whole, 10) > 0, "a shorter trail, drawn whole again, is another picture");
    }

    /// <summary>The paths a cached region reaches the frame by: this raylib (OpenGL 3.3) blits it from a BGRA
    /// texture; with the fallback (as a raylib for OpenGL 2.1 or ES 2 would) it is a textured quad from an RGBA one.
    /// Both show the same pixels: the plot's panel and its legend, on the first frame and copied on the next.</summary>
    [Fact]
    public void ACachedPanelShowsTheSamePixelsByBlitAndByQuad()
    {
        using var screen = Screen.Open(W, H, "bnlive drawing", hidden: true);
        using var run = Trained(1500);
        var t = run.Trainers[0];
        var d = new PlotData(t.X, t.Y, t.Snapshots, 1500, null, "cached");
        Assert.True(Rlgl.Version is Rlgl.GlVersion.OpenGl33 or Rlgl.GlVersion.OpenGl43, $"this raylib is built for {Rlgl.Version}");
        var frames = new List<Frame>();
        foreach (bool fallback in new[] { false, true })
        {
            Environment.SetEnvironmentVariable(Gl.FallbackVariable, fallback ? "1" : null);
            try
            {
                using var fonts = new Fonts();
                Assert.Equal(!fallback, fonts.Renderer.Gl.Blit);
                Assert.Equal(!fallback, fonts.Renderer.Gl.Bgra);
                frames.Add(Plotted(screen, fonts, d));
                frames.Add(Plotted(screen, fonts, d));   // copied from the cache
            }
            finally { Environment.SetEnvironmentVariable(Gl.FallbackVariable, null); }
        }
        for (int i = 1; i < frames.Count; i++)
            Assert.True(Differing(frames[0], frames[i], 0) == 0, $"frame {i}: {Differing(frames[0], frames[i], 0)} channel values differ");
        Assert.True(Differing(Frame(screen, Style.Figure), frames[3], 10) > 1000, "the plot is drawn");
    }

    /// <summary>A frame holding the figure of d alone, on the figure's white.</summary>
    static Frame Plotted(Screen screen, Fonts fonts, PlotData d) => screen.Capture(() =>
    {
        ClearBackground(Style.Figure);
        Figure.Draw(fonts, new Rectangle(0, 0, W, H), d, 1.67f);
    });

    /// <summary>One notebook network trained to its end, a snapshot every 300 epochs.</summary>
    static Networks Trained(int epochs)
    {
        var run = new Networks(new Settings { Epochs = epochs, Every = 300 }, compare: false);
        while (!run.Done) run.Step();
        return run;
    }

    static Frame Frame(Screen screen, Color ground) => screen.Capture(() => ClearBackground(ground));
}
