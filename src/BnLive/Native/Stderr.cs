using System.Runtime.InteropServices;

namespace BnLive.Native;

/// <summary>Silences the process's stderr (file descriptor 2) for a native call that talks too much.</summary>
public static class Stderr
{
    [DllImport("libc", SetLastError = true)] static extern int dup(int fd);
    [DllImport("libc", SetLastError = true)] static extern int dup2(int from, int to);
    [DllImport("libc", SetLastError = true)] static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    public static IDisposable Silenced()
    {
        if (!OperatingSystem.IsLinux()) return new Restore(-1);
        int saved = dup(2), devnull = open("/dev/null", 1 /* O_WRONLY */);
        if (saved < 0 || devnull < 0) return new Restore(-1);
        dup2(devnull, 2);
        close(devnull);
        return new Restore(saved);
    }

    sealed class Restore(int saved) : IDisposable
    {
        public void Dispose()
        {
            if (saved < 0) return;
            dup2(saved, 2);
            close(saved);
        }
    }
}
