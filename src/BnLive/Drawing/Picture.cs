using System.Numerics;
using BnLive.Native;
using static BnLive.Native.Raylib;
using static BnLive.Native.Rlgl;

namespace BnLive.Drawing;

/// <summary>Pixels of a rectangle computed on the CPU (straight-alpha RGBA) and shown through one texture. Under
/// software GL thousands of small primitives cost far more than computing their pixels here, but a textured quad
/// costs its area: so only the bands of columns that hold pixels are drawn, each over the rows it uses.</summary>
public sealed class Picture : IDisposable
{
    const int Band = 32;   // pixels: a column band's width
    public int X { get; private set; }
    public int Y { get; private set; }
    public int Width { get; private set; }
    public int Height { get; private set; }
    public byte[] Rgba { get; private set; } = [];
    int[] top = [], bottom = [];
    Texture2D? texture;
    bool uploaded;

    /// <summary>Frees the texture (it belongs to the window's GL context); the next Show makes it again.</summary>
    public void Dispose()
    {
        if (texture is Texture2D t) UnloadTexture(t);
        (texture, uploaded) = (null, false);
    }

    /// <summary>Empties the picture and places it over the pixels [x, x + w) × [y, y + h).</summary>
    public void Reset(int x, int y, int w, int h)
    {
        (w, h) = (Math.Max(w, 0), Math.Max(h, 0));
        if (Rgba.Length < w * h * 4) Rgba = new byte[w * h * 4];
        else Array.Clear(Rgba, 0, w * h * 4);
        int bands = (w + Band - 1) / Band;
        if (top.Length < bands) (top, bottom) = (new int[bands], new int[bands]);
        Array.Fill(top, int.MaxValue, 0, bands);
        Array.Fill(bottom, int.MinValue, 0, bands);
        (X, Y, Width, Height, uploaded) = (x, y, w, h, false);
    }

    /// <summary>Empties the picture's columns from `from` on, to be drawn again.</summary>
    public void ClearColumns(int from)
    {
        from = Math.Max(from, 0);
        if (from >= Width) return;
        for (int j = 0; j < Height; j++) Array.Clear(Rgba, (j * Width + from) * 4, (Width - from) * 4);
        for (int b = (from + Band - 1) / Band; b * Band < Width; b++) (top[b], bottom[b]) = (int.MaxValue, int.MinValue);
        uploaded = false;
    }

    /// <summary>Marks the picture's own pixels [i0, i1) × [j0, j1) as used (drawn when shown).</summary>
    public void Touch(int i0, int i1, int j0, int j1)
    {
        if (i1 <= i0 || j1 <= j0) return;
        for (int b = i0 / Band; b <= (i1 - 1) / Band; b++)
            (top[b], bottom[b]) = (Math.Min(top[b], j0), Math.Max(bottom[b], j1));
    }

    /// <summary>Composites color at coverage (0..1) over pixel p (an index into the picture), as a blended draw would.</summary>
    public void Over(int p, Color color, float coverage)
    {
        float a = color.A / 255f * coverage;
        if (a <= 0) return;
        int k = 4 * p;
        if (Rgba[k + 3] == 0)
        {
            (Rgba[k], Rgba[k + 1], Rgba[k + 2], Rgba[k + 3]) = (color.R, color.G, color.B, (byte)(a * 255 + 0.5f));
            return;
        }
        float da = Rgba[k + 3] / 255f, oa = a + da * (1 - a), s = a / oa, t = da * (1 - a) / oa;
        (Rgba[k], Rgba[k + 1], Rgba[k + 2], Rgba[k + 3]) = ((byte)(color.R * s + Rgba[k] * t + 0.5f),
            (byte)(color.G * s + Rgba[k + 1] * t + 0.5f), (byte)(color.B * s + Rgba[k + 2] * t + 0.5f), (byte)(oa * 255 + 0.5f));
    }

    float[] coverage = [];   // a polyline's coverage of each pixel, rows Stride apart (whole vectors fit past a row's end)
    int[] lineTop = [], lineBottom = [];
    static readonly Vector<float> Lanes = new([.. Enumerable.Range(0, Vector<float>.Count).Select(i => (float)i)]);
    int Stride => Width + Vector<float>.Count;

    /// <summary>A polyline as Smooth.Polyline draws it (a solid core whose edges fade over a pixel; thinner than a
    /// pixel, fainter), but with round joins: each pixel takes its distance to the nearest segment, so a translucent
    /// line has no darker overlaps where its segments meet.</summary>
    public void Polyline(ReadOnlySpan<Vector2> pts, float width, Color color, int fromColumn = 0)
    {
        if (pts.Length < 2 || color.A == 0 || Width == 0 || Height == 0) return;
        float alpha = MathF.Min(width, 1), outer = MathF.Max(width, 1) / 2 + 0.5f;
        if (coverage.Length < Stride * Height) coverage = new float[Stride * Height];
        int bands = (Width + Band - 1) / Band;
        if (lineTop.Length < bands) (lineTop, lineBottom) = (new int[bands], new int[bands]);
        Array.Fill(lineTop, int.MaxValue, 0, bands);
        Array.Fill(lineBottom, int.MinValue, 0, bands);
        var cells = coverage.AsSpan();
        var (vOuter, one) = (new Vector<float>(outer), Vector<float>.One);
        int rowsFrom = Height, rowsTo = 0;
        for (int s = 1; s < pts.Length; s++)
        {
            // pixel centres within outer of the segment a→b, in the picture's own pixels, a vector of them at a time
            Vector2 a = pts[s - 1] - new Vector2(X, Y), b = pts[s] - new Vector2(X, Y), d = b - a;
            int i0 = Math.Max(fromColumn, (int)MathF.Floor(MathF.Min(a.X, b.X) - outer)), i1 = Math.Min(Width, (int)MathF.Ceiling(MathF.Max(a.X, b.X) + outer));
            int j0 = Math.Max(0, (int)MathF.Floor(MathF.Min(a.Y, b.Y) - outer)), j1 = Math.Min(Height, (int)MathF.Ceiling(MathF.Max(a.Y, b.Y) + outer));
            if (i1 <= i0 || j1 <= j0) continue;
            (rowsFrom, rowsTo) = (Math.Min(rowsFrom, j0), Math.Max(rowsTo, j1));
            float inv = 1 / MathF.Max(Vector2.Dot(d, d), 1e-12f);
            var (dx, dy) = (new Vector<float>(d.X), new Vector<float>(d.Y));
            for (int j = j0; j < j1; j++)
            {
                var py = new Vector<float>(j + 0.5f - a.Y);
                var row = cells.Slice(j * Stride, Stride);
                for (int i = i0; i < i1; i += Vector<float>.Count)
                {
                    var px = new Vector<float>(i + 0.5f - a.X) + Lanes;
                    var t = Vector.Min(Vector.Max((px * dx + py * dy) * inv, Vector<float>.Zero), one);
                    var (ex, ey) = (px - t * dx, py - t * dy);
                    // 1 in the solid core, fading to 0 over the last pixel to outer; negative farther out
                    var c = Vector.Min(vOuter - Vector.SquareRoot(ex * ex + ey * ey), one);
                    Vector.Max(new Vector<float>(row[i..]), c).CopyTo(row[i..]);
                }
            }
            for (int band = i0 / Band; band <= (i1 - 1) / Band; band++)
                (lineTop[band], lineBottom[band]) = (Math.Min(lineTop[band], j0), Math.Max(lineBottom[band], j1));
        }
        for (int band = 0; band < bands; band++)
        {
            if (lineBottom[band] <= lineTop[band]) continue;
            int i0 = Math.Max(band * Band, fromColumn), i1 = Math.Min(Width, band * Band + Band);
            for (int j = lineTop[band]; j < lineBottom[band]; j++)
            {
                var row = cells.Slice(j * Stride, Stride);
                for (int i = i0; i < i1; i++)
                    if (row[i] > 0) Over(j * Width + i, color, row[i] * alpha);
            }
            Touch(i0, i1, lineTop[band], lineBottom[band]);
        }
        // past a row's last pixel the vectors may have left coverage too: the whole rows are cleared
        cells[(rowsFrom * Stride)..(Math.Max(rowsFrom, rowsTo) * Stride)].Clear();
        uploaded = false;
    }

    /// <summary>Draws the picture's used bands at its place (uploading its pixels if they changed since), blended
    /// over what is there. The texels fall on pixels, unfiltered.</summary>
    public unsafe void Show()
    {
        if (Width == 0 || Height == 0) return;
        if (texture is Texture2D old && (old.Width != Width || old.Height != Height))
        {
            UnloadTexture(old);
            texture = null;
        }
        fixed (byte* px = Rgba)
        {
            if (texture is null)
            {
                var t = LoadTextureFromImage(new Image { Data = px, Width = Width, Height = Height, Mipmaps = 1, Format = (int)PixelFormat.UncompressedR8G8B8A8 });
                SetTextureFilter(t, TextureFilter.Point);
                texture = t;
            }
            else if (!uploaded) UpdateTexture(texture.Value, px);
        }
        uploaded = true;
        rlSetTexture(texture.Value.Id);
        rlBegin(Quads);
        rlColor4ub(255, 255, 255, 255);
        for (int b = 0; b * Band < Width; b++)
        {
            if (bottom[b] <= top[b]) continue;
            int i0 = b * Band, i1 = Math.Min(Width, i0 + Band), j0 = Math.Max(0, top[b]), j1 = Math.Min(Height, bottom[b]);
            float u0 = i0 / (float)Width, u1 = i1 / (float)Width, v0 = j0 / (float)Height, v1 = j1 / (float)Height;
            rlTexCoord2f(u0, v0); rlVertex2f(X + i0, Y + j0);
            rlTexCoord2f(u0, v1); rlVertex2f(X + i0, Y + j1);
            rlTexCoord2f(u1, v1); rlVertex2f(X + i1, Y + j1);
            rlTexCoord2f(u1, v0); rlVertex2f(X + i1, Y + j0);
        }
        rlEnd();
        rlSetTexture(0);
    }
}
