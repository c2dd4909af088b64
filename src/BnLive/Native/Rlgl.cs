using System.Runtime.InteropServices;

namespace BnLive.Native;

/// <summary>The rlgl calls (raylib's immediate-mode layer over OpenGL, exported by libraylib) that bnlive uses:
/// geometry with per-vertex colour, for anti-aliased edges without multisampling, and the matrix, blend and
/// framebuffer state a render texture is drawn into and copied out of.</summary>
public static class Rlgl
{
    const string Lib = "raylib";

    static Rlgl() => _ = typeof(Raylib).TypeHandle;   // Raylib's static constructor installs the library resolver

    // rlBegin's modes
    public const int Triangles = 0x0004, Quads = 0x0007;

    // rlMatrixMode's matrices
    public const int ModelView = 0x1700, Projection = 0x1701;

    // rlBindFramebuffer's targets, and rlBlitFramebuffer's mask
    public const uint ReadFramebuffer = 0x8CA8, DrawFramebuffer = 0x8CA9, Framebuffer = 0x8D40;
    public const int ColorBufferBit = 0x4000;

    // rlSetBlendFactorsSeparate's factors and equations
    public const int One = 1, SrcAlpha = 0x0302, OneMinusSrcAlpha = 0x0303, FuncAdd = 0x8006;

    /// <summary>The OpenGL raylib was compiled for, as rlGetVersion answers (rlgl.h's rlGlVersion).</summary>
    public enum GlVersion { Software = 0, OpenGl11, OpenGl21, OpenGl33, OpenGl43, OpenGlEs20, OpenGlEs30 }

    [DllImport(Lib)] public static extern void rlBegin(int mode);
    [DllImport(Lib)] public static extern void rlEnd();
    [DllImport(Lib)] public static extern void rlVertex2f(float x, float y);
    [DllImport(Lib)] public static extern void rlTexCoord2f(float x, float y);
    [DllImport(Lib)] public static extern void rlSetTexture(uint id);
    [DllImport(Lib)] public static extern void rlColor4ub(byte r, byte g, byte b, byte a);
    [DllImport(Lib)] public static extern void rlDisableBackfaceCulling();

    [DllImport(Lib)] public static extern void rlPushMatrix();
    [DllImport(Lib)] public static extern void rlPopMatrix();
    [DllImport(Lib)] public static extern void rlTranslatef(float x, float y, float z);
    [DllImport(Lib)] public static extern void rlMatrixMode(int mode);
    [DllImport(Lib)] public static extern void rlLoadIdentity();
    [DllImport(Lib)] public static extern void rlOrtho(double left, double right, double bottom, double top, double near, double far);

    [DllImport(Lib)] public static extern void rlDisableColorBlend();
    [DllImport(Lib)] public static extern void rlEnableColorBlend();
    [DllImport(Lib)] public static extern void rlSetBlendFactorsSeparate(int srcRgb, int dstRgb, int srcAlpha, int dstAlpha, int eqRgb, int eqAlpha);

    [DllImport(Lib)] public static extern void rlBindFramebuffer(uint target, uint framebuffer);
    /// <summary>An empty body unless raylib was compiled for OpenGL 3.3 or ES 3: ask GlVersion first.</summary>
    [DllImport(Lib)] public static extern void rlBlitFramebuffer(int x0, int y0, int x1, int y1, int toX0, int toY0, int toX1, int toY1, int mask);
    [DllImport(Lib)] public static extern void rlEnableTexture(uint id);
    [DllImport(Lib)] public static extern void rlDisableTexture();

    [DllImport(Lib, EntryPoint = "rlGetVersion")] static extern int GetVersion();
    [DllImport(Lib)] static extern IntPtr rlGetProcAddress(string name);

    public static GlVersion Version => (GlVersion)GetVersion();

    const uint Texture2D = 0x0DE1, Bgra = 0x80E1, UnsignedByte = 0x1401;
    const int Rgba = 0x1908;

    /// <summary>Gives a texture empty w×h storage whose pixels GL keeps in BGRA order (an unsized RGBA texture given
    /// BGRA bytes): false where raylib does not hand out glTexImage2D, and the texture stays as it was. Desktop
    /// OpenGL only: OpenGL ES takes BGRA as an internal format of its own, or not at all.</summary>
    public static unsafe bool StoreAsBgra(uint textureId, int w, int h)
    {
        IntPtr proc;
        try { proc = rlGetProcAddress("glTexImage2D"); }
        catch (EntryPointNotFoundException) { return false; }   // an older raylib
        if (proc == IntPtr.Zero) return false;
        var texImage2D = (delegate* unmanaged<uint, int, int, int, int, int, uint, uint, void*, void>)proc;
        rlEnableTexture(textureId);
        texImage2D(Texture2D, 0, Rgba, w, h, 0, Bgra, UnsignedByte, null);
        rlDisableTexture();
        return true;
    }
}
