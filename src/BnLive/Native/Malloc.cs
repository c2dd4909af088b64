using System.Runtime.InteropServices;

namespace BnLive.Native;

/// <summary>glibc's malloc, asked to give freed memory back to the system. Saving a GIF holds all its frames in
/// ImageMagick at once, and a screenshot a few megabytes; once freed, glibc keeps most of that in its per-thread
/// arenas, so the window's resident memory kept the high-water mark of every recording (the soak's figures:
/// docs/performance.md, "Memory").</summary>
public static class Malloc
{
    [DllImport("libc", EntryPoint = "malloc_trim")] static extern int malloc_trim(nuint pad);

    /// <summary>Returns the free memory of every arena; a few milliseconds, so only after big, rare work.</summary>
    public static void Trim()
    {
        if (!OperatingSystem.IsLinux()) return;
        try { malloc_trim(0); }
        catch (EntryPointNotFoundException) { }   // not glibc: its allocator has its own ways
    }
}
