using System.Numerics;

namespace BnLive.Drawing;

/// <summary>Data limits mapped onto a pixel rectangle, with "nice" ticks (1, 2, 2.5, 5 × 10^k) as matplotlib picks.</summary>
public sealed record Axes(Native.Rectangle Panel, double XMin, double XMax, double YMin, double YMax)
{
    public Vector2 ToPixel(double x, double y) => new(
        (float)(Panel.X + (x - XMin) / (XMax - XMin) * Panel.Width),
        (float)(Panel.Bottom - (y - YMin) / (YMax - YMin) * Panel.Height));

    public (double X, double Y) ToData(Vector2 p) => (
        XMin + (p.X - Panel.X) / Panel.Width * (XMax - XMin),
        YMin + (Panel.Bottom - p.Y) / Panel.Height * (YMax - YMin));

    /// <summary>Tick values inside [min, max], about `target` of them.</summary>
    public static double[] Ticks(double min, double max, int target)
    {
        double step = NiceStep((max - min) / Math.Max(1, target));
        var ticks = new List<double>();
        for (double t = Math.Ceiling(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step)
            ticks.Add(Math.Abs(t) < step * 1e-9 ? 0 : t);
        return ticks.ToArray();
    }

    public static double NiceStep(double raw)
    {
        double mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
            if (m * mag >= raw - 1e-12) return m * mag;
        return 10 * mag;
    }

    /// <summary>Labels with the fewest decimals that show every tick exactly, and matplotlib's minus sign.</summary>
    public static string[] Labels(double[] ticks)
    {
        int decimals = 0;
        while (decimals < 6 && ticks.Any(t => Math.Abs(t * Math.Pow(10, decimals) - Math.Round(t * Math.Pow(10, decimals))) > 1e-6))
            decimals++;
        return ticks.Select(t => t.ToString("F" + decimals, System.Globalization.CultureInfo.InvariantCulture).Replace('-', '−')).ToArray();
    }
}
