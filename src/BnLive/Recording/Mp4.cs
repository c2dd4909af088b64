using System.Diagnostics;

namespace BnLive.Recording;

/// <summary>A recording or an export went wrong in a way the user can act on: one line, no file written.</summary>
public sealed class RecordingError(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An MP4 (H.264, yuv420p, +faststart, 30 fps) written by Debian's ffmpeg as frames arrive: raw RGBA
/// frames go to its standard input, so nothing is held in memory. The file is written under a temporary name and
/// renamed by Finish; Dispose without Finish stops ffmpeg and leaves no file.</summary>
public sealed class Mp4 : IDisposable
{
    public const int Fps = 30;

    readonly Process ffmpeg;
    readonly Stream input;
    readonly Task<string> errors;
    readonly string path, tmp, name;
    bool finished;

    public int Width { get; }
    public int Height { get; }
    /// <summary>Frames written so far, held ones included.</summary>
    public int Count { get; private set; }

    /// <summary>Starts ffmpeg writing a width x height video to path (an odd size is padded by one pixel).</summary>
    public Mp4(string path, int width, int height)
    {
        var exe = Find() ?? throw new RecordingError(Missing);
        (Width, Height, name) = (width, height, path);
        this.path = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(this.path)!;
        Directory.CreateDirectory(dir);
        tmp = Path.Combine(dir, $".{Path.GetFileName(this.path)}.{Environment.ProcessId}.tmp");
        // setsid: ffmpeg gets its own session, so a Ctrl-C in the terminal reaches only bnlive, which then
        // finishes the file itself rather than finding ffmpeg gone
        string? setsid = FindOnPath("setsid");
        var psi = new ProcessStartInfo(setsid ?? exe) { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        if (setsid is not null) psi.ArgumentList.Add(exe);
        foreach (var a in new[] {
            "-hide_banner", "-nostats", "-loglevel", "error", "-y",
            "-f", "rawvideo", "-pix_fmt", "rgba", "-s", $"{width}x{height}", "-framerate", $"{Fps}", "-i", "-",
            "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2:0:0:white",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-tune", "animation", "-pix_fmt", "yuv420p",
            "-movflags", "+faststart", "-f", "mp4", tmp })
            psi.ArgumentList.Add(a);
        try { ffmpeg = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e) { throw new RecordingError($"could not start ffmpeg ({e.Message})"); }
        input = ffmpeg.StandardInput.BaseStream;
        errors = ffmpeg.StandardError.ReadToEndAsync();
        _ = ffmpeg.StandardOutput.ReadToEndAsync();
    }

    public const string Missing = "ffmpeg is not installed: MP4 needs it (apt-get install ffmpeg)";

    /// <summary>ffmpeg's full path, or null when it is not on PATH.</summary>
    public static string? Find() => FindOnPath("ffmpeg");

    static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>Adds frame, shown for times thirtieths of a second. It must have the video's size.</summary>
    public void Add(Frame frame, int times = 1)
    {
        if (frame.Width != Width || frame.Height != Height)
            throw new ArgumentException($"a {frame.Width}x{frame.Height} frame in a {Width}x{Height} video");
        try
        {
            for (int i = 0; i < times; i++)
            {
                input.Write(frame.Rgba);
                Count++;
            }
        }
        catch (IOException) { throw Failed(); }
    }

    /// <summary>Ends the video and renames it to its name. Returns the number of frames.</summary>
    public int Finish()
    {
        if (Count == 0) throw new RecordingError("no frames to save");
        try { input.Close(); }
        catch (IOException) { throw Failed(); }
        ffmpeg.WaitForExit();
        // ffmpeg 5.1 exits with 0 when writing the trailer fails (a full disk): at -loglevel error any word is a failure
        if (ffmpeg.ExitCode != 0 || errors.Result.Trim() != "" || !File.Exists(tmp)) throw Failed();
        File.Move(tmp, path, overwrite: true);
        finished = true;
        return Count;
    }

    /// <summary>ffmpeg's own complaint, in one line.</summary>
    RecordingError Failed()
    {
        if (!ffmpeg.WaitForExit(5000)) ffmpeg.Kill();
        ffmpeg.WaitForExit();
        var last = errors.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        // "Error closing file /…/.x.mp4.123.tmp: No space left on device": the reason, without our temporary name
        if (last is not null && last.Contains(tmp) && last.LastIndexOf(": ", StringComparison.Ordinal) is int at and > 0) last = last[(at + 2)..];
        return new RecordingError($"ffmpeg could not write {name}: {last ?? $"it stopped with exit code {ffmpeg.ExitCode}"}");
    }

    public void Dispose()
    {
        if (!finished)
        {
            try { if (!ffmpeg.HasExited) ffmpeg.Kill(); } catch (InvalidOperationException) { }
            ffmpeg.WaitForExit();
            try { input.Dispose(); } catch (IOException) { }
            if (File.Exists(tmp)) File.Delete(tmp);
        }
        ffmpeg.Dispose();
    }
}
