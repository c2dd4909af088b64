namespace BnLive.Native;

/// <summary>No display to draw on, or one raylib or X11 cannot use: one line for stderr and the exit code to end
/// with (2 where the user can fix it by how they run bnlive, 1 for the machine). Native throws it rather than the
/// command line's errors, so it depends on nothing above it.</summary>
public sealed class DisplayError(string message, int exitCode) : Exception(message)
{
    public const int Usage = 2, Failure = 1;
    public int ExitCode => exitCode;
}
