using BnLive.Native;
using BnLive.Recording;

namespace BnLive.App;

/// <summary>How a part of the window speaks: an event for the log, a message on screen, and work posted from a
/// worker thread for the loop to run in its Update (only the loop's thread changes what Draw reads).</summary>
interface IWindowVoice
{
    void Log(Event e);
    void Message(string text, bool error = false);
    void Post(Action said);
}

/// <summary>The window's captures, taken from the drawn frame in one step after Draw: S's screenshot, and G's GIF
/// or V's MP4, one recording at a time, saved on a worker when stopped, on quit, on window close and on SIGTERM.
/// A capture that fails is one log line and a red message; the app goes on.</summary>
sealed class Captures(IWindowVoice voice, Func<string, string> newFileName)
{
    Recorder? recorder;
    Task? saving;
    bool shotRequested;
    (int W, int H) recordedSize;   // the window's size at the last captured frame

    /// <summary>What the last stopped recording is saving as, or the running one records.</summary>
    public string Kind { get; private set; } = "GIF";
    public int? Frames => recorder?.Frames;
    public bool Recording => recorder is not null;
    public bool Saving => saving is { IsCompleted: false };

    public void RequestScreenshot() => shotRequested = true;

    /// <summary>G or V: starts a recording of kind ("GIF", "MP4"), or stops the one running.</summary>
    public void Toggle(string kind, int w, int h, double now)
    {
        if (recorder is null) { Start(kind, w, h, now); return; }
        if (recorder.Kind != kind)
        {
            string key = recorder.Kind == "GIF" ? "G" : "V";
            voice.Log(new RecordingBusy(kind, recorder.Kind, key));
            voice.Message($"{Events.A(recorder.Kind)} is recording: {key} stops it (one recording at a time)");
            return;
        }
        Stop(wait: false);
    }

    void Start(string kind, int w, int h, double now)
    {
        if (Saving) { voice.Message($"still saving the last {Kind}…"); return; }
        var path = newFileName(kind.ToLowerInvariant());
        if (SafeFile.Problem(path) is string problem) { voice.Message($"cannot record: {path} {problem}", error: true); return; }
        try
        {
            IFrameSink sink = kind == "MP4" ? new Mp4Sink(path, w, h) : new GifSink(path);
            recorder = new Recorder(path, w, h, sink, now);
        }
        catch (RecordingError e)
        {
            voice.Log(new RecordingNotStarted(e.Message));
            voice.Message(e.Message, error: true);
            return;
        }
        Kind = kind;
        voice.Log(new RecordingStarted(path));
    }

    public void Stop(bool wait)
    {
        if (recorder is not Recorder r) return;
        recorder = null;
        Kind = r.Kind;
        voice.Log(new RecordingStopped(r.Frames, r.Path));
        saving = Task.Run(() =>
        {
            try
            {
                int n = r.Save();
                voice.Post(() =>
                {
                    voice.Log(new RecordingSaved(r.Path, n));
                    voice.Message($"saved {r.Path} ({n} frames)");
                });
            }
            catch (Exception e)
            {
                voice.Post(() =>
                {
                    voice.Log(new RecordingFailed(SafeFile.Reason(e)));
                    voice.Message(e is RecordingError ? SafeFile.Reason(e) : $"could not save the {r.Kind}: {SafeFile.Reason(e)}", error: true);
                });
            }
            finally
            {
                r.Dispose();
                Malloc.Trim();   // the frames are freed: give their memory back
            }
        });
        if (wait) saving.Wait();
    }

    /// <summary>Waits for the recording being saved, if any.</summary>
    public void WaitSaved() => saving?.Wait();

    /// <summary>The capture step: the finished frame, before it is shown, into the screenshot asked for and the
    /// recording running (or the end of a recording that failed or is full).</summary>
    public void Take(int w, int h, double now)
    {
        if (shotRequested)
        {
            shotRequested = false;
            Screenshot();
        }
        if (recorder is null) return;
        if (recorder.Failure is Exception failure)
        {
            var r = recorder;
            recorder = null;
            voice.Log(new RecordingFailed(SafeFile.Reason(failure)));
            voice.Message($"the {r.Kind} recording failed: {SafeFile.Reason(failure)}", error: true);
            Kind = r.Kind;
            saving = Task.Run(() => { r.Dispose(); Malloc.Trim(); });   // no file: the sink removes what it began (quitting waits)
            return;
        }
        if (recorder.Limit is string limit)
        {
            voice.Log(new RecordingEnded(limit));
            Stop(wait: false);
            voice.Message($"recording stopped: {limit}; saving it", error: true);
            return;
        }
        if (recorder.Kind == "GIF" && (w != recorder.Width || h != recorder.Height))
        {
            voice.Log(new GifResized());
            Stop(wait: false);
        }
        else if (recorder.Due(now))
        {
            // an MP4 scales a resized window's frames to its own size
            if (recorder.Frames > 0 && (w, h) != recordedSize) voice.Log(new FramesScaled(w, h, recorder.Width, recorder.Height));
            recordedSize = (w, h);
            recorder.Add(Frame.FromScreen(), now);
        }
    }

    void Screenshot()
    {
        var path = newFileName("png");
        try
        {
            Frame.FromScreen().SavePng(path);
            Malloc.Trim();
            voice.Log(new ScreenshotSaved(path));
            voice.Message($"saved {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ImageMagick.MagickException)
        {
            voice.Log(new ScreenshotFailed(SafeFile.Reason(e)));
            voice.Message($"could not save the screenshot: {SafeFile.Reason(e)}", error: true);
        }
    }
}
