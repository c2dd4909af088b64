using System.Text;
using BnLive.Commands;
using BnLive.Drawing;
using BnLive.Engine;

namespace BnLive.Teaching;

/// <summary>A lecture file that cannot be used: one line naming FILE:LINE and what is wrong (exit code 2).</summary>
public sealed class LectureError(string message) : Exception(message);

/// <summary>One setting of a step, as written: `seed: 3` on line 12.</summary>
public sealed record Setting(string Key, string Value, int Line);

/// <summary>A step: its title, its settings (the window's flags without --), what it trains to, and its caption.</summary>
public sealed record Step(string Title, int Line, IReadOnlyList<Setting> Settings, IReadOnlyList<Paragraph> Caption)
{
    /// <summary>`run: N` trains to epoch N and pauses; `run: end` to the last epoch; null: training keeps going.</summary>
    public string? Run => Settings.LastOrDefault(s => s.Key == "run")?.Value;
    /// <summary>Seconds the step lasts in an exported video (at least until its run epoch is reached).</summary>
    public double Hold => Settings.LastOrDefault(s => s.Key == "hold") is { } h ? double.Parse(h.Value, System.Globalization.CultureInfo.InvariantCulture) : 6;
}

/// <summary>A lecture: a Markdown file whose `# Title` names it and whose `## Step` sections are its steps; each step
/// holds a ```bnlive block of settings and paragraphs of caption. It reads well on GitHub and in any editor.</summary>
public sealed record Lecture(string Title, string Path, IReadOnlyList<Step> Steps)
{
    /// <summary>The step settings a lecture understands: the window's flags, plus run and hold.</summary>
    public static readonly string[] Keys = ["mode", "seed", "view", "compare", "panels", "lr", "decay", "eps", "init-scale", "hidden", "batch-size",
        "pre-bn-bias", "epochs", "every", "data", "speed", "duration", "run", "hold"];

    /// <summary>The built-in lecture, shipped beside the program (copied from lectures/ at build time).</summary>
    public static string BuiltIn => System.IO.Path.Combine(AppContext.BaseDirectory, "lectures", "batch-norm.md");

    /// <summary>The built-in lecture of that name (what-bn-buys), or null where there is none.</summary>
    public static string? Named(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
        && System.IO.Path.Combine(AppContext.BaseDirectory, "lectures", name + ".md") is var file && File.Exists(file) ? file : null;

    const long MaxBytes = 1 << 20;

    /// <summary>A lecture file, or a built-in lecture by its name where no such file is here (`lecture what-bn-buys`).</summary>
    public static Lecture Load(string path)
    {
        if (!File.Exists(path) && !Directory.Exists(path) && Named(path) is string builtIn) path = builtIn;
        byte[] bytes;
        try
        {
            if (Directory.Exists(path)) throw new LectureError($"{path} is a directory, not a lecture file (.md)");
            var info = new FileInfo(path);
            if (!info.Exists) throw new LectureError($"{path}: no such file");
            if (info.Length > MaxBytes) throw new LectureError($"{path}: {info.Length >> 10} KB is too big for a lecture (at most 1 MB)");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LectureError($"{path}: cannot read it ({e.Message})");
        }
        if (Csv.IsBinary(bytes))
            throw new LectureError($"{path} is a binary file, not a Markdown lecture");
        var lecture = Parse(path, Encoding.UTF8.GetString(bytes));
        Check(lecture);
        return lecture;
    }

    /// <summary>The Markdown, read line by line: headings, fenced blocks, paragraphs.</summary>
    public static Lecture Parse(string path, string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        string? title = null;
        var steps = new List<Step>();
        (string Title, int Line, List<Setting> Settings, List<string> Caption)? step = null;
        void Close()
        {
            if (step is { } s) steps.Add(new Step(s.Title, s.Line, s.Settings, Markup.Paragraphs(s.Caption)));
        }
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i], trimmed = line.Trim();
            int n = i + 1;
            if (trimmed.StartsWith("```") || trimmed.StartsWith("~~~"))
            {
                string fence = trimmed[..3], info = trimmed[3..].Trim();
                int end = Array.FindIndex(lines, i + 1, l => l.Trim().StartsWith(fence));
                if (end < 0) throw new LectureError($"{path}:{n}: this {fence} block is never closed");
                if (info == "bnlive")
                {
                    if (step is null) throw new LectureError($"{path}:{n}: a bnlive block belongs in a step: start one with '## Step title' above it");
                    for (int j = i + 1; j < end; j++) step.Value.Settings.AddRange(SettingOf(path, lines[j], j + 1));
                }
                // other code blocks are for readers of the file, not for the screen
                i = end;
                continue;
            }
            if (trimmed.StartsWith("## ") || trimmed == "##")
            {
                Close();
                string t = trimmed[2..].Trim().TrimEnd('#').Trim();
                if (t == "") throw new LectureError($"{path}:{n}: a step needs a title: '## What to look at'");
                step = (t, n, [], []);
                continue;
            }
            if (trimmed.StartsWith("# ") || trimmed == "#")
            {
                if (title is not null || step is not null) throw new LectureError($"{path}:{n}: a lecture has one '# Title', at the top; steps start with '## '");
                title = trimmed[1..].Trim();
                if (title == "") throw new LectureError($"{path}:{n}: the lecture's '# Title' is empty");
                continue;
            }
            if (trimmed.StartsWith("###")) throw new LectureError($"{path}:{n}: only '# Title' and '## Step' headings are used; write this as a caption line");
            // text before the first step introduces the file to its readers; a step's text is its caption
            step?.Caption.Add(line);
        }
        Close();
        if (steps.Count == 0) throw new LectureError($"{path}: no steps: a lecture needs at least one '## Step title' section");
        return new Lecture(title ?? System.IO.Path.GetFileNameWithoutExtension(path), path, steps);
    }

    static IEnumerable<Setting> SettingOf(string path, string raw, int n)
    {
        string line = raw;
        int hash = line.IndexOf('#');
        if (hash >= 0) line = line[..hash];
        if (line.Trim() == "") yield break;
        int colon = line.IndexOf(':');
        if (colon < 0) throw new LectureError($"{path}:{n}: '{line.Trim()}' is not a setting: write 'key: value'");
        string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
        if (!Keys.Contains(key)) throw new LectureError($"{path}:{n}: unknown setting '{key}' (known: {string.Join(", ", Keys)})");
        if (value == "") throw new LectureError($"{path}:{n}: {key} needs a value");
        yield return new Setting(key, value, n);
    }

    /// <summary>Every value checked before the window opens, as the command line checks its flags: each step's
    /// settings are applied to the options of the step before, so `run: 9000` is caught where epochs is 6000.</summary>
    static void Check(Lecture lecture)
    {
        var o = new Options { Command = CommandName.Lecture };
        foreach (var step in lecture.Steps)
        {
            var keys = new HashSet<string>();
            foreach (var s in step.Settings)
                if (!keys.Add(s.Key)) throw new LectureError($"{lecture.Path}:{s.Line}: {s.Key} is set twice in this step");
            if (keys.Contains("speed") && keys.Contains("duration"))
                throw new LectureError($"{lecture.Path}:{step.Settings.Last(s => s.Key is "speed" or "duration").Line}: speed and duration both say how fast this step trains: give one");
            o = Teaching.Steps.Apply(lecture, o, step);
            foreach (var s in step.Settings)
            {
                string where = $"{lecture.Path}:{s.Line}";
                if (s.Key == "run" && s.Value != "end")
                {
                    if (!int.TryParse(s.Value, out int e) || e < 0 || e > o.Settings.Epochs)
                        throw new LectureError($"{where}: run must be end or an epoch from 0 to {o.Settings.Epochs} (got '{s.Value}')");
                }
                if (s.Key == "hold" && (!double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double h) || !(h >= 0 && h <= 600)))
                    throw new LectureError($"{where}: hold must be a number of seconds from 0 to 600 (got '{s.Value}')");
                if (s.Key == "data")
                {
                    try { Data.Load(o.DataFile!); }
                    catch (DataError e) { throw new LectureError($"{where}: {e.Message}"); }
                }
            }
        }
    }
}
