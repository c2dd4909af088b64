using BnLive.Native;

namespace BnLive.Recording;

/// <summary>Writes a file whole or not at all: into a temporary file beside it, renamed over the target when
/// complete, so an existing file is replaced only by a finished one and a failure leaves nothing behind.</summary>
public static class SafeFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>An IO error's reason without the temporary file's path .NET appends ("No space left on device : '/…/.x.tmp'").</summary>
    public static string Reason(Exception e)
    {
        var m = e.Message;
        int at = m.IndexOf(" : '", StringComparison.Ordinal);
        return (at > 0 ? m[..at] : m).ReplaceLineEndings(" ").TrimEnd('.');
    }

    // Renaming over a device (/dev/full, /dev/null) would replace the device itself, so only regular files
    // are replaced; where stat cannot be asked, nothing under /dev is.
    static bool IsRegular(string path) => Posix.CanStat ? Posix.StatRegular(path) ?? true : !path.StartsWith("/dev/");

    /// <summary>Why path cannot be written, or null when it can: checked before long work starts.</summary>
    public static string? Problem(string path)
    {
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return "is not a valid path"; }
        if (Directory.Exists(full)) return "is a directory";
        if (File.Exists(full) && !IsRegular(full)) return "is not a regular file (a device?): bnlive replaces files whole, so name a file";
        var dir = Path.GetDirectoryName(full);
        if (dir is null) return "has no folder";
        try
        {
            Directory.CreateDirectory(dir);
            var probe = Path.Combine(dir, $".bnlive-probe.{Environment.ProcessId}");
            using (File.Create(probe)) { }
            File.Delete(probe);
            return null;
        }
        catch (UnauthorizedAccessException) { return $"is in a folder that is not writable ({dir})"; }
        catch (IOException e) { return $"cannot be written ({e.Message.TrimEnd('.')})"; }
    }
}
