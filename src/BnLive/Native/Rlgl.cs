using System.Runtime.InteropServices;

namespace BnLive.Native;

/// <summary>The few rlgl calls (raylib's immediate-mode layer, exported by libraylib) used to draw geometry with
/// per-vertex colour, for anti-aliased edges without multisampling.</summary>
public static class Rlgl
{
    const string Lib = "raylib";
    public const int Triangles = 0x0004, Quads = 0x0007;

    static Rlgl() => _ = typeof(Raylib).TypeHandle;   // Raylib's static constructor installs the library resolver

    [DllImport(Lib)] public static extern void rlBegin(int mode);
    [DllImport(Lib)] public static extern void rlEnd();
    [DllImport(Lib)] public static extern void rlVertex2f(float x, float y);
    [DllImport(Lib)] public static extern void rlTexCoord2f(float x, float y);
    [DllImport(Lib)] public static extern void rlSetTexture(uint id);
    [DllImport(Lib)] public static extern void rlColor4ub(byte r, byte g, byte b, byte a);
    [DllImport(Lib)] public static extern void rlDisableBackfaceCulling();
}
