using System.Diagnostics;

namespace BnLive.Tests;

/// <summary>The repository the tests run in, and the front door (run.sh) to drive the program as a user does.</summary>
public static class Repo
{
    public static readonly string Root = FindRoot();

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "run.sh"))) return dir.FullName;
        throw new InvalidOperationException("run.sh not found above " + AppContext.BaseDirectory);
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs ./run.sh with args (no rebuild: the test run has built it) and waits for it.</summary>
    public static Result Run(string workDir, TimeSpan timeout, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(Root, "run.sh")) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["BNLIVE_NO_BUILD"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"run.sh {string.Join(' ', args)} did not finish in {timeout}");
        }
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A new /tmp/bnlive-test-* folder: deleted when the test passes, kept and named when it fails (TestFolders).</summary>
    public static string TempDir() => TestFolders.Make();
}
