using System.Globalization;
using BnLive.Engine;
using BnLive.Native;
using BnLive.Recording;
using BnLive.Training;

namespace BnLive.Drawing;

/// <summary>The sweep's final figures on one sheet, so a teacher can pick a seed: one cell per run, each drawn
/// like the export's PNG. A seed's modes sit side by side as a pair; pairs fill rows, seed by seed.</summary>
public static class ContactSheet
{
    const int Gap = 12;   // a grey frame around each seed's pair, so the pair reads as one
    static readonly Color GapColor = Color.FromHex("B0B0B0");

    /// <summary>Seeds per row for a sheet of roughly 16:9.</summary>
    public static int SeedsPerRow(int seeds, int modes, int cellWidth, int cellHeight) =>
        Math.Clamp((int)Math.Ceiling(Math.Sqrt(seeds * (double)cellHeight * 16 / (9.0 * modes * cellWidth))), 1, seeds);

    public static (int Width, int Height) Size(int seeds, int modes, int cellWidth, int cellHeight)
    {
        int perRow = SeedsPerRow(seeds, modes, cellWidth, cellHeight), rows = (seeds + perRow - 1) / perRow;
        return (perRow * (modes * cellWidth + Gap) + Gap, rows * (cellHeight + Gap) + Gap);
    }

    /// <summary>Draws each run through capture (on a window of one cell's size) and pastes the cells into one frame:
    /// the window need not hold the whole sheet, so any number of seeds fits. runs come seed by seed, modes in order.</summary>
    public static Frame Draw(Func<Action, Frame> capture, Fonts fonts, int cellWidth, int cellHeight, float[] x, float[] y,
        IReadOnlyList<SeedRun> runs, Action? betweenCells = null)
    {
        int modes = runs.Select(r => r.Mode).Distinct().Count(), seeds = runs.Count / modes;
        int perRow = SeedsPerRow(seeds, modes, cellWidth, cellHeight);
        var (width, height) = Size(seeds, modes, cellWidth, cellHeight);
        var sheet = new byte[width * height * 4];
        for (int i = 0; i < sheet.Length; i += 4) (sheet[i], sheet[i + 1], sheet[i + 2], sheet[i + 3]) = (GapColor.R, GapColor.G, GapColor.B, 255);
        for (int k = 0; k < runs.Count; k++)
        {
            betweenCells?.Invoke();
            var r = runs[k];
            var data = new PlotData(x, y, r.Trail, r.Epochs, null, Title(r));
            var cell = capture(() => { Scene.Clear(); Figure.Draw(fonts, new Rectangle(0, 0, cellWidth, cellHeight), data,
                Style.Pt(Style.ScaleOf(cellWidth, cellHeight))); });
            if ((cell.Width, cell.Height) != (cellWidth, cellHeight))
                throw new InvalidOperationException($"the screen gave a {cell.Width}x{cell.Height} frame for a {cellWidth}x{cellHeight} cell");
            int seedIndex = k / modes, column = seedIndex % perRow, row = seedIndex / perRow;
            int left = Gap + column * (modes * cellWidth + Gap) + k % modes * cellWidth, top = Gap + row * (cellHeight + Gap);
            Paste(cell, sheet, width, left, top);
        }
        return new Frame(width, height, sheet);
    }

    public static string Title(SeedRun r)
    {
        string mode = Settings.Label(r.Mode);
        string loss = float.IsFinite(r.PredictLoss) ? r.PredictLoss.ToString("G3", CultureInfo.InvariantCulture) : "–";
        return $"{mode}  ·  seed {r.Seed}  ·  predict loss {loss}  ·  {r.Verdict}";
    }

    static void Paste(Frame cell, byte[] sheet, int sheetWidth, int left, int top)
    {
        int rowBytes = cell.Width * 4;
        for (int j = 0; j < cell.Height; j++)
            Array.Copy(cell.Rgba, j * rowBytes, sheet, ((top + j) * sheetWidth + left) * 4, rowBytes);
    }
}
