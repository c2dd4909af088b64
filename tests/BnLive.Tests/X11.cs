using System.Runtime.InteropServices;

namespace BnLive.Tests;

/// <summary>Asks a window to close as a window manager does when its close button is clicked: a WM_DELETE_WINDOW
/// client message (xdotool's windowclose destroys the window instead, which no user can do). Reads the clipboard as
/// another program pastes it.</summary>
public static class X11
{
    [DllImport("libX11.so.6")] static extern IntPtr XOpenDisplay(string? name);
    [DllImport("libX11.so.6")] static extern int XCloseDisplay(IntPtr display);
    [DllImport("libX11.so.6")] static extern ulong XInternAtom(IntPtr display, string name, bool onlyIfExists);
    [DllImport("libX11.so.6")] static extern int XSendEvent(IntPtr display, ulong window, bool propagate, long mask, ref ClientMessage ev);
    [DllImport("libX11.so.6")] static extern int XFlush(IntPtr display);
    [DllImport("libX11.so.6")] static extern ulong XDefaultRootWindow(IntPtr display);
    [DllImport("libX11.so.6")] static extern ulong XCreateSimpleWindow(IntPtr display, ulong parent, int x, int y, uint w, uint h, uint border, ulong borderColor, ulong background);
    [DllImport("libX11.so.6")] static extern int XConvertSelection(IntPtr display, ulong selection, ulong target, ulong property, ulong requestor, ulong time);
    [DllImport("libX11.so.6")] static extern int XPending(IntPtr display);
    [DllImport("libX11.so.6")] static extern int XNextEvent(IntPtr display, byte[] ev);
    [DllImport("libX11.so.6")] static extern int XGetWindowProperty(IntPtr display, ulong window, ulong property, long offset, long length, bool delete,
        ulong type, out ulong actualType, out int actualFormat, out ulong items, out ulong bytesAfter, out IntPtr data);
    [DllImport("libX11.so.6")] static extern int XFree(IntPtr data);

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

    /// <summary>The CLIPBOARD selection as UTF-8 text, asked of its owner as a paste does (null: no answer in 5 s).</summary>
    public static string? Clipboard()
    {
        var display = XOpenDisplay(null);
        Assert.True(display != IntPtr.Zero, "cannot open the display");
        try
        {
            ulong window = XCreateSimpleWindow(display, XDefaultRootWindow(display), 0, 0, 1, 1, 0, 0, 0);
            ulong clipboard = XInternAtom(display, "CLIPBOARD", false), utf8 = XInternAtom(display, "UTF8_STRING", false);
            ulong property = XInternAtom(display, "BNLIVE_PASTE", false);
            XConvertSelection(display, clipboard, utf8, property, window, 0);
            XFlush(display);
            var ev = new byte[192];   // the XEvent union on 64-bit Linux
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < 5)
            {
                if (XPending(display) == 0) { Thread.Sleep(20); continue; }
                XNextEvent(display, ev);
                if (BitConverter.ToInt32(ev, 0) != 31) continue;   // SelectionNotify
                if (BitConverter.ToUInt64(ev, 56) == 0) return null;   // its property: None, the owner refused
                XGetWindowProperty(display, window, property, 0, 1 << 20, true, 0, out _, out _, out ulong items, out _, out IntPtr data);
                try { return Marshal.PtrToStringUTF8(data, (int)items); }
                finally { XFree(data); }
            }
            return null;
        }
        finally { XCloseDisplay(display); }
    }
}
