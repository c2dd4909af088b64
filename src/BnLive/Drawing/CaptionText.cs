// The caption's text as plain data: the lecture's Markup makes it, the caption band draws it, and Drawing needs
// nothing of Teaching to do so.
namespace BnLive.Drawing;

/// <summary>How a run of caption text is drawn: plain, **bold**, or `code`.</summary>
public enum Ink { Plain, Bold, Code }

/// <summary>A run of caption text in one ink.</summary>
public sealed record Run(string Text, Ink Ink);

/// <summary>A caption paragraph (or a list item, with its bullet) as runs of text.</summary>
public sealed record Paragraph(IReadOnlyList<Run> Runs, bool Bullet = false)
{
    public string Text => string.Concat(Runs.Select(r => r.Text));
}
