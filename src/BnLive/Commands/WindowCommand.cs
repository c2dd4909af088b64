using BnLive.App;

namespace BnLive.Commands;

/// <summary>The window command: the notebook's run trained live in a raylib window, with its keys.</summary>
public static class WindowCommand
{
    /// <summary>Runs the window on options <see cref="Inputs.Check"/> has checked; returns the exit code.</summary>
    public static int Run(Options o) => new LiveWindow(o).Run();
}
