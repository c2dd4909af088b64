using System.Runtime.InteropServices;

namespace BnLive.Native;

/// <summary>glibc's malloc, asked to give freed memory back to the system. Saving a GIF holds all its frames in
/// ImageMagick at once, and a screenshot a few megabytes; once freed, glibc keeps most of that in its per-thread
/// arenas, so the window's resident memory kept the high-water mark of every recording: 11% above its start after
/// 100,000 steps with short recordings, 78% with long ones (the soak test's measure).</summary>
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
