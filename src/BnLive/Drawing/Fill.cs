using System.Numerics;
using BnLive.Native;
using static BnLive.Native.Raylib;
using static BnLive.Native.Rlgl;

namespace BnLive.Drawing;

/// <summary>Opaque rectangles as a clear under a scissor: under software GL a glClear is nearly free, where a
/// filled rectangle costs as much as its area (a full 1920x1080 one ~6 ms). Not inside another scissor.</summary>
public sealed class Fill(RegionCache regions) : IDisposable
{
    sealed record SquareSet(Rectangle Clip, Vector2[] Corners, float Size, Color Color);
    readonly Dictionary<int, (Picture Picture, SquareSet? Drawn)> slots = [];
    byte[] counts = [];   // reused: a frame's counts would otherwise be garbage every frame

    public void Dispose()
    {
        foreach (var (picture, _) in slots.Values) picture.Dispose();
        slots.Clear();
    }

    /// <summary>Squares of one size and colour (top-left corners) counted into a picture of the pixels of clip
    /// on the CPU, then drawn as a few textured quads (the picture of slot, kept frame to frame and computed again
    /// only when the squares change): thousands of translucent squares cost thousands of triangles under software
    /// GL. A pixel covered k times gets the alpha k blended squares give, 1 − (1 − a)^k; squares are clipped to
    /// clip as by a scissor.</summary>
    public void SquaresAsPicture(int slot, Rectangle clip, ReadOnlySpan<Vector2> corners, float size, Color color)
    {
        if (!slots.TryGetValue(slot, out var s)) s = (new Picture(), null);
        if (s.Drawn is not { } d || !d.Clip.Equals(clip) || d.Size != size || !d.Color.Equals(color) || !corners.SequenceEqual(d.Corners))
        {
            Count(s.Picture, clip, corners, size, color);
            s.Drawn = new SquareSet(clip, corners.ToArray(), size, color);
        }
        slots[slot] = s;
        s.Picture.Show();
    }

    void Count(Picture picture, Rectangle clip, ReadOnlySpan<Vector2> corners, float size, Color color)
    {
        int x0 = (int)MathF.Round(clip.X), y0 = (int)MathF.Round(clip.Y);
        int w = (int)MathF.Round(clip.Right) - x0, h = (int)MathF.Round(clip.Bottom) - y0;
        picture.Reset(x0, y0, w, h);
        if (w <= 0 || h <= 0) return;
        if (counts.Length < w * h) counts = new byte[w * h];
        Array.Clear(counts, 0, w * h);
        foreach (var c in corners)
        {
            // the pixels whose centres lie in [c, c + size): those a filled square covers
            int i0 = Math.Max(0, (int)MathF.Ceiling(c.X - 0.5f) - x0), i1 = Math.Min(w, (int)MathF.Ceiling(c.X + size - 0.5f) - x0);
            int j0 = Math.Max(0, (int)MathF.Ceiling(c.Y - 0.5f) - y0), j1 = Math.Min(h, (int)MathF.Ceiling(c.Y + size - 0.5f) - y0);
            picture.Touch(i0, i1, j0, j1);
            for (int j = j0; j < j1; j++)
                for (int i = i0; i < i1; i++)
                    if (counts[j * w + i] < 255) counts[j * w + i]++;
        }
        Span<byte> alphas = stackalloc byte[256];
        double a = color.A / 255.0;
        for (int k = 0; k < 256; k++) alphas[k] = (byte)Math.Round(255 * (1 - Math.Pow(1 - a, k)));
        var rgba = picture.Rgba;
        for (int p = 0; p < w * h; p++)
            if (counts[p] > 0) (rgba[4 * p], rgba[4 * p + 1], rgba[4 * p + 2], rgba[4 * p + 3]) = (color.R, color.G, color.B, alphas[counts[p]]);
    }

    public void Rect(Rectangle r, Color color)
    {
        // the pixels whose centres lie inside r, as a filled rectangle covers
        int x0 = (int)MathF.Round(r.X), y0 = (int)MathF.Round(r.Y), x1 = (int)MathF.Round(r.Right), y1 = (int)MathF.Round(r.Bottom);
        if (x1 <= x0 || y1 <= y0) return;
        regions.Scissor(x0, y0, x1 - x0, y1 - y0);
        ClearBackground(color);
        EndScissorMode();
    }

    /// <summary>Squares of one size and colour from their top-left corners, in one batch (DrawRectangleV a square
    /// costs a dozen native calls).</summary>
    public static void Squares(ReadOnlySpan<Vector2> corners, float size, Color color)
    {
        rlBegin(Quads);
        rlColor4ub(color.R, color.G, color.B, color.A);
        foreach (var c in corners)
        {
            rlVertex2f(c.X, c.Y);
            rlVertex2f(c.X, c.Y + size);
            rlVertex2f(c.X + size, c.Y + size);
            rlVertex2f(c.X + size, c.Y);
        }
        rlEnd();
    }
}
