using BnLive.Drawing;
using BnLive.Recording;
using BnLive.Teaching;
using BnLive.Training;

namespace BnLive.Commands;

/// <summary>A lecture rendered headless as a video, for the students who missed the class: each step with its caption
/// burned in and its training shown as it runs, lasting `hold` seconds or until its `run` epoch, whichever is longer;
/// its training takes its duration (in video frames) as in the window, or goes at its speed's epochs per frame.
/// The steps play forward as the window plays them: a step that needs no new run goes on with the run before it.</summary>
public static class LectureVideoCommand
{
    /// <summary>Epochs per video frame at speed "max" (at 30 frames a second, 6000 epochs in 4 s).</summary>
    public const int MaxEpochsPerFrame = 50;

    /// <summary>GIF frames: every third video frame, 10 a second (a GIF of every frame would be several times larger).</summary>
    const int GifEvery = 3;

    /// <summary>Renders a lecture whose file and outputs <see cref="Inputs.Check"/> has checked and filled in.</summary>
    public static int Run(Options o)
    {
        var lecture = Lecture.Load(o.LectureFile ?? Lecture.BuiltIn);
        using var files = new HeadlessRun(o.Width, o.Height, "bnlive lecture", draws: true, o.Gif, o.Mp4);
        Networks? run = null;
        int frames = 0;
        try
        {
            for (int k = 0; k < lecture.Steps.Count; k++)
            {
                var step = lecture.Steps[k];
                var so = Steps.At(lecture, o, k);
                if (run is null || Steps.NeedsRestart(Steps.At(lecture, o, k - 1), so))
                {
                    run?.Dispose();
                    run = Playback.Enter(lecture, o, k);
                }
                else (run.Lr, run.Decay) = (so.Settings.Lr, so.Settings.Decay);
                Console.WriteLine($"step {k + 1}/{lecture.Steps.Count}: {step.Title}");
                var view = new SceneView(run, so.LossPanel, so.InsidePanel, so.TrainFit);
                var caption = new CaptionView($"Step {k + 1}/{lecture.Steps.Count}", step.Title, step.Caption);
                int? target = Steps.Target(step, so);
                int start = run.Epoch, goal = target ?? so.Settings.Epochs, perFrame = so.SpeedLevel >= 10 ? MaxEpochsPerFrame : 1 << so.SpeedLevel;
                // a step's duration in video frames, as the window's in seconds: its epochs spread evenly over them
                int? paced = Steps.Duration(so) is double seconds ? Math.Max(1, (int)Math.Round(seconds * Mp4.Fps)) : null;
                int hold = (int)Math.Round(step.Hold * Mp4.Fps);
                for (int f = 0; f < hold || (run.Epoch < goal && !run.Done && target is not null); f++)
                {
                    if (Interrupt.Requested) throw HeadlessRun.Stopped($"at step {k + 1}");
                    int upTo = paced is int over ? Steps.PacedEpoch(start, goal, over, f) : run.Epoch + perFrame;
                    while (run.Epoch < Math.Min(upTo, goal) && !run.Done) run.Step();
                    if (run.Diverged)
                        throw new StoppedException($"step {k + 1} ({step.Title}): the loss diverged at epoch {run.Epoch}; no file written", 1);
                    files.Record(files.Capture(FrameComposer.SceneNow(view, live: true), caption, o.Scale),
                        gifHundredths: 100 / (Mp4.Fps / GifEvery), toGif: frames++ % GifEvery == 0);
                }
            }
        }
        finally { run?.Dispose(); }
        files.FinishRecordings();
        files.Report();
        return 0;
    }
}
