using System.Runtime.InteropServices;

namespace BnLive.Tests;

/// <summary>Asks a window to close as a window manager does when its close button is clicked: a WM_DELETE_WINDOW
/// client message (xdotool's windowclose destroys the window instead, which no user can do).</summary>
public static class X11
{
    [DllImport("libX11.so.6")] static extern IntPtr XOpenDisplay(string? name);
    [DllImport("libX11.so.6")] static extern int XCloseDisplay(IntPtr display);
    [DllImport("libX11.so.6")] static extern ulong XInternAtom(IntPtr display, string name, bool onlyIfExists);
    [DllImport("libX11.so.6")] static extern int XSendEvent(IntPtr display, ulong window, bool propagate, long mask, ref ClientMessage ev);
    [DllImport("libX11.so.6")] static extern int XFlush(IntPtr display);

    // XClientMessageEvent, padded to the size of the XEvent union (24 longs) on 64-bit Linux
    [StructLayout(LayoutKind.Sequential, Size = 192)]
    struct ClientMessage
    {
        public int Type;
        public ulong Serial;
        public int SendEvent;
        public IntPtr Display;
        public ulong Window;
        public ulong MessageType;
        public int Format;
        public long Data0, Data1, Data2, Data3, Data4;
    }

    public static void Close(string windowId)
    {
        var display = XOpenDisplay(null);
        Assert.True(display != IntPtr.Zero, "cannot open the display");
        try
        {
            var ev = new ClientMessage
            {
                Type = 33,   // ClientMessage
                SendEvent = 1,
                Display = display,
                Window = ulong.Parse(windowId),
                MessageType = XInternAtom(display, "WM_PROTOCOLS", false),
                Format = 32,
                Data0 = (long)XInternAtom(display, "WM_DELETE_WINDOW", false),
            };
            XSendEvent(display, ev.Window, false, 0, ref ev);
            XFlush(display);
        }
        finally { XCloseDisplay(display); }
    }
}
