using System.Diagnostics;
using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Native;
using BnLive.Recording;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.Commands;

/// <summary>Headless: trains the whole run, drawing a GIF frame every FrameEvery epochs through the same
/// drawing path as the window, then writes the final figure (the notebook's), the GIF and the trace.</summary>
public static class ExportCommand
{
    /// <summary>Runs an export whose inputs and outputs <see cref="Inputs.Check"/> has checked and filled in.</summary>
    public static int Run(Options o)
    {
        if (o.Mp4 is not null && Mp4.Find() is null) throw new StoppedException(Mp4.Missing, 1);

        var clock = Stopwatch.StartNew();
        // a trace alone needs no drawing, and so no display
        bool draws = o.Png is not null || o.Gif is not null || o.Mp4 is not null;
        using var screen = draws ? Screen.Open(o.Width, o.Height, "bnlive export", hidden: true) : null;
        using var fonts = draws ? new Fonts() : null;
        using var run = Networks.Start(o.Settings, o.View == View.Compare, o.DataFile, o.LoadModel, o.Pair);
        var view = new SceneView(run, o.LossPanel, o.InsidePanel, o.TrainFit);
        run.TrackPredict = view.ShowsLoss;
        var trainer = run.First;
        using var gif = o.Gif is null ? null : new Gif();
        using var mp4 = o.Mp4 is null ? null : new Mp4(o.Mp4, o.Width, o.Height);
        Frame? last = null;
        var progress = new Progress("training", o.Settings.Epochs);
        var s = o.Settings;

        bool first = true;
        while (!run.Done)
        {
            if (Interrupt.Requested)
                throw new StoppedException($"{Interrupt.Signal} at epoch {run.Epoch}: stopped, no file written", Interrupt.ExitCode);
            // --lr-from and --decay-from: set before the epoch they name, as the window's keys set them between epochs
            if (From(o.LrFrom, run.Epoch, first) is double lr) run.Lr = lr;
            if (From(o.DecayFrom, run.Epoch, first) is double decay) run.Decay = decay;
            first = false;
            run.Step();
            if (run.Diverged)
                throw new StoppedException($"the loss diverged at epoch {run.Epoch} with --lr {s.Lr}: try a lower --lr; no file written", 1);
            if ((gif is not null || mp4 is not null) && run.Epoch % o.FrameEvery == 0)
            {
                // the same frames in both: a GIF frame shows 4/100 s, a video frame 1/30 s
                last = screen!.Capture(() => Scene.DrawFrame(fonts!, o.Width, o.Height, view, live: true, o.Scale));
                gif?.Add(last, 4);
                mp4?.Add(last);
            }
            if (run.Epoch % 50 == 0 || run.Done) progress.Report(run.Epoch);
        }
        gif?.HoldLast(200);
        if (mp4 is not null && last is not null) mp4.Add(last, 2 * Mp4.Fps - 1);   // the last frame held 2 s, as the GIF's

        if (o.Png is not null)
        {
            screen!.Capture(() => Scene.DrawFrame(fonts!, o.Width, o.Height, view, live: false, o.Scale)).SavePng(o.Png);
            Console.WriteLine($"wrote {o.Png}");
        }
        if (gif is not null && o.Gif is not null)
        {
            gif.Save(o.Gif);
            Console.WriteLine($"wrote {o.Gif} ({gif.Count} frames)");
        }
        if (mp4 is not null && o.Mp4 is not null)
        {
            int n = mp4.Finish();
            Console.WriteLine($"wrote {o.Mp4} ({n} frames, {n / (double)Mp4.Fps:0.##} s)");
        }
        if (o.Trace is not null)
        {
            SafeFile.Write(o.Trace, stream => Training.TraceFile.Write(stream, trainer));
            Console.WriteLine($"wrote {o.Trace}");
        }
        if (o.SaveModel is not null)
        {
            SafeFile.Write(o.SaveModel, stream => ModelFile.Write(stream, trainer));
            Console.WriteLine($"wrote {o.SaveModel}");
        }
        foreach (var t in run.Trainers)
            Console.WriteLine($"{Settings.Name(t.Settings.Mode)} seed {s.Seed}: {t.Epoch} epochs in {clock.Elapsed.TotalSeconds:F1} s, " +
                              $"final training loss {t.LastLoss:G4}, predict-mode loss {t.TakeSnapshot(t.Epoch).PredictLoss:G4}");
        return 0;
    }

    /// <summary>The value that changes to at this epoch; at the run's first epoch (a saved model's may be past some
    /// of them), the last one up to it.</summary>
    static double? From((int Epoch, double Value)[] changes, int epoch, bool first)
    {
        int i = Array.FindLastIndex(changes, c => first ? c.Epoch <= epoch : c.Epoch == epoch);
        return i < 0 ? null : changes[i].Value;
    }
}
