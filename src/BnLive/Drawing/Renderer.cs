using BnLive.Native;

namespace BnLive.Drawing;

/// <summary>The OpenGL paths the renderer takes. Blit: an opaque cached region reaches the frame as a framebuffer
/// blit (rlBlitFramebuffer has an empty body unless raylib was compiled for OpenGL 3.3 or ES 3). Bgra: its render
/// texture is stored as BGRA, the window's own order under Mesa, so the blit is a plain copy (desktop OpenGL only,
/// and of use only to the blit). Where a path is off, the region is drawn as a textured quad: the same pixels.</summary>
public sealed record Gl(Rlgl.GlVersion Version, bool Blit, bool Bgra)
{
    /// <summary>Set to 1, the renderer takes the quad as a raylib built for OpenGL 2.1 or ES 2 would: for the tests.</summary>
    public const string FallbackVariable = "BNLIVE_GL_FALLBACK";

    /// <summary>The paths this raylib supports, read once; none with fallback.</summary>
    public static Gl Detect(bool fallback)
    {
        var version = Rlgl.Version;
        bool blit = !fallback && version is Rlgl.GlVersion.OpenGl33 or Rlgl.GlVersion.OpenGl43 or Rlgl.GlVersion.OpenGlEs30;
        return new Gl(version, blit, blit && version is not Rlgl.GlVersion.OpenGlEs30);
    }

    public static bool FallbackAsked => Environment.GetEnvironmentVariable(FallbackVariable) == "1";
}

/// <summary>Everything a frame is drawn with that lives on the GPU or is kept from frame to frame: the cached
/// regions' render textures, the line shader and marker sprites, the pictures of squares and loss curves, and the
/// layouts that are worked out once and reused. Made after InitWindow, disposed before CloseWindow (the Fonts that
/// carry it, made and disposed in the same places, hold the glyphs' textures). Nothing in Drawing keeps state of
/// its own: what the frame's functions keep, they keep here.</summary>
public sealed class Renderer : IDisposable
{
    public Gl Gl { get; }
    public RegionCache Regions { get; }
    public Smooth Smooth { get; } = new();
    public Fill Fill { get; }
    internal LossPanel.Curves LossCurves { get; } = new();
    internal Legend.Places LegendPlaces { get; } = new();
    internal CaptionBand.LastFit Caption { get; } = new();
    internal SnapshotPaths Paths { get; } = new();

    /// <summary>The layers drawn: all of them, but for the bench, which draws each alone to time it.</summary>
    public Layer Drawn { get; set; } = Layer.All;
    public bool On(Layer l) => (Drawn & l) != 0;

    public Renderer() : this(Gl.FallbackAsked) { }

    public Renderer(bool fallback)
    {
        Gl = Gl.Detect(fallback);
        Regions = new RegionCache(Gl);
        Fill = new Fill(Regions);
    }

    /// <summary>Frees the GPU's textures and shaders: call before the window closes.</summary>
    public void Dispose()
    {
        Regions.Dispose();
        Smooth.Dispose();
        Fill.Dispose();
        LossCurves.Dispose();
    }
}
