using BnLive.Native;
using static BnLive.Native.Raylib;
using static BnLive.Native.Rlgl;

namespace BnLive.Drawing;

/// <summary>An array compared by its content (a record compares arrays by reference): part of a cached region's key.</summary>
public readonly struct Values<T>(T[] items) : IEquatable<Values<T>> where T : IEquatable<T>
{
    readonly T[] items = items;
    public bool Equals(Values<T> o) => items.AsSpan().SequenceEqual(o.items);
    public override bool Equals(object? o) => o is Values<T> v && Equals(v);
    public override int GetHashCode() => items.Length;
    public int Count => items.Length;
    /// <summary>Whether these items begin longer, a longer array.</summary>
    public bool Begins(Values<T> longer) => items.Length < longer.items.Length && longer.items.AsSpan(0, items.Length).SequenceEqual(items);
}

/// <summary>Regions of the frame whose pixels change only now and then (a plot's panel with its trail, the legend,
/// the loss and inside panels of a paused or finished run, the help, the caption), each drawn into a render texture
/// of its own and copied to the frame without blending while its key stays the same. The copy is a framebuffer
/// blit where the renderer has one, else a textured quad through a shader that only samples. Under software GL
/// either costs far less than the hundreds of translucent segments, pictures and glyphs it replaces
/// (docs/performance.md; ./run.sh bench --layers).</summary>
public sealed class RegionCache(Gl gl) : IDisposable
{
    sealed class Entry(RenderTexture2D target, int x, int y, object key)
    {
        public RenderTexture2D Target = target;
        public int X = x, Y = y;
        public object Key = key;
    }

    readonly List<Entry> entries = [];   // the most recently used last
    const int Most = 8;   // the compare view with every panel caches 6 regions, the help a 7th
    readonly Dictionary<(int, int, int, int), object> seen = [];   // each region's key when last drawn directly

    /// <summary>Added to scissors while a region is drawn into its texture (whose origin is its own corner;
    /// vertices are moved by the matrix, scissors are not).</summary>
    (int X, int Y) offset;
    int drawingHeight;   // the height of the texture being drawn into (0: drawing onto the frame)

    /// <summary>A scissor in the frame's pixels. Into a texture it is moved to the texture's corner, and turned
    /// upside down with the texture's rows (raylib counts a scissor's rows from the bottom, as the texture's
    /// projection no longer does).</summary>
    public void Scissor(int x, int y, int width, int height)
    {
        if (drawingHeight == 0) BeginScissorMode(x, y, width, height);
        else BeginScissorMode(x + offset.X, drawingHeight - (y + offset.Y) - height, width, height);
    }

    // the texel as it is, for the copies that are not a blit: llvmpipe runs a shader that only samples far faster
    // than raylib's default one, which multiplies by two colours (twice the cost, opaque or blended)
    const string CopyFs = """
        #version 330
        in vec2 fragTexCoord;
        uniform sampler2D texture0;
        out vec4 finalColor;
        void main() { finalColor = texture(texture0, fragTexCoord); }
        """;
    Shader? copy;
    bool copyTried;
    Shader? CopyShader()
    {
        if (!copyTried) (copy, copyTried) = (Smooth.Compile(CopyFs), true);
        return copy;
    }

    /// <summary>An opaque region onto the window's framebuffer as a framebuffer blit, the same pixels as the sampling
    /// quad. The texture holds its top row first and the blit turns it over, which is how Mesa stores a window's
    /// pixels: so llvmpipe sees neither a flip nor (with the texture in BGRA) a change of format, and copies the
    /// rows with memcpy instead of drawing a quad through a shader. False where the renderer has no blit, or the
    /// window is scaled (HiDPI).</summary>
    bool Blit(RenderTexture2D target, int x0, int y0, int w, int h)
    {
        if (!gl.Blit || GetRenderWidth() != GetScreenWidth() || GetRenderHeight() != GetScreenHeight()) return false;
        rlBindFramebuffer(ReadFramebuffer, target.Id);
        rlBindFramebuffer(DrawFramebuffer, 0);
        int top = GetRenderHeight() - y0;   // the region's top row, counted from the bottom as GL does
        rlBlitFramebuffer(0, 0, w, h, x0, top, x0 + w, top - h, ColorBufferBit);
        rlBindFramebuffer(Framebuffer, 0);
        return true;
    }

    /// <summary>A render texture, stored as BGRA (the order of a window's pixels under Mesa, see Blit) where the
    /// renderer takes that path; raylib's own stores RGBA.</summary>
    RenderTexture2D Load(int w, int h)
    {
        var target = LoadRenderTexture(w, h);
        if (gl.Bgra) StoreAsBgra(target.Texture.Id, w, h);
        return target;
    }

    /// <summary>Forgets every region, so the next frame draws each afresh.</summary>
    public void Clear()
    {
        foreach (var e in entries) UnloadRenderTexture(e.Target);
        entries.Clear();
        seen.Clear();
    }

    public void Dispose()
    {
        Clear();
        if (copy is Shader s) UnloadShader(s);
        (copy, copyTried) = (null, false);
    }

    /// <summary>A panel below the plots (on the figure's white) at the pixels bounds rounds to, cached only once the
    /// same key comes twice in a row: while training it changes every frame and is drawn directly.</summary>
    public void DrawPanel(Rectangle bounds, object key, Action draw) => Draw(bounds, key, Style.Figure, cacheAtOnce: false, draw);

    /// <summary>Draw over the pixels a filled rectangle of bounds covers (those whose centres lie inside it), or with
    /// touched every pixel bounds reaches into (a box whose soft edges may fall between pixels).</summary>
    public void Draw(Rectangle bounds, object key, Color ground, bool cacheAtOnce, Action draw, Func<object, bool>? extend = null,
        bool touched = false)
    {
        Func<float, float> inward = touched ? MathF.Floor : MathF.Round, outward = touched ? MathF.Ceiling : MathF.Round;
        int x0 = (int)inward(bounds.X), y0 = (int)inward(bounds.Y);
        Draw(x0, y0, (int)outward(bounds.Right) - x0, (int)outward(bounds.Bottom) - y0, key, ground, cacheAtOnce, draw, extend);
    }

    /// <summary>Shows what draw leaves in the pixels [x0, x0 + w) × [y0, y0 + h) on a ground of one colour: from
    /// its texture when it was drawn for an equal key, else drawn: into the texture at once with cacheAtOnce, else
    /// only once the same key comes twice in a row (a region that changes every frame is not drawn twice).
    /// draw must stay inside the region and scissor through Scissor. extend, given the key the texture was drawn for,
    /// may instead bring it up to key by drawing only what was added on top (true), as drawing it all would.</summary>
    void Draw(int x0, int y0, int w, int h, object key, Color ground, bool cacheAtOnce, Action draw, Func<object, bool>? extend)
    {
        if (w <= 0 || h <= 0) return;
        var entry = entries.Find(e => e.X == x0 && e.Y == y0 && e.Target.Texture.Width == w && e.Target.Texture.Height == h);
        if (entry is null || !entry.Key.Equals(key))
        {
            var region = (x0, y0, w, h);
            if (!cacheAtOnce && (!seen.TryGetValue(region, out var last) || !last.Equals(key)))
            {
                if (seen.Count >= 4 * Most) seen.Clear();   // regions of sizes long gone (a window resized)
                seen[region] = key;
                draw();
                return;
            }
            object? old = entry?.Key;
            if (entry is null)
            {
                if (entries.Count >= Most)
                {
                    UnloadRenderTexture(entries[0].Target);
                    entries.RemoveAt(0);
                }
                entry = new Entry(Load(w, h), x0, y0, key);
                entries.Add(entry);
            }
            entry.Key = key;
            BeginTextureMode(entry.Target);
            // the top row first (see Blit): y grows up the texture, which turns triangles over (culling is off for
            // the whole window: Screen.Open)
            rlMatrixMode(Projection);
            rlLoadIdentity();
            rlOrtho(0, w, 0, h, 0, 1);
            rlMatrixMode(ModelView);
            drawingHeight = h;
            // colours blend as on the frame; alpha accumulates as coverage (on an opaque ground it stays opaque, where
            // blending as usual would lower it under translucent lines, and the copy carries it to the frame)
            rlSetBlendFactorsSeparate(SrcAlpha, OneMinusSrcAlpha, One, OneMinusSrcAlpha, FuncAdd, FuncAdd);
            BeginBlendMode(BlendMode.CustomSeparate);
            rlPushMatrix();
            rlTranslatef(-x0, -y0, 0);
            offset = (-x0, -y0);
            try
            {
                if (old is null || extend?.Invoke(old) != true)
                {
                    ClearBackground(ground);
                    draw();
                }
            }
            finally
            {
                offset = (0, 0);
                drawingHeight = 0;
                rlPopMatrix();
                EndBlendMode();
                EndTextureMode();
            }
        }
        entries.Remove(entry);
        entries.Add(entry);
        rlDrawRenderBatchActive();
        bool opaque = ground.A == 255;
        if (opaque && offset == (0, 0) && Blit(entry.Target, x0, y0, w, h)) return;
        // else an opaque region is copied without blending; a translucent one (a transparent ground) holds colours
        // premultiplied by their alpha, and is blended as such
        if (opaque) rlDisableColorBlend();
        else BeginBlendMode(BlendMode.AlphaPremultiply);
        var shader = CopyShader();   // the tint is white: sampling alone gives the same colours, for half the cost
        if (shader is Shader cs) BeginShaderMode(cs);
        DrawTexturePro(entry.Target.Texture, new Rectangle(0, 0, w, h), new Rectangle(x0, y0, w, h), default, 0, Color.White);   // the top row first
        rlDrawRenderBatchActive();
        if (shader is Shader) EndShaderMode();
        if (opaque) rlEnableColorBlend();
        else EndBlendMode();
    }
}
