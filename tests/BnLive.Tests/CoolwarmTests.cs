using System.Globalization;
using BnLive.Drawing;

namespace BnLive.Tests;

[Trait("Category", "Unit")]
public class CoolwarmTests
{
    // matplotlib 3.x: matplotlib.colormaps['coolwarm'](v)[:3]
    [Theory]
    [InlineData(0.0, 0.2298057, 0.298717966, 0.753683153)]
    [InlineData(0.5, 0.8674276350862745, 0.864376599772549, 0.8626024620196079)]
    [InlineData(1.0, 0.705673158, 0.01555616, 0.150232812)]
    public void MatchesMatplotlib(double v, double r, double g, double b)
    {
        var (cr, cg, cb) = Coolwarm.Rgb(v);
        Assert.Equal(r, cr, 1e-7);
        Assert.Equal(g, cg, 1e-7);
        Assert.Equal(b, cb, 1e-7);
    }

    [Fact]
    public void TableIndexIsFloorOfV256AsMatplotlib()
    {
        // v = 0.5 falls on entry 128 (x = 128/255), not on the control point at 0.5
        Assert.NotEqual(Coolwarm.ControlPoints[16, 1], Coolwarm.Rgb(0.5).R);
        Assert.Equal(Coolwarm.Table[255], Coolwarm.Rgb(0.9999));
        Assert.Equal(Coolwarm.Table[127], Coolwarm.Rgb(0.4999));
    }

    [Fact]
    public void ControlPointsAre33EvenlySpaced()
    {
        Assert.Equal(33, Coolwarm.ControlPoints.GetLength(0));
        for (int i = 0; i < 33; i++) Assert.Equal(i / 32.0, Coolwarm.ControlPoints[i, 0], 1e-9);
    }

    /// <summary>Against the seed's CSV where the seed is beside the clone (a developer's machine, CI).</summary>
    [Fact]
    public void ControlPointsAreTheSeedsCsvWhereItIsBeside()
    {
        var csv = Path.Combine(Repo.Root, "..", "shared", "seed", "coolwarm_control_points.csv");
        if (!File.Exists(csv)) return;
        var rows = File.ReadAllLines(csv).Where(l => l.Length > 0 && char.IsDigit(l[0])).ToArray();
        Assert.Equal(33, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            var cells = rows[i].Split(',').Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray();
            for (int c = 0; c < 4; c++) Assert.Equal(cells[c], Coolwarm.ControlPoints[i, c]);
        }
    }
}
