using BnLive.Recording;
using static BnLive.Native.Raylib;

namespace BnLive.Native;

/// <summary>raylib's window as a drawing surface: opened with the flags bnlive uses, closed on dispose.</summary>
public sealed class Screen : IDisposable
{
    public static Screen Open(int width, int height, string title, bool hidden, bool resizable = false)
    {
        if (OperatingSystem.IsLinux() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
            throw new CliError("no display: run it through ./run.sh, which starts a virtual one (Xvfb) for export, or set DISPLAY");
        SetTraceLogLevel(TraceLogLevel.Warning);
        var flags = ConfigFlags.VSyncHint;
        if (resizable) flags |= ConfigFlags.ResizableWindow;
        if (hidden) flags |= ConfigFlags.HiddenWindow;
        SetConfigFlags(flags);
        // RGFW looks for gamepads at start and says "Can't open /dev/input/" on stderr: not news to users.
        using (Stderr.Silenced()) InitWindow(width, height, title);
        if (!IsWindowReady()) throw new CliError("raylib could not open a window on this display (is DISPLAY right?)");
        Rlgl.rlDisableBackfaceCulling();   // our anti-aliased shapes do not keep one winding
        return new Screen();
    }

    /// <summary>Draws one frame with draw and returns its pixels.</summary>
    public Frame Capture(Action draw)
    {
        BeginDrawing();
        draw();
        var frame = Frame.FromScreen();
        EndDrawing();
        return frame;
    }

    public void Dispose() => CloseWindow();
}
