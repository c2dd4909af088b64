using System.Diagnostics;
using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>The frame model, read out of the window's state after Update, and the frame shown from it.</summary>
public sealed partial class LiveWindow
{
    /// <summary>One frame on screen: drawn from the frame model, captured (screenshot, recording) once drawn, and
    /// the message put over it after the capture, so a "saved …" never shows in the next screenshot.</summary>
    void Show(Fonts fonts, WindowFrame frame)
    {
        var clock = Stopwatch.StartNew();
        BeginDrawing();
        (plotAxes, var plot) = LrGridShown ? DrawLrGrid(fonts, frame) : WindowPainter.Draw(fonts, frame);
        captures.Take(frame.Width, frame.Height, state.Now);
        WindowPainter.DrawOverlay(fonts, frame, plot);
        EndDrawing();
        state.DrawMs = Smooth(state.DrawMs, clock.Elapsed.TotalMilliseconds);
        state.FramesSinceStart++;
    }

    WindowFrame Frame()
    {
        int w = GetScreenWidth(), h = GetScreenHeight();
        return new WindowFrame(w, h, Scale(w, h), state.Blank,
            Scene.Model(Shown, [.. state.Live.Select(l => l.YPred)], state.Insides, state.Limits),
            CaptionView(), Info(),
            state.Now < state.Banner.Until ? (state.Banner.Text, Math.Min(1, (state.Banner.Until - state.Now) / 0.4)) : null,
            HelpVisible ? [.. Commands.HelpRows(lecture is not null)] : null,
            state.Now < state.Message.Until ? (state.Message.Text, state.MessageIsError) : null);
    }

    HudInfo Info() => new(trainer.Epoch, state.Settings.Epochs, Losses(), state.StepsPerSecond, GetFPS(),
        state.Compare ? $"{Settings.Name(state.Pair.Left)} and {Settings.Name(state.Pair.Right)} (compare)" : Settings.Name(state.Settings.Mode), state.Settings.Seed, SpeedName, run.Lr, run.Decay,
        run.First.X.Length, state.Settings.BatchSize, state.TrainMs, state.DrawMs,
        state.Paused, trainer.Done, state.Diverged, captures.Frames, captures.Saving, captures.Kind, StepName(), BnNumbersLine(), Engines.Name(run.Engine));

    /// <summary>The HUD's losses: training and predict mode of each network; with T, the gap between the two modes.</summary>
    string Losses()
    {
        var parts = new List<string>();
        for (int i = 0; i < run.Trainers.Count; i++)
        {
            var t = run.Trainers[i];
            string name = state.Compare ? Settings.Label(t.Settings.Mode) + " " : "loss ";
            string text = $"{name}{Hud.TrainLoss(t.Losses)} train · {(i < state.Live.Count ? state.Live[i].PredictLoss : float.NaN):0.00000} predict";
            if (state.TrainVsPredict && state.Insides?[i] is Inside inside && i < state.Live.Count && t.Settings.HasBatchNorm)
                text += $" · gap {state.Live[i].PredictLoss - inside.TrainModeLoss:+0.00000;−0.00000}";
            parts.Add(text);
        }
        return string.Join("    ", parts);
    }
}
