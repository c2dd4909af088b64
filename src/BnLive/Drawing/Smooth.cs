using System.Numerics;
using BnLive.Native;
using static BnLive.Native.Rlgl;

namespace BnLive.Drawing;

/// <summary>Anti-aliased lines and discs drawn as triangles whose outer edge fades over one pixel (per-vertex alpha).
/// Unlike multisampling, this gives the same pixels on screen and in screenshots, and costs no extra fill.</summary>
public static class Smooth
{
    const float Feather = 1f;   // pixels over which an edge fades out

    /// <summary>A polyline with mitred joins: a solid core between two fading bands, one triangle list,
    /// so a translucent line has no darker overlaps at its joints (as a matplotlib path has none).</summary>
    public static void Polyline(ReadOnlySpan<Vector2> pts, float width, Color color)
    {
        if (pts.Length < 2 || color.A == 0) return;
        // Lines thinner than the feather fade instead of thinning further.
        float alpha = width < Feather ? width / Feather : 1;
        float half = MathF.Max(width, Feather) / 2;
        float core = MathF.Max(half - Feather / 2, 0), outer = half + Feather / 2;
        var solid = color.Fade(color.A / 255.0 * alpha);
        var clear = color.Fade(0);

        Span<Vector2> prev = stackalloc Vector2[4], next = stackalloc Vector2[4];
        Offsets(pts, 0, core, outer, prev);
        rlBegin(Triangles);
        for (int i = 1; i < pts.Length; i++)
        {
            Offsets(pts, i, core, outer, next);
            Quad(prev[0], prev[1], next[0], next[1], clear, solid);   // left fade
            Quad(prev[1], prev[2], next[1], next[2], solid, solid);   // core
            Quad(prev[2], prev[3], next[2], next[3], solid, clear);   // right fade
            next.CopyTo(prev);
        }
        rlEnd();
    }

    /// <summary>The four edge points at pts[i] across the line: left outer, left core, right core, right outer.</summary>
    static void Offsets(ReadOnlySpan<Vector2> pts, int i, float core, float outer, Span<Vector2> o)
    {
        var n0 = Normal(pts[Math.Max(i - 1, 0)], pts[Math.Max(i, 1)]);
        var n1 = Normal(pts[Math.Min(i, pts.Length - 2)], pts[Math.Min(i + 1, pts.Length - 1)]);
        var m = n0 + n1;
        m = m.LengthSquared() < 1e-12f ? n1 : Vector2.Normalize(m);
        float k = 1 / MathF.Max(Vector2.Dot(m, n1), 0.5f);   // mitre length, clamped at twice the width
        o[0] = pts[i] - m * (outer * k);
        o[1] = pts[i] - m * (core * k);
        o[2] = pts[i] + m * (core * k);
        o[3] = pts[i] + m * (outer * k);
    }

    static Vector2 Normal(Vector2 a, Vector2 b)
    {
        var d = b - a;
        float len = d.Length();
        return len < 1e-6f ? Vector2.Zero : new Vector2(-d.Y / len, d.X / len);
    }

    /// <summary>A quad a0 b0 a1 b1 (a side coloured ca, b side cb) as two triangles.</summary>
    static void Quad(Vector2 a0, Vector2 b0, Vector2 a1, Vector2 b1, Color ca, Color cb)
    {
        V(a0, ca); V(b0, cb); V(a1, ca);
        V(a1, ca); V(b0, cb); V(b1, cb);
    }

    static void V(Vector2 p, Color c)
    {
        rlColor4ub(c.R, c.G, c.B, c.A);
        rlVertex2f(p.X, p.Y);
    }

    /// <summary>A filled disc with a one-pixel fading rim.</summary>
    public static void Disc(Vector2 c, float r, Color color) => Ring(c, 0, r, color);

    /// <summary>The ring between radii r0 and r1 (r0 = 0: a disc), its edges fading over one pixel.</summary>
    public static void Ring(Vector2 c, float r0, float r1, Color color)
    {
        int segments = Math.Clamp((int)(r1 * 1.5f), 10, 48);   // the fading rim hides the facets
        var clear = color.Fade(0);
        float inIn = MathF.Max(r0 - Feather / 2, 0), inOut = r0 + Feather / 2, outIn = MathF.Max(r1 - Feather / 2, inOut), outOut = r1 + Feather / 2;
        rlBegin(Triangles);
        for (int s = 0; s < segments; s++)
        {
            float t0 = MathF.Tau * s / segments, t1 = MathF.Tau * (s + 1) / segments;
            var d0 = new Vector2(MathF.Cos(t0), MathF.Sin(t0));
            var d1 = new Vector2(MathF.Cos(t1), MathF.Sin(t1));
            if (r0 > 0)
            {
                Quad(c + d0 * inIn, c + d0 * inOut, c + d1 * inIn, c + d1 * inOut, clear, color);
                Quad(c + d0 * inOut, c + d0 * outIn, c + d1 * inOut, c + d1 * outIn, color, color);
            }
            else
            {
                V(c, color); V(c + d0 * outIn, color); V(c + d1 * outIn, color);   // a disc's core is a fan
            }
            Quad(c + d0 * outIn, c + d0 * outOut, c + d1 * outIn, c + d1 * outOut, color, clear);
        }
        rlEnd();
    }
}
