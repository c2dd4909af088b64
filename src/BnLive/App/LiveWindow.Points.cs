using System.Numerics;
using BnLive.Drawing;
using BnLive.Native;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>Your own points, with the mouse.</summary>
public sealed partial class LiveWindow
{
    /// <summary>Left click adds a point; left drag moves the point nearest to where the drag began; right click
    /// removes the nearest point. The next step trains on the edited points; the axes stay as they are.</summary>
    void HandleMouse()
    {
        var m = GetMousePosition();
        var under = plotAxes.FirstOrDefault(a => a.Panel.Contains(m));
        if (IsMouseButtonPressed(MouseButton.Left) && under is not null) (pressAxes, pressAt, dragIndex) = (under, m, null);
        if (pressAxes is not null && IsMouseButtonDown(MouseButton.Left))
        {
            if (dragIndex is null && Vector2.Distance(m, pressAt) > 4)
            {
                dragIndex = Nearest(pressAxes, pressAt);
                dragFrom = (run.First.X[dragIndex.Value], run.First.Y[dragIndex.Value]);
            }
            if (dragIndex is int i)
            {
                var (x, y) = pressAxes.ToData(m);
                dragIndex = Edit(i, (float)x, (float)y);
            }
        }
        if (pressAxes is not null && !IsMouseButtonDown(MouseButton.Left))
        {
            if (dragIndex is int i)
                Log($"point moved from {Pt(dragFrom.X, dragFrom.Y)} to {Pt(run.First.X[i], run.First.Y[i])}: {run.First.X.Length} points");
            else
            {
                var (x, y) = pressAxes.ToData(pressAt);
                Edit(null, (float)x, (float)y);
                Log($"point added at {Pt((float)x, (float)y)}: {run.First.X.Length} points");
            }
            (pressAxes, dragIndex) = (null, null);
        }
        if (IsMouseButtonPressed(MouseButton.Right) && under is not null)
        {
            if (run.First.X.Length <= 2) { Message("at least 2 points are needed", error: true); return; }
            int i = Nearest(under, m);
            var (x, y) = (run.First.X[i], run.First.Y[i]);
            Edit(i, float.NaN, float.NaN);
            Log($"point removed at {Pt(x, y)}: {run.First.X.Length} points");
        }
    }

    static string Pt(float x, float y) => $"({x:0.###}, {y:0.###})";

    int Nearest(Axes axes, Vector2 pixel)
    {
        var (xs, ys) = (run.First.X, run.First.Y);
        int best = 0;
        for (int i = 1; i < xs.Length; i++)
            if (Vector2.DistanceSquared(axes.ToPixel(xs[i], ys[i]), pixel) < Vector2.DistanceSquared(axes.ToPixel(xs[best], ys[best]), pixel))
                best = i;
        return best;
    }

    /// <summary>Moves point i to (x, y), adds one (i null) or removes point i (x NaN), keeping the points sorted
    /// by x in new arrays (snapshots keep the old ones), and returns where point i went.</summary>
    int Edit(int? i, float x, float y)
    {
        var points = run.First.X.Zip(run.First.Y, (a, b) => (X: a, Y: b)).ToList();
        if (i is int k) points.RemoveAt(k);
        var moved = (X: x, Y: y);
        if (float.IsFinite(x)) points.Add(moved);
        var sorted = points.OrderBy(p => p.X).ToList();
        run.SetData([.. sorted.Select(p => p.X)], [.. sorted.Select(p => p.Y)]);
        refresh = true;
        lectureRunTouched = true;
        return float.IsFinite(x) ? sorted.IndexOf(moved) : -1;
    }
}
