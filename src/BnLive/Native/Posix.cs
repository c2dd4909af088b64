using System.Runtime.InteropServices;

namespace BnLive.Native;

/// <summary>The C library's stat(2), for what .NET does not say: whether a path is a regular file or a device.</summary>
public static class Posix
{
    [DllImport("libc", SetLastError = true)]
    static extern unsafe int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* buf);

    const int ModeOffset = 24;   // st_mode within struct stat on Linux x86-64
    const uint FileTypeMask = 0xF000, RegularFile = 0x8000;   // S_IFMT, S_IFREG

    /// <summary>Where StatRegular can answer: Linux on x86-64, whose struct stat's layout is known here.</summary>
    public static bool CanStat => OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64;

    /// <summary>Whether path is a regular file, or null where stat fails (or CanStat is false).</summary>
    public static unsafe bool? StatRegular(string path)
    {
        if (!CanStat) return null;
        byte* buf = stackalloc byte[256];
        if (stat(path, buf) != 0) return null;
        uint mode = *(uint*)(buf + ModeOffset);
        return (mode & FileTypeMask) == RegularFile;
    }
}
