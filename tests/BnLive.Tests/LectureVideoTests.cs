using BnLive.Teaching;
using ImageMagick;

namespace BnLive.Tests;

/// <summary>A lecture rendered as a video (export --lecture): read back through ffprobe, its length what the steps'
/// hold and run say, its captions burned in.</summary>
public class LectureVideoTests
{
    const string Small = """
        # Two steps

        ## Training a little

        ```bnlive
        epochs: 200
        speed: 8      # epochs per video frame
        run: 80       # 10 frames of training, but hold says 15
        hold: 0.5
        ```

        The **first** step.

        ## To the end

        ```bnlive
        run: end      # 120 more epochs: 15 frames, longer than its hold
        hold: 0.2
        ```

        The second step.
        """;

    [Fact]
    public void EachStepLastsItsHoldOrUntilItsRunEpochWithItsCaptionBurnedIn()
    {
        var dir = Repo.TempDir();
        File.WriteAllText(Path.Combine(dir, "two.md"), Small);
        var r = Proc.RunSh(["export", "--lecture", "two.md", "--mp4", "two.mp4", "--gif", "two.gif"], workDir: dir, seconds: 300);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("step 2/2: To the end", r.Stdout);
        var info = Video.Probe(Path.Combine(dir, "two.mp4"));
        Assert.Equal(("h264", "yuv420p", 800, 500), (info.Codec, info.PixelFormat, info.Width, info.Height));
        Assert.Equal(15 + 15, info.Frames);
        Assert.Equal(1.0, info.Duration, 0.05);
        using (var gif = new MagickImageCollection(Path.Combine(dir, "two.gif")))
            Assert.Equal(10, gif.Count);   // every third frame, 10 a second
        // the caption band: its pale background across the bottom of the frame, with dark text in it
        using var frame = Video.Frame(Path.Combine(dir, "two.mp4"), 20);
        var px = frame.GetPixels();
        int bandRows = Enumerable.Range(0, 500).Count(y => Pale(px.GetPixel(2, y).ToColor()!) && Pale(px.GetPixel(797, y).ToColor()!));
        Assert.InRange(bandRows, 40, 200);
        int dark = 0;
        for (int y = 500 - bandRows; y < 500; y++)
            for (int x = 0; x < 800; x += 2)
                if (px.GetPixel(x, y).ToColor()!.R < 90) dark++;
        Assert.True(dark > 60, $"{dark} dark pixels of caption");
        // and it is the step's own caption: step 1's band (frame 5) is not step 2's
        using var first = Video.Frame(Path.Combine(dir, "two.mp4"), 5);
        using var a = (MagickImage)first.Clone();
        using var b = (MagickImage)frame.Clone();
        foreach (var img in new[] { a, b }) img.Crop(new MagickGeometry(0, 500 - bandRows, 800, (uint)bandRows));
        Assert.True(Video.Psnr(a, b) < 30, "the caption band changed with the step");
    }

    [Fact]
    public void AStepsDurationIsItsLengthInVideoFramesAsInTheWindow()
    {
        var dir = Repo.TempDir();
        File.WriteAllText(Path.Combine(dir, "paced.md"), """
            # Paced

            ## Ninety epochs in a second

            ```bnlive
            epochs: 90
            duration: 1s   # 30 frames of 3 epochs, though 90 epochs at 8 a frame would be 12
            run: end
            hold: 0.2
            ```

            Paced.
            """);
        var r = Proc.RunSh(["export", "--lecture", "paced.md", "--mp4", "paced.mp4"], workDir: dir, seconds: 300);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(30, Video.Probe(Path.Combine(dir, "paced.mp4")).Frames);
    }

    /// <summary>The second built-in lecture renders whole: each of its steps, its own settings and caption, paced to
    /// 9 frames (its copy's blocks say `duration: 0.3s`, as the window's --duration would) so the test stays short.</summary>
    [Fact]
    public void WhatBnBuysRendersEveryStepWithItsOwnCaption()
    {
        var dir = Repo.TempDir();
        var real = File.ReadAllText(Path.Combine(Repo.Root, "lectures", "what-bn-buys.md"));
        File.WriteAllText(Path.Combine(dir, "buys.md"), real.Replace("```bnlive\n", "```bnlive\nduration: 0.3s\nhold: 0.2\n"));
        var titles = Lecture.Load(Path.Combine(Repo.Root, "lectures", "what-bn-buys.md")).Steps.Select(s => s.Title).ToArray();
        Assert.Equal(6, titles.Length);
        var r = Proc.RunSh(["export", "--lecture", "buys.md", "--mp4", "buys.mp4"], workDir: dir, seconds: 300);
        Assert.True(r.ExitCode == 0, r.Stderr);
        for (int k = 0; k < titles.Length; k++) Assert.Contains($"step {k + 1}/6: {titles[k]}", r.Stdout);
        var mp4 = Path.Combine(dir, "buys.mp4");
        var info = Video.Probe(mp4);
        Assert.Equal(("h264", 800, 500, 6 * 9), (info.Codec, info.Width, info.Height, info.Frames));
        // each step's last frame: its caption band (the bottom of the frame) is not the step before's
        MagickImage? before = null;
        for (int k = 0; k < titles.Length; k++)
        {
            using var frame = Video.Frame(mp4, 9 * k + 8);
            var band = (MagickImage)frame.Clone();
            band.Crop(new MagickGeometry(0, 380, 800, 120));
            if (before is not null) Assert.True(Video.Psnr(before, band) < 30, $"step {k + 1}'s caption band is step {k}'s");
            before?.Dispose();
            before = band;
        }
        before?.Dispose();
    }

    static bool Pale(IMagickColor<byte> c) => Math.Abs(c.R - 0xFB) <= 3 && Math.Abs(c.G - 0xFB) <= 3 && Math.Abs(c.B - 0xF8) <= 4;

    [Fact]
    public void FlagsOfOneRunAreOneLineWithALecture()
    {
        var r = Proc.App(["export", "--lecture", "--png", "x.png"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("bnlive: --png does not apply to --lecture: a lecture renders to --mp4 and --gif, and its steps say the rest", Proc.OneLine(r));
    }
}
