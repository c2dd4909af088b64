using System.Collections.Concurrent;
using System.IO.Compression;

namespace BnLive.Recording;

/// <summary>Records what the window shows into a GIF: at most 20 frames a second, each compressed on a worker
/// thread so the loop keeps its pace and memory stays small; saved on a worker thread too.</summary>
public sealed class Recorder : IDisposable
{
    public const double Interval = 1 / 20.0;
    public const int MaxFrames = 1200;   // a minute at 20 fps; the recording stops and saves itself there

    sealed record Packed(int Width, int Height, byte[] Deflated, double Time);

    readonly BlockingCollection<(Frame Frame, double Time)> queue = new(boundedCapacity: 8);
    readonly List<Packed> packed = [];
    readonly Thread worker;
    double last = double.NegativeInfinity;

    public string Path { get; }
    public int Width { get; }
    public int Height { get; }
    public int Frames { get; private set; }
    public bool Full => Frames >= MaxFrames;

    public Recorder(string path, int width, int height)
    {
        (Path, Width, Height) = (path, width, height);
        worker = new Thread(Pack) { IsBackground = true, Name = "gif-pack" };
        worker.Start();
    }

    /// <summary>True when a frame is due at time now (seconds).</summary>
    public bool Due(double now) => !Full && now - last >= Interval;

    public void Add(Frame frame, double now)
    {
        last = now;
        Frames++;
        queue.Add((frame, now));
    }

    void Pack()
    {
        foreach (var (frame, time) in queue.GetConsumingEnumerable())
        {
            using var ms = new MemoryStream();
            using (var z = new ZLibStream(ms, CompressionLevel.Fastest)) z.Write(frame.Rgba);
            lock (packed) packed.Add(new Packed(frame.Width, frame.Height, ms.ToArray(), time));
        }
    }

    /// <summary>Ends the recording and writes the GIF (real-time frame delays, last frame held 1 s).
    /// Returns the number of frames written.</summary>
    public int Save()
    {
        queue.CompleteAdding();
        worker.Join();
        using var gif = new Gif();
        for (int i = 0; i < packed.Count; i++)
        {
            var p = packed[i];
            var rgba = new byte[p.Width * p.Height * 4];
            using (var z = new ZLibStream(new MemoryStream(p.Deflated), CompressionMode.Decompress)) z.ReadExactly(rgba);
            double next = i + 1 < packed.Count ? packed[i + 1].Time : p.Time + 1;
            gif.Add(new Frame(p.Width, p.Height, rgba), Math.Max(2, (int)Math.Round((next - p.Time) * 100)));
        }
        gif.Save(Path);
        return gif.Count;
    }

    public void Dispose()
    {
        if (!queue.IsAddingCompleted) queue.CompleteAdding();
        queue.Dispose();
    }
}
