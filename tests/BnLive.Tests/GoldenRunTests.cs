using BnLive.Engine;

namespace BnLive.Tests;

/// <summary>The engine computes the golden runs' bits (tests/golden/runs.txt): in this process, and in child
/// processes that take the code paths of other CPUs (no AVX-512, no AVX2, no SIMD at all). The same file is
/// checked on ARM64 by scripts/arm64-check.sh.</summary>
[Trait("Category", "Unit")]
public class GoldenRunTests
{
    static readonly string File = Path.Combine(Repo.Root, "tests", "golden", "runs.txt");
    static readonly string Check = Path.Combine(Repo.Root, "tools", "EngineCheck", "bin", "Release", "net10.0", "EngineCheck.dll");

    static string[] Golden() => System.IO.File.ReadAllLines(File);

    static string Explain(string expected, string actual) =>
        $"differs from tests/golden/runs.txt:\n  golden: {expected[..Math.Min(160, expected.Length)]}\n  here:   {actual[..Math.Min(160, actual.Length)]}";

    [Fact]
    public void TheNotebooksDataHasTheSameBitsEverywhere()
    {
        // y comes from the platform's sin and exp: if a libm rounds otherwise, this is where it shows
        var line = GoldenRuns.DataLine();
        var golden = Golden().Single(l => l.StartsWith("data "));
        Assert.True(golden == line, Explain(golden, line));
    }

    [Fact]
    public void EveryGoldenRunReproducesInProcess()
    {
        var golden = Golden().Where(l => !l.StartsWith('#') && !l.StartsWith("data ")).ToArray();
        var here = GoldenRuns.All();
        Assert.Equal(GoldenRuns.Cases().Count(), golden.Length);
        for (int i = 0; i < golden.Length; i++) Assert.True(golden[i] == here[i], Explain(golden[i], here[i]));
    }

    [Theory]
    [InlineData("DOTNET_EnableAVX512F")]
    [InlineData("DOTNET_EnableAVX2")]
    [InlineData("DOTNET_EnableHWIntrinsic")]
    public void EveryGoldenRunReproducesOnAnotherCpusCodePath(string switchedOff)
    {
        var run = Proc.Run("dotnet", [Check], new Dictionary<string, string?> { [switchedOff] = "0" }, seconds: 900);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var golden = Golden();
        Assert.Equal(golden.Length, lines.Length);
        for (int i = 0; i < golden.Length; i++) Assert.True(golden[i] == lines[i], $"{switchedOff}=0: " + Explain(golden[i], lines[i]));
    }
}
