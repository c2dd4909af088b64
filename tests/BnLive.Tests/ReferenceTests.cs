using BnLive.Engine;

namespace BnLive.Tests;

/// <summary>The plain-C# reference checks itself: its backward against finite differences, its global-moment
/// update and its first Adam steps against values worked out by hand.</summary>
[Trait("Category", "Unit")]
public class ReferenceTests
{
    static (double[] X, double[] Y) NotebookData()
    {
        var (x, y) = Data.Notebook();
        return (ReferenceNet.ToDouble(x), ReferenceNet.ToDouble(y));
    }

    static ReferenceNet Net(BnMode mode, int seed = 1) =>
        new(new Settings { Mode = mode, Seed = seed }, InitWeights.Xavier(seed));

    [Theory]
    [InlineData(BnMode.Notebook, 0)]
    [InlineData(BnMode.Notebook, 5)]
    [InlineData(BnMode.None, 0)]
    [InlineData(BnMode.None, 5)]
    public void GradientsMatchCentralDifferences(BnMode mode, int stepsFirst)
    {
        var (x, y) = NotebookData();
        var net = Net(mode);
        // after a few steps gamma, beta and the biases are no longer at their special initial values
        for (int s = 0; s < stepsFirst; s++) net.TrainStep(x, y);
        var (_, grads) = net.LossAndGradients(x, y);
        const double h = 1e-6;
        int checkedCount = 0;
        foreach (var name in net.ParameterNames)
        {
            var p = net.Parameter(name);
            for (int r = 0; r < p.Length; r++)
                for (int c = 0; c < p[r].Length; c++)
                {
                    double keep = p[r][c];
                    p[r][c] = keep + h;
                    double up = net.Loss(x, y, training: true, updateGlobal: false);
                    p[r][c] = keep - h;
                    double down = net.Loss(x, y, training: true, updateGlobal: false);
                    p[r][c] = keep;
                    double numeric = (up - down) / (2 * h);
                    double analytic = grads[name][r][c];
                    double tolerance = 1e-5 * Math.Max(Math.Abs(numeric), Math.Abs(analytic)) + 1e-8;
                    Assert.True(Math.Abs(numeric - analytic) <= tolerance,
                        $"{name}[{r}][{c}]: backward {analytic:R}, finite difference {numeric:R}");
                    checkedCount++;
                }
        }
        int hidden = 16, expected = hidden + hidden + hidden * hidden + hidden + hidden + 1;
        if (mode == BnMode.Notebook) expected += 4 * hidden;
        Assert.Equal(expected, checkedCount);
    }

    [Fact]
    public void BiasBeforeBatchNormHasNoGradient()
    {
        // BN subtracts the batch mean, so a constant shift of h cancels: the notebook's b1, b2 are idle in training
        var (x, y) = NotebookData();
        var (_, grads) = Net(BnMode.Notebook).LossAndGradients(x, y);
        foreach (var name in new[] { "b1", "b2" })
            Assert.All(grads[name][0], g => Assert.True(Math.Abs(g) < 1e-12, $"{name}: {g}"));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    public void GlobalMomentsMoveByDecayHalfAfterOneAndTwoSteps(double shift)
    {
        // the notebook's x is symmetric, so layer 1's batch mean is just b1 (≈ 0); a shifted x exercises the mean
        var (x, y) = NotebookData();
        for (int i = 0; i < x.Length; i++) x[i] += shift;
        var net = Net(BnMode.Notebook);
        Assert.Equal(0.5, net.Settings.Decay);

        var (m1, v1) = Layer1BatchMoments(net, x);
        net.TrainStep(x, y);
        var mean1 = new double[16];
        var var1 = new double[16];
        for (int j = 0; j < 16; j++)
        {
            mean1[j] = 0.5 * 0 + 0.5 * m1[j];
            var1[j] = 0.5 * 1 + 0.5 * v1[j];
            Assert.Equal(mean1[j], net.GlobalMean(1)[j], 1e-12);
            Assert.Equal(var1[j], net.GlobalVar(1)[j], 1e-12);
        }

        // the second step's batch moments come from the weights after the first update
        var (m2, v2) = Layer1BatchMoments(net, x);
        Assert.NotEqual(v1[0], v2[0]);
        if (shift != 0) Assert.NotEqual(m1[0], m2[0]);
        net.TrainStep(x, y);
        for (int j = 0; j < 16; j++)
        {
            Assert.Equal(0.5 * mean1[j] + 0.5 * m2[j], net.GlobalMean(1)[j], 1e-12);
            Assert.Equal(0.5 * var1[j] + 0.5 * v2[j], net.GlobalVar(1)[j], 1e-12);
        }
    }

    /// <summary>Batch mean and biased variance of h = x·W1 + b1, by hand.</summary>
    static (double[] Mean, double[] Var) Layer1BatchMoments(ReferenceNet net, double[] x)
    {
        int n = x.Length, units = net.B1.Length;
        var mean = new double[units];
        var variance = new double[units];
        for (int j = 0; j < units; j++)
        {
            var h = new double[n];
            for (int i = 0; i < n; i++) h[i] = x[i] * net.W1[0][j] + net.B1[j];
            mean[j] = h.Sum() / n;
            variance[j] = h.Sum(v => (v - mean[j]) * (v - mean[j])) / n;
        }
        return (mean, variance);
    }

    [Fact]
    public void OnlyTrainingForwardsMoveTheGlobalMoments()
    {
        var (x, y) = NotebookData();
        var net = Net(BnMode.Notebook);
        net.Predict(x);
        net.Loss(x, y, training: false);
        net.Loss(x, y, training: true, updateGlobal: false);
        net.LossAndGradients(x, y);
        Assert.All(net.GlobalMean(2), m => Assert.Equal(0.0, m));
        Assert.All(net.GlobalVar(2), v => Assert.Equal(1.0, v));
        net.Loss(x, y, training: true);
        Assert.NotEqual(0.0, net.GlobalMean(2)[0]);
    }

    [Theory]
    [InlineData(BnMode.Notebook)]
    [InlineData(BnMode.None)]
    public void FirstTwoAdamStepsAsTf1(BnMode mode)
    {
        const double lr = 0.005, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var (x, y) = NotebookData();
        var net = Net(mode);
        Assert.Equal(lr, net.Settings.Lr);
        var p0 = Snapshot(net);
        var (_, g1) = net.LossAndGradients(x, y);
        net.TrainStep(x, y);
        var p1 = Snapshot(net);
        var (_, g2) = net.LossAndGradients(x, y);
        net.TrainStep(x, y);
        var p2 = Snapshot(net);
        Assert.Equal(2, net.AdamStep);

        foreach (var name in net.ParameterNames)
            for (int r = 0; r < p0[name].Length; r++)
                for (int c = 0; c < p0[name][r].Length; c++)
                {
                    double a = g1[name][r][c], b = g2[name][r][c];
                    // t = 1: m = (1-β1)g, v = (1-β2)g², step size lr·sqrt(1-β2)/(1-β1)
                    double step1 = lr * Math.Sqrt(1 - b2) / (1 - b1)
                        * ((1 - b1) * a) / (Math.Sqrt((1 - b2) * a * a) + eps);
                    double m = b1 * (1 - b1) * a + (1 - b1) * b;
                    double v = b2 * (1 - b2) * a * a + (1 - b2) * b * b;
                    double step2 = lr * Math.Sqrt(1 - b2 * b2) / (1 - b1 * b1) * m / (Math.Sqrt(v) + eps);
                    Assert.Equal(p0[name][r][c] - step1, p1[name][r][c], 1e-15);
                    Assert.Equal(p1[name][r][c] - step2, p2[name][r][c], 1e-15);
                    // away from ε, TF1's first Adam step moves each parameter by lr against the gradient's sign
                    if (Math.Abs(a) > 1e-3) Assert.Equal(-lr * Math.Sign(a), p1[name][r][c] - p0[name][r][c], 5e-6);
                }
    }

    static Dictionary<string, double[][]> Snapshot(ReferenceNet net) =>
        net.ParameterNames.ToDictionary(n => n, n => net.Parameter(n).Select(r => (double[])r.Clone()).ToArray());
}
