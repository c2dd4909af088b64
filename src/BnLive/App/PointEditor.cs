using System.Numerics;
using BnLive.Drawing;
using BnLive.Native;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>Your own points, with the mouse. Left click adds a point; left drag moves the point nearest to where
/// the drag began; right click removes the nearest point. The next step trains on the edited points; the axes stay
/// as they are.</summary>
sealed class PointEditor(IWindowVoice voice)
{
    Axes? pressAxes;          // the plot a press of the left button began on: it may become a drag
    Vector2 pressAt;
    int? dragIndex;
    (float X, float Y) dragFrom;

    /// <summary>This frame's mouse over the plots of the last frame; true when the run's points changed.</summary>
    public bool Handle(Networks run, IReadOnlyList<Axes> plots)
    {
        bool edited = false;
        var m = GetMousePosition();
        var under = plots.FirstOrDefault(a => a.Panel.Contains(m));
        if (IsMouseButtonPressed(MouseButton.Left) && under is not null) (pressAxes, pressAt, dragIndex) = (under, m, null);
        if (pressAxes is not null && IsMouseButtonDown(MouseButton.Left))
        {
            if (dragIndex is null && Vector2.Distance(m, pressAt) > 4)
            {
                dragIndex = Nearest(run, pressAxes, pressAt);
                dragFrom = (run.First.X[dragIndex.Value], run.First.Y[dragIndex.Value]);
            }
            if (dragIndex is int i)
            {
                var (x, y) = pressAxes.ToData(m);
                dragIndex = Edit(run, i, (float)x, (float)y);
                edited = true;
            }
        }
        if (pressAxes is not null && !IsMouseButtonDown(MouseButton.Left))
        {
            if (dragIndex is int i)
                voice.Log(new PointMoved(dragFrom.X, dragFrom.Y, run.First.X[i], run.First.Y[i], run.First.X.Length));
            else
            {
                var (x, y) = pressAxes.ToData(pressAt);
                Edit(run, null, (float)x, (float)y);
                edited = true;
                voice.Log(new PointAdded((float)x, (float)y, run.First.X.Length));
            }
            (pressAxes, dragIndex) = (null, null);
        }
        if (IsMouseButtonPressed(MouseButton.Right) && under is not null)
        {
            if (run.First.X.Length <= 2) { voice.Message("at least 2 points are needed", error: true); return edited; }
            int i = Nearest(run, under, m);
            var (x, y) = (run.First.X[i], run.First.Y[i]);
            Edit(run, i, float.NaN, float.NaN);
            edited = true;
            voice.Log(new PointRemoved(x, y, run.First.X.Length));
        }
        return edited;
    }

    static int Nearest(Networks run, Axes axes, Vector2 pixel)
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
    static int Edit(Networks run, int? i, float x, float y)
    {
        var points = run.First.X.Zip(run.First.Y, (a, b) => (X: a, Y: b)).ToList();
        if (i is int k) points.RemoveAt(k);
        var moved = (X: x, Y: y);
        if (float.IsFinite(x)) points.Add(moved);
        var sorted = points.OrderBy(p => p.X).ToList();
        run.SetData([.. sorted.Select(p => p.X)], [.. sorted.Select(p => p.Y)]);
        return float.IsFinite(x) ? sorted.IndexOf(moved) : -1;
    }
}
