using BnLive.Native;
using static BnLive.Native.Raylib;

namespace BnLive.Drawing;

/// <summary>Opaque rectangles as a clear under a scissor: under software GL a glClear is nearly free, where a
/// filled rectangle costs as much as its area (a full 1920x1080 one ~6 ms). Not inside another scissor.</summary>
public static class Fill
{
    public static void Rect(Rectangle r, Color color)
    {
        // the pixels whose centres lie inside r, as a filled rectangle covers
        int x0 = (int)MathF.Round(r.X), y0 = (int)MathF.Round(r.Y), x1 = (int)MathF.Round(r.Right), y1 = (int)MathF.Round(r.Bottom);
        if (x1 <= x0 || y1 <= y0) return;
        BeginScissorMode(x0, y0, x1 - x0, y1 - y0);
        ClearBackground(color);
        EndScissorMode();
    }
}
