using System.Text;
using BnLive.Drawing;

namespace BnLive.Teaching;

/// <summary>The little Markdown a caption uses: paragraphs, `- ` list items, **bold**, *emphasis*, `code` and
/// [links](…). Markers are never shown: one without its pair is dropped.</summary>
public static class Markup
{
    public static List<Paragraph> Paragraphs(IEnumerable<string> lines)
    {
        var result = new List<Paragraph>();
        var current = new List<string>();
        bool bullet = false;
        void Flush()
        {
            if (current.Count > 0) result.Add(new Paragraph(Inline(string.Join(' ', current)), bullet));
            current.Clear();
            bullet = false;
        }
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line == "") { Flush(); continue; }
            if (line.StartsWith("- ") || line.StartsWith("* ") || line.StartsWith("+ "))
            {
                Flush();
                bullet = true;
                line = line[2..].Trim();
            }
            current.Add(line);
        }
        Flush();
        return result;
    }

    /// <summary>Runs of one paragraph's text.</summary>
    public static List<Run> Inline(string text)
    {
        var runs = new List<Run>();
        var plain = new StringBuilder();
        void Emit(string t, Ink ink)
        {
            if (plain.Length > 0) { runs.Add(new Run(plain.ToString(), Ink.Plain)); plain.Clear(); }
            if (t != "") runs.Add(new Run(t, ink));
        }
        for (int i = 0; i < text.Length;)
        {
            if (text[i] == '`' && text.IndexOf('`', i + 1) is int c and > 0)
            {
                Emit(text[(i + 1)..c], Ink.Code);
                i = c + 1;
            }
            else if (Starts(text, i, "**") is true && text.IndexOf("**", i + 2, StringComparison.Ordinal) is int b and > 0)
            {
                Emit(Strip(text[(i + 2)..b]), Ink.Bold);
                i = b + 2;
            }
            else if (text[i] == '[' && text.IndexOf("](", i, StringComparison.Ordinal) is int m and > 0 && text.IndexOf(')', m) is int e and > 0)
            {
                plain.Append(Strip(text[(i + 1)..m]));
                i = e + 1;
            }
            else if (text[i] is '*' or '_' && Emphasis(text, i) is int close)
            {
                plain.Append(text[(i + 1)..close]);   // emphasis is read as plain: one slanted font less to load
                i = close + 1;
            }
            else
            {
                if (text[i] != '*' && !(text[i] == '\\' && i + 1 < text.Length)) plain.Append(text[i]);
                else if (text[i] == '\\') { plain.Append(text[i + 1]); i++; }
                i++;
            }
        }
        Emit("", Ink.Plain);
        return runs;
    }

    static bool Starts(string s, int i, string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0;

    /// <summary>The closing marker of *x* or _x_ at i, if the pair encloses a word (so snake_case stays as it is).</summary>
    static int? Emphasis(string s, int i)
    {
        char mark = s[i];
        if (i + 1 >= s.Length || char.IsWhiteSpace(s[i + 1])) return null;
        if (mark == '_' && i > 0 && char.IsLetterOrDigit(s[i - 1])) return null;
        int close = s.IndexOf(mark, i + 1);
        if (close < 0 || char.IsWhiteSpace(s[close - 1])) return null;
        if (mark == '_' && close + 1 < s.Length && char.IsLetterOrDigit(s[close + 1])) return null;
        return close;
    }

    static string Strip(string s) => s.Replace("*", "").Replace("`", "");
}
