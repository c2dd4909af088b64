using System.Globalization;
using BnLive.Engine;
using BnLive.Training;
using ImageMagick;

namespace BnLive.Tests;

/// <summary>sweep --lrs and --batch-sizes: the grids they read, each network against its single run, their files
/// through the front door, and PyTorch mode's refusal of a batch of one point.</summary>
public class GridSweepTests
{
    static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [Fact]
    public void LrsIsALogSpacedGridWithBothEndsOrAList()
    {
        var lrs = Cli.Parse(["sweep", "--lrs", "0.0005:0.5:10"]).Lrs!;
        Assert.Equal(10, lrs.Length);
        Assert.Equal((0.0005, 0.5), (lrs[0], lrs[^1]));
        // evenly spaced in log: every ratio is the tenth... ninth root of 1000
        Assert.All(lrs.Zip(lrs.Skip(1)), p => Assert.Equal(Math.Pow(1000, 1 / 9.0), p.Second / p.First, 1e-12));
        Assert.Equal([0.001, 0.01, 0.1], Cli.Parse(["sweep", "--lrs", "0.001,0.01,0.1"]).Lrs!);
        Assert.Equal([100, 50, 1], Cli.Parse(["sweep", "--batch-sizes", "100,50,1"]).BatchSizes!);
    }

    [Theory]
    [InlineData("--lrs", "0.5:0.0005:10")]      // backwards
    [InlineData("--lrs", "0.0005:0.5:1")]       // one rate is no grid
    [InlineData("--lrs", "0.0005:0.5")]
    [InlineData("--lrs", "0:0.5:10")]
    [InlineData("--lrs", "0.001,abc")]
    [InlineData("--lrs", "-0.1")]
    [InlineData("--lrs", "0.01:1e7:3")]
    [InlineData("--batch-sizes", "10,0")]
    [InlineData("--batch-sizes", "ten")]
    [InlineData("--batch-sizes", "")]
    public void BadGridsAreOneLineAndExitTwoBeforeAnyWork(string flag, string value)
    {
        var dir = Repo.TempDir();
        var r = Repo.Run(dir, Long, "sweep", flag, value, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith($"bnlive: {flag}", lines[0]);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Theory]
    [InlineData("--lrs", "0.01,0.1", "--lr", "0.01")]
    [InlineData("--batch-sizes", "10,1", "--batch-size", "10")]
    [InlineData("--lrs", "0.01,0.1", "--batch-sizes", "10,1")]
    public void GridsThatClashAreRefused(string a, string av, string b, string bv)
    {
        var e = Assert.Throws<CliError>(() => Cli.Parse(["sweep", a, av, b, bv]));
        Assert.Contains(a, e.Message);
    }

    [Fact]
    public void ALrGridNetworkEqualsItsSingleRunBitForBit()
    {
        var (x, y) = Data.Notebook();
        var o = Cli.Parse(["sweep", "--lrs", "0.001,0.05", "--seeds", "3,8", "--epochs", "400"]);
        var cells = GridSweep.Cells(o);
        Assert.Equal(8, cells.Length);   // 2 rates × 2 seeds × 2 modes
        var runs = Grid.Train(cells, x, y)!;
        foreach (var (mode, seed) in new[] { (BnMode.Notebook, 8), (BnMode.None, 3) })
        {
            var grid = runs.Single(r => r.Mode == mode && r.Seed == seed && r.Lr == 0.05);
            var net = new Network(new Settings().ForMode(mode) with { Seed = seed, Lr = 0.05, Epochs = 400 }, InitWeights.Xavier(seed, 16));
            float last = 0;
            for (int e = 0; e < 400; e++) last = net.TrainStep(x, y);
            Assert.Equal(BitConverter.SingleToInt32Bits(last), BitConverter.SingleToInt32Bits(grid.TrainLoss));
            Assert.Equal(BitConverter.SingleToInt32Bits(net.PredictLoss(x, y)), BitConverter.SingleToInt32Bits(grid.PredictLoss));
        }
        // and the rate reached the networks: the same seed at another rate ends elsewhere
        Assert.NotEqual(runs.Single(r => r.Mode == BnMode.None && r.Seed == 3 && r.Lr == 0.001).TrainLoss,
            runs.Single(r => r.Mode == BnMode.None && r.Seed == 3 && r.Lr == 0.05).TrainLoss);
    }

    [Fact]
    public void ABatchSizeGridNetworkEqualsItsSingleTrainerRun()
    {
        var (x, y) = Data.Notebook();
        var o = Cli.Parse(["sweep", "--batch-sizes", "10,99", "--seeds", "5", "--epochs", "60", "--mode", "notebook"]);
        var runs = Grid.Train(GridSweep.Cells(o), x, y)!;
        foreach (int size in new[] { 10, 99 })
        {
            using var t = new Trainer(new Settings { Seed = 5, Epochs = 60, BatchSize = size });
            while (!t.Done) t.Step();
            var grid = runs.Single(r => r.BatchSize == size);
            Assert.Equal(t.LastLoss, grid.TrainLoss);
            Assert.Equal(t.Network.PredictLoss(x, y), grid.PredictLoss);
        }
    }

    sealed record Row(string Mode, int Seed, double Lr, int BatchSize, float Train, float Predict, float Ratio, string Diverged);

    static Row[] ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal(GridResults.Header, lines[0]);
        return [.. lines.Skip(1).Select(line =>
        {
            var f = line.Split(',');
            Assert.Equal(9, f.Length);
            float F(string s) => float.Parse(s, CultureInfo.InvariantCulture);
            return new Row(f[0], int.Parse(f[1]), double.Parse(f[2], CultureInfo.InvariantCulture), int.Parse(f[3]), F(f[5]), F(f[6]), F(f[7]), f[8]);
        })];
    }

    [Fact]
    public void LrSweepWritesARowPerNetworkAndAPlot()
    {
        var dir = Repo.TempDir();
        var r = Repo.Run(dir, Long, "sweep", "--lrs", "0.001:0.1:3", "--seeds", "1-2", "--epochs", "200", "--out", dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = ReadCsv(Path.Combine(dir, "lr-sweep.csv"));
        Assert.Equal(12, rows.Length);   // 3 rates × 2 seeds × 2 modes
        Assert.Equal([0.001, 0.01, 0.1], rows.Select(row => row.Lr).Distinct().Order().Select(v => Math.Round(v, 12)));
        Assert.All(rows, row => Assert.Equal(100, row.BatchSize));
        Assert.All(rows, row => Assert.Equal(row.Predict / row.Train, row.Ratio, 1e-6f * row.Ratio));
        Assert.All(rows, row => Assert.Equal(row.Train >= 0.999f * 1.1994553f ? "yes" : "no", row.Diverged));
        Assert.Equal(["lr-sweep.csv", "lr-sweep.png"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        Assert.Contains("diverged", r.Stdout);
        Assert.Contains("3 rates × 2 seeds × 2 modes", r.Stderr);   // the progress names the grid

        using var png = new MagickImage(Path.Combine(dir, "lr-sweep.png"));
        Assert.Equal((1280u, 720u), (png.Width, png.Height));
        var pixels = png.GetPixels().ToByteArray(PixelMapping.RGB)!;
        int Count(byte r0, byte g0, byte b0)
        {
            int n = 0;
            for (int i = 0; i < pixels.Length; i += 3) if (pixels[i] == r0 && pixels[i + 1] == g0 && pixels[i + 2] == b0) n++;
            return n;
        }
        Assert.True(Count(0xE5, 0xE5, 0xE5) > 1280 * 720 / 4, "no grey panel");
        Assert.True(Count(0xE2, 0x4A, 0x33) > 200, "no BN line (red)");
        Assert.True(Count(0x34, 0x8A, 0xBD) > 200, "no line without BN (blue)");
    }

    [Fact]
    public void BatchSizeSweepWritesTheRatioPerNetwork()
    {
        var dir = Repo.TempDir();
        var r = Repo.Run(dir, Long, "sweep", "--batch-sizes", "100,10,1", "--seeds", "2", "--epochs", "100", "--size", "960x540", "--out", dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var rows = ReadCsv(Path.Combine(dir, "batch-size-sweep.csv"));
        Assert.Equal([1, 10, 100], rows.Select(row => row.BatchSize).Distinct().Order());
        Assert.Equal(6, rows.Length);
        // a batch of one: x̂ = 0, so in training mode the network outputs a constant, no better than the mean of y
        Assert.Equal("yes", rows.Single(row => row.Mode == "notebook" && row.BatchSize == 1).Diverged);
        using var png = new MagickImage(Path.Combine(dir, "batch-size-sweep.png"));
        Assert.Equal((960u, 540u), (png.Width, png.Height));
    }

    [Theory]
    [InlineData("export --mode pytorch --batch-size 1")]
    [InlineData("window --mode pytorch --batch-size 1")]
    [InlineData("window --compare notebook,pytorch --batch-size 1")]
    [InlineData("sweep --mode pytorch --batch-size 1 --lrs 0.01,0.1")]
    [InlineData("sweep --mode pytorch --batch-sizes 10,1")]
    public void PyTorchModeRefusesABatchOfOneAsPyTorchDoes(string args)
    {
        var dir = Repo.TempDir();
        var r = Repo.Run(dir, Long, [.. args.Split(' '), .. args.StartsWith("sweep") ? new[] { "--out", dir } : []]);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Expected more than 1 value per channel when training", line);
        Assert.Contains("a batch of one point", line);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void PyTorchModeRefusesALastMiniBatchOfOneAndNamesAFix()
    {
        var dir = Repo.TempDir();
        var r = Repo.Run(dir, Long, "export", "--mode", "pytorch", "--batch-size", "99");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("last mini-batch of one point", line);
        Assert.Contains("drop_last=False", line);
        Assert.Contains("e.g. 98", line);
        // 33 leaves 99 = 3 × 33, then 1; 98 and 50 leave no single point
        Assert.Equal(2, Repo.Run(dir, Long, "sweep", "--mode", "pytorch", "--batch-sizes", "50,33", "--out", dir).ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
        Inputs.Check(Cli.Parse(["sweep", "--mode", "pytorch", "--batch-sizes", "98,50,2", "--out", dir]));   // no throw
    }

    [Fact]
    public void TheNotebooksBnTrainsALastBatchOfOneAsAFlatLine()
    {
        // --batch-size 99 on 100 points: each epoch takes two Adam steps, the second on one point; BN normalises it
        // to x̂ = 0, so each unit outputs β and the layers before BN get an exact zero gradient from it
        var (x, y) = Data.Notebook();
        using var t = new Trainer(new Settings { Seed = 2, Epochs = 3, BatchSize = 99 });
        while (!t.Done) t.Step();
        Assert.Equal(6, t.Network.AdamStep);

        var net = new Network(new Settings { Seed = 2 }, InitWeights.Xavier(2, 16));
        net.TrainStep(x.AsSpan(7, 1), y.AsSpan(7, 1));
        var g = net.Gradients().ToDictionary(p => p.Name, p => p.Value.ToArray());
        foreach (var name in new[] { "W1", "b1", "W2", "b2" })
            Assert.All(g[name], v => Assert.Equal(0f, v));
        // at the start β = 0, so every ReLU sits at 0 with no slope: of all the weights only the output's bias learns
        Assert.All(g.Where(p => p.Key != "b3").SelectMany(p => p.Value), v => Assert.Equal(0f, v));
        Assert.NotEqual(0f, g["b3"][0]);
        // and its training-mode fit is flat: the same output wherever the point is
        var inside = net.Inspect(x.AsSpan(3, 1), y.AsSpan(3, 1));
        var other = net.Inspect(x.AsSpan(90, 1), y.AsSpan(90, 1));
        Assert.Equal(inside.TrainModeFit[0], other.TrainModeFit[0]);
    }
}
