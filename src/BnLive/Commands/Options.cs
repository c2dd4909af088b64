using System.Globalization;
using BnLive.Engine;

namespace BnLive.Commands;

/// <summary>A command-line mistake: one line for stderr, exit code 2. Line breaks and other control characters
/// in what was typed (a quoted value can hold them) are shown escaped, so the message stays one line.</summary>
public sealed class CliError(string message) : Exception(OneLine(message))
{
    static string OneLine(string s) => string.Concat(s.Select(c => c switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ when char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            => $"\\u{(int)c:x4}",
        _ => c.ToString(),
    }));
}

public enum CommandName { Auto, Window, Export, Sweep, Lecture, Help }

/// <summary>single: one network; compare: notebook BN and no BN from the same seed, side by side.</summary>
public enum View { Single, Compare }

/// <summary>How the window writes its event log (--events).</summary>
public enum EventFormat { Text, Json }

/// <summary>What the command line asked for.</summary>
public sealed record Options
{
    public CommandName Command { get; init; } = CommandName.Auto;
    public Settings Settings { get; init; } = new();
    /// <summary>What trains the network (--engine): bnlive's engine, or the notebook's model in TorchSharp.</summary>
    public Training.EngineKind Engine { get; init; }
    /// <summary>Export: the learning rate and the decay from an epoch on (--lr-from, --decay-from), as the window's keys
    /// change them during a run; epochs ascending.</summary>
    public (int Epoch, double Value)[] LrFrom { get; init; } = [];
    public (int Epoch, double Value)[] DecayFrom { get; init; } = [];
    public int Width { get; init; } = 800;
    public int Height { get; init; } = 500;
    public string? Png { get; init; }
    public string? Gif { get; init; }
    public string? Mp4 { get; init; }
    public string? Trace { get; init; }
    public int FrameEvery { get; init; } = 60;
    public bool SizeGiven { get; init; }
    /// <summary>Window: training steps per frame as a power of two (0..9), or 10 for "max".</summary>
    public int SpeedLevel { get; init; } = 3;
    /// <summary>--speed given (in a lecture, by a step or one before it): training goes at its steps per frame, not at
    /// a lecture's default duration.</summary>
    public bool SpeedGiven { get; init; }
    /// <summary>Window and lecture: the seconds training takes, whatever the machine (null: --speed's steps per frame).</summary>
    public double? Duration { get; init; }
    public View View { get; init; } = View.Single;
    /// <summary>Panels under the plot: the loss curves, the inside of the BN layers.</summary>
    public bool LossPanel { get; init; }
    public bool InsidePanel { get; init; }
    /// <summary>The training-mode fit (batch moments) beside the predict-mode one.</summary>
    public bool TrainFit { get; init; }
    /// <summary>Your own data (CSV of x,y), a model to save at the end (export), a model to start from.</summary>
    public string? DataFile { get; init; }
    public string? SaveModel { get; init; }
    public string? LoadModel { get; init; }
    /// <summary>Sweep: the seeds to train, and where its table and contact sheet go.</summary>
    public int[] Seeds { get; init; } = [.. Enumerable.Range(1, 20)];
    public string Out { get; init; } = Path.Combine("out", "sweep");
    /// <summary>Sweep: a grid of learning rates (--lrs) or of batch sizes (--batch-sizes) instead of seeds alone.</summary>
    public double[]? Lrs { get; init; }
    public int[]? BatchSizes { get; init; }
    /// <summary>Sweep: --mode given (else both modes are swept).</summary>
    public bool ModeGiven { get; init; }
    /// <summary>Lecture: the Markdown file of steps (null: the built-in lecture).</summary>
    public string? LectureFile { get; init; }
    /// <summary>Export --lecture: render the lecture as a video rather than one run.</summary>
    public bool LectureVideo { get; init; }
    /// <summary>Window and lecture: start in borderless fullscreen at the monitor's resolution.</summary>
    public bool Fullscreen { get; init; }
    /// <summary>Window and lecture: the event log on stdout in words, or as JSON objects (one a line).</summary>
    public EventFormat Events { get; init; }
    /// <summary>Text and line size (1 at 1280x720); null: from the window or image size.</summary>
    public float? Scale { get; init; }
    /// <summary>Help: the command whose help was asked for (Auto: the whole program).</summary>
    public CommandName Topic { get; init; } = CommandName.Auto;

    /// <summary>Export's own flags were given: without a command, they ask for files, not a window.</summary>
    public bool WantsFiles => LectureVideo || Png is not null || Gif is not null || Mp4 is not null || Trace is not null || SaveModel is not null || FrameEvery != 60;
    /// <summary>--pre-bn-bias given: without BN it has no effect, and a note says so.</summary>
    public bool PreBnBiasGiven { get; init; }
    /// <summary>The two modes of the compare view, left and right (--compare A,B).</summary>
    public (BnMode Left, BnMode Right) Pair { get; init; } = (BnMode.Notebook, BnMode.None);

    /// <summary>With no --png/--gif/--trace, an export writes all three here.</summary>
    public Options WithDefaultOutputs(string dir = "out")
    {
        if (Png is not null || Gif is not null || Mp4 is not null || Trace is not null || SaveModel is not null) return this;
        var name = View == View.Compare ? "compare" : Settings.Name(Settings.Mode);
        var stem = Path.Combine(dir, $"bnlive-{name}-seed{Settings.Seed}");
        // a trace records one network: the compare view writes only its pictures
        return this with { Png = stem + ".png", Gif = stem + ".gif", Trace = View == View.Compare ? null : stem + ".json" };
    }
}
