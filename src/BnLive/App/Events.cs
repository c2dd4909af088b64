using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BnLive.Commands;

namespace BnLive.App;

/// <summary>What the window reports on stdout, one record per kind: the program says what happened in fields, and
/// Events.Text words it in one place. With --events json each event is also a JSON object, so a script or a test
/// can match an event's kind and fields rather than its prose.</summary>
public abstract record Event;

// runs
public sealed record Started(string Mode, int Seed, int Epochs, double Lr, int Width, int Height, int Points, string? Model, int ModelEpoch, string Engine = "bnlive") : Event;
public sealed record RunEnded : Event;
public sealed record ModeChanged(string Mode, int Seed, double Decay, double Eps) : Event;
public sealed record Reset(int Seed, bool NewSeed) : Event;
public sealed record ViewChanged(bool Compare, string Left, string Right, string Mode, int Seed) : Event;
public sealed record EngineChanged(string Engine, int Seed) : Event;
public sealed record EngineUnchanged(string Reason) : Event;
public sealed record PreBnBiasChanged(string Bias, int Seed, bool NoEffect) : Event;
public sealed record StepRebuilt(int Step, int FromEpoch, string View, int Seed) : Event;
/// <summary>X: the command that trains the run on screen again, to this epoch. Copied: it is on the clipboard; Csv: the
/// edited points it trains on, written beside the recordings; Inexact: what no flag says, so the command comes as
/// close as it can; Losses: each network's losses now, which the command's run ends with.</summary>
public sealed record RebuildCommand(string Command, bool Copied, string? Csv, string? Inexact, FinalLoss[] Losses) : Event;
public sealed record RebuildFailed(string Reason) : Event;
// training
public sealed record Paused(bool AtSnapshot) : Event;
public sealed record Resumed : Event;
public sealed record OneEpoch : Event;
public sealed record NoEpochToStep : Event;
public sealed record RunningToSnapshot(int SnapshotEpoch) : Event;
public sealed record Diverged(float[] Losses, double Lr) : Event;
public sealed record FinalLoss(string Mode, float Train, float Predict);
public sealed record TrainingDone(int Epochs, double Seconds, double StepsPerSecond, double Fps, double TrainMs, double DrawMs, FinalLoss[] Final) : Event;
// settings and views
public sealed record LrChanged(double Lr) : Event;
public sealed record DecayChanged(double Decay, string? Convention, double Window) : Event;
public sealed record SpeedChanged(string Speed) : Event;
public sealed record ScaleChanged(float Scale) : Event;
/// <summary>What: "loss panel", "training-mode fit", "inside BN", "help" or "fullscreen"; Fixed: the compare view
/// always shows the loss panel.</summary>
public sealed record Toggled(string What, bool On, bool Fixed = false) : Event;
/// <summary>P: each BN network's predict-mode loss before and after its global moments were recomputed.</summary>
public sealed record PreciseStats(PreciseChange[] Networks) : Event;
public sealed record PreciseChange(string Mode, float Before, float After);
// data
public sealed record DataRestored(string Name, int Points) : Event;
public sealed record AxesFitted : Event;
public sealed record PointAdded(float X, float Y, int Points) : Event;
public sealed record PointMoved(float FromX, float FromY, float X, float Y, int Points) : Event;
public sealed record PointRemoved(float X, float Y, int Points) : Event;
// files
public sealed record ScreenshotSaved(string Path) : Event;
public sealed record ScreenshotFailed(string Reason) : Event;
public sealed record ModelSaved(string Path) : Event;
public sealed record ModelNotSaved(string Reason) : Event;
public sealed record RecordingStarted(string Path) : Event;
public sealed record RecordingNotStarted(string Reason) : Event;
public sealed record RecordingBusy(string Asked, string Running, string Key) : Event;
public sealed record RecordingStopped(int Frames, string Path) : Event;
/// <summary>A recording ended by itself at a limit (of frames, of memory).</summary>
public sealed record RecordingEnded(string Limit) : Event;
/// <summary>A GIF ends when its window is resized: its frames are all one size.</summary>
public sealed record GifResized : Event;
public sealed record RecordingSaved(string Path, int Frames) : Event;
public sealed record RecordingFailed(string Reason) : Event;
public sealed record LrGridOpened(double[] Lrs, int Seeds, int Networks, int Epochs) : Event;
/// <summary>The lr grid's last epoch: per mode and rate, of Count seeds, how many end below 0.01 in training and in predict mode, and how many diverged.</summary>
public sealed record LrGridDone(int Epochs, double Seconds, LrGridCell[] Cells) : Event;
public sealed record LrGridCell(string Mode, double Lr, int TrainFit, int PredictFit, int Diverged, int Count);
public sealed record FramesScaled(int Width, int Height, int RecordingWidth, int RecordingHeight) : Event;
// the window and the lecture
public sealed record WindowSized(int Width, int Height) : Event;
public sealed record Blanked : Event;
public sealed record ScreenBack : Event;
public sealed record StepEntered(int Step, int Steps, string Title) : Event;
public sealed record StepReached(int Step, int Steps, int RunTo) : Event;
public sealed record WindowClosed : Event;
public sealed record Interrupted(string Signal) : Event;
/// <summary>Networks: each network's mode and epoch in the compare view (the tests check the lockstep); null for one.</summary>
public sealed record Quit(NetworkEpoch[]? Networks) : Event;
public sealed record NetworkEpoch(string Mode, int Epoch);

public static class Events
{
    static string N(double v) => v.ToString(CultureInfo.InvariantCulture);
    static string Pt(float x, float y) => $"({x:0.###}, {y:0.###})";

    /// <summary>The event in words, as the log line says it after "epoch N: ".</summary>
    public static string Text(Event e) => e switch
    {
        Started s => $"start: mode {s.Mode}, seed {s.Seed}, {s.Epochs} epochs, lr {N(s.Lr)}, {s.Width}x{s.Height}, {s.Points} points" +
            (s.Model is null ? "" : $", model {s.Model} at epoch {s.ModelEpoch}") + (s.Engine == "bnlive" ? "" : $", engine {s.Engine}"),
        RunEnded => "run ended",
        ModeChanged m => $"mode -> {m.Mode} (seed {m.Seed}, decay {N(m.Decay)}, eps {N(m.Eps)})",
        Reset r => r.NewSeed ? $"reset with a new seed (seed {r.Seed})" : $"reset (seed {r.Seed})",
        ViewChanged v => v.Compare ? $"view -> compare: {v.Left} and {v.Right} (seed {v.Seed})" : $"view -> single: {v.Mode} (seed {v.Seed})",
        EngineChanged c => $"engine -> {c.Engine} (seed {c.Seed})",
        EngineUnchanged u => $"engine unchanged: {u.Reason}",
        PreBnBiasChanged b => $"pre-BN bias -> {b.Bias} (seed {b.Seed})" + (b.NoEffect ? ": no effect without BN" : ""),
        StepRebuilt s => $"step {s.Step} starts from epoch {s.FromEpoch}: {s.View}, seed {s.Seed}",
        RebuildCommand r => "rebuild" + (r.Inexact is null ? "" : $", not exact ({r.Inexact})")
            + (r.Copied ? ", copied to the clipboard" : " (no clipboard to copy it to)") + $": {r.Command}",
        RebuildFailed r => $"no rebuild command: {r.Reason}",
        Paused p => p.AtSnapshot ? "paused at the snapshot" : "paused",
        Resumed => "resumed",
        OneEpoch => "one epoch",
        NoEpochToStep => "no epoch to step: training is over (R restarts)",
        RunningToSnapshot r => $"running to the next snapshot (epoch {r.SnapshotEpoch})",
        Diverged d => $"diverged: the training loss is {string.Join(", ", d.Losses.Select(l => l.ToString(CultureInfo.InvariantCulture)))} (lr {d.Lr.ToString("G3", CultureInfo.InvariantCulture)}); paused",
        TrainingDone t => $"training done: {t.Epochs} epochs in {t.Seconds:F1} s ({t.StepsPerSecond:F0} steps/s, {t.Fps:F0} fps, " +
            $"per frame: train {t.TrainMs:F1} ms, draw {t.DrawMs:F1} ms); final loss " +
            string.Join("; ", t.Final.Select(f => $"{f.Mode} {f.Train:G4} train, {f.Predict:G4} predict")),
        LrChanged l => $"lr -> {l.Lr:G4} (from the next step on)",
        DecayChanged d => d.Convention is null ? $"decay -> {N(d.Decay)} (from the next step on)"
            : $"decay -> {N(d.Decay)} ({d.Convention}; window {d.Window:0} steps) from the next step on",
        SpeedChanged s => $"speed -> {s.Speed}",
        ScaleChanged s => $"scale -> {s.Scale:0.##}",
        Toggled { Fixed: true } => "loss panel: always shown in the compare view",
        Toggled t => t.What switch
        {
            "loss panel" or "fullscreen" => $"{t.What} {(t.On ? "on" : "off")}",
            _ => $"{t.What} {(t.On ? "shown" : "hidden")}",
        },
        PreciseStats p => $"precise BN statistics: predict-mode loss {Changes(p.Networks)}",
        DataRestored d => $"data restored: {d.Name} {d.Points} points",
        AxesFitted => "axes fitted to the data",
        PointAdded p => $"point added at {Pt(p.X, p.Y)}: {p.Points} points",
        PointMoved p => $"point moved from {Pt(p.FromX, p.FromY)} to {Pt(p.X, p.Y)}: {p.Points} points",
        PointRemoved p => $"point removed at {Pt(p.X, p.Y)}: {p.Points} points",
        ScreenshotSaved s => $"screenshot saved: {s.Path}",
        ScreenshotFailed s => $"screenshot failed: {s.Reason}",
        ModelSaved m => $"model saved: {m.Path}",
        ModelNotSaved m => $"model not saved: {m.Reason}",
        RecordingStarted r => $"recording started: {r.Path}",
        RecordingNotStarted r => $"recording not started: {r.Reason}",
        RecordingBusy r => $"not recording {A(r.Asked)}: {A(r.Running)} is recording ({r.Key} stops it)",
        RecordingStopped r => $"recording stopped ({r.Frames} frames), saving {r.Path}",
        RecordingEnded r => $"recording stopped: {r.Limit}",
        GifResized => "window resized: recording stopped",
        RecordingSaved r => $"recording saved: {r.Path} ({r.Frames} frames)",
        RecordingFailed r => $"recording failed: {r.Reason}",
        FramesScaled f => $"window resized to {f.Width}x{f.Height}: frames scaled to the recording's {f.RecordingWidth}x{f.RecordingHeight}",
        LrGridOpened g => $"lr grid: {g.Lrs.Length} rates from {g.Lrs[0]:G3} to {g.Lrs[^1]:G3} × {g.Seeds} seeds × 2 modes = {g.Networks} networks, {g.Epochs} epochs",
        LrGridDone g => $"lr grid done: {g.Epochs} epochs in {g.Seconds:F1} s; fit in training mode, of each rate's seeds: "
            + string.Join("; ", g.Cells.GroupBy(c => c.Mode).Select(m => $"{m.Key} " + string.Join(" ", m.Select(c => $"{c.TrainFit}/{c.Count}")))),
        WindowSized w => $"window size -> {w.Width}x{w.Height}",
        Blanked => "screen blanked: any key brings it back",
        ScreenBack => "screen back",
        StepEntered s => $"step {s.Step}/{s.Steps}: {s.Title}",
        StepReached s => $"step {s.Step}/{s.Steps}: epoch {s.RunTo} reached, paused (PageDown: next step)",
        WindowClosed => "window closed",
        Interrupted i => $"{i.Signal}: quitting",
        Quit q => q.Networks is null ? "quit" : $"quit ({string.Join(", ", q.Networks.Select(n => $"{n.Mode} at epoch {n.Epoch}"))})",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name),
    };

    /// <summary>"notebook 0.0123 -> 0.000456, pytorch …": the HUD shows it too.</summary>
    public static string Changes(IEnumerable<PreciseChange> c) => string.Join(", ", c.Select(p => $"{p.Mode} {p.Before:G4} -> {p.After:G4}"));

    /// <summary>"a GIF", "an MP4".</summary>
    public static string A(string kind) => (kind == "MP4" ? "an " : "a ") + kind;

    static readonly JsonSerializerOptions Camel = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,   // a diverged loss is NaN
    };

    // ×, →, … and the like as themselves, not as \u escapes: the log is read by people too
    static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The log line: "epoch N: text", or with json one object {epoch, kind, text, ...fields}. No event has
    /// a field of those three names (EventsTests checks it).</summary>
    public static string Line(int epoch, Event e, bool json)
    {
        if (!json) return $"epoch {epoch}: {Text(e)}";
        var o = new JsonObject { ["epoch"] = epoch, ["kind"] = e.GetType().Name, ["text"] = Text(e) };
        foreach (var (k, v) in JsonSerializer.SerializeToNode(e, e.GetType(), Camel)!.AsObject().ToList()) o[k] = v?.DeepClone();
        return o.ToJsonString(Readable);
    }
}
