namespace BnLive.Drawing;

/// <summary>The parts a frame is drawn in. The bench draws each alone to time it (./run.sh bench --layers);
/// everything else draws them all.</summary>
[Flags]
public enum Layer
{
    None = 0,
    Background = 1,   // the figure's white, the panels' grey
    Grid = 2,         // grid lines, ticks, tick labels, titles
    Data = 4,         // the points
    Trail = 8,        // the snapshots' fits
    Live = 16,        // the current fit (and the training-mode fit)
    Legend = 32,
    Panels = 64,      // the loss panel and the inside of BN
    Hud = 128,
    All = 255,
    Help = 256,       // the key help over the plots, which the bench draws alone when asked (not part of All)
}

