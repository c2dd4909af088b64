using System.Security.Cryptography;

namespace BnLive.Tests;

/// <summary>The raylib source that scripts/raylib.sh builds from: exactly the files pinned in scripts/raylib.sha256,
/// checked before anything is unpacked, with no keyring and no trusted=yes. Each test has a cache of its own
/// (XDG_CACHE_HOME), so the shared build in ~/.cache/bnlive is never touched, and each stops before a build.</summary>
public class RaylibSourceTests
{
    static readonly string Script = Path.Combine(Repo.Root, "scripts", "raylib.sh");

    static Dictionary<string, string> Pinned() => File.ReadLines(Path.Combine(Repo.Root, "scripts", "raylib.sha256"))
        .Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split("  ")).ToDictionary(p => p[1], p => p[0]);

    static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>A keyring-less apt: no trusted keys at all, as on Ubuntu without Debian's archive keyring.</summary>
    static Dictionary<string, string?> Env(string cache, bool sourceOnly)
    {
        var conf = Path.Combine(cache, "apt.conf");
        File.WriteAllText(conf, "Dir::Etc::Trusted \"/nonexistent\";\nDir::Etc::TrustedParts \"/nonexistent\";\n");
        return new() { ["XDG_CACHE_HOME"] = cache, ["APT_CONFIG"] = conf, ["BNLIVE_RAYLIB"] = null, ["BNLIVE_RAYLIB_SOURCE_ONLY"] = sourceOnly ? "1" : null };
    }

    /// <summary>Downloads the pinned files into a new cache of their own, as the set-up of a fresh machine does.</summary>
    static string Download()
    {
        var cache = Repo.TempDir();
        var r = Proc.Run(Script, ["window"], Env(cache, sourceOnly: true), seconds: 300);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("bnlive: raylib source verified: ", r.Stderr);
        return Path.Combine(cache, "bnlive", "src");
    }

    [Fact]
    public void WithoutAKeyringThePinnedSourceIsDownloadedAndMatchesItsHashes()
    {
        var src = Download();
        var pinned = Pinned();
        Assert.NotEmpty(pinned);
        foreach (var (file, sha) in pinned.Where(p => File.Exists(Path.Combine(src, p.Key))))
            Assert.Equal(sha, Sha256(Path.Combine(src, file)));
        Assert.Contains(pinned.Keys, f => f.EndsWith(".dsc") && File.Exists(Path.Combine(src, f)));
        Assert.Contains(pinned.Keys, f => f.Contains(".orig.tar.") && File.Exists(Path.Combine(src, f)));
        foreach (var script in Directory.GetFiles(Path.Combine(Repo.Root, "scripts")).Append(Path.Combine(Repo.Root, "run.sh")))
            Assert.DoesNotContain("trusted=yes", File.ReadAllText(script));
    }

    /// <summary>Each source file changed by one byte in a cache: one line naming it with both hashes, exit 1, the file
    /// removed (the next run downloads it again), and nothing unpacked or built.</summary>
    [Fact]
    public void ATamperedSourceFileStopsBeforeUnpackingWithOneLineAndBothHashes()
    {
        var genuine = Download();
        var pinned = Pinned();
        foreach (var victim in Directory.GetFiles(genuine).Select(Path.GetFileName))
        {
            var cache = Repo.TempDir();
            var src = Path.Combine(cache, "bnlive", "src");
            Directory.CreateDirectory(src);
            foreach (var f in Directory.GetFiles(genuine)) File.Copy(f, Path.Combine(src, Path.GetFileName(f)));
            var path = Path.Combine(src, victim!);
            var bytes = File.ReadAllBytes(path);
            bytes[bytes.Length / 2] ^= 0x20;
            File.WriteAllBytes(path, bytes);
            var got = Sha256(path);

            var r = Proc.Run(Script, ["window"], Env(cache, sourceOnly: false), seconds: 120);
            Assert.Equal(1, r.ExitCode);
            var line = Proc.OneLine(r);
            Assert.Contains(victim, line);
            Assert.Contains($"its SHA-256 is {got}", line);
            Assert.Contains(pinned[victim!], line);
            Assert.False(File.Exists(path), "the tampered file was removed");
            Assert.Empty(Directory.GetDirectories(Path.Combine(cache, "bnlive"), ".build-*"));
            Assert.DoesNotContain("building raylib", r.Stderr);
        }
    }
}
