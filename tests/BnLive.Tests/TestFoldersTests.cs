namespace BnLive.Tests;

/// <summary>The suite's own clean-up (TestFolders): an inner test run of two probes, one passing and one failing on
/// purpose, in a temporary folder of its own; the passing probe's folder is gone, the failing one's is kept and named.</summary>
public class TestFoldersTests
{
    const string Probe = "BNLIVE_FOLDER_PROBE";

    [Fact]
    public void APassingTestsFolderIsDeletedAFailingTestsIsKeptAndNamed()
    {
        var tmp = Repo.TempDir();
        var dll = typeof(TestFoldersTests).Assembly.Location;
        var r = Proc.Run("dotnet", ["test", dll, "--filter", "FullyQualifiedName~BnLive.Tests.FolderProbe"],
            new Dictionary<string, string?> { ["TMPDIR"] = tmp, [Probe] = "1" }, seconds: 180);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Failed: 1, Passed: 1", System.Text.RegularExpressions.Regex.Replace(r.Stdout, " +", " "));
        var left = Directory.GetDirectories(tmp, "bnlive-test-*");
        var kept = Assert.Single(left);
        Assert.Equal("fails", File.ReadAllText(Path.Combine(kept, "probe")));
        Assert.Contains($"(test folders kept: {kept})", r.Stdout);
    }
}

/// <summary>The probes of TestFoldersTests: each makes a folder; one fails, only when the inner run asks it to.</summary>
public class FolderProbe
{
    static void Make(string name) => File.WriteAllText(Path.Combine(Repo.TempDir(), "probe"), name);

    [Fact]
    public void Passes() => Make("passes");

    [Fact]
    public void Fails()
    {
        Make("fails");
        if (Environment.GetEnvironmentVariable("BNLIVE_FOLDER_PROBE") == "1") Assert.Fail("a failure on purpose, for TestFoldersTests");
    }
}
