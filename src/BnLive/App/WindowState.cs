using BnLive.Commands;
using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Training;

namespace BnLive.App;

/// <summary>The window's state, plain: what the commands and Update change, and what the frame is built from. The
/// networks themselves are not in it: they are the loop's to step (LiveWindow's run).</summary>
public sealed class WindowState(Options options)
{
    // what is shown
    public Settings Settings = options.Settings;
    public EngineKind Engine = options.Engine;   // what trains the run: K switches it
    public bool Compare = options.View == View.Compare, LossPanel = options.LossPanel, InsidePanel = options.InsidePanel, TrainVsPredict = options.TrainFit;
    public (BnMode Left, BnMode Right) Pair = options.Pair;   // the compare view's two modes (--compare A,B)
    public float? Scale = options.Scale;   // text and line size: --scale or Ctrl+= / Ctrl+-, else from the window's size
    public bool Blank;                     // a blanked projector (.): any key brings the picture back
    public double Now;                     // the time of this frame, in seconds since the window opened
    public double HelpUntil = 6;           // shown for the first seconds, then on H/F1 until pressed again
    public (string Text, double Until) Banner, Message;
    public bool MessageIsError;

    // training
    public bool Paused, Quit, Diverged;
    public int SpeedLevel = options.SpeedLevel;
    public Pace? Pace;                     // --duration, or a lecture step's duration: epochs per second by the clock
    public int? PauseAtEpoch;              // Shift+N: pause when this epoch is reached
    public List<Snapshot> Live = [];       // each network's current predict-mode fit
    public List<Inside?>? Insides;         // each network's inside of BN, where the view shows it
    public bool Refresh = true;            // Live and Insides must be computed again (a key changed what is shown)
    public (int Epoch, string Text)? Precise;   // the last P: shown in the HUD until the run restarts

    // the data the run started from (E returns to it), and the axes' limits (A refits them)
    public float[] StartX = [], StartY = [];
    public string StartName = "the notebook's";
    public Limits? Limits;

    // where the run's data and weights came from, as the rebuild command (X) names them: --data as given ("notebook"
    // without it; null: the points came from a saved model), and --load-model while the run is the one it started
    public string? DataSource = options.DataFile ?? (options.LoadModel is null ? "notebook" : null);
    public string? ModelSource = options.LoadModel;

    // a lecture: its step, the step's `run` epoch (training pauses there), and whether the run was restarted or
    // its points edited by hand since the step began
    public int StepIndex = -1;
    public int? RunTo;
    public bool LectureRunTouched;

    // the HUD's timing
    public double TrainMs, DrawMs, StepsPerSecond, RunStart;
    public int FramesSinceStart;
}
