using static BnLive.Native.Raylib;

namespace BnLive.Native;

/// <summary>raylib's window as a drawing surface: opened with the flags bnlive uses, closed on dispose.</summary>
public sealed class Screen : IDisposable
{
    /// <summary>A display to open a window on (on Linux: DISPLAY or WAYLAND_DISPLAY is set).</summary>
    public static bool HasDisplay => !OperatingSystem.IsLinux()
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));

    public static Screen Open(int width, int height, string title, bool hidden, bool resizable = false)
    {
        if (OperatingSystem.IsLinux() && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY")))
            throw new DisplayError(hidden
                ? "no display: run the export through ./run.sh export, which starts a virtual one (Xvfb), or set DISPLAY"
                : "no display for the window: set DISPLAY (headless: Xvfb :1 & DISPLAY=:1 ./run.sh window), or write files with ./run.sh export", DisplayError.Usage);
        SetTraceLogLevel(TraceLogLevel.Warning);
        var flags = ConfigFlags.VSyncHint;
        if (resizable) flags |= ConfigFlags.ResizableWindow;
        if (hidden) flags |= ConfigFlags.HiddenWindow;
        SetConfigFlags(flags);
        using (X11.Connect())   // one line for a display that is not there; held until raylib has its own connection
        using (Stderr.Silenced())   // RGFW looks for gamepads at start and says "Can't open /dev/input/": not news to users
            InitWindow(width, height, title);
        if (!IsWindowReady()) throw new DisplayError("raylib could not open a window on this display (is DISPLAY right?)", DisplayError.Usage);
        X11.SayWhenTheDisplayIsLost();
        Rlgl.rlDisableBackfaceCulling();   // our anti-aliased shapes do not keep one winding
        return new Screen();
    }

    /// <summary>The window closes with its GL context: whoever drew into it has freed what it loaded there
    /// (the renderer, disposed first).</summary>
    public void Dispose() => CloseWindow();
}
