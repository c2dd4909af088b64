using BnLive.Engine;
using BnLive.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BnLive.Tests;

/// <summary>--mode layernorm: TorchSharp's torch.nn.LayerNorm defines what each layer must compute, autograd what
/// its gradients must be, and a plain-C# reference in doubles checks the gradients again; its predict mode is its
/// training mode, to the bit.</summary>
[Trait("Category", "Unit")]
public class LayerNormTests(ITestOutputHelper output)
{
    const int Steps = 30;

    [Theory]
    [InlineData(100, 1)]   // the full batch
    [InlineData(7, 2)]     // a small batch: LayerNorm does not care, each point is normalised alone
    public void EachStepIsTorchSharpsLayerNorm(int points, int seed)
    {
        set_num_threads(1);
        var settings = new Settings { Seed = seed }.ForMode(BnMode.LayerNorm);
        Assert.Equal(1e-5, settings.Eps);   // torch.nn.LayerNorm's
        var (px, py) = Points(points);
        var net = new Network(settings, InitWeights.Xavier(seed));
        using var ln1 = nn.LayerNorm(settings.Hidden, eps: 1e-5);
        using var ln2 = nn.LayerNorm(settings.Hidden, eps: 1e-5);
        double worstLayer = 0, worstMoments = 0, worstFit = 0, worstGrad = 0;
        for (int step = 0; step < Steps; step++)
        {
            // each layer alone: the module fed our pre-activations and our γ, β gives our output and our moments
            var inside = net.Inspect(px, py);
            Assert.NotNull(inside.LayerNorms);
            Assert.Empty(inside.Layers);
            var parameters = Named(net.Parameters());
            foreach (var (l, module, i) in new[] { (inside.LayerNorms[0], ln1, 1), (inside.LayerNorms[1], ln2, 2) })
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                module.weight!.copy_(tensor(parameters["gamma" + i])); module.bias!.copy_(tensor(parameters["beta" + i]));
                var h = tensor(l.Before, [points, l.Units]);
                worstLayer = Math.Max(worstLayer, Check(module.forward(h).data<float>().ToArray(), l.After, 1e-5, $"step {step}: layer {i} output"));
                worstMoments = Math.Max(worstMoments, Check(h.mean([1]).data<float>().ToArray(), l.PointMean, 1e-5, $"step {step}: layer {i} points' means"));
                worstMoments = Math.Max(worstMoments, Check(h.var([1], unbiased: false).data<float>().ToArray(), l.PointVar, 1e-5, $"step {step}: layer {i} points' variances"));
            }
            // the whole network in autograd around the modules, at the weights this step starts from
            var (fit, gradients) = TorchStep(parameters, ln1, ln2, px, py, settings.Hidden);
            worstFit = Math.Max(worstFit, Check(fit, inside.TrainModeFit, 1e-5, $"step {step}: network output"));
            net.TrainStep(px, py);
            foreach (var (name, ours) in net.Gradients())
                worstGrad = Math.Max(worstGrad, CheckScaled(gradients[name], ours.ToArray(), 1e-4, $"step {step}: d{name}"));
        }
        output.WriteLine($"{points} points, seed {seed}, {Steps} steps: worst difference, LayerNorm output {worstLayer:E2}, points' moments " +
                         $"{worstMoments:E2}, network output {worstFit:E2}, gradients {worstGrad:E2} (of each gradient's largest element)");
    }

    [Theory]
    [InlineData(100, 1)]
    [InlineData(7, 3)]
    public void TheGradientsAreThoseOfTheDoubleReference(int points, int seed)
    {
        var settings = new Settings { Seed = seed }.ForMode(BnMode.LayerNorm);
        var (px, py) = Points(points);
        var net = new Network(settings, InitWeights.Xavier(seed));
        double worst = 0, worstLoss = 0;
        for (int step = 0; step < Steps; step++)
        {
            var (loss, expected) = LayerNormReference.LossAndGradients(Named(net.Parameters()), px, py, settings.Hidden, settings.Eps);
            float ours = net.TrainStep(px, py);
            worstLoss = Math.Max(worstLoss, Math.Abs(ours - loss) / loss);
            Assert.True(Math.Abs(ours - loss) <= 1e-5 * loss, $"step {step}: loss {ours:R}, reference {loss:R}");
            foreach (var (name, g) in net.Gradients())
                worst = Math.Max(worst, CheckScaled([.. expected[name].Select(v => (float)v)], g.ToArray(), 1e-4, $"step {step}: d{name}"));
        }
        output.WriteLine($"{points} points, seed {seed}, {Steps} steps: loss {worstLoss:E2} (relative), gradients {worst:E2} (of each gradient's largest element)");
    }

    [Theory]
    [InlineData(0)]    // the full batch
    [InlineData(10)]   // mini-batches
    public void ThePredictModeIsTheTrainingModeBitForBit(int batchSize)
    {
        using var trainer = new Trainer(new Settings { Seed = 4, Epochs = 600, BatchSize = batchSize }.ForMode(BnMode.LayerNorm));
        while (!trainer.Done)
        {
            var inside = trainer.Inspect();
            var (fit, loss) = trainer.Network.Predict(trainer.X, trainer.Y);
            Assert.Equal(Bits(inside.TrainModeFit), Bits(fit));
            Assert.Equal(BitConverter.SingleToInt32Bits(inside.TrainModeLoss), BitConverter.SingleToInt32Bits(loss));
            trainer.Step();
        }
        // the full batch: each epoch's training loss is the predict-mode loss at the weights it started from
        if (batchSize == 0)
        {
            var again = new Network(trainer.Settings, trainer.Init);
            foreach (var l in trainer.Losses.Take(50))
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(again.PredictLoss(trainer.X, trainer.Y)), BitConverter.SingleToInt32Bits(l));
                again.TrainStep(trainer.X, trainer.Y);
            }
        }
        Assert.Empty(trainer.Network.BatchNorms);   // no moments kept
    }

    [Fact]
    public void TheModeIsNamedOnTheCommandLineInTracesAndModelFiles()
    {
        var o = Cli.Parse(["export", "--mode", "layernorm"]);
        Assert.Equal((BnMode.LayerNorm, 1e-5), (o.Settings.Mode, o.Settings.Eps));
        Assert.Equal(1e-3, Cli.Parse(["export", "--mode", "layernorm", "--eps", "1e-3"]).Settings.Eps);
        Assert.Equal((BnMode.Notebook, BnMode.LayerNorm), Cli.Parse(["export", "--compare", "notebook,layernorm"]).Pair);
        Assert.Equal(Path.Combine("out", "bnlive-layernorm-seed1.png"), o.WithDefaultOutputs("out").Png);

        var dir = Repo.TempDir();
        string trace = Path.Combine(dir, "ln.json"), model = Path.Combine(dir, "ln-model.json");
        var r = Proc.App(["export", "--mode", "layernorm", "--epochs", "300", "--every", "100", "--trace", trace, "--save-model", model]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(trace));
        Assert.Equal("layernorm", doc.RootElement.GetProperty("mode").GetString());
        Assert.Equal(1e-5, doc.RootElement.GetProperty("eps").GetDouble());
        using var saved = System.Text.Json.JsonDocument.Parse(File.ReadAllText(model));
        Assert.Equal("layernorm", saved.RootElement.GetProperty("mode").GetString());
        Assert.True(saved.RootElement.GetProperty("params").TryGetProperty("gamma2", out _));
        Assert.Empty(saved.RootElement.GetProperty("globals").EnumerateObject());   // nothing kept for prediction

        // a saved LayerNorm model goes on training exactly where it stopped
        var settings = new Settings { Epochs = 600 }.ForMode(BnMode.LayerNorm);
        using var resumed = Networks.Start(settings, compare: false, loadModel: model);
        while (!resumed.Done) resumed.Step();
        using var straight = new Trainer(settings);
        while (!straight.Done) straight.Step();
        Assert.Equal(straight.Losses, resumed.First.Losses);
    }

    static (float[] X, float[] Y) Points(int points)
    {
        var (xs, ys) = Data.Notebook();
        int stride = xs.Length / points;
        return ([.. Enumerable.Range(0, points).Select(i => xs[i * stride])], [.. Enumerable.Range(0, points).Select(i => ys[i * stride])]);
    }

    static Dictionary<string, float[]> Named(IEnumerable<(string Name, Memory<float> Value)> values) =>
        values.ToDictionary(v => v.Name, v => v.Value.ToArray());

    static int[] Bits(float[] v) => [.. v.Select(BitConverter.SingleToInt32Bits)];

    /// <summary>x·W1+b1 → ln1 → ReLU → ·W2+b2 → ln2 → ReLU → ·W3+b3 in autograd, our parameters as its leaves (γ and β as
    /// the modules' own): the output, and the gradient of the MSE for every parameter by our names.</summary>
    static (float[] Fit, Dictionary<string, float[]> Gradients) TorchStep(Dictionary<string, float[]> p,
        TorchSharp.Modules.LayerNorm ln1, TorchSharp.Modules.LayerNorm ln2, float[] px, float[] py, int h)
    {
        using var scope = NewDisposeScope();
        var shapes = new Dictionary<string, long[]> { ["W1"] = [1, h], ["b1"] = [h], ["W2"] = [h, h], ["b2"] = [h], ["W3"] = [h, 1], ["b3"] = [1] };
        var leaf = shapes.ToDictionary(s => s.Key, s => tensor(p[s.Key], s.Value).requires_grad_());
        using (no_grad())
        {
            ln1.weight!.copy_(tensor(p["gamma1"])); ln1.bias!.copy_(tensor(p["beta1"]));
            ln2.weight!.copy_(tensor(p["gamma2"])); ln2.bias!.copy_(tensor(p["beta2"]));
        }
        foreach (var module in new[] { ln1, ln2 }) module.zero_grad();
        var x = tensor(px, [px.Length, 1]);
        var a = ln1.forward(x.matmul(leaf["W1"]).add(leaf["b1"])).relu();
        a = ln2.forward(a.matmul(leaf["W2"]).add(leaf["b2"])).relu();
        var fit = a.matmul(leaf["W3"]).add(leaf["b3"]);
        var d = fit.view(-1).sub(tensor(py));
        d.mul(d).mean().backward();
        var gradients = leaf.ToDictionary(l => l.Key, l => l.Value.grad!.data<float>().ToArray());
        gradients["gamma1"] = ln1.weight!.grad!.data<float>().ToArray(); gradients["beta1"] = ln1.bias!.grad!.data<float>().ToArray();
        gradients["gamma2"] = ln2.weight!.grad!.data<float>().ToArray(); gradients["beta2"] = ln2.bias!.grad!.data<float>().ToArray();
        return (fit.data<float>().ToArray(), gradients);
    }

    /// <summary>Element by element within tolerance of the larger magnitude (at least 1 absolute); the worst gap.</summary>
    static double Check(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double gap = Math.Abs(expected[i] - actual[i]) / Math.Max(1, Math.Max(Math.Abs(expected[i]), Math.Abs(actual[i])));
            worst = Math.Max(worst, gap);
            Assert.True(gap <= tolerance, $"{what}[{i}]: expected {expected[i]:R}, ours {actual[i]:R}");
        }
        return worst;
    }

    /// <summary>Element by element within tolerance of the gradient's largest element (and of 0.01: db3 is the mean
    /// of residuals that nearly cancel, each rounded in float), since a sum whose terms nearly cancel keeps only their
    /// rounding and a small element has no relative precision to compare.</summary>
    static double CheckScaled(float[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(expected.Max(v => Math.Abs((double)v)), 0.01), worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double gap = Math.Abs(expected[i] - actual[i]) / scale;
            worst = Math.Max(worst, gap);
            Assert.True(gap <= tolerance, $"{what}[{i}]: expected {expected[i]:R}, ours {actual[i]:R} (largest {scale:G3})");
        }
        return worst;
    }
}

/// <summary>The LayerNorm network in plain C# doubles, written from the math alone: the training loss and the
/// gradient of every parameter at given weights (float, by the engine's names).</summary>
static class LayerNormReference
{
    public static (double Loss, Dictionary<string, double[]> Gradients) LossAndGradients(Dictionary<string, float[]> p, float[] x, float[] y, int h, double eps)
    {
        int n = x.Length;
        double[] P(string name) => [.. p[name].Select(v => (double)v)];
        double[] w1 = P("W1"), b1 = P("b1"), w2 = P("W2"), b2 = P("b2"), w3 = P("W3"), g1 = P("gamma1"), be1 = P("beta1"), g2 = P("gamma2"), be2 = P("beta2");
        double b3 = p["b3"][0];
        var h1 = new double[n, h];
        for (int r = 0; r < n; r++) for (int u = 0; u < h; u++) h1[r, u] = x[r] * w1[u] + b1[u];
        var (z1, xh1, inv1) = Forward(h1, g1, be1, eps);
        var a1 = Relu(z1);
        var h2 = new double[n, h];
        for (int r = 0; r < n; r++) for (int u = 0; u < h; u++) { double s = b2[u]; for (int k = 0; k < h; k++) s += a1[r, k] * w2[k * h + u]; h2[r, u] = s; }
        var (z2, xh2, inv2) = Forward(h2, g2, be2, eps);
        var a2 = Relu(z2);
        var output = new double[n];
        double loss = 0;
        for (int r = 0; r < n; r++) { double s = b3; for (int k = 0; k < h; k++) s += a2[r, k] * w3[k]; output[r] = s; loss += (s - y[r]) * (s - y[r]); }
        loss /= n;

        var grads = new Dictionary<string, double[]>();
        var dOut = output.Select((o, r) => 2 * (o - y[r]) / n).ToArray();
        grads["W3"] = [.. Enumerable.Range(0, h).Select(k => Enumerable.Range(0, n).Sum(r => a2[r, k] * dOut[r]))];
        grads["b3"] = [dOut.Sum()];
        var dz2 = new double[n, h];
        for (int r = 0; r < n; r++) for (int u = 0; u < h; u++) dz2[r, u] = z2[r, u] > 0 ? dOut[r] * w3[u] : 0;
        var (dh2, dg2, dbe2) = Backward(dz2, xh2, inv2, g2);
        (grads["gamma2"], grads["beta2"]) = (dg2, dbe2);
        grads["W2"] = new double[h * h];
        for (int k = 0; k < h; k++) for (int u = 0; u < h; u++) grads["W2"][k * h + u] = Enumerable.Range(0, n).Sum(r => a1[r, k] * dh2[r, u]);
        grads["b2"] = [.. Enumerable.Range(0, h).Select(u => Enumerable.Range(0, n).Sum(r => dh2[r, u]))];
        var dz1 = new double[n, h];
        for (int r = 0; r < n; r++) for (int k = 0; k < h; k++) { double s = 0; for (int u = 0; u < h; u++) s += dh2[r, u] * w2[k * h + u]; dz1[r, k] = z1[r, k] > 0 ? s : 0; }
        var (dh1, dg1, dbe1) = Backward(dz1, xh1, inv1, g1);
        (grads["gamma1"], grads["beta1"]) = (dg1, dbe1);
        grads["W1"] = [.. Enumerable.Range(0, h).Select(u => Enumerable.Range(0, n).Sum(r => x[r] * dh1[r, u]))];
        grads["b1"] = [.. Enumerable.Range(0, h).Select(u => Enumerable.Range(0, n).Sum(r => dh1[r, u]))];
        return (loss, grads);
    }

    /// <summary>Each row over its units: x̂ = (h - mean)/√(var + ε), biased variance; z = γ·x̂ + β.</summary>
    static (double[,] Z, double[,] XHat, double[] InvStd) Forward(double[,] hs, double[] gamma, double[] beta, double eps)
    {
        int n = hs.GetLength(0), h = hs.GetLength(1);
        var (z, xh, inv) = (new double[n, h], new double[n, h], new double[n]);
        for (int r = 0; r < n; r++)
        {
            double mean = 0, variance = 0;
            for (int u = 0; u < h; u++) mean += hs[r, u] / h;
            for (int u = 0; u < h; u++) variance += (hs[r, u] - mean) * (hs[r, u] - mean) / h;
            inv[r] = 1 / Math.Sqrt(variance + eps);
            for (int u = 0; u < h; u++) { xh[r, u] = (hs[r, u] - mean) * inv[r]; z[r, u] = gamma[u] * xh[r, u] + beta[u]; }
        }
        return (z, xh, inv);
    }

    /// <summary>From dz: dγ, dβ over the rows; dh = 1/σ·(dx̂ - mean(dx̂) - x̂·mean(dx̂·x̂)) over each row's units.</summary>
    static (double[,] Dh, double[] DGamma, double[] DBeta) Backward(double[,] dz, double[,] xh, double[] inv, double[] gamma)
    {
        int n = dz.GetLength(0), h = dz.GetLength(1);
        var (dh, dg, db) = (new double[n, h], new double[h], new double[h]);
        for (int r = 0; r < n; r++)
        {
            double m1 = 0, m2 = 0;
            for (int u = 0; u < h; u++) { dg[u] += dz[r, u] * xh[r, u]; db[u] += dz[r, u]; m1 += gamma[u] * dz[r, u] / h; m2 += gamma[u] * dz[r, u] * xh[r, u] / h; }
            for (int u = 0; u < h; u++) dh[r, u] = inv[r] * (gamma[u] * dz[r, u] - m1 - xh[r, u] * m2);
        }
        return (dh, dg, db);
    }

    static double[,] Relu(double[,] z)
    {
        var a = (double[,])z.Clone();
        for (int r = 0; r < a.GetLength(0); r++) for (int u = 0; u < a.GetLength(1); u++) a[r, u] = Math.Max(0, a[r, u]);
        return a;
    }
}
