using BnLive.Drawing;
using BnLive.Teaching;
using BnLive.Training;

namespace BnLive.App;

/// <summary>A lecture in the window: each step puts the window in the state its settings say, with its caption.
/// Going forward continues the run where nothing needs a new one; going back (or forward after the run was changed
/// by hand) rebuilds the step's starting state exactly, fast-forwarding its seeded run.</summary>
public sealed partial class LiveWindow
{
    int stepIndex = -1;
    int? runTo;                   // the step's `run` epoch: training pauses there
    bool lectureRunTouched;       // the run was restarted or its points edited by hand since the step began

    /// <summary>The run of step 1, made before the window opens (a bad data file stops there).</summary>
    Networks StartLecture()
    {
        var o = Steps.At(lecture!, options, 0);
        var first = Playback.Enter(lecture!, options, 0);
        run = first;
        ShowOptions(o);
        return first;
    }

    internal void NextStep()
    {
        if (stepIndex + 1 < lecture!.Steps.Count) EnterStep(stepIndex + 1);
        else Message($"the last step: PageUp goes back, Home to step 1");
    }

    internal void PreviousStep()
    {
        if (stepIndex > 0) EnterStep(stepIndex - 1);
        else Message("the first step: PageDown goes on");
    }

    internal void GoToStep(int k) => EnterStep(k);

    internal void Blank()
    {
        blank = true;
        Log(new Blanked());
    }

    void EnterStep(int k)
    {
        var l = lecture!;
        var o = Steps.At(l, options, k);
        bool atStart = stepIndex < 0;
        bool continues = atStart || (k == stepIndex + 1 && !lectureRunTouched && !Steps.NeedsRestart(Steps.At(l, options, k - 1), o));
        if (continues) ApplyLive(o);
        else
        {
            var next = Playback.Enter(l, options, k);
            Log(new RunEnded());
            run.Dispose();
            run = next;
            ShowOptions(o);
            Restart(o.Settings, new StepRebuilt(k + 1, run.Epoch, o.View == View.Compare ? "compare" : BnLive.Lesson.Settings.Name(o.Settings.Mode), o.Settings.Seed), keep: true);
        }
        lectureRunTouched = false;
        stepIndex = k;
        runTo = Steps.Target(l.Steps[k], o);
        paused = runTo is int e && trainer.Epoch >= e;
        pauseAtEpoch = null;
        refresh = true;
        Log(new StepEntered(k + 1, l.Steps.Count, l.Steps[k].Title));
    }

    /// <summary>The view the options ask for, on the run just made: its settings, panels, speed and data.</summary>
    void ShowOptions(Options o)
    {
        settings = o.Settings;
        compare = o.View == View.Compare;
        pair = o.Pair;
        (lossPanel, insidePanel, trainVsPredict, speedLevel) = (o.LossPanel, o.InsidePanel, o.TrainFit, o.SpeedLevel);
        (startX, startY) = (run.First.X, run.First.Y);
        startName = o.DataFile is null ? "the notebook's" : $"{Path.GetFileName(o.DataFile)}'s";
        limits = Limits.Of(startX, startY);
        run.TrackPredict = true;
    }

    /// <summary>What a step changes without a new run: learning rate, decay, panels, speed.</summary>
    void ApplyLive(Options o)
    {
        if (o.Settings.Lr != run.Lr) SetLr(o.Settings.Lr);
        if (o.Settings.Decay != run.Decay) SetDecay(o.Settings.Decay);
        settings = o.Settings;
        (lossPanel, insidePanel, trainVsPredict, speedLevel) = (o.LossPanel, o.InsidePanel, o.TrainFit, o.SpeedLevel);
        run.TrackPredict = true;
    }

    void ReachedStepEpoch()
    {
        paused = true;
        runTo = null;
        Log(new StepReached(stepIndex + 1, lecture!.Steps.Count, trainer.Epoch));
    }

    CaptionView? CaptionView() => lecture is null || stepIndex < 0 ? null
        : new($"Step {stepIndex + 1}/{lecture.Steps.Count}", lecture.Steps[stepIndex].Title, lecture.Steps[stepIndex].Caption);

    string? StepName() => lecture is null || stepIndex < 0 ? null : $"step {stepIndex + 1}/{lecture.Steps.Count}: {lecture.Steps[stepIndex].Title}";
}
