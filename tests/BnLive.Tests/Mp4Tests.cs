using BnLive.Recording;
using ImageMagick;

namespace BnLive.Tests;

/// <summary>MP4 through ffmpeg: the export's video read back by ffprobe and compared with its GIF frame by frame,
/// odd sizes, and a machine without ffmpeg.</summary>
public class Mp4Tests
{
    static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public void ExportWritesTheGifsFramesAsH264WithTheLastHeldTwoSeconds()
    {
        var dir = Repo.TempDir();
        string gif = Path.Combine(dir, "a.gif"), mp4 = Path.Combine(dir, "a.mp4"), png = Path.Combine(dir, "a.png");
        var r = Repo.Run(dir, Long, "export", "--epochs", "1200", "--frame-every", "60", "--gif", gif, "--mp4", mp4, "--png", png);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("wrote " + mp4 + " (79 frames", r.Stdout);

        // 20 frames of training, then the last one held 2 s at 30 fps
        var info = Video.Probe(mp4);
        Assert.Equal(new Video.Info("h264", "yuv420p", 800, 500, 20 + 59, 79 / 30.0), info with { Duration = Math.Round(info.Duration * 30) / 30 });
        Assert.Equal(["a.gif", "a.mp4", "a.png"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());   // no temporary file left

        // the same frames as the GIF: frame k of the video against the GIF's frame k (epoch 60(k+1)), and the held one
        using var frames = new MagickImageCollection(gif);
        frames.Coalesce();
        foreach (int k in new[] { 0, 9, 19 })
        {
            using var decoded = Video.Frame(mp4, k);
            double db = Video.Psnr(decoded, (MagickImage)frames[k]);
            Assert.True(db >= 35, $"frame {k}: PSNR {db:F1} dB against the GIF's frame, at least 35 expected");
        }
        using var held = Video.Frame(mp4, 78);
        Assert.True(Video.Psnr(held, (MagickImage)frames[19]) >= 35, "the last frame is held");
    }

    [Fact]
    public void AnOddSizeIsPaddedToAnEvenOne()
    {
        var dir = Repo.TempDir();
        var mp4 = Path.Combine(dir, "odd.mp4");
        using (var video = new Mp4(mp4, 321, 201))
        {
            var rgba = new byte[321 * 201 * 4];
            for (int i = 0; i < rgba.Length; i += 4) (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]) = (200, 60, 40, 255);
            video.Add(new Frame(321, 201, rgba), 3);
            Assert.Equal(3, video.Finish());
        }
        var info = Video.Probe(mp4);
        Assert.Equal(("h264", "yuv420p", 322, 202, 3), (info.Codec, info.PixelFormat, info.Width, info.Height, info.Frames));
        Assert.Equal(["odd.mp4"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void AnAbortedVideoLeavesNoFile()
    {
        var dir = Repo.TempDir();
        using (var video = new Mp4(Path.Combine(dir, "gone.mp4"), 320, 200))
            video.Add(new Frame(320, 200, new byte[320 * 200 * 4]), 10);   // disposed without Finish
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void WithoutFfmpegTheExportSaysWhichPackageInOneLineAndWritesNothing()
    {
        var dir = Repo.TempDir();
        var r = Proc.App(["export", "--mp4", Path.Combine(dir, "a.mp4"), "--gif", Path.Combine(dir, "a.gif")],
            new Dictionary<string, string?> { ["PATH"] = "/nonexistent" }, dir);
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("bnlive: ffmpeg is not installed: MP4 needs it (apt-get install ffmpeg)", Proc.OneLine(r));
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }
}
