using BnLive.Drawing;
using BnLive.Lesson;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>The frame model: what the next frame shows, read out of the window's state after Update.</summary>
public sealed partial class LiveWindow
{
    WindowFrame Frame()
    {
        int w = GetScreenWidth(), h = GetScreenHeight();
        return new WindowFrame(w, h, Scale(w, h), blank,
            Scene.Model(Shown, [.. live.Select(l => l.YPred)], insides, limits),
            CaptionView(), Info(),
            now < banner.Until ? (banner.Text, Math.Min(1, (banner.Until - now) / 0.4)) : null,
            HelpVisible ? [.. Commands.HelpRows(lecture is not null)] : null,
            now < message.Until ? (message.Text, messageIsError) : null);
    }

    HudInfo Info() => new(trainer.Epoch, settings.Epochs, Losses(), stepsPerSecond, GetFPS(),
        compare ? $"{Settings.Name(pair.Left)} and {Settings.Name(pair.Right)} (compare)" : Settings.Name(settings.Mode), settings.Seed, SpeedName, run.Lr, run.Decay,
        run.First.X.Length, settings.BatchSize, trainMs, drawMs,
        paused, trainer.Done, diverged, captures.Frames, captures.Saving, captures.Kind, StepName(), LessonLine());

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
