using System.Collections.Concurrent;

namespace BnLive.Recording;

/// <summary>Where a recording's frames go: a GIF built at the end, or an MP4 written as they come.</summary>
public interface IFrameSink : IDisposable
{
    /// <summary>"GIF" or "MP4": what the window says it records.</summary>
    string Kind { get; }
    /// <summary>Seconds between captured frames.</summary>
    double Interval { get; }
    /// <summary>Why no more frames are taken (a cap on frames or memory), or null.</summary>
    string? Limit { get; }
    /// <summary>Takes frame, captured time seconds after the recording began. Called on the recorder's worker.</summary>
    void Add(Frame frame, double time);
    /// <summary>Writes the file (whole, or not at all) and returns the number of frames in it.</summary>
    int Finish();
}

/// <summary>Records what the window shows: frames captured on the loop's thread are handed to the sink on a worker
/// thread, so the loop keeps its pace. A sink that fails ends the recording (Failure), never the app: frames are
/// then dropped, and Add never waits for a worker that has given up.</summary>
public sealed class Recorder : IDisposable
{
    readonly BlockingCollection<(Frame Frame, double Time)> queue = new(boundedCapacity: 8);
    readonly IFrameSink sink;
    readonly Thread worker;
    readonly double start;
    double last = double.NegativeInfinity;
    volatile Exception? failure;

    public string Path { get; }
    public int Width { get; }
    public int Height { get; }
    public string Kind => sink.Kind;
    public int Frames { get; private set; }
    /// <summary>Why the recording must stop now (see IFrameSink.Limit), or null.</summary>
    public string? Limit => sink.Limit;
    /// <summary>The sink's failure: the recording is lost (Dispose cleans up), the app goes on.</summary>
    public Exception? Failure => failure;

    public Recorder(string path, int width, int height, IFrameSink sink, double now)
    {
        (Path, Width, Height, this.sink, start) = (path, width, height, sink, now);
        worker = new Thread(WriteFrames) { IsBackground = true, Name = $"{sink.Kind.ToLowerInvariant()}-frames" };
        worker.Start();
    }

    /// <summary>True when a frame is due at time now (seconds).</summary>
    public bool Due(double now) => Limit is null && failure is null && now - last >= sink.Interval;

    /// <summary>Queues a frame; when the worker lags behind, the frame is skipped (the next one is taken instead).</summary>
    public void Add(Frame frame, double now)
    {
        if (failure is not null || !queue.TryAdd((frame, now - start))) return;
        last = now;
        Frames++;
    }

    void WriteFrames()
    {
        foreach (var (frame, time) in queue.GetConsumingEnumerable())
        {
            if (failure is not null) continue;
            try { sink.Add(frame, time); }
            catch (Exception e) { failure = e; }
        }
    }

    /// <summary>Ends the recording and writes its file. Returns the number of frames written.</summary>
    public int Save()
    {
        if (!queue.IsAddingCompleted) queue.CompleteAdding();
        worker.Join();
        if (failure is RecordingError r) throw r;
        if (failure is not null) throw new RecordingError($"a frame could not be recorded: {failure.Message}", failure);
        return sink.Finish();
    }

    public void Dispose()
    {
        if (!queue.IsAddingCompleted) queue.CompleteAdding();
        worker.Join();
        queue.Dispose();
        sink.Dispose();
    }
}
