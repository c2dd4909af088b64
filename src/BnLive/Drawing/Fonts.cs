using System.Diagnostics;
using System.Numerics;
using BnLive.Native;
using static BnLive.Native.Raylib;

namespace BnLive.Drawing;

/// <summary>A TrueType font (DejaVu Sans, from the system) rasterised at each pixel size asked for, so text is crisp
/// at any window size. Found at run time: BNLIVE_FONT, fontconfig, then the usual paths.</summary>
public sealed unsafe class Fonts : IDisposable
{
    // ASCII plus the few symbols the plot and HUD use (matplotlib's minus sign among them).
    const string Extra = "−→←↑↓×·•…±▶■●⇄°µ⁰¹²³⁴⁵⁶⁷⁸⁹⁻γβμσ";
    readonly string? path;
    readonly Dictionary<int, Font> bySize = [];
    Fonts? bold, mono;

    public Fonts()
    {
        path = Find();
        if (path is null)
            Console.Error.WriteLine("bnlive: warning: no TrueType font found (install fonts-dejavu-core or set BNLIVE_FONT); using raylib's pixel font");
    }

    Fonts(string? file) => path = file;

    /// <summary>The bold and the monospaced faces of the same family (a caption's **bold** and `code`), found beside
    /// the regular one; the regular face where they are missing.</summary>
    public Fonts Bold => bold ??= new Fonts(Sibling("DejaVuSans-Bold.ttf"));
    public Fonts Mono => mono ??= new Fonts(Sibling("DejaVuSansMono.ttf"));

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
            SetTextureFilter(font.Texture, TextureFilter.Bilinear);
            return font;
        }
    }

    public void Draw(string text, Vector2 pos, float size, Color color)
    {
        var f = this[size];
        DrawTextEx(f, text, new Vector2(MathF.Round(pos.X), MathF.Round(pos.Y)), f.BaseSize, 0, color);
    }

    public Vector2 Measure(string text, float size)
    {
        var f = this[size];
        return MeasureTextEx(f, text, f.BaseSize, 0);
    }

    public void Dispose()
    {
        bold?.Dispose();
        mono?.Dispose();
        foreach (var f in bySize.Values) if (path is not null) UnloadFont(f);
        bySize.Clear();
    }
}
