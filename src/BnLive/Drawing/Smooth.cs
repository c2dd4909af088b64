using System.Numerics;
using BnLive.Native;
using static BnLive.Native.Raylib;
using static BnLive.Native.Rlgl;

namespace BnLive.Drawing;

/// <summary>Anti-aliased lines and markers whose edges fade over one pixel. Unlike multisampling, this gives the
/// same pixels on screen and in screenshots, and costs no extra fill. Under software GL a frame's cost is mostly
/// triangles, so a line segment is one quad whose fade a small shader computes from the distance across the line
/// (the profile three quads with per-vertex alpha used to make: 3 times the triangles), and a marker is one quad
/// of a sprite computed once (a polygon with a fading rim was ~160 triangles).</summary>
public sealed class Smooth : IDisposable
{
    const float Feather = 1f;   // pixels over which an edge fades out

    // x: the signed distance from the line's centre in pixels; y: the distance where the edge has faded out,
    // Feather (1 px) past the solid core
    const string LineShader = """
        #version 330
        in vec2 fragTexCoord;
        in vec4 fragColor;
        out vec4 finalColor;
        void main()
        {
            finalColor = vec4(fragColor.rgb, fragColor.a*clamp(fragTexCoord.y - abs(fragTexCoord.x), 0.0, 1.0));
        }
        """;

    Shader? shader;
    bool shaderTried;
    int batchDepth;
    readonly Dictionary<(float R, float E, uint Rgba), Texture2D> sprites = [];

    public void Dispose()
    {
        if (shader is Shader s) UnloadShader(s);
        foreach (var t in sprites.Values) UnloadTexture(t);
        (shader, shaderTried, batchDepth) = (null, false, 0);
        sprites.Clear();
    }

    // an OpenGL that cannot compile it (a raylib built for GL 2.1 or ES): lines of three quads instead
    Shader? Shader()
    {
        if (!shaderTried) (shader, shaderTried) = (Compile(LineShader), true);
        return shader;
    }

    /// <summary>A fragment shader over raylib's default vertex shader, or null where this OpenGL cannot compile it.</summary>
    internal static unsafe Shader? Compile(string fragment)
    {
        var s = LoadShaderFromMemory(null, fragment);
        return IsShaderValid(s) && s.Id != 0 ? s : null;
    }

    /// <summary>Lines drawn until the scope ends share one shader switch (each switch costs a draw call).</summary>
    public Scope Lines()
    {
        if (batchDepth++ == 0 && Shader() is Shader s) BeginShaderMode(s);
        return new Scope(this);
    }

    public readonly struct Scope(Smooth owner) : IDisposable
    {
        public void Dispose()
        {
            if (--owner.batchDepth == 0 && owner.shader is not null) EndShaderMode();
        }
    }

    /// <summary>A polyline with mitred joins: a solid core between two fading bands, one mesh, so a translucent
    /// line has no darker overlaps at its joints (as a matplotlib path has none).</summary>
    public void Polyline(ReadOnlySpan<Vector2> pts, float width, Color color)
    {
        if (pts.Length < 2 || color.A == 0) return;
        // Lines thinner than the feather fade instead of thinning further.
        float alpha = width < Feather ? width / Feather : 1;
        float half = MathF.Max(width, Feather) / 2;
        float core = MathF.Max(half - Feather / 2, 0), outer = half + Feather / 2;
        var solid = color.Fade(color.A / 255.0 * alpha);
        using var lines = Lines();
        Span<Vector2> prev = stackalloc Vector2[4], next = stackalloc Vector2[4];
        Offsets(pts, 0, core, outer, prev);
        if (shader is null)
        {
            ThreeQuads(pts, core, outer, solid, prev, next);
            return;
        }
        rlBegin(Quads);
        rlColor4ub(solid.R, solid.G, solid.B, solid.A);
        for (int i = 1; i < pts.Length; i++)
        {
            Offsets(pts, i, core, outer, next);
            // one quad from the left outer edge to the right: the shader fades it at both ends of the across distance
            T(prev[0], -outer, outer); T(next[0], -outer, outer); T(next[3], outer, outer); T(prev[3], outer, outer);
            next.CopyTo(prev);
        }
        rlEnd();
    }

    static void T(Vector2 p, float across, float outer)
    {
        rlTexCoord2f(across, outer);
        rlVertex2f(p.X, p.Y);
    }

    /// <summary>Without the shader: a solid core between two bands fading by per-vertex alpha, six triangles a segment.</summary>
    static void ThreeQuads(ReadOnlySpan<Vector2> pts, float core, float outer, Color solid, Span<Vector2> prev, Span<Vector2> next)
    {
        var clear = solid.Fade(0);
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

    /// <summary>matplotlib's marker at each centre: a disc of radius r filled, then its edge (a ring of width 2e
    /// on the rim) stroked over it, both in color, the edges fading over one pixel. Centres snap to the nearest
    /// pixel corner (half a pixel at most) so the sprite's texels fall on pixels, unfiltered.</summary>
    public void Markers(ReadOnlySpan<Vector2> centres, float r, float e, Color color)
    {
        var sprite = Sprite(r, e, color);
        float h = sprite.Width / 2f;
        rlSetTexture(sprite.Id);
        rlBegin(Quads);
        rlColor4ub(255, 255, 255, 255);
        foreach (var c in centres)
        {
            float x = MathF.Round(c.X) - h, y = MathF.Round(c.Y) - h, x1 = x + sprite.Width, y1 = y + sprite.Height;
            rlTexCoord2f(0, 0); rlVertex2f(x, y);
            rlTexCoord2f(0, 1); rlVertex2f(x, y1);
            rlTexCoord2f(1, 1); rlVertex2f(x1, y1);
            rlTexCoord2f(1, 0); rlVertex2f(x1, y);
        }
        rlEnd();
        rlSetTexture(0);
    }

    unsafe Texture2D Sprite(float r, float e, Color color)
    {
        var key = (r, e, (uint)(color.R | color.G << 8 | color.B << 16 | color.A << 24));
        if (sprites.TryGetValue(key, out var t)) return t;
        int n = 2 * (int)MathF.Ceiling(r + e + Feather);   // even: the centre is a pixel corner
        var rgba = new byte[n * n * 4];
        float a = color.A / 255f, r0 = r - e, r1 = r + e;
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
            {
                float d = MathF.Sqrt((i + 0.5f - n / 2f) * (i + 0.5f - n / 2f) + (j + 0.5f - n / 2f) * (j + 0.5f - n / 2f));
                float disc = a * Math.Clamp(r + Feather / 2 - d, 0, 1);
                float ring = a * MathF.Min(Math.Clamp(d - r0 + Feather / 2, 0, 1), Math.Clamp(r1 + Feather / 2 - d, 0, 1));
                float over = disc + ring * (1 - disc);   // the edge stroked over the fill, as two blended draws would
                int k = (j * n + i) * 4;
                (rgba[k], rgba[k + 1], rgba[k + 2], rgba[k + 3]) = (color.R, color.G, color.B, (byte)MathF.Round(over * 255));
            }
        fixed (byte* p = rgba)
            t = LoadTextureFromImage(new Image { Data = p, Width = n, Height = n, Mipmaps = 1, Format = (int)PixelFormat.UncompressedR8G8B8A8 });
        SetTextureFilter(t, TextureFilter.Point);
        sprites[key] = t;
        return t;
    }
}
