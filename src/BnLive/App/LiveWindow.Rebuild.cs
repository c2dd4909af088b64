using BnLive.Commands;
using BnLive.Engine;
using BnLive.Training;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>X: the command that rebuilds the run on screen, to the log and the clipboard, so a teacher can hand the
/// class the exact state on the projector.</summary>
public sealed partial class LiveWindow
{
    internal void PrintRebuild()
    {
        var (x, y) = (run.First.X, run.First.Y);
        var notes = new List<string>();
        string? data = state.DataSource, csv = null;
        // points edited in the window, or a saved model's points once R left its weights behind: a CSV of them
        bool asStarted = x.AsSpan().SequenceEqual(state.StartX) && y.AsSpan().SequenceEqual(state.StartY);
        if (!asStarted || (data is null && state.ModelSource is null))
        {
            csv = NewFileName("points.csv");
            try { Rebuild.WriteCsv(csv, x, y); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log(new RebuildFailed($"the points could not be written to {csv} ({Recording.SafeFile.Reason(e)})"));
                Message($"could not write the points for the rebuild command: {Recording.SafeFile.Reason(e)}", error: true);
                return;
            }
            data = csv;
        }
        if (run.DataSetAt > run.From) notes.Add($"the points were edited at epoch {run.DataSetAt}: the command trains on them from the start");
        if (state.Precise is var (at, _)) notes.Add($"P recomputed the global moments at epoch {at}, which no flag does: the predict-mode loss differs");
        if (run.Epoch <= run.From) notes.Add($"no epoch trained yet: the command trains all {run.Settings.Epochs}");

        var shown = new Options
        {
            View = state.Compare ? View.Compare : View.Single,
            Engine = state.Engine,
            Pair = state.Pair,
            DataFile = data,
            LoadModel = state.ModelSource,
            LossPanel = state.LossPanel,
            InsidePanel = state.InsidePanel,
            TrainFit = state.TrainVsPredict,
            Width = Math.Clamp(GetScreenWidth(), Cli.MinWidth, Cli.MaxWidth),
            Height = Math.Clamp(GetScreenHeight(), Cli.MinHeight, Cli.MaxHeight),
            Scale = state.Scale,
        };
        string command = Cli.ExportCommand(Rebuild.Of(run, shown));
        SetClipboardText(command);
        // raylib's RGFW reads its own clipboard back without a terminating NUL (a stray byte may follow the text);
        // other programs get the text itself, as RebuildWindowTests reads it
        bool copied = GetClipboardText() is string back && back.StartsWith(command, StringComparison.Ordinal);
        Log(new RebuildCommand(command, copied, csv, notes.Count > 0 ? string.Join("; ", notes) : null,
            [.. run.Trainers.Select(t => new FinalLoss(Settings.Name(t.Settings.Mode), t.LastLoss, t.TakeSnapshot(t.Epoch).PredictLoss))]));
        Message(copied ? "the command that rebuilds this run is on the clipboard, and in the log" : "the command that rebuilds this run is in the log (no clipboard)");
    }
}
