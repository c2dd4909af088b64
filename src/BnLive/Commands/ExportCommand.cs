using System.Diagnostics;
using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Training;

namespace BnLive.Commands;

/// <summary>Headless: trains the whole run, drawing a GIF frame every FrameEvery epochs through the same
/// drawing path as the window, then writes the final figure (the notebook's), the GIF and the trace.</summary>
public static class ExportCommand
{
    /// <summary>Runs an export whose inputs and outputs <see cref="Inputs.Check"/> has checked and filled in.</summary>
    public static int Run(Options o)
    {
        var clock = Stopwatch.StartNew();
        // a trace alone needs no drawing, and so no display
        using var files = new HeadlessRun(o.Width, o.Height, "bnlive export", draws: o.Png is not null, o.Gif, o.Mp4);
        using var run = Networks.Start(o.Settings, o.View == View.Compare, o.DataFile, o.LoadModel, o.Pair, o.Engine);
        var view = new SceneView(run, o.LossPanel, o.InsidePanel, o.TrainFit);
        run.TrackPredict = view.ShowsLoss;
        var trainer = run.First;
        var progress = new Progress("training", o.Settings.Epochs);
        var s = o.Settings;

        bool first = true;
        while (!run.Done)
        {
            if (Interrupt.Requested) throw HeadlessRun.Stopped($"at epoch {run.Epoch}");
            // --lr-from and --decay-from: set before the epoch they name, as the window's keys set them between epochs
            if (From(o.LrFrom, run.Epoch, first) is double lr) run.Lr = lr;
            if (From(o.DecayFrom, run.Epoch, first) is double decay) run.Decay = decay;
            first = false;
            run.Step();
            if (run.Diverged)
                throw new StoppedException($"the loss diverged at epoch {run.Epoch} with --lr {s.Lr}: try a lower --lr; no file written", 1);
            // the same frames in both: a GIF frame shows 4/100 s, a video frame 1/30 s
            if (files.Records && run.Epoch % o.FrameEvery == 0)
                files.Record(files.Capture(FrameComposer.SceneNow(view, live: true), null, o.Scale), gifHundredths: 4);
            if (run.Epoch % 50 == 0 || run.Done) progress.Report(run.Epoch);
        }
        files.HoldLast(2);

        if (o.Png is not null) files.Save(files.Capture(FrameComposer.SceneNow(view, live: false), null, o.Scale), o.Png);
        files.FinishRecordings();
        if (o.Trace is not null) files.Write(o.Trace, stream => TraceFile.Write(stream, trainer));
        if (o.SaveModel is not null) files.Write(o.SaveModel, stream => ModelFile.Write(stream, trainer));
        files.Report();
        foreach (var t in run.Trainers)
            Console.WriteLine($"{Settings.Name(t.Settings.Mode)} seed {s.Seed}{(t.EngineKind == EngineKind.Torch ? ", engine TorchSharp" : "")}: {t.Epoch} epochs in {clock.Elapsed.TotalSeconds:F1} s, " +
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
