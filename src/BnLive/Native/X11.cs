using System.Runtime.InteropServices;

namespace BnLive.Native;

/// <summary>The X server that DISPLAY names, tried before raylib's own connection, and its loss during a run.
/// raylib's RGFW does not check that XOpenDisplay worked: with no server at DISPLAY it dereferences the NULL
/// display and the process dies of SIGSEGV (exit 139) without a word.</summary>
public static class X11
{
    const string Lib = "libX11.so.6";
    [DllImport(Lib)] static extern nint XOpenDisplay(nint name);   // NULL: the DISPLAY variable
    [DllImport(Lib)] static extern int XCloseDisplay(nint display);
    [DllImport(Lib)] static extern unsafe nint XSetIOErrorHandler(delegate* unmanaged<nint, int> handler);

    static string Display => Environment.GetEnvironmentVariable("DISPLAY") ?? "";

    /// <summary>Connects to the display, or stops with one line and exit 1 when DISPLAY names an X server that cannot
    /// be reached. The connection is held until disposed, after raylib has made its own: an X server whose last
    /// client leaves resets itself (Xvfb without -noreset), and for that moment refuses new connections, so a
    /// check that closed at once would make raylib's own XOpenDisplay fail and crash.
    /// Not on Linux, without DISPLAY (Wayland) or without libX11, raylib's own check stands.</summary>
    public static IDisposable Connect()
    {
        if (!OperatingSystem.IsLinux() || Display == "") return new DisplayConnection(0);
        nint display;
        try { display = XOpenDisplay(0); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return new DisplayConnection(0); }
        // a server in the middle of its reset refuses new connections for a moment: a few tries a moment apart get through
        for (int tries = 0; display == 0 && tries < 5; tries++)
        {
            Thread.Sleep(200);
            display = XOpenDisplay(0);
        }
        if (display == 0)
            throw new DisplayError($"cannot open display {Display}: is an X server running there? For files only, use ./run.sh export", DisplayError.Failure);
        return new DisplayConnection(display);
    }

    sealed class DisplayConnection(nint display) : IDisposable
    {
        public void Dispose()
        {
            if (display != 0) XCloseDisplay(display);
            display = 0;
        }
    }

    /// <summary>A display that goes away during the run (the X server stopped, the SSH tunnel closed) ends bnlive with
    /// one line and exit 1, instead of Xlib's two-line "XIO: fatal IO error".</summary>
    public static unsafe void SayWhenTheDisplayIsLost()
    {
        if (!OperatingSystem.IsLinux() || Display == "") return;
        try { XSetIOErrorHandler(&Lost); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    [UnmanagedCallersOnly]
    static int Lost(nint display)
    {
        Console.Out.Flush();
        Console.Error.WriteLine($"bnlive: lost the display {Display} (its X server stopped or the connection broke): the window is gone");
        Console.Error.Flush();
        return 0;   // Xlib then ends the process with exit(1): nothing may go on after a broken connection
    }
}
