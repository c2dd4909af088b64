using BnLive.Commands;

namespace BnLive.Teaching;

/// <summary>What a step does to the window's options. A step's settings are the command line's flags, applied on
/// top of the step before: a lecture is a list of option changes, and the window plays them.</summary>
public static class Steps
{
    /// <summary>Seconds a step's training takes where no speed or duration is in force: long enough for a room to see
    /// the trail laid down (a snapshot every 0.6 s for the notebook's 6000 epochs), short enough to keep a lecture moving.</summary>
    public const double DefaultDuration = 12;

    /// <summary>The options after step: its settings applied to o (run and hold are the lecture's own).</summary>
    public static Options Apply(Lecture lecture, Options o, Step step)
    {
        foreach (var s in step.Settings)
        {
            if (s.Key is "run" or "hold") continue;
            // a data file is found beside the lecture, as a Markdown link to it would be
            string value = s.Key == "data" && !Path.IsPathRooted(s.Value) && !BnLive.Engine.Data.BuiltinNames.Contains(s.Value)
                ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(lecture.Path)) ?? "", s.Value)
                : s.Value;
            try
            {
                o = Cli.Apply(o, "--" + s.Key, value);
                if (s.Key == "compare") o = o with { View = View.Compare };   // as on the command line
            }
            catch (CliError e)
            {
                // "--seed must be ..." reads "seed must be ..." in a lecture, where the key has no dashes
                string message = e.Message.StartsWith("--" + s.Key) ? e.Message[2..] : e.Message;
                throw new LectureError($"{lecture.Path}:{s.Line}: {message}");
            }
        }
        return o;
    }

    /// <summary>The options in force during step k (0-based): the lecture's starting options with steps 0..k applied.</summary>
    public static Options At(Lecture lecture, Options start, int k)
    {
        var o = start;
        for (int i = 0; i <= k; i++) o = Apply(lecture, o, lecture.Steps[i]);
        return o;
    }

    /// <summary>Whether going from a to b needs a new run: a new seed, mode, data, pair or shape does; the learning
    /// rate, the decay, the panels and the speed apply to the run as it is, as their keys do.</summary>
    public static bool NeedsRestart(Options a, Options b) =>
        Run(a.Settings) != Run(b.Settings) || a.View != b.View || a.DataFile != b.DataFile || (b.View == View.Compare && a.Pair != b.Pair);

    /// <summary>The settings that make a run what it is (what a step can change live left out).</summary>
    static BnLive.Engine.Settings Run(BnLive.Engine.Settings s) => s with { Lr = 0, Decay = 0, DecayGiven = false, EpsGiven = false, PreciseBn = false };

    /// <summary>The step whose entry started the run that step k trains: k itself, or the last step before it that
    /// restarted (step 0 always starts a run).</summary>
    public static int RunStart(Lecture lecture, Options start, int k)
    {
        for (int i = k; i > 0; i--)
            if (NeedsRestart(At(lecture, start, i - 1), At(lecture, start, i))) return i;
        return 0;
    }

    /// <summary>The seconds a step's training takes under these options: its duration, or the default where no speed
    /// is in force; null where a speed is (its steps per frame, as in the window).</summary>
    public static double? Duration(Options o) => o.Duration ?? (o.SpeedGiven ? null : DefaultDuration);

    /// <summary>The epoch a paced step has reached after frame f (0-based) of frames, going from start to goal: the
    /// epochs spread evenly over the frames, the last frame reaching the goal.</summary>
    public static int PacedEpoch(int start, int goal, int frames, int f) =>
        start + (int)((long)(goal - start) * Math.Min(f + 1, frames) / Math.Max(1, frames));

    /// <summary>The epoch step k trains to and pauses at (run: N, or the last epoch for run: end); null: no end.</summary>
    public static int? Target(Step step, Options o) => step.Run switch
    {
        null => null,
        "end" => o.Settings.Epochs,
        var n => int.Parse(n),
    };
}
