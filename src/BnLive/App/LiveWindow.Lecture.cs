using BnLive.Commands;
using BnLive.Drawing;
using BnLive.Teaching;
using BnLive.Training;

namespace BnLive.App;

/// <summary>A lecture in the window: each step puts the window in the state its settings say, with its caption.
/// Going forward continues the run where nothing needs a new one; going back (or forward after the run was changed
/// by hand) rebuilds the step's starting state exactly, fast-forwarding its seeded run.</summary>
public sealed partial class LiveWindow
{

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
        if (state.StepIndex + 1 < lecture!.Steps.Count) EnterStep(state.StepIndex + 1);
        else Message($"the last step: PageUp goes back, Home to step 1");
    }

    internal void PreviousStep()
    {
        if (state.StepIndex > 0) EnterStep(state.StepIndex - 1);
        else Message("the first step: PageDown goes on");
    }

    internal void GoToStep(int k) => EnterStep(k);

    internal void Blank()
    {
        state.Blank = true;
        Log(new Blanked());
    }

    void EnterStep(int k)
    {
        var l = lecture!;
        var o = Steps.At(l, options, k);
        bool atStart = state.StepIndex < 0;
        bool continues = atStart || (k == state.StepIndex + 1 && !state.LectureRunTouched && !Steps.NeedsRestart(Steps.At(l, options, k - 1), o));
        if (continues) ApplyLive(o);
        else
        {
            var next = Playback.Enter(l, options, k);
            Log(new RunEnded());
            run.Dispose();
            run = next;
            ShowOptions(o);
            Restart(o.Settings, new StepRebuilt(k + 1, run.Epoch, o.View == View.Compare ? "compare" : BnLive.Engine.Settings.Name(o.Settings.Mode), o.Settings.Seed), keep: true);
        }
        state.LectureRunTouched = false;
        state.StepIndex = k;
        state.RunTo = Steps.Target(l.Steps[k], o);
        state.Paused = state.RunTo is int e && trainer.Epoch >= e;
        state.Pace = StepPace(o);
        state.PauseAtEpoch = null;
        state.Refresh = true;
        Log(new StepEntered(k + 1, l.Steps.Count, l.Steps[k].Title));
    }

    /// <summary>The view the options ask for, on the run just made: its settings, panels, speed and data.</summary>
    void ShowOptions(Options o)
    {
        state.Settings = o.Settings;
        state.Compare = o.View == View.Compare;
        state.Pair = o.Pair;
        (state.LossPanel, state.InsidePanel, state.TrainVsPredict, state.SpeedLevel) = (o.LossPanel, o.InsidePanel, o.TrainFit, o.SpeedLevel);
        (state.StartX, state.StartY) = (run.First.X, run.First.Y);
        state.StartName = o.DataFile is null ? "the notebook's" : $"{Path.GetFileName(o.DataFile)}'s";
        (state.DataSource, state.ModelSource) = (o.DataFile ?? (o.LoadModel is null ? "notebook" : null), o.LoadModel);
        state.Limits = Limits.Of(state.StartX, state.StartY);
        run.TrackPredict = true;
    }

    /// <summary>What a step changes without a new run: learning rate, decay, panels, speed.</summary>
    void ApplyLive(Options o)
    {
        if (o.Settings.Lr != run.Lr) SetLr(o.Settings.Lr);
        if (o.Settings.Decay != run.Decay) SetDecay(o.Settings.Decay);
        state.Settings = o.Settings;
        (state.LossPanel, state.InsidePanel, state.TrainVsPredict, state.SpeedLevel) = (o.LossPanel, o.InsidePanel, o.TrainFit, o.SpeedLevel);
        run.TrackPredict = true;
    }

    /// <summary>A step's training over its duration: the epochs from here to its run epoch (or the last epoch) in its
    /// seconds; a step with nothing left to train keeps the whole run's pace, for Space to go on at. Null: a speed
    /// is in force, steps per frame.</summary>
    Pace? StepPace(Options o)
    {
        if (Steps.Duration(o) is not double seconds) return null;
        int span = (state.RunTo ?? o.Settings.Epochs) - trainer.Epoch;
        return Pace.Of(span > 0 ? span : o.Settings.Epochs, seconds);
    }

    void ReachedStepEpoch()
    {
        state.Paused = true;
        state.RunTo = null;
        Log(new StepReached(state.StepIndex + 1, lecture!.Steps.Count, trainer.Epoch));
    }

    CaptionView? CaptionView() => lecture is null || state.StepIndex < 0 ? null
        : new($"Step {state.StepIndex + 1}/{lecture.Steps.Count}", lecture.Steps[state.StepIndex].Title, lecture.Steps[state.StepIndex].Caption);

    string? StepName() => lecture is null || state.StepIndex < 0 ? null : $"step {state.StepIndex + 1}/{lecture.Steps.Count}: {lecture.Steps[state.StepIndex].Title}";
}
