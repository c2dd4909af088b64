using BnLive.Drawing;
using BnLive.Native;
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
        if (o.Mp4 is not null && Mp4.Find() is null) throw new StoppedException(Mp4.Missing, 1);

        using var screen = Screen.Open(o.Width, o.Height, "bnlive lecture", hidden: true);
        using var fonts = new Fonts();
        using var mp4 = o.Mp4 is null ? null : new Mp4(o.Mp4, o.Width, o.Height);
        using var gif = o.Gif is null ? null : new Gif();
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
                    if (Interrupt.Requested)
                        throw new StoppedException($"{Interrupt.Signal} at step {k + 1}: stopped, no file written", Interrupt.ExitCode);
                    int upTo = paced is int over ? Steps.PacedEpoch(start, goal, over, f) : run.Epoch + perFrame;
                    while (run.Epoch < Math.Min(upTo, goal) && !run.Done) run.Step();
                    if (run.Diverged)
                        throw new StoppedException($"step {k + 1} ({step.Title}): the loss diverged at epoch {run.Epoch}; no file written", 1);
                    var frame = screen.Capture(() => Draw(fonts, o.Width, o.Height, view, caption, o.Scale));
                    mp4?.Add(frame);
                    if (frames++ % GifEvery == 0) gif?.Add(frame, 100 / (Mp4.Fps / GifEvery));
                }
            }
        }
        finally { run?.Dispose(); }
        if (mp4 is not null)
        {
            int n = mp4.Finish();
            Console.WriteLine($"wrote {o.Mp4} ({n} frames, {n / (double)Mp4.Fps:0.#} s)");
        }
        if (gif is not null)
        {
            gif.Save(o.Gif!);
            Console.WriteLine($"wrote {o.Gif} ({gif.Count} frames)");
        }
        return 0;
    }

    /// <summary>One frame: the step's view over its caption band, drawn as the window draws them.</summary>
    public static void Draw(Fonts fonts, int w, int h, SceneView view, CaptionView caption, float? scaleGiven = null)
    {
        float scale = scaleGiven ?? Style.ScaleOf(w, h);
        float band = CaptionBand.Height(fonts, w, h, caption, scale);
        var fits = view.Run.Trainers.Select(t => (float[]?)t.TakeSnapshot(t.Epoch).YPred).ToList();
        var insides = view.NeedsInside ? view.Run.Trainers.Select(t => (BnLive.Engine.Inside?)t.Inspect()).ToList() : null;
        Scene.Clear();
        Scene.Draw(fonts, new Rectangle(0, 0, w, h - band), view, fits, insides, scale);
        CaptionBand.Draw(fonts, new Rectangle(0, h - band, w, band), caption, h, scale);
    }
}
