using BnLive.Engine;

namespace BnLive.Tests;

/// <summary>--data takes the built-in data sets by name; a file path still works.</summary>
public class BuiltinDataTests
{
    [Fact]
    public void EachBuiltinHasAHundredPointsOnTheUnitInterval()
    {
        foreach (var name in Data.BuiltinNames)
        {
            var (x, y) = Data.Load(name);
            Assert.Equal((100, 100), (x.Length, y.Length));
            Assert.Equal((-1f, 1f), (x[0], x[^1]));
            Assert.All(y, v => Assert.True(float.IsFinite(v)));
        }
        Assert.Equal(Data.Notebook().Y, Data.Load("notebook").Y);
        var (ax, ay) = Data.Load("abs");
        for (int i = 0; i < 100; i++) Assert.Equal(MathF.Abs(ax[i]), ay[i]);
        var (sx, sy) = Data.Load("step");
        Assert.Equal([-1f, 1f], sy.Distinct().Order());
        Assert.Equal(50, sy.Count(v => v < 0));
        var (_, xy) = Data.Load("xsinx");
        Assert.InRange(xy.Min(), -4.9f, -4.7f);   // x·sin x on [-5, 5]: its minima at ±4.91, -4.81
        var e = Assert.Throws<DataError>(() => Data.Load("sinus"));
        Assert.Equal("sinus: no such file, nor a built-in data set (notebook, sine, abs, step, xsinx)", e.Message);
    }

    [Fact]
    public void TheExportTrainsOnABuiltinByName()
    {
        var dir = Repo.TempDir();
        var path = Path.Combine(dir, "t.json");
        var r = Repo.Run(dir, TimeSpan.FromMinutes(3), "export", "--data", "sine", "--epochs", "300", "--trace", path);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
        var y = doc.RootElement.GetProperty("y").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        Assert.Equal(Data.Load("sine").Y, y);
        var loss = doc.RootElement.GetProperty("loss").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.True(loss[^1] < loss[0] / 5, $"the sine is learnt: {loss[0]} -> {loss[^1]}");
    }
}
