using System.Runtime.InteropServices;

namespace BnLive.Commands;

/// <summary>Ctrl-C (SIGINT) and SIGTERM as a flag the loops check, so they can finish or discard their files
/// cleanly instead of dying mid-write.</summary>
public static class Interrupt
{
    static volatile string? signal;
    static readonly List<PosixSignalRegistration> registrations = [];

    public static string? Signal => signal;
    public static bool Requested => signal is not null;
    /// <summary>The shell's convention: 128 + the signal's number.</summary>
    public static int ExitCode => signal == "SIGTERM" ? 143 : 130;

    public static void Install()
    {
        foreach (var (sig, name) in new[] { (PosixSignal.SIGINT, "SIGINT"), (PosixSignal.SIGTERM, "SIGTERM") })
            registrations.Add(PosixSignalRegistration.Create(sig, ctx =>
            {
                ctx.Cancel = true;   // we stop at the next safe point
                signal = name;
            }));
    }
}

/// <summary>Work stopped before its end (a signal: 130 or 143; a diverged loss: 1), nothing half-written left behind.</summary>
public sealed class StoppedException(string message, int exitCode) : Exception(message)
{
    public int ExitCode => exitCode;
}
