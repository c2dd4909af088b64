using BnLive.Engine;
using Xunit.Abstractions;

namespace BnLive.Tests;

/// <summary>--init-scale A, and Ioffe &amp; Szegedy's §3.3 on the engine: BN(W·u) = BN((aW)·u), and the gradient with
/// respect to aW is 1/a times the one with respect to W. Both hold up to eps: with W scaled by A the variance BN
/// sees scales by A², so x̂ = (h - μ)/√(A²σ² + ε) differs from the unscaled by eps's share, which these tests measure
/// and bound. With an eps far below every variance the share vanishes and float rounding is all that is left.</summary>
[Trait("Category", "Unit")]
public class InitScaleTests(ITestOutputHelper output)
{
    static readonly int[] Seeds = [.. Enumerable.Range(1, 20)];

    /// <summary>BN's training-mode forward at the start, at scale A (with eps·epsFactor) against scale 1 (with eps):
    /// per seed, layer and unit the largest gap of BN's output (x̂, as γ = 1 and β = 0), and per seed the largest gap
    /// of the fit.</summary>
    static (List<double> Units, double Fit) ForwardGaps(double scale, double eps, double epsFactor = 1)
    {
        var (x, y) = Data.Notebook();
        var units = new List<double>();
        double fit = 0;
        foreach (int seed in Seeds)
        {
            var s = new Settings { Seed = seed, Eps = eps, EpsGiven = true };
            var scaled = new Network(s with { InitScale = scale, Eps = eps * epsFactor }, InitWeights.Xavier(seed)).Inspect(x, y);
            var plain = new Network(s, InitWeights.Xavier(seed)).Inspect(x, y);
            for (int l = 0; l < 2; l++)
                for (int u = 0; u < s.Hidden; u++)
                    units.Add(Enumerable.Range(0, x.Length).Max(p => Math.Abs((double)plain.Layers[l].After[p * s.Hidden + u] - scaled.Layers[l].After[p * s.Hidden + u])));
            fit = Math.Max(fit, plain.TrainModeFit.Zip(scaled.TrainModeFit, (a, b) => Math.Abs((double)a - b)).Max());
        }
        return (units, fit);
    }

    /// <summary>After one step from the start: per parameter, the largest gap of A·dL/d(AW) against dL/dW for W1 and W2,
    /// and of dL/dp against itself for the others, relative to that gradient's largest element, over the seeds.
    /// Not b1, b2: their exact gradient under BN is zero, and what the engine computes is rounding.</summary>
    static Dictionary<string, double> GradientGaps(double scale, double eps, double epsFactor = 1)
    {
        var (x, y) = Data.Notebook();
        var worst = new Dictionary<string, double>();
        foreach (int seed in Seeds)
        {
            var s = new Settings { Seed = seed, Eps = eps, EpsGiven = true };
            var scaled = new Network(s with { InitScale = scale, Eps = eps * epsFactor }, InitWeights.Xavier(seed));
            var plain = new Network(s, InitWeights.Xavier(seed));
            scaled.TrainStep(x, y);
            plain.TrainStep(x, y);
            var expected = plain.Gradients().ToDictionary(g => g.Name, g => g.Value.ToArray());
            foreach (var (name, g) in scaled.Gradients())
            {
                if (name is "b1" or "b2") continue;
                double factor = name is "W1" or "W2" ? scale : 1;
                var e = expected[name];
                double largest = e.Max(v => Math.Abs((double)v));
                for (int i = 0; i < e.Length; i++)
                    worst[name] = Math.Max(worst.GetValueOrDefault(name), Math.Abs(g.Span[i] * factor - e[i]) / largest);
            }
        }
        return worst;
    }

    static string Show(Dictionary<string, double> gaps) => string.Join(", ", gaps.Select(g => $"{g.Key} {g.Value:E1}"));

    static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);

    [Theory]
    [InlineData(10)]
    [InlineData(0.1)]
    public void BnsForwardDoesNotSeeTheScaleSaveForEps(double scale)
    {
        // eps·A² at scale A: x̂ = A(h - μ)/√(A²σ² + A²ε) is the unscaled x̂ exactly, so only rounding is left
        var exact = ForwardGaps(scale, 1e-3, scale * scale);
        // the notebook's eps 1e-3 at both scales: eps's share, per unit
        var share = ForwardGaps(scale, 1e-3);
        output.WriteLine($"A = {scale}, seeds 1-20, at the start: BN's output (x̂) with eps·A², largest gap {exact.Units.Max():E1}, fit {exact.Fit:E1}; " +
                         $"with eps 1e-3 at both scales, gap per unit: median {Median(share.Units):E1}, largest {share.Units.Max():E1}, " +
                         $"{share.Units.Count(g => g > 0.1)} of {share.Units.Count} units above 0.1; fit {share.Fit:E1}");
        Assert.True(exact.Units.Max() < 2e-5 && exact.Fit < 2e-5, $"with eps·A² the scale moved BN's forward by {exact.Units.Max():E2}, the fit by {exact.Fit:E2}");
        Assert.True(share.Units.Max() > 1e3 * exact.Units.Max(), "with eps 1e-3 at both scales, eps's share shows above rounding");
    }

    [Fact]
    public void EpsTakesALargerShareAsTheScaleShrinks()
    {
        // ε against A²σ²: at A = 0.1 the layer-one variances (W1²·var x, about 0.03 at A = 1) fall below ε = 1e-3
        double small = Median(ForwardGaps(0.1, 1e-3).Units), large = Median(ForwardGaps(10, 1e-3).Units);
        Assert.True(small > 5 * large, $"median unit's gap: {small:E2} at A = 0.1, {large:E2} at A = 10");
    }

    [Theory]
    [InlineData(10)]
    [InlineData(0.1)]
    public void TheScaledWeightsGradientsScaleByOneOverA(double scale)
    {
        var exact = GradientGaps(scale, 1e-3, scale * scale);
        var share = GradientGaps(scale, 1e-3);
        output.WriteLine($"A = {scale}, seeds 1-20, the first step: A·dL/d(AW) against dL/dW (W1, W2), dL/dp against itself (the rest), " +
                         $"largest gap of the gradient's largest element; eps·A²: {Show(exact)}; eps 1e-3 at both scales: {Show(share)}");
        Assert.All(exact, g => Assert.True(g.Value < 1e-4, $"with eps·A², d{g.Key} differs by {g.Value:E2}"));
        Assert.True(share["W2"] > 1e3 * exact["W2"], $"eps's share of dW2 is {share["W2"]:E2}");
    }

    [Fact]
    public void TheLayerOnesVarianceScalesByASquaredAndEpsTakesItsShare()
    {
        // layer 1 sees x·W1 alone (b1 is 0 at the start): its x̂ at scale A is its x̂ at scale 1 times
        // √(σ² + ε)/√(σ² + ε/A²), exactly what eps's share predicts, unit by unit
        var (x, y) = Data.Notebook();
        foreach (double scale in new[] { 10, 0.1 })
            foreach (int seed in new[] { 1, 2, 3 })
            {
                var s = new Settings { Seed = seed };
                var scaled = new Network(s with { InitScale = scale }, InitWeights.Xavier(seed)).Inspect(x, y).Layers[0];
                var plain = new Network(s, InitWeights.Xavier(seed)).Inspect(x, y).Layers[0];
                for (int u = 0; u < plain.Units; u++)
                {
                    Assert.Equal(plain.BatchVar[u] * scale * scale, scaled.BatchVar[u], 1e-5 * plain.BatchVar[u] * scale * scale);
                    double ratio = Math.Sqrt(plain.BatchVar[u] + s.Eps) / Math.Sqrt(plain.BatchVar[u] + s.Eps / (scale * scale));
                    for (int p = 0; p < x.Length; p++)
                        Assert.Equal(plain.After[p * plain.Units + u] * ratio, scaled.After[p * plain.Units + u], 1e-5);
                }
            }
    }

    [Fact]
    public void TheFlagScalesW1AndW2AndNothingElse()
    {
        Assert.Equal(10, Cli.Parse(["export", "--init-scale", "10"]).Settings.InitScale);
        Assert.Equal(0.1, Cli.Parse(["sweep", "--init-scale", "0.1"]).Settings.InitScale);
        Assert.Equal(1, Cli.Parse(["export"]).Settings.InitScale);
        var init = InitWeights.Xavier(5);
        var net = new Network(new Settings { Seed = 5, InitScale = 10 }, init);
        var p = net.Parameters().ToDictionary(q => q.Name, q => q.Value.ToArray());
        Assert.Equal(init.W1.SelectMany(r => r).Select(v => (float)(v * 10.0)), p["W1"]);
        Assert.Equal(init.W2.SelectMany(r => r).Select(v => (float)(v * 10.0)), p["W2"]);
        Assert.Equal(init.W3.SelectMany(r => r), p["W3"]);
        var lecture = BnLive.Teaching.Lecture.Parse("scale.md", "# Scale\n## Small\n```bnlive\ninit-scale: 0.1\n```\nA caption.\n## Large\n```bnlive\ninit-scale: 10\n```\nA caption.\n");
        Assert.Equal(0.1, BnLive.Teaching.Steps.At(lecture, Cli.Defaults, 0).Settings.InitScale);
        Assert.True(BnLive.Teaching.Steps.NeedsRestart(BnLive.Teaching.Steps.At(lecture, Cli.Defaults, 0), BnLive.Teaching.Steps.At(lecture, Cli.Defaults, 1)));
        Assert.Same(init, init.Scaled(1));   // scale 1 is the very weights: every other run keeps its bits
        var r = Proc.App(["export", "--init-scale", "-2"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--init-scale must be a number above 0", Proc.OneLine(r));
    }
}
