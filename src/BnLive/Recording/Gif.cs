using ImageMagick;

namespace BnLive.Recording;

/// <summary>An animated GIF built frame by frame: loops forever, one shared 256-colour palette, frames
/// optimised to the changed rectangle; the last frame can be held longer.</summary>
public sealed class Gif : IDisposable
{
    readonly MagickImageCollection frames = [];
    public int Count => frames.Count;

    /// <summary>Adds a frame shown for delay hundredths of a second.</summary>
    public void Add(Frame frame, int delay)
    {
        var image = frame.ToMagick();
        image.AnimationDelay = (uint)delay;
        image.GifDisposeMethod = GifDisposeMethod.None;
        frames.Add(image);
    }

    public void HoldLast(int delay)
    {
        if (frames.Count > 0) frames[^1].AnimationDelay = (uint)delay;
    }

    public void Save(string path) => SafeFile.Write(path, stream =>
    {
        if (frames.Count == 0) throw new InvalidOperationException("no frames to save");
        frames[0].AnimationIterations = 0;   // loop forever
        frames.Quantize(new QuantizeSettings { Colors = 256, DitherMethod = DitherMethod.No });
        frames.Optimize();
        frames.Write(stream, MagickFormat.Gif);
    });

    public void Dispose() => frames.Dispose();
}
