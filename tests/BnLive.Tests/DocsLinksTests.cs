using System.Text.RegularExpressions;

namespace BnLive.Tests;

/// <summary>The documents point at things that exist: every relative link, and every repository path named in
/// code (`src/BnLive/App/Commands.cs`), in README.md, CONTRIBUTING.md and docs/*.md. A file moved or renamed without
/// its mentions fails here, with the document and the line.</summary>
[Trait("Category", "Unit")]
public partial class DocsLinksTests
{
    /// <summary>The repository's top folders: a code span that starts with one of them names a repository path.</summary>
    static readonly string[] Folders = ["src/", "tests/", "scripts/", "docs/", "assets/", "lectures/", "bench/"];

    public static TheoryData<string> Documents()
    {
        var docs = new TheoryData<string> { "README.md", "CONTRIBUTING.md" };
        foreach (var f in Directory.GetFiles(Path.Combine(Repo.Root, "docs"), "*.md").Order())
            docs.Add(Path.GetRelativePath(Repo.Root, f));
        return docs;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void EveryRelativeLinkAndNamedPathExists(string document)
    {
        var path = Path.Combine(Repo.Root, document);
        var dir = Path.GetDirectoryName(path)!;
        var missing = new List<string>();
        string? fence = null;   // the open code block's fence (```` holds ``` inside it)
        foreach (var (line, n) in File.ReadLines(path).Select((l, i) => (l, i + 1)))
        {
            var trimmed = line.Trim();
            if (fence is null && trimmed.StartsWith("```")) { fence = new string('`', trimmed.TakeWhile(c => c == '`').Count()); continue; }
            if (fence is not null)
            {
                if (trimmed.StartsWith(fence) && trimmed.All(c => c == '`')) fence = null;
                continue;
            }
            foreach (Match m in Link().Matches(line))
            {
                var parts = m.Groups[1].Value.Split('#');
                var target = parts[0];
                if (Uri.IsWellFormedUriString(target, UriKind.Absolute) || target.StartsWith("mailto:")) continue;
                var file = target.Length == 0 ? path : Path.Combine(dir, Uri.UnescapeDataString(target));
                if (!Exists(file)) missing.Add($"{document}:{n}: link {target}");
                else if (parts.Length > 1 && file.EndsWith(".md") && !Anchors(file).Contains(parts[1]))
                    missing.Add($"{document}:{n}: link {m.Groups[1].Value}: no such heading");
            }
            foreach (Match m in CodeSpan().Matches(line))
            {
                var named = m.Groups[1].Value.Trim();
                if (!Folders.Any(named.StartsWith) || named.IndexOfAny(['<', '>', '*', '…', '$', ' ', '{']) >= 0) continue;
                if (!Exists(Path.Combine(Repo.Root, named))) missing.Add($"{document}:{n}: path {named}");
            }
        }
        Assert.True(missing.Count == 0, "named but not in the repository:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void TheReadmeFitsOnAScreenOrTwo()
    {
        int lines = File.ReadAllLines(Path.Combine(Repo.Root, "README.md")).Length;
        Assert.True(lines <= 220, $"README.md has {lines} lines: move the details to docs/ (at most 220)");
    }

    [Fact]
    public void ALinkToAMissingFileIsFound()
    {
        // the check itself: a made-up document with one good and two bad mentions
        var text = "see [the map](architecture.md) and [gone](nothere.md), and `src/BnLive/NoSuchFile.cs`";
        Assert.Equal(["architecture.md", "nothere.md"], Link().Matches(text).Select(m => m.Groups[1].Value));
        Assert.Equal(["src/BnLive/NoSuchFile.cs"], CodeSpan().Matches(text).Select(m => m.Groups[1].Value));
        Assert.False(Exists(Path.Combine(Repo.Root, "src/BnLive/NoSuchFile.cs")));
    }

    /// <summary>The anchors GitHub makes of a document's headings: lower case, punctuation dropped, spaces to -.</summary>
    static HashSet<string> Anchors(string path) =>
        [.. File.ReadLines(path).Where(l => l.StartsWith('#')).Select(l => l.TrimStart('#').Trim().ToLowerInvariant())
            .Select(h => new string([.. h.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_')]).Replace(' ', '-'))];

    static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    // [text](target) and ![alt](target); a target ends at a space (a title) or the closing parenthesis
    [GeneratedRegex(@"\]\(([^)\s]+)(?:\s[^)]*)?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex CodeSpan();
}
