using BnLive.Native;
using ImageMagick;
using static BnLive.Native.Raylib;

namespace BnLive.Recording;

/// <summary>One captured frame: RGBA pixels, top row first.</summary>
public sealed record Frame(int Width, int Height, byte[] Rgba)
{
    /// <summary>What the window's back buffer holds now: call after drawing, before EndDrawing.</summary>
    public static unsafe Frame FromScreen()
    {
        rlDrawRenderBatchActive();   // raylib batches draws until EndDrawing: flush them before reading
        var img = LoadImageFromScreen();
        try
        {
            var bytes = new byte[img.Width * img.Height * 4];
            new Span<byte>(img.Data, bytes.Length).CopyTo(bytes);
            return new Frame(img.Width, img.Height, bytes);
        }
        finally { UnloadImage(img); }
    }

    /// <summary>keepAlpha: for a GIF frame whose unchanged pixels are transparent.</summary>
    public MagickImage ToMagick(bool keepAlpha = false)
    {
        var image = new MagickImage(Rgba, new PixelReadSettings((uint)Width, (uint)Height, StorageType.Char, PixelMapping.RGBA));
        if (!keepAlpha) image.Alpha(AlphaAction.Off);    // frames are opaque: dropping alpha keeps the GIF palette for colours
        return image;
    }

    /// <summary>This frame scaled to fit width x height, centred on white (a resized window in a recording).</summary>
    public Frame Fit(int width, int height)
    {
        using var image = ToMagick();
        image.Resize(new MagickGeometry((uint)width, (uint)height));
        image.BackgroundColor = MagickColors.White;
        image.Extent((uint)width, (uint)height, Gravity.Center);
        return new Frame(width, height, image.GetPixels().ToByteArray(PixelMapping.RGBA)!);
    }

    /// <summary>Encoded in memory first: a full disk is then the file system's plain "No space left on device",
    /// not Magick.NET's "UnableToWriteBlob".</summary>
    public void SavePng(string path)
    {
        byte[] png;
        using (var image = ToMagick()) png = image.ToByteArray(MagickFormat.Png);
        SafeFile.Write(path, stream => stream.Write(png));
    }
}

/// <summary>A frame drawn on a screen and read back: how the headless commands and the tests capture pixels.</summary>
public static class Capturing
{
    /// <summary>Draws one frame with draw and returns its pixels.</summary>
    public static Frame Capture(this Screen screen, Action draw)
    {
        BeginDrawing();
        draw();
        var frame = Frame.FromScreen();
        EndDrawing();
        return frame;
    }
}
