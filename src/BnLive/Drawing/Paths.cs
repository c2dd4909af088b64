using System.Numerics;
using System.Runtime.CompilerServices;
using BnLive.Training;

namespace BnLive.Drawing;

/// <summary>The pixel paths lines are drawn along, with the points that add nothing dropped: a ReLU network's fit
/// is piecewise linear, so most of its 100 points lie on a straight run, and a loss curve of one point per pixel
/// column is mostly smooth. A frame's cost under software GL is its triangles, so fewer points draw faster, and
/// the line moves by at most Tolerance.</summary>
public static class Paths
{
    public const float Tolerance = 0.2f;   // pixels

    public static Vector2[] ToPixels(Axes axes, float[] x, float[] y)
    {
        int n = Math.Min(x.Length, y.Length);   // a fit from before the data was edited may be a point short
        var pts = new Vector2[n];
        for (int i = 0; i < n; i++)
            pts[i] = axes.ToPixel(x[i], float.IsFinite(y[i]) ? Math.Clamp(y[i], -1e6f, 1e6f) : 0);
        return pts;
    }

    /// <summary>Ramer–Douglas–Peucker: the fewest points whose path stays within Tolerance of every point.</summary>
    public static Vector2[] Simplify(Vector2[] pts)
    {
        if (pts.Length < 3) return pts;
        var keep = new bool[pts.Length];
        keep[0] = keep[^1] = true;
        var stack = new Stack<(int, int)>();
        stack.Push((0, pts.Length - 1));
        while (stack.Count > 0)
        {
            var (a, b) = stack.Pop();
            var d = pts[b] - pts[a];
            float len = d.Length();
            int worst = -1;
            float most = Tolerance;
            for (int i = a + 1; i < b; i++)
            {
                var p = pts[i] - pts[a];
                float dist = len < 1e-6f ? p.Length() : MathF.Abs(d.X * p.Y - d.Y * p.X) / len;
                // past either end the distance is to that end: a path that doubles back keeps its turn
                if (len >= 1e-6f && Vector2.Dot(p, d) is float t && (t < 0 || t > len * len)) dist = MathF.Min((pts[i] - pts[a]).Length(), (pts[i] - pts[b]).Length());
                if (dist > most) (most, worst) = (dist, i);
            }
            if (worst < 0) continue;
            keep[worst] = true;
            stack.Push((a, worst));
            stack.Push((worst, b));
        }
        var result = new Vector2[keep.Count(k => k)];
        for (int i = 0, j = 0; i < pts.Length; i++) if (keep[i]) result[j++] = pts[i];
        return result;
    }
}

/// <summary>Each snapshot's path in pixels, kept until the axes move (snapshots never change): held by the renderer.</summary>
public sealed class SnapshotPaths
{
    sealed record Entry(Axes Axes, float[] X, Vector2[] Path);
    readonly ConditionalWeakTable<Snapshot, Entry> snapshots = new();

    public Vector2[] Of(Axes axes, Snapshot s, float[] x)
    {
        if (snapshots.TryGetValue(s, out var e) && e.Axes == axes && ReferenceEquals(e.X, x)) return e.Path;
        var path = Paths.Simplify(Paths.ToPixels(axes, x, s.YPred));
        snapshots.AddOrUpdate(s, new Entry(axes, x, path));
        return path;
    }
}
