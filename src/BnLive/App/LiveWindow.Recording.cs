using BnLive.Native;
using BnLive.Recording;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>The window's recordings: G a GIF, V an MP4, one at a time, saved on a worker when stopped, on quit,
/// on window close and on SIGTERM. A recording that fails is one log line and a red message; the app goes on.</summary>
public sealed partial class LiveWindow
{
    string savingKind = "GIF";   // what the last stopped recording is saving as
    /// <summary>What a worker has to say (a saved file, a failure): the loop takes it in Update, so only the loop's
    /// thread writes the state that Draw reads.</summary>
    readonly System.Collections.Concurrent.ConcurrentQueue<Action> posted = new();

    void Post(Action said) => posted.Enqueue(said);

    void TakePosted()
    {
        while (posted.TryDequeue(out var said)) said();
    }
    (int W, int H) recordedSize;   // the window's size at the last captured frame

    /// <summary>G or V: starts a recording of kind ("GIF", "MP4"), or stops the one running.</summary>
    internal void ToggleRecording(string kind)
    {
        if (recorder is null) { StartRecording(kind); return; }
        if (recorder.Kind != kind)
        {
            string key = recorder.Kind == "GIF" ? "G" : "V";
            Log($"not recording {A(kind)}: {A(recorder.Kind)} is recording ({key} stops it)");
            Message($"{A(recorder.Kind)} is recording: {key} stops it (one recording at a time)");
            return;
        }
        StopRecording(wait: false);
    }

    void StartRecording(string kind)
    {
        if (saving is { IsCompleted: false }) { Message($"still saving the last {savingKind}…"); return; }
        var path = NewFileName(kind.ToLowerInvariant());
        if (SafeFile.Problem(path) is string problem) { Message($"cannot record: {path} {problem}", error: true); return; }
        int w = GetScreenWidth(), h = GetScreenHeight();
        try
        {
            IFrameSink sink = kind == "MP4" ? new Mp4Sink(path, w, h) : new GifSink(path);
            recorder = new Recorder(path, w, h, sink, now);
        }
        catch (RecordingError e)
        {
            Log($"recording not started: {e.Message}");
            Message(e.Message, error: true);
            return;
        }
        Log($"recording started: {path}");
    }

    void StopRecording(bool wait)
    {
        var r = recorder!;
        recorder = null;
        savingKind = r.Kind;
        Log($"recording stopped ({r.Frames} frames), saving {r.Path}");
        saving = Task.Run(() =>
        {
            try
            {
                int n = r.Save();
                Post(() =>
                {
                    Log($"recording saved: {r.Path} ({n} frames)");
                    Message($"saved {r.Path} ({n} frames)");
                });
            }
            catch (Exception e)
            {
                Post(() =>
                {
                    Log($"recording failed: {OneLine(e)}");
                    Message(e is RecordingError ? OneLine(e) : $"could not save the {r.Kind}: {OneLine(e)}", error: true);
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

    static string A(string kind) => (kind == "MP4" ? "an " : "a ") + kind;

    static string OneLine(Exception e) => SafeFile.Reason(e);

    /// <summary>Takes the finished frame into the recording, or ends a recording that failed or is full.</summary>
    void CaptureRecording(int w, int h)
    {
        if (recorder is null) return;
        if (recorder.Failure is Exception failure)
        {
            var r = recorder;
            recorder = null;
            Log($"recording failed: {OneLine(failure)}");
            Message($"the {r.Kind} recording failed: {OneLine(failure)}", error: true);
            savingKind = r.Kind;
            saving = Task.Run(() => { r.Dispose(); Malloc.Trim(); });   // no file: the sink removes what it began (quitting waits)
            return;
        }
        if (recorder.Limit is string limit)
        {
            Log($"recording stopped: {limit}");
            StopRecording(wait: false);
            Message($"recording stopped: {limit}; saving it", error: true);
            return;
        }
        if (recorder.Kind == "GIF" && (w != recorder.Width || h != recorder.Height))
        {
            Log("window resized: recording stopped");
            StopRecording(wait: false);
        }
        else if (recorder.Due(now))
        {
            // an MP4 scales a resized window's frames to its own size
            if (recorder.Frames > 0 && (w, h) != recordedSize)
                Log($"window resized to {w}x{h}: frames scaled to the recording's {recorder.Width}x{recorder.Height}");
            recordedSize = (w, h);
            recorder.Add(Frame.FromScreen(), now);
        }
    }
}
