using BnLive.Drawing;
using BnLive.Native;
using BnLive.Recording;

namespace BnLive.Commands;

/// <summary>The headless commands' one flow: train, capture frames on a hidden window, write the files, report. The
/// export, the lecture video and the sweeps differ only in what they train and draw; the checks on the machine, the
/// window, the GIF and MP4 writers, the files written whole and the "wrote …" lines are this class's.</summary>
public sealed class HeadlessRun : IDisposable
{
    readonly Screen? screen;
    readonly Gif? gif;
    readonly Mp4? mp4;
    readonly string? gifPath, mp4Path;
    readonly List<string> wrote = [];
    Frame? last;

    public int Width { get; }
    public int Height { get; }
    public Fonts? Fonts { get; }

    /// <summary>Checks the machine for what the outputs need (ffmpeg for an MP4), then opens a hidden width×height
    /// window when anything is drawn: without a display it stops here, before any training.</summary>
    public HeadlessRun(int width, int height, string title, bool draws, string? gif = null, string? mp4 = null)
    {
        if (mp4 is not null && Mp4.Find() is null) throw new StoppedException(Mp4.Missing, 1);
        (Width, Height, gifPath, mp4Path) = (width, height, gif, mp4);
        screen = draws || gif is not null || mp4 is not null ? Screen.Open(width, height, title, hidden: true) : null;
        Fonts = screen is null ? null : new Fonts();
        this.gif = gif is null ? null : new Gif();
        this.mp4 = mp4 is null ? null : new Mp4(mp4, width, height);
    }

    /// <summary>Whether frames go to a GIF or an MP4.</summary>
    public bool Records => gif is not null || mp4 is not null;

    /// <summary>The stop a Ctrl-C or a SIGTERM asks for, said where it came: nothing is written.</summary>
    public static StoppedException Stopped(string where) =>
        new($"{Interrupt.Signal} {where}: stopped, no file written", Interrupt.ExitCode);

    /// <summary>One frame drawn by draw on the hidden window, read back.</summary>
    public Frame Capture(Action draw) => screen!.Capture(draw);

    /// <summary>One composed frame: the scene over its caption band, as the window composes it.</summary>
    public Frame Capture(SceneModel scene, CaptionView? caption, float? scale) =>
        Capture(() => FrameComposer.Draw(Fonts!, Width, Height, scene, caption, scale ?? Style.ScaleOf(Width, Height)));

    /// <summary>A frame to the video (one video frame) and, when toGif, to the GIF for gifHundredths of a second.</summary>
    public void Record(Frame frame, int gifHundredths, bool toGif = true)
    {
        mp4?.Add(frame);
        if (toGif) gif?.Add(frame, gifHundredths);
        last = frame;
    }

    /// <summary>Holds the last frame for seconds more at the end of the GIF and of the video.</summary>
    public void HoldLast(double seconds)
    {
        gif?.HoldLast((int)Math.Round(seconds * 100));
        if (mp4 is not null && last is not null) mp4.Add(last, (int)Math.Round(seconds * Mp4.Fps) - 1);
    }

    /// <summary>Writes the GIF and the video that Record filled.</summary>
    public void FinishRecordings()
    {
        if (gif is not null)
        {
            gif.Save(gifPath!);
            wrote.Add($"{gifPath} ({gif.Count} frames)");
        }
        if (mp4 is not null)
        {
            int n = mp4.Finish();
            wrote.Add($"{mp4Path} ({n} frames, {n / (double)Mp4.Fps:0.##} s)");
        }
    }

    /// <summary>A file written whole (a temporary name, then renamed).</summary>
    public void Write(string path, Action<Stream> write)
    {
        SafeFile.Write(path, write);
        wrote.Add(path);
    }

    /// <summary>A captured frame as a PNG; withSize adds its size to the report.</summary>
    public void Save(Frame frame, string path, bool withSize = false)
    {
        frame.SavePng(path);
        wrote.Add(withSize ? $"{path} ({frame.Width}x{frame.Height})" : path);
    }

    /// <summary>Prints "wrote …" for every file written so far, in the order they were written.</summary>
    public void Report()
    {
        foreach (var line in wrote) Console.WriteLine($"wrote {line}");
        wrote.Clear();
    }

    public void Dispose()
    {
        mp4?.Dispose();
        gif?.Dispose();
        Fonts?.Dispose();
        screen?.Dispose();
    }
}
