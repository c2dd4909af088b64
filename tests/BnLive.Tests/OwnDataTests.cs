using System.Text;
using System.Text.Json;
using BnLive.Engine;

namespace BnLive.Tests;

/// <summary>Your own data (--data FILE.csv) and saved models (--save-model / --load-model), through the front door
/// where it matters, with every rejection a single line that says where and why.</summary>
public class OwnDataTests
{
    static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    static string Write(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("x,y\n0.5,1\n-1,2\n0,3\n", 3)]          // header, commas
    [InlineData("0.5 1\n-1\t2\n\n# a comment\n0 3\n", 3)] // whitespace, blank lines, comments
    [InlineData("\uFEFFx;y-free header,second\n1e-3, 4\n2,5\n", 2)]
    public void CsvFilesAreRead(string text, int count)
    {
        var (x, y) = Csv.Load(Write(Repo.TempDir(), "d.csv", text));
        Assert.Equal(count, x.Length);
        Assert.Equal(x.Order(), x);                    // sorted by x, each y with its own x
        if (count == 3) Assert.Equal([2f, 3f, 1f], y);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("x,y\n", "0 points")]
    [InlineData("x,y\n1,2\n", "1 point;")]
    [InlineData("x,y\n1,2\n3,four\n", "line 3: 'four' is not a number")]
    [InlineData("1,2\n3,4,5\n", "line 2: expected two columns")]
    [InlineData("1,2\nNaN,4\n", "line 2: x is NaN")]
    [InlineData("1,2\n3,inf\n", "line 2: y is inf")]
    [InlineData("1,2\n3,1e39\n", "line 2: y is 1e39")]
    public void BadCsvIsOneLineNamingTheLine(string text, string expected)
    {
        var e = Assert.Throws<DataError>(() => Csv.Load(Write(Repo.TempDir(), "d.csv", text)));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void TooManyPointsAndBinaryFilesAreRefused()
    {
        var dir = Repo.TempDir();
        var many = new StringBuilder();
        for (int i = 0; i <= Csv.MaxPoints; i++) many.Append(i).Append(",1\n");
        Assert.Contains("more than 100,000 points (line 100001)", Assert.Throws<DataError>(() => Csv.Load(Write(dir, "many.csv", many.ToString()))).Message);
        var binary = Path.Combine(dir, "b.csv");
        File.WriteAllBytes(binary, [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0]);
        Assert.Contains("binary file", Assert.Throws<DataError>(() => Csv.Load(binary)).Message);
        Assert.Contains("no such file", Assert.Throws<DataError>(() => Csv.Load(Path.Combine(dir, "none.csv"))).Message);
        Assert.Contains("is a directory", Assert.Throws<DataError>(() => Csv.Load(dir)).Message);
    }

    [Fact]
    public void ABadDataFileStopsTheExportWithOneLineAndNoFile()
    {
        var dir = Repo.TempDir();
        var csv = Write(dir, "d.csv", "x,y\n1,2\n3,oops\n");
        var r = Repo.Run(dir, Long, "export", "--data", csv, "--png", Path.Combine(dir, "x.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"bnlive: {csv} line 3: 'oops' is not a number", r.Stderr.Trim());
        Assert.False(File.Exists(Path.Combine(dir, "x.png")));
    }

    [Fact]
    public void ExportedDataLoadedBackGivesTheSameRun()
    {
        var dir = Repo.TempDir();
        string a = Path.Combine(dir, "a.json"), b = Path.Combine(dir, "b.json");
        Assert.Equal(0, Repo.Run(dir, Long, "export", "--epochs", "300", "--seed", "3", "--trace", a).ExitCode);
        using var trace = JsonDocument.Parse(File.ReadAllText(a));
        float[] Floats(string name) => [.. trace.RootElement.GetProperty(name).EnumerateArray().Select(v => v.GetSingle())];
        var csv = Write(dir, "data.csv", Csv.Format(Floats("x"), Floats("y")));
        var r = Repo.Run(dir, Long, "export", "--epochs", "300", "--seed", "3", "--data", csv, "--trace", b);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(File.ReadAllText(a), File.ReadAllText(b));   // the trace records the data: the same, byte for byte
    }

    [Theory]
    [InlineData("notebook", "0")]
    [InlineData("none", "0")]
    [InlineData("notebook", "32")]
    public void SaveLoadContinueGivesTheSameLossesAsAnUninterruptedRun(string mode, string batch)
    {
        var dir = Repo.TempDir();
        string whole = Path.Combine(dir, "whole.json"), model = Path.Combine(dir, "m.json"), resumed = Path.Combine(dir, "resumed.json");
        string[] common = ["--mode", mode, "--seed", "2", "--batch-size", batch];
        Assert.Equal(0, Repo.Run(dir, Long, ["export", .. common, "--epochs", "600", "--trace", whole]).ExitCode);
        var r = Repo.Run(dir, Long, ["export", .. common, "--epochs", "350", "--save-model", model]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"wrote {model}", r.Stdout);
        r = Repo.Run(dir, Long, ["export", .. common, "--epochs", "600", "--load-model", model, "--trace", resumed]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var a = JsonDocument.Parse(File.ReadAllText(whole));
        using var c = JsonDocument.Parse(File.ReadAllText(resumed));
        Assert.Equal(a.RootElement.GetProperty("loss").GetRawText(), c.RootElement.GetProperty("loss").GetRawText());
        Assert.Equal(a.RootElement.GetProperty("snapshots").GetRawText(), c.RootElement.GetProperty("snapshots").GetRawText());
    }

    [Fact]
    public void AModelThatDoesNotFitIsOneClearLine()
    {
        var dir = Repo.TempDir();
        var model = Path.Combine(dir, "m.json");
        Assert.Equal(0, Repo.Run(dir, Long, "export", "--epochs", "10", "--save-model", model).ExitCode);
        var png = Path.Combine(dir, "x.png");
        foreach (var (args, expected) in new (string[], string)[]
        {
            (["--mode", "none", "--load-model", model], "holds a notebook network with 16 hidden units; this run is none with 16"),
            (["--hidden", "8", "--load-model", model], "this run is notebook with 8"),
            (["--load-model", Write(dir, "broken.json", File.ReadAllText(model)[..500])], "not a bnlive model file (not valid JSON)"),
            (["--load-model", Write(dir, "other.json", "{\"mode\": \"notebook\"}")], "not a bnlive model file"),
            (["--load-model", Write(dir, "short.json", File.ReadAllText(model).Replace("\"b3\":[", "\"b3\":[1,"))], "b3 holds 2 values where this network has 1"),
        })
        {
            var r = Repo.Run(dir, Long, ["export", .. args, "--png", png]);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(expected, r.Stderr);
            Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.False(File.Exists(png));
        }
    }
}
