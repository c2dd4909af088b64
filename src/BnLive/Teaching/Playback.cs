using BnLive.Commands;
using BnLive.Training;

namespace BnLive.Teaching;

/// <summary>Plays a lecture's steps without a window: the state a step begins in, rebuilt exactly. Runs are seeded,
/// so going back to a step trains its run again as fast as the machine allows rather than in real time.</summary>
public static class Playback
{
    /// <summary>The run as step k begins: started as its run's first step says, then each step in between trained
    /// to its run epoch with its own learning rate and decay (a step without `run` adds no epochs).</summary>
    public static Networks Enter(Lecture lecture, Options start, int k)
    {
        int r = Steps.RunStart(lecture, start, k);
        var o = Steps.At(lecture, start, r);
        var run = Networks.Start(o.Settings, o.View == View.Compare, o.DataFile, o.LoadModel, o.Pair);
        try
        {
            run.TrackPredict = true;   // the loss panel shows every epoch of a replayed run
            for (int j = r; j < k; j++)
            {
                var oj = Steps.At(lecture, start, j);
                (run.Lr, run.Decay) = (oj.Settings.Lr, oj.Settings.Decay);
                TrainTo(run, Steps.Target(lecture.Steps[j], oj));
            }
            var ok = Steps.At(lecture, start, k);
            (run.Lr, run.Decay) = (ok.Settings.Lr, ok.Settings.Decay);
            return run;
        }
        catch { run.Dispose(); throw; }
    }

    /// <summary>The run as step k ends: entered, then trained to its run epoch (or the last epoch where it has none).</summary>
    public static Networks Through(Lecture lecture, Options start, int k)
    {
        var run = Enter(lecture, start, k);
        var o = Steps.At(lecture, start, k);
        TrainTo(run, Steps.Target(lecture.Steps[k], o) ?? o.Settings.Epochs);
        return run;
    }

    public static void TrainTo(Networks run, int? epoch)
    {
        if (epoch is int e)
            while (run.Epoch < e && !run.Done && !run.Diverged) run.Step();
    }
}
