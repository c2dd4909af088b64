using BnLive.Engine;
using BnLive.Training;
using Xunit.Abstractions;

namespace BnLive.Tests;

/// <summary>Precise statistics (P, --precise-bn): the global moments recomputed from the data at the current weights.</summary>
public class PreciseBnTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(BnMode.Notebook, PreBnBias.Train)]
    [InlineData(BnMode.Notebook, PreBnBias.Freeze)]
    public void WithTheFullBatchThePredictModeFitBecomesTheTrainingModeFit(BnMode mode, PreBnBias bias)
    {
        using var t = new Trainer(new Settings { Mode = mode, PreBnBias = bias, Epochs = 1500 });
        while (!t.Done) t.Step();
        var (before, after) = t.PreciseBn();
        var inside = t.Inspect();
        var (fit, loss) = t.Network.Predict(t.X, t.Y);
        output.WriteLine($"{Settings.Name(mode)}, b {Settings.Name(bias)}, epoch 1500: predict-mode loss {before:G6} -> {after:G6}; training-mode loss {inside.TrainModeLoss:G6}");
        // to float rounding: the fits (values ~1) agree to 1e-5; their MSE (~5e-4, a difference of fits that agree
        // to ~0.02) then agrees to ~1e-5 relative, so the losses are allowed 1e-4
        double worst = 0;
        for (int i = 0; i < fit.Length; i++) worst = Math.Max(worst, Math.Abs(inside.TrainModeFit[i] - fit[i]));
        output.WriteLine($"max |predict-mode fit - training-mode fit| {worst:E2}");
        Assert.True(worst <= 1e-5, $"the fits differ by {worst:E2}");
        Assert.True(Math.Abs(after - inside.TrainModeLoss) <= 1e-4 * inside.TrainModeLoss, $"after P {after:R}, training mode {inside.TrainModeLoss:R}");
        Assert.True(Math.Abs(after - loss) <= 1e-4 * loss, $"PredictLoss {after:R}, Predict {loss:R}");
        Assert.True(Math.Abs(before - after) > 1e-3 * after, "the moving averages already were the population's: nothing tested");
    }

    [Fact]
    public void WithMiniBatchesTheGlobalMomentsAreTheBatchesAverage()
    {
        // layer 1's moments by hand in doubles: h = x·W1 + b1 over each batch of the last epoch's order
        using var t = new Trainer(new Settings { BatchSize = 30, Epochs = 40 });
        while (!t.Done) t.Step();
        t.PreciseBn();
        var p = t.Network.Parameters().ToDictionary(q => q.Name, q => q.Value.ToArray());
        var order = t.LastOrder.ToArray();
        int h = 16;
        var mean = new double[h];
        var variance = new double[h];
        int batches = 0;
        for (int start = 0; start < order.Length; start += 30, batches++)
        {
            var rows = order.Skip(start).Take(30).ToArray();   // 30, 30, 30, then 10
            for (int u = 0; u < h; u++)
            {
                var values = rows.Select(i => (double)t.X[i] * p["W1"][u] + p["b1"][u]).ToArray();
                double m = values.Average();
                mean[u] += m;
                variance[u] += values.Average(v => (v - m) * (v - m));
            }
        }
        Assert.Equal(4, batches);
        var bn = t.Network.BatchNorms[0];
        var gm = bn.GlobalMean.ToArray();
        var gv = bn.GlobalVar.ToArray();
        for (int u = 0; u < h; u++)
        {
            Assert.Equal(mean[u] / batches, gm[u], 1e-5);
            Assert.Equal(variance[u] / batches, gv[u], 1e-5 * Math.Max(1, gv[u]));
        }
    }

    [Fact]
    public void ANetworkWithoutBnIsLeftAlone()
    {
        using var t = new Trainer(new Settings { Mode = BnMode.None, Epochs = 10 });
        while (!t.Done) t.Step();
        var (before, after) = t.PreciseBn();
        Assert.Equal(before, after);
    }
}

public class PreciseBnExportTests
{
    [Fact]
    public void EverySnapshotPredictsWithExactStatistics()
    {
        // loss[e+1] is the training-mode MSE at the weights after update e, the weights snapshot e predicts with:
        // with precise statistics and the full batch, the two agree to float rounding
        var dir = Repo.TempDir();
        var path = Path.Combine(dir, "t.json");
        var r = Repo.Run(dir, TimeSpan.FromMinutes(3), "export", "--epochs", "602", "--every", "100", "--precise-bn", "--trace", path);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        Assert.True(root.GetProperty("precise_bn").GetBoolean());
        var loss = root.GetProperty("loss").EnumerateArray().Select(l => l.GetDouble()).ToArray();
        int checkedCount = 0;
        foreach (var snap in root.GetProperty("snapshots").EnumerateArray())
        {
            int e = snap.GetProperty("epoch").GetInt32();
            if (e + 1 >= loss.Length) continue;   // a final snapshot, if the export takes one
            double predict = snap.GetProperty("predict_loss").GetDouble();
            Assert.True(Math.Abs(predict - loss[e + 1]) <= 1e-4 * loss[e + 1], $"epoch {e}: predict-mode {predict:R}, training-mode {loss[e + 1]:R}");
            checkedCount++;
        }
        Assert.Equal(7, checkedCount);
        var plain = Path.Combine(dir, "plain.json");
        Assert.Equal(0, Repo.Run(dir, TimeSpan.FromMinutes(3), "export", "--epochs", "602", "--every", "100", "--trace", plain).ExitCode);
        using var other = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(plain));
        Assert.False(other.RootElement.GetProperty("precise_bn").GetBoolean());
        var moving = other.RootElement.GetProperty("snapshots")[3].GetProperty("predict_loss").GetDouble();
        Assert.True(Math.Abs(moving - loss[301]) > 1e-3 * loss[301], "without --precise-bn the moving averages lag: that is the point");
    }
}
