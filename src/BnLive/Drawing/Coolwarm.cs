using System.Collections.Immutable;
using BnLive.Native;

namespace BnLive.Drawing;

/// <summary>matplotlib's "coolwarm" (Moreland's CoolWarmFloat33): 33 control points joined linearly,
/// sampled into a 256-entry table; a value v in [0, 1] picks entry min(floor(v*256), 255), as matplotlib does.</summary>
public static class Coolwarm
{
    public const int N = 256;

    /// <summary>Rows of position, red, green, blue: a new array at each call, so no caller can change the map.</summary>
    public static double[,] ControlPoints => new double[,]
    {
        { 0.00000, 0.2298057, 0.298717966, 0.753683153 },
        { 0.03125, 0.26623388, 0.353094838, 0.801466763 },
        { 0.06250, 0.30386891, 0.406535296, 0.84495867 },
        { 0.09375, 0.342804478, 0.458757618, 0.883725899 },
        { 0.12500, 0.38301334, 0.50941904, 0.917387822 },
        { 0.15625, 0.424369608, 0.558148092, 0.945619588 },
        { 0.18750, 0.46666708, 0.604562568, 0.968154911 },
        { 0.21875, 0.509635204, 0.648280772, 0.98478814 },
        { 0.25000, 0.552953156, 0.688929332, 0.995375608 },
        { 0.28125, 0.596262162, 0.726149107, 0.999836203 },
        { 0.31250, 0.639176211, 0.759599947, 0.998151185 },
        { 0.34375, 0.681291281, 0.788964712, 0.990363227 },
        { 0.37500, 0.722193294, 0.813952739, 0.976574709 },
        { 0.40625, 0.761464949, 0.834302879, 0.956945269 },
        { 0.43750, 0.798691636, 0.849786142, 0.931688648 },
        { 0.46875, 0.833466556, 0.860207984, 0.901068838 },
        { 0.50000, 0.865395197, 0.86541021, 0.865395561 },
        { 0.53125, 0.897787179, 0.848937047, 0.820880546 },
        { 0.56250, 0.924127593, 0.827384882, 0.774508472 },
        { 0.59375, 0.944468518, 0.800927443, 0.726736146 },
        { 0.62500, 0.958852946, 0.769767752, 0.678007945 },
        { 0.65625, 0.96732803, 0.734132809, 0.628751763 },
        { 0.68750, 0.969954137, 0.694266682, 0.579375448 },
        { 0.71875, 0.966811177, 0.650421156, 0.530263762 },
        { 0.75000, 0.958003065, 0.602842431, 0.481775914 },
        { 0.78125, 0.943660866, 0.551750968, 0.434243684 },
        { 0.81250, 0.923944917, 0.49730856, 0.387970225 },
        { 0.84375, 0.89904617, 0.439559467, 0.343229596 },
        { 0.87500, 0.869186849, 0.378313092, 0.300267182 },
        { 0.90625, 0.834620542, 0.312874446, 0.259301199 },
        { 0.93750, 0.795631745, 0.24128379, 0.220525627 },
        { 0.96875, 0.752534934, 0.157246067, 0.184115123 },
        { 1.00000, 0.705673158, 0.01555616, 0.150232812 },
    };

    /// <summary>The lookup table: entry k is the piecewise-linear map at k/255, as matplotlib's _create_lookup_table.</summary>
    public static readonly ImmutableArray<(double R, double G, double B)> Table = BuildTable();

    static ImmutableArray<(double R, double G, double B)> BuildTable()
    {
        var table = new (double, double, double)[N];
        var points = ControlPoints;
        int n = points.GetLength(0);
        for (int k = 0; k < N; k++)
        {
            double x = k / (double)(N - 1);
            int i = 1;
            while (i < n - 1 && points[i, 0] < x) i++;
            double x0 = points[i - 1, 0], x1 = points[i, 0];
            double t = Math.Clamp((x - x0) / (x1 - x0), 0, 1);
            double Channel(int c) => points[i - 1, c] + t * (points[i, c] - points[i - 1, c]);
            table[k] = (Channel(1), Channel(2), Channel(3));
        }
        return [.. table];
    }

    /// <summary>coolwarm(v) as matplotlib's floats in [0, 1].</summary>
    public static (double R, double G, double B) Rgb(double v)
    {
        if (double.IsNaN(v)) v = 0;
        int k = (int)Math.Floor(Math.Clamp(v, 0, 1) * N);
        return Table[Math.Min(k, N - 1)];
    }

    /// <summary>coolwarm(v) at alpha a, as 8-bit colour.</summary>
    public static Color At(double v, double alpha = 1)
    {
        var (r, g, b) = Rgb(v);
        static byte B8(double c) => (byte)Math.Round(c * 255);
        return new Color(B8(r), B8(g), B8(b)).Fade(alpha);
    }
}
