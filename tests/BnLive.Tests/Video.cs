using System.Diagnostics;
using System.Globalization;
using ImageMagick;

namespace BnLive.Tests;

/// <summary>MP4 files read back through Debian's ffprobe and ffmpeg, as a player would read them.</summary>
public static class Video
{
    public sealed record Info(string Codec, string PixelFormat, int Width, int Height, int Frames, double Duration);

    /// <summary>ffprobe's view of the first video stream, every frame decoded and counted.</summary>
    public static Info Probe(string path)
    {
        var output = Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
            "-show_entries", "stream=codec_name,pix_fmt,width,height,nb_read_frames:format=duration", "-of", "default=nw=1", path);
        var kv = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1].Trim());
        return new Info(kv["codec_name"], kv["pix_fmt"], int.Parse(kv["width"]), int.Parse(kv["height"]),
            int.Parse(kv["nb_read_frames"]), double.Parse(kv["duration"], CultureInfo.InvariantCulture));
    }

    /// <summary>Frame n (from 0) of the video, decoded.</summary>
    public static MagickImage Frame(string path, int n)
    {
        var png = path + $".frame{n}.png";
        Run("ffmpeg", "-v", "error", "-y", "-i", path, "-vf", $"select=eq(n\\,{n})", "-vsync", "0", "-frames:v", "1", png);
        var image = new MagickImage(png);
        File.Delete(png);
        return image;
    }

    /// <summary>The peak signal-to-noise ratio of a against b in dB (colour channels, 8 bits).</summary>
    public static double Psnr(MagickImage a, MagickImage b)
    {
        var pa = a.GetPixels().ToByteArray(PixelMapping.RGB)!;
        var pb = b.GetPixels().ToByteArray(PixelMapping.RGB)!;
        Assert.Equal(pa.Length, pb.Length);
        double se = 0;
        for (int i = 0; i < pa.Length; i++) { double d = pa[i] - pb[i]; se += d * d; }
        double mse = se / pa.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {stderr}");
        return stdout.Result;
    }
}
