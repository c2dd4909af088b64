using BnLive.Lesson;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>What the HUD reports, read from the window's state each frame.</summary>
public sealed partial class LiveWindow
{
    HudInfo Info() => new(trainer.Epoch, settings.Epochs, Losses(), stepsPerSecond, GetFPS(),
        compare ? $"{Settings.Name(pair.Left)} and {Settings.Name(pair.Right)} (compare)" : Settings.Name(settings.Mode), settings.Seed, SpeedName, run.Lr, run.Decay,
        run.First.X.Length, settings.BatchSize, trainMs, drawMs,
        paused, trainer.Done, diverged, recorder?.Frames, saving is { IsCompleted: false }, recorder?.Kind ?? savingKind, StepName(), LessonLine());

    /// <summary>The HUD's losses: training and predict mode of each network; with T, the gap between the two modes.</summary>
    string Losses()
    {
        var parts = new List<string>();
        for (int i = 0; i < run.Trainers.Count; i++)
        {
            var t = run.Trainers[i];
            string name = compare ? Settings.Label(t.Settings.Mode) + " " : "loss ";
            string text = $"{name}{t.LastLoss:0.00000} train · {(i < live.Count ? live[i].PredictLoss : float.NaN):0.00000} predict";
            if (trainVsPredict && insides?[i] is Inside inside && i < live.Count && t.Settings.HasBatchNorm)
                text += $" · gap {live[i].PredictLoss - inside.TrainModeLoss:+0.00000;−0.00000}";
            parts.Add(text);
        }
        return string.Join("    ", parts);
    }
}
