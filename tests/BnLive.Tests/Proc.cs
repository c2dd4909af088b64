using System.Diagnostics;

namespace BnLive.Tests;

/// <summary>Runs the program with a changed environment (a variable set, or removed with null): the faults of
/// the machine it runs on, as the user would meet them.</summary>
public static class Proc
{
    /// <summary>The built program, for faults below run.sh: `dotnet BnLive.dll`.</summary>
    public static readonly string Dll = Path.Combine(Repo.Root, "src", "BnLive", "bin", "Release", "net10.0", "BnLive.dll");

    public static Repo.Result Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null,
        string? workDir = null, double seconds = 60)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workDir ?? Repo.TempDir(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["BNLIVE_NO_BUILD"] = "1";
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
            if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(seconds)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {seconds} s");
        }
        p.WaitForExit();
        return new Repo.Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The program itself (not run.sh's set-up) with these arguments.</summary>
    public static Repo.Result App(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null, string? workDir = null) =>
        Run("dotnet", [Dll, .. args], env, workDir);

    /// <summary>./run.sh with these arguments.</summary>
    public static Repo.Result RunSh(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null, string? workDir = null, double seconds = 120) =>
        Run(Path.Combine(Repo.Root, "run.sh"), args, env, workDir, seconds);

    /// <summary>stderr's lines, without run.sh's own progress ("bnlive: building...", "using raylib ...") and the
    /// export's progress lines ("training: 300/600 (50%)"), which say how far it got before the fault.</summary>
    public static string[] ErrorLines(Repo.Result r) =>
        [.. r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("bnlive: building") && !l.StartsWith("bnlive: using raylib")
            && !System.Text.RegularExpressions.Regex.IsMatch(l, @"^\w+: \d+/\d+ \(\d+%\)$"))];

    /// <summary>The fault is explained in one line on stderr that says bnlive, and no .NET stack trace shows.</summary>
    public static string OneLine(Repo.Result r)
    {
        Assert.DoesNotContain("   at ", r.Stderr + r.Stdout);
        Assert.DoesNotContain("Unhandled exception", r.Stderr + r.Stdout);
        var lines = ErrorLines(r);
        Assert.True(lines.Length == 1, $"one line on stderr, got {lines.Length}:\n{r.Stderr}");
        Assert.StartsWith("bnlive: ", lines[0]);
        return lines[0];
    }
}
