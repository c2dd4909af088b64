using BnLive.Lesson;
using BnLive.Native;
using BnLive.Training;

namespace BnLive.Drawing;

/// <summary>What a frame shows, for the window and the files alike.</summary>
public static class Scene
{
    public static string Title(Settings s, int epoch) =>
        $"{(s.Mode == BnMode.Notebook ? "notebook BN" : "no BN")}  ·  seed {s.Seed}  ·  epoch {epoch}/{s.Epochs}";

    /// <summary>The single plot filling the frame; live adds the current predict-mode fit.</summary>
    public static Axes DrawPlot(Fonts fonts, int width, int height, Trainer t, bool live)
    {
        var data = new PlotData(t.X, t.Y, t.Snapshots, t.Settings.Epochs,
            live ? t.TakeSnapshot(t.Epoch).YPred : null, Title(t.Settings, t.Epoch));
        return Figure.Draw(fonts, new Rectangle(0, 0, width, height), data);
    }
}
