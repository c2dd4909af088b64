using System.Numerics;
using BnLive.Native;
using static BnLive.Native.Raylib;

namespace BnLive.Drawing;

/// <summary>What the caption band shows: "Step 3/9" and the step's title, then its caption.</summary>
public sealed record CaptionView(string Number, string Title, IReadOnlyList<Paragraph> Paragraphs);

/// <summary>A word of a caption, placed: its text, its ink and where it goes within the band.</summary>
public sealed record Placed(string Text, Ink Ink, Vector2 At, float Width);

/// <summary>The lecture's caption band between the plot and the HUD: readable from the back of a room (30 px text
/// at 1920x1080), **bold** in the bold face, `code` in the monospaced one on a light box, wrapped at word breaks.</summary>
public static class CaptionBand
{
    static readonly Color Back = Color.FromHex("FBFBF8"), Ink_ = Color.FromHex("222222"), Accent = Color.FromHex("B2182B"),
        CodeBack = Color.FromHex("ECECE6"), Rule = Color.FromHex("DDDDDD");

    /// <summary>Text size: 20 px at scale 1 (1280x720), 30 px at 1.5 (1920x1080).</summary>
    public static float TextSize(float scale) => 20 * scale;

    /// <summary>The most of the window the band may take; past it the text gets smaller rather than cut off.</summary>
    const float MaxShare = 0.42f;

    /// <summary>The band's height for this caption in a w×h window.</summary>
    public static float Height(Fonts fonts, int w, int h, CaptionView v, float scale) => Fit(fonts, w, h, v, scale).Height;

    /// <summary>Text size, words and height: the largest size up to TextSize whose layout fits MaxShare of h.</summary>
    public static (float Size, List<Placed> Words, float Height) Fit(Fonts fonts, int w, int h, CaptionView v, float scale)
    {
        // the same caption in the same window every frame of a step: laid out once
        var cache = fonts.Renderer.Caption;
        if (cache.Last is var (key, fit) && key == (v, w, h, scale)) return fit;
        float fs = TextSize(scale);
        while (true)
        {
            var (words, height) = Layout(fonts, w, v, fs);
            if (height <= h * MaxShare || fs < 8)
            {
                cache.Last = ((v, w, h, scale), (fs, words, MathF.Ceiling(height)));
                return cache.Last.Value.Fit;
            }
            fs *= 0.92f;
        }
    }

    /// <summary>The caption laid out last and the window it was laid out for: held by the renderer.</summary>
    internal sealed class LastFit
    {
        public ((CaptionView, int, int, float) Key, (float Size, List<Placed> Words, float Height) Fit)? Last;
    }

    static (List<Placed> Words, float Height) Layout(Fonts fonts, int w, CaptionView v, float fs)
    {
        float pad = fs * 0.7f, line = fs * 1.3f, right = w - pad;
        var words = new List<Placed>();
        float y = pad;
        // the heading: step number in the accent colour, then the title in bold
        float x = pad;
        words.Add(new Placed(v.Number, Ink.Bold, new(x, y), fonts.Bold.Measure(v.Number, fs).X));
        x += words[^1].Width + fs * 0.6f;
        foreach (var word in v.Title.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            Put(fonts, words, word, Ink.Bold, fs, ref x, ref y, pad, right, line, heading: true);
        y += line * 1.15f;
        foreach (var p in v.Paragraphs)
        {
            float indent = p.Bullet ? pad + fs * 1.1f : pad;
            x = indent;
            if (p.Bullet) words.Add(new Placed("•", Ink.Plain, new(pad + fs * 0.25f, y), fonts.Measure("•", fs).X));
            foreach (var run in p.Runs)
                foreach (var word in Words(run))
                    Put(fonts, words, word, run.Ink, fs, ref x, ref y, indent, right, line, heading: false);
            y += line * (p.Bullet ? 1.0f : 1.25f);
        }
        return (words, y + pad * 0.5f);
    }

    /// <summary>The words of a run, keeping its spaces as separators; code stays whole where it can.</summary>
    static IEnumerable<string> Words(Run run) =>
        run.Ink == Ink.Code ? [run.Text] : run.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    static void Put(Fonts fonts, List<Placed> words, string word, Ink ink, float fs, ref float x, ref float y, float indent, float right, float line, bool heading)
    {
        var face = Face(fonts, ink);
        float width = face.Measure(word, fs).X + (ink == Ink.Code ? fs * 0.4f : 0);
        // punctuation right after a run (a bold word followed by a comma) sticks to it; code (`--mode`) is a word of its own
        bool glued = words.Count > 0 && !heading && ink != Ink.Code && word.Length > 0 && char.IsPunctuation(word[0]) && word[0] is not ('(' or '"' or '‘' or '“');
        float space = glued ? 0 : fs * 0.3f;
        if (x > indent && x + space + width > right) { x = indent; y += line; space = 0; }
        else if (glued && x > indent) x = MathF.Ceiling(x + 0.5f);   // on a whole pixel at or past where the word before, drawn rounded, ends
        else if (x > indent) x += space;
        words.Add(new Placed(word, heading ? Ink.Bold : ink, new(x, y), width));
        x += width;
    }

    static Fonts Face(Fonts fonts, Ink ink) => ink switch { Ink.Bold => fonts.Bold, Ink.Code => fonts.Mono, _ => fonts };

    /// <summary>Draws the band into r, the bottom of a w×h frame (its height from Height). The same caption for a
    /// whole step: kept, one copy instead of a hundred words; the rule along its top, half of it above the band, is
    /// drawn over the copy.</summary>
    public static void Draw(Fonts fonts, Rectangle r, CaptionView v, int h, float scale)
    {
        var (fs, _, _) = Fit(fonts, (int)r.Width, h, v, scale);
        fonts.Renderer.Regions.Draw(r, new Key(r, h, scale, v), Back, cacheAtOnce: true, () => Words(fonts, r, v, h, scale));
        DrawLineEx(new(r.X, r.Y), new(r.Right, r.Y), MathF.Max(1, fs / 12), Rule);
    }

    sealed record Key(Rectangle Bounds, int WindowHeight, float Scale, CaptionView Caption);

    static void Words(Fonts fonts, Rectangle r, CaptionView v, int h, float scale)
    {
        using var within = fonts.Within(r);
        var (fs, words, _) = Fit(fonts, (int)r.Width, h, v, scale);
        fonts.Renderer.Fill.Rect(r, Back);
        for (int i = 0; i < words.Count; i++)
        {
            var wd = words[i];
            var at = new Vector2(r.X + wd.At.X, r.Y + wd.At.Y);
            if (wd.Ink == Ink.Code)
            {
                DrawRectangleRounded(new Rectangle(at.X, at.Y - fs * 0.05f, wd.Width, fs * 1.15f), 0.25f, 6, CodeBack);
                at.X += fs * 0.2f;
            }
            Face(fonts, wd.Ink).Draw(wd.Text, at, fs, i == 0 ? Accent : Ink_);
        }
    }
}
