using BnLive.App;
using BnLive.Teaching;

namespace BnLive.Commands;

/// <summary>The lecture command: the window playing a lecture file (default: the built-in one), step by step.</summary>
public static class LectureCommand
{
    /// <summary>Runs the lecture on options <see cref="Inputs.Check"/> has checked; returns the exit code.</summary>
    public static int Run(Options o) => new LiveWindow(o, Lecture.Load(o.LectureFile ?? Lecture.BuiltIn)).Run();
}
