using System.Diagnostics;
using System.Numerics;
using BnLive.Native;
using static BnLive.Native.Raylib;

namespace BnLive.Drawing;

/// <summary>One string as drawn: its box (where it was drawn, the size raylib measures) and the box it must fit in.</summary>
public sealed record DrawnText(string Text, Rectangle Box, Rectangle? Within, float Size);

/// <summary>A TrueType font (DejaVu Sans, from the system) rasterised at each pixel size asked for, so text is crisp
/// at any window size. Found at run time: BNLIVE_FONT, fontconfig, then the usual paths.</summary>
public sealed unsafe class Fonts : IDisposable
{
    /// <summary>ASCII plus every other character bnlive draws (the tests check each drawn one has its glyph):
    /// matplotlib's minus sign, arrows, Greek, superscripts, and the combining circumflex of x̂.</summary>
    public const string Extra = "−–—→←↑↓⇄×÷·•…±▶■●°µ⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺γβμσεΣ√∞\u0302";
    readonly string? path;
    readonly Dictionary<int, Font> bySize = [];
    Fonts? bold, mono;

    /// <summary>Tests set this to a list to get every string drawn, with its box and the box it must fit in (the bold
    /// and monospaced faces record into their regular face's list).</summary>
    public List<DrawnText>? Recorded { get => parent is null ? recorded : parent.Recorded; set => recorded = value; }
    List<DrawnText>? recorded;
    Rectangle? within { get => parent is null ? ownWithin : parent.within; set { if (parent is null) ownWithin = value; else parent.within = value; } }
    Rectangle? ownWithin;
    readonly Fonts? parent;

    /// <summary>The rest of the GPU state the frame is drawn with, made and freed with these fonts: every drawing
    /// function is given the fonts, and reaches the renderer through them.</summary>
    public Renderer Renderer { get; }

    /// <summary>Made after InitWindow (with the renderer, which reads the GL version then), disposed before CloseWindow.</summary>
    public Fonts()
    {
        Renderer = new Renderer();
        path = Find();
        if (path is null)
            Console.Error.WriteLine("bnlive: warning: no TrueType font found (install fonts-dejavu-core or set BNLIVE_FONT); using raylib's pixel font");
    }

    Fonts(string? file, Fonts parent) => (path, this.parent, Renderer) = (file, parent, parent.Renderer);

    /// <summary>The bold and the monospaced faces of the same family (a caption's **bold** and `code`), found beside
    /// the regular one; the regular face where they are missing.</summary>
    public Fonts Bold => bold ??= new Fonts(Sibling("DejaVuSans-Bold.ttf"), this);
    public Fonts Mono => mono ??= new Fonts(Sibling("DejaVuSansMono.ttf"), this);

    string? Sibling(string file) =>
        path is not null && Path.Combine(Path.GetDirectoryName(path)!, file) is var p && File.Exists(p) ? p : path;

    public static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("BNLIVE_FONT");
        if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env;
        string[] known =
        [
            "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",   // Debian, Ubuntu
            "/usr/share/fonts/TTF/DejaVuSans.ttf",               // Arch
            "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf", // Fedora
            "/usr/local/share/fonts/DejaVuSans.ttf",
            "/opt/homebrew/share/fonts/DejaVuSans.ttf",
        ];
        foreach (var k in known) if (File.Exists(k)) return k;
        return FcMatch();
    }

    static string? FcMatch()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("fc-match", "-f %{file} \"DejaVu Sans\"") { RedirectStandardOutput = true, RedirectStandardError = true });
            var file = p!.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return file.EndsWith(".ttf", StringComparison.OrdinalIgnoreCase) && File.Exists(file) ? file : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    public Font this[float size]
    {
        get
        {
            int px = Math.Max(6, (int)MathF.Round(size));
            if (bySize.TryGetValue(px, out var f)) return f;
            f = path is null ? GetFontDefault() : Load(path, px);
            bySize[px] = f;
            return f;
        }
    }

    static Font Load(string file, int px)
    {
        var codepoints = Enumerable.Range(32, 95).Concat(Extra.Select(c => (int)c)).ToArray();
        fixed (int* cp = codepoints)
        {
            var font = LoadFontEx(file, px, cp, codepoints.Length);
            SetTextureFilter(font.Texture, TextureFilter.Point);
            return font;
        }
    }

    /// <summary>The codepoints the font of this size has glyphs for, read from raylib's glyph list.</summary>
    public HashSet<int> Glyphs(float size)
    {
        var f = this[size];
        var set = new HashSet<int>();
        for (int i = 0; i < f.GlyphCount; i++) set.Add(*(int*)((byte*)f.Glyphs + i * GlyphInfoSize));
        return set;
    }

    const int GlyphInfoSize = 40;   // raylib's GlyphInfo: value, offsetX, offsetY, advanceX, then an Image (a pointer and 4 ints)

    /// <summary>Text drawn until the scope ends must fit inside r (recorded for the tests; nothing is clipped).</summary>
    public Scope Within(Rectangle r)
    {
        var scope = new Scope(this, within);
        within = r;
        return scope;
    }

    public readonly struct Scope(Fonts fonts, Rectangle? previous) : IDisposable
    {
        public void Dispose() => fonts.within = previous;
    }

    static bool IsMark(char c) => c is >= '\u0300' and <= '\u036F';

    public void Draw(string text, Vector2 pos, float size, Color color)
    {
        var f = this[size];
        var p = new Vector2(MathF.Round(pos.X), MathF.Round(pos.Y));
        if (Recorded is not null)
        {
            var m = Measure(text, size);
            Recorded.Add(new DrawnText(text, new Rectangle(p.X, p.Y, m.X, m.Y), within, f.BaseSize));
        }
        if (text.AsSpan().IndexOfAnyInRange('\u0300', '\u036F') < 0)
        {
            DrawTextEx(f, text, p, f.BaseSize, 0, color);
            return;
        }
        // raylib has no combining marks: the mark is drawn at the pen position after its base letter, where the
        // font's negative bearing puts it over that letter (x̂)
        int start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !IsMark(text[i])) continue;
            var run = text[start..i];
            DrawTextEx(f, run, p, f.BaseSize, 0, color);
            p.X += MeasureTextEx(f, run, f.BaseSize, 0).X;
            if (i < text.Length) DrawTextCodepoint(f, text[i], p, f.BaseSize, color);
            start = i + 1;
        }
    }

    /// <summary>size, or smaller where the text would be wider than width.</summary>
    public float Fit(string text, float size, float width)
    {
        float w = Measure(text, size).X;
        if (w <= width) return size;
        size = MathF.Floor(size * width / w);
        while (size > 6 && Measure(text, size).X > width) size--;   // glyphs do not shrink exactly in proportion
        return size;
    }

    public Vector2 Measure(string text, float size)
    {
        var f = this[size];
        if (text.AsSpan().IndexOfAnyInRange('\u0300', '\u036F') >= 0) text = string.Concat(text.Where(c => !IsMark(c)));
        return MeasureTextEx(f, text, f.BaseSize, 0);
    }

    public void Dispose()
    {
        if (parent is null) Renderer.Dispose();
        bold?.Dispose();
        mono?.Dispose();
        foreach (var f in bySize.Values) if (path is not null) UnloadFont(f);
        bySize.Clear();
    }
}
