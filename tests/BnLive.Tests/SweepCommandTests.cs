using System.Globalization;
using System.Text.Json;
using BnLive.Engine;
using BnLive.Training;
using ImageMagick;

namespace BnLive.Tests;

/// <summary>./run.sh sweep through the front door: its table read back against single-seed exports, its
/// contact sheet, its errors.</summary>
public class SweepCommandTests
{
    static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    sealed record Row(string Mode, int Seed, int Epochs, float TrainLoss, float PredictLoss, string Fit);

    static Row[] ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal("mode,seed,epochs,final_train_loss,final_predict_loss,fit", lines[0]);
        return [.. lines.Skip(1).Select(line =>
        {
            var f = line.Split(',');
            Assert.Equal(6, f.Length);
            return new Row(f[0], int.Parse(f[1]), int.Parse(f[2]), float.Parse(f[3], CultureInfo.InvariantCulture),
                float.Parse(f[4], CultureInfo.InvariantCulture), f[5]);
        })];
    }

    static void Close(float expected, float actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-5 * Math.Abs(expected), $"{what}: sweep {actual:R}, export {expected:R}");

    [Fact]
    public void TableHasARowPerSeedAndModeMatchingSingleExports()
    {
        var dir = Repo.TempDir();
        var outDir = Path.Combine(dir, "sweep");   // not there yet: the sweep makes it
        var r = Repo.Run(dir, Long, "sweep", "--seeds", "1-3", "--epochs", "300", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Stderr);

        var rows = ReadCsv(Path.Combine(outDir, "sweep.csv"));
        Assert.Equal(6, rows.Length);
        Assert.Equal([("notebook", 1), ("none", 1), ("notebook", 2), ("none", 2), ("notebook", 3), ("none", 3)],
            rows.Select(row => (row.Mode, row.Seed)));
        Assert.All(rows, row => Assert.Equal(300, row.Epochs));
        Assert.All(rows, row => Assert.Contains(row.Fit, new[] { "fit", "partial", "stall" }));

        // seed 1 with BN and seed 3 without, each from its own export: with --every 299 the trace's last
        // snapshot is the predict-mode fit after the last update, the one the sweep's table reports
        foreach (var (mode, seed) in new[] { ("notebook", 1), ("none", 3) })
        {
            var trace = Path.Combine(dir, $"{mode}{seed}.json");
            var e = Repo.Run(dir, Long, "export", "--mode", mode, "--seed", $"{seed}", "--epochs", "300", "--every", "299", "--trace", trace);
            Assert.True(e.ExitCode == 0, e.Stderr);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(trace));
            var loss = doc.RootElement.GetProperty("loss").EnumerateArray().Last().GetSingle();
            var last = doc.RootElement.GetProperty("snapshots").EnumerateArray().Last();
            Assert.Equal(299, last.GetProperty("epoch").GetInt32());
            var row = rows.Single(row => row.Mode == mode && row.Seed == seed);
            Close(loss, row.TrainLoss, $"{mode} seed {seed} final training loss");
            Close(last.GetProperty("predict_loss").GetSingle(), row.PredictLoss, $"{mode} seed {seed} final predict-mode loss");
        }
        // and the seeds differ: a table of copies would not pass for one
        Assert.Equal(3, rows.Where(row => row.Mode == "none").Select(row => row.TrainLoss).Distinct().Count());

        Assert.Contains("notebook: ", r.Stdout);
        Assert.Contains(" of 3 fit, ", r.Stdout);
        Assert.Contains(Path.Combine(outDir, "contact-sheet.png"), r.Stdout);
        Assert.Equal(["contact-sheet.png", "sweep.csv"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void ContactSheetHasACellPerRunInPairs()
    {
        var dir = Repo.TempDir();
        var r = Repo.Run(dir, Long, "sweep", "--seeds", "4-6", "--epochs", "30", "--every", "10", "--out", dir);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var sheet = new MagickImage(Path.Combine(dir, "contact-sheet.png"));
        // 480x300 cells; 3 seeds as two pairs per row (notebook | none) in 2 rows, 12 px of frame around each pair
        Assert.Equal((1956u, 636u), (sheet.Width, sheet.Height));
        var pixels = sheet.GetPixels().ToByteArray(PixelMapping.RGB)!;
        double Panel(int left, int top)   // the share of a cell's pixels in ggplot's grey panel
        {
            int grey = 0;
            for (int y = top; y < top + 300; y++)
                for (int x = left; x < left + 480; x++)
                {
                    int i = (y * (int)sheet.Width + x) * 3;
                    if (pixels[i] == 0xE5 && pixels[i + 1] == 0xE5 && pixels[i + 2] == 0xE5) grey++;
                }
            return grey / (480.0 * 300);
        }
        (int X, int Y)[] cells = [(12, 12), (492, 12), (984, 12), (1464, 12), (12, 324), (492, 324)];
        Assert.All(cells, c => Assert.True(Panel(c.X, c.Y) > 0.4, $"no plot in the cell at {c}: {Panel(c.X, c.Y):P0} grey"));
        Assert.Equal(0, Panel(984, 324));   // the fourth pair's place stays empty: there are three seeds
    }

    [Fact]
    public void OutUnderAFileExitsTwoWithOneLineAndNoWork()
    {
        var dir = Repo.TempDir();
        File.WriteAllText(Path.Combine(dir, "afile"), "not a folder");
        foreach (var outDir in new[] { Path.Combine(dir, "afile", "sweep"), Path.Combine(dir, "afile") })
        {
            var r = Repo.Run(dir, Long, "sweep", "--seeds", "1-2", "--epochs", "50", "--out", outDir);
            Assert.Equal(2, r.ExitCode);
            var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Single(lines);
            Assert.Contains("--out", lines[0]);
            Assert.Contains("is a file", lines[0]);
            Assert.Equal("", r.Stdout);
        }
        Assert.Equal(["afile"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void BatchSizeIsRefused()
    {
        var dir = Repo.TempDir();
        var r = Repo.Run(dir, Long, "sweep", "--batch-size", "10", "--out", dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--batch-size", r.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Theory]
    [InlineData(0.0005f, 0.0007f, "fit")]
    [InlineData(0.016f, 0.016f, "partial")]       // no BN: one hump missed
    [InlineData(0.0003f, 0.09f, "partial")]       // BN: fits in training mode, not in predict mode
    [InlineData(0.0002f, 0.33f, "partial")]       // BN: the last snapshot of a fit that wobbles
    [InlineData(0.242f, 0.243f, "stall")]
    [InlineData(0.481f, 0.481f, "stall")]
    [InlineData(float.NaN, float.NaN, "diverged")]
    [InlineData(0.3f, float.PositiveInfinity, "diverged")]
    public void VerdictFollowsTheDocumentedLines(float train, float predict, string verdict)
    {
        var run = new SeedRun(BnMode.None, 7, 6000, train, predict, []);
        Assert.Equal(verdict, run.Verdict);
        using var csv = new MemoryStream();
        SweepResults.WriteCsv(csv, [run]);
        var row = System.Text.Encoding.UTF8.GetString(csv.ToArray()).Split('\n')[1];
        Assert.Equal($"none,7,6000,{SweepResults.Number(train)},{SweepResults.Number(predict)},{verdict}", row);
        Assert.DoesNotContain("∞", row);
    }
}
