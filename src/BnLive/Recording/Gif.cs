using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using ImageMagick;

namespace BnLive.Recording;

/// <summary>An animated GIF built frame by frame, looping forever. Each frame is cut down to the rectangle that
/// changed since the previous one, the pixels inside it that did not change made transparent, and given its own
/// palette of 128 colours (the plot's flat greys and lines need no more: no banding, no dithering noise), on a
/// worker thread as frames arrive, so saving at the end is only encoding. A worker that fails keeps taking frames
/// (Add never blocks for good) and Save reports the failure.</summary>
public sealed class Gif : IDisposable
{
    readonly MagickImageCollection frames = [];
    readonly BlockingCollection<(Frame Frame, int Delay)> queue = new(boundedCapacity: 4);
    readonly Thread worker;
    Frame? previous;
    volatile Exception? failure;

    public Gif()
    {
        worker = new Thread(QuantizeFrames) { IsBackground = true, Name = "gif-frames" };
        worker.Start();
    }

    public int Count { get; private set; }

    /// <summary>Adds a frame shown for delay hundredths of a second.</summary>
    public void Add(Frame frame, int delay)
    {
        if (failure is not null) throw Failed();
        Count++;
        queue.Add((frame, delay));
    }

    /// <summary>Why the worker stopped preparing frames, or null.</summary>
    public Exception? Failure => failure;

    RecordingError Failed() => new($"a GIF frame could not be prepared: {failure!.Message}", failure);

    /// <summary>Shows the last frame for delay hundredths of a second.</summary>
    public void HoldLast(int delay) => holdLast = delay;
    int? holdLast;

    void QuantizeFrames()
    {
        foreach (var (frame, delay) in queue.GetConsumingEnumerable())
        {
            if (failure is not null) continue;   // drained, so Add never waits on a worker that gave up
            try
            {
                var image = Changed(frame, previous);
                image.Quantize(new QuantizeSettings { Colors = 128, DitherMethod = DitherMethod.No });
                image.AnimationDelay = (uint)delay;
                image.GifDisposeMethod = GifDisposeMethod.None;
                frames.Add(image);
                previous = frame;
            }
            catch (Exception e) { failure = e; }
        }
    }

    /// <summary>The part of frame that differs from prev (all of it for the first), placed on the full canvas.</summary>
    static MagickImage Changed(Frame frame, Frame? prev)
    {
        int w = frame.Width, h = frame.Height;
        int x0 = 0, y0 = 0, x1 = w - 1, y1 = h - 1;
        if (prev is not null && prev.Width == w && prev.Height == h)
        {
            var a = MemoryMarshal.Cast<byte, uint>(frame.Rgba);
            var b = MemoryMarshal.Cast<byte, uint>(prev.Rgba);
            (x0, y0, x1, y1) = (w, h, -1, -1);
            for (int y = 0; y < h; y++)
            {
                var ra = a.Slice(y * w, w);
                var rb = b.Slice(y * w, w);
                if (ra.SequenceEqual(rb)) continue;
                int first = ra.CommonPrefixLength(rb);
                int last = w - 1;
                while (ra[last] == rb[last]) last--;
                (x0, x1, y0, y1) = (Math.Min(x0, first), Math.Max(x1, last), Math.Min(y0, y), y);
            }
            if (x1 < 0) (x0, y0, x1, y1) = (0, 0, 0, 0);   // nothing changed: one pixel keeps the frame's delay
        }
        int cw = x1 - x0 + 1, ch = y1 - y0 + 1;
        var crop = new byte[cw * ch * 4];
        for (int y = 0; y < ch; y++)
            frame.Rgba.AsSpan(((y0 + y) * w + x0) * 4, cw * 4).CopyTo(crop.AsSpan(y * cw * 4));
        bool diff = prev is not null && prev.Width == w && prev.Height == h;
        if (diff)
        {
            // pixels the previous frame already shows become transparent: long runs of one index, which LZW packs well
            var c = MemoryMarshal.Cast<byte, uint>(crop.AsSpan());
            var b = MemoryMarshal.Cast<byte, uint>(prev!.Rgba);
            for (int y = 0; y < ch; y++)
                for (int x = 0; x < cw; x++)
                    if (c[y * cw + x] == b[(y0 + y) * w + x0 + x]) c[y * cw + x] = 0;
                    else c[y * cw + x] |= 0xFF000000;
        }
        var image = new Frame(cw, ch, crop).ToMagick(keepAlpha: diff);
        image.Page = new MagickGeometry(x0, y0, (uint)w, (uint)h);
        return image;
    }

    public void Save(string path)
    {
        if (!queue.IsAddingCompleted) queue.CompleteAdding();
        worker.Join();
        if (failure is not null) throw Failed();
        if (frames.Count == 0) throw new RecordingError("no frames to save");
        frames[0].AnimationIterations = 0;   // loop forever
        if (holdLast is int hold) frames[^1].AnimationDelay = (uint)hold;
        try { SafeFile.Write(path, stream => frames.Write(stream, MagickFormat.Gif)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MagickException)
        {
            throw new RecordingError($"could not write {path}: {SafeFile.Reason(e)}", e);
        }
    }

    public void Dispose()
    {
        if (!queue.IsAddingCompleted) queue.CompleteAdding();
        worker.Join();
        queue.Dispose();
        frames.Dispose();
    }
}
