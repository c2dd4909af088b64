using System.IO.Compression;
using ImageMagick;

namespace BnLive.Recording;

/// <summary>A recording's frames, deflated in memory, made into a GIF at the end (real-time delays, the last
/// frame held 1 s). Capped by frames and by bytes: a long recording of a big window stops before memory runs out.</summary>
public sealed class GifSink(string path) : IFrameSink
{
    public const int MaxFrames = 1200;                 // a minute at 20 fps
    public const long MaxBytes = 256L * 1024 * 1024;   // deflated frames held in memory

    sealed record Packed(int Width, int Height, byte[] Deflated, double Time);
    readonly List<Packed> packed = [];
    long bytes;

    public string Kind => "GIF";
    public double Interval => 1 / 20.0;

    public string? Limit =>
        packed.Count >= MaxFrames ? $"the GIF reached its limit of {MaxFrames} frames (a minute)"
        : Interlocked.Read(ref bytes) >= MaxBytes ? $"the GIF reached its limit of {MaxBytes >> 20} MB in memory (V records an MP4 without one)"
        : null;

    public void Add(Frame frame, double time)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Fastest)) z.Write(frame.Rgba);
        var p = new Packed(frame.Width, frame.Height, ms.ToArray(), time);
        lock (packed) packed.Add(p);
        Interlocked.Add(ref bytes, p.Deflated.Length);
    }

    public int Finish()
    {
        using var gif = new Gif();
        for (int i = 0; i < packed.Count; i++)
        {
            var p = packed[i];
            var rgba = new byte[p.Width * p.Height * 4];
            using (var z = new ZLibStream(new MemoryStream(p.Deflated), CompressionMode.Decompress)) z.ReadExactly(rgba);
            double next = i + 1 < packed.Count ? packed[i + 1].Time : p.Time + 1;
            gif.Add(new Frame(p.Width, p.Height, rgba), Math.Max(2, (int)Math.Round((next - p.Time) * 100)));
        }
        gif.Save(path);
        return gif.Count;
    }

    public void Dispose() => packed.Clear();
}

/// <summary>A recording written to an MP4 as it goes (nothing held in memory): each frame is shown until the next
/// one's time, at 30 fps, the last held 1 s; frames of another size (the window was resized) are scaled to fit.</summary>
public sealed class Mp4Sink(string path, int width, int height) : IFrameSink
{
    readonly Mp4 video = new(path, width, height);
    Frame? pending;
    int pendingAt;

    public string Kind => "MP4";
    public double Interval => 1.0 / Mp4.Fps;
    public string? Limit => null;

    public void Add(Frame frame, double time)
    {
        if (frame.Width != width || frame.Height != height) frame = frame.Fit(width, height);
        int at = (int)Math.Round(time * Mp4.Fps);
        if (pending is not null && at > pendingAt) video.Add(pending, at - pendingAt);
        if (pending is null || at > pendingAt) pendingAt = at;
        pending = frame;
    }

    public int Finish()
    {
        if (pending is not null) video.Add(pending, Mp4.Fps);
        return video.Finish();
    }

    public void Dispose() => video.Dispose();
}
