using System.Diagnostics;

namespace BnLive.Tests;

/// <summary>A display that is not there, or that goes away under a running window: one line that names it, exit 1.
/// raylib's RGFW dereferences the NULL display XOpenDisplay gives for a missing server (SIGSEGV, exit 139, silent);
/// bnlive now opens the display itself first.</summary>
public class DisplayTests
{
    const string Expected = "bnlive: cannot open display :{0}: is an X server running there? For files only, use ./run.sh export";

    [Fact]
    public void ADisplayWithNoServerIsOneLineNotASegfault()
    {
        int n = FreeDisplay(4242);
        var env = new Dictionary<string, string?> { ["DISPLAY"] = $":{n}", ["WAYLAND_DISPLAY"] = null };
        foreach (var r in new[] { Proc.App(["window"], env), Proc.RunSh(["window"], env) })
        {
            Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}{LiveApp.Signal(r.ExitCode)}:\n{r.Stderr}");
            Assert.Equal(string.Format(Expected, n), Proc.OneLine(r));
            Assert.Equal("", r.Stdout);
        }
    }

    /// <summary>A private Xvfb, a window on it, and the server stopped (SIGTERM) under it.</summary>
    [Fact]
    public async Task ADisplayThatGoesAwayMidRunIsOneLine()
    {
        int n = FreeDisplay(173);
        using var xvfb = Process.Start(new ProcessStartInfo("Xvfb", [$":{n}", "-screen", "0", "1280x720x24", "-nolisten", "tcp"])
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists($"/tmp/.X11-unix/X{n}") && clock.Elapsed.TotalSeconds < 20) Thread.Sleep(50);
            Assert.True(File.Exists($"/tmp/.X11-unix/X{n}"), "Xvfb did not start");

            var psi = new ProcessStartInfo("dotnet", [Proc.Dll, "window", "--size", "640x400"])
                { WorkingDirectory = Repo.TempDir(), RedirectStandardOutput = true, RedirectStandardError = true };
            psi.Environment["DISPLAY"] = $":{n}";
            using var app = Process.Start(psi)!;
            var stderr = app.StandardError.ReadToEndAsync();
            string? first = app.StandardOutput.ReadLine();   // "epoch 0: start: ...": the window is open
            if (first?.Contains("start: ") != true)
            {
                if (!app.WaitForExit(TimeSpan.FromSeconds(10))) app.Kill(entireProcessTree: true);
                Assert.Fail($"the window did not start: {first}\n{await stderr}");
            }
            var stdout = app.StandardOutput.ReadToEndAsync();
            Thread.Sleep(1500);   // a few frames drawn

            Proc.Run("kill", ["-TERM", $"{xvfb.Id}"]);   // a server shut down: it removes its socket and lock file
            Assert.True(xvfb.WaitForExit(TimeSpan.FromSeconds(20)), "Xvfb did not stop");
            bool ended = app.WaitForExit(TimeSpan.FromSeconds(30));
            if (!ended) app.Kill(entireProcessTree: true);
            Assert.True(ended, "bnlive went on without its display");
            app.WaitForExit();
            var r = new Repo.Result(app.ExitCode, await stdout, await stderr);
            Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}{LiveApp.Signal(r.ExitCode)}:\n{r.Stderr}");
            Assert.Equal($"bnlive: lost the display :{n} (its X server stopped or the connection broke): the window is gone", Proc.OneLine(r));
        }
        finally
        {
            if (!xvfb.HasExited) { Proc.Run("kill", ["-TERM", $"{xvfb.Id}"]); xvfb.WaitForExit(TimeSpan.FromSeconds(10)); }
        }
    }

    /// <summary>A display number from start on with no server and no lock file.</summary>
    static int FreeDisplay(int start)
    {
        for (int n = start; ; n++)
            if (!File.Exists($"/tmp/.X11-unix/X{n}") && !File.Exists($"/tmp/.X{n}-lock")) return n;
    }
}
