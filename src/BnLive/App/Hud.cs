using System.Numerics;
using BnLive.Drawing;
using BnLive.Native;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>What the HUD reports, read from the window's state each frame.</summary>
public sealed record HudInfo(
    int Epoch, int Epochs, string Losses, double StepsPerSecond, int Fps,
    string Mode, int Seed, string Speed, double Lr, double Decay, int Points, int BatchSize, double TrainMs, double DrawMs,
    bool Paused, bool Done, bool Diverged, int? RecordingFrames, bool Saving, string Recording = "GIF", string? Step = null, string Lesson = "");

/// <summary>The window's overlays: the status bar, the key help, banners and messages. Draws only.</summary>
public static class Hud
{
    static readonly Color Bar = Color.FromHex("F7F7F7"), Ink = Color.FromHex("333333"), Dim = Color.FromHex("777777"),
        Warn = new(200, 30, 30), Pause = new(220, 120, 0);

    // whole pixels: the plot above keeps integer bounds; three lines, the third the lesson's numbers (Lesson)
    public static float BarHeight(float pt) => MathF.Round(Style.FontSize * pt * 4.5f);   // whole pixels: the plot above keeps integer bounds

    public static void DrawBar(Fonts fonts, Rectangle r, HudInfo h, float pt)
    {
        float fs = Style.FontSize * pt, pad = 8 * pt;
        DrawRectangleRec(r, Bar);
        DrawLineEx(new(r.X, r.Y), new(r.Right, r.Y), 1, Color.FromHex("DDDDDD"));
        string loss = h.Diverged ? "loss diverged (NaN/∞)" : h.Losses;
        string line1 = $"epoch {h.Epoch}/{h.Epochs}    {loss}    {h.StepsPerSecond:0} steps/s    {h.Fps} fps";
        string batch = h.BatchSize > 0 && h.BatchSize < h.Points ? $" (batches of {h.BatchSize})" : "";
        string line2 = $"{(h.Step is null ? "" : h.Step + "    ")}BN {h.Mode}    seed {h.Seed}    lr {h.Lr:G3}    decay {h.Decay:G3}    {h.Points} points{batch}    speed {h.Speed}    " +
                       $"per frame: train {h.TrainMs:0.0} ms · draw {h.DrawMs:0.0} ms";
        // state badges, top right of the bar: recording, paused, done
        var badges = new List<(string Text, Color Color, bool Dot)>();
        if (h.Saving) badges.Add(($"saving {h.Recording}…", Dim, false));
        if (h.RecordingFrames is int n) badges.Add(($"REC {h.Recording} {n}", Warn, true));
        if (h.Diverged) badges.Add(("DIVERGED: [ lowers lr, R resets", Warn, false));
        else if (h.Done) badges.Add(("DONE", Ink, false));
        else if (h.Paused) badges.Add(("PAUSED", Pause, false));
        float BadgesWidth(float size) => badges.Sum(b => fonts.Measure(b.Text, size).X + (b.Dot ? size * 0.9f : 0) + pad * 2);

        // long lines (the compare view's two networks) get smaller text rather than running under the badges
        float room1 = r.Width - 2 * pad - BadgesWidth(fs), room2 = r.Width - 2 * pad;
        float scale = MathF.Min(1, MathF.Min(room1 / fonts.Measure(line1, fs).X, room2 / fonts.Measure(line2 + "    H help", fs * 0.9f).X));
        fs *= scale;
        fonts.Draw(line1, new(r.X + pad, r.Y + pad * 0.8f), fs, h.Diverged ? Warn : Ink);
        fonts.Draw(line2, new(r.X + pad, r.Y + pad * 0.8f + fs * 1.4f), fs * 0.9f, Dim);
        if (h.Lesson != "")   // predict/train ratio, decay's convention and window, pre-BN biases, precise BN
        {
            float ls = MathF.Min(fs * 0.9f, fs * 0.9f * room2 / fonts.Measure(h.Lesson, fs * 0.9f).X);
            fonts.Draw(h.Lesson, new(r.X + pad, r.Y + pad * 0.8f + fs * 2.7f), ls, Ink);
        }
        string hint = "H help";
        var hs = fonts.Measure(hint, fs * 0.9f);
        fonts.Draw(hint, new(r.Right - hs.X - pad, r.Y + pad * 0.8f + fs * 1.4f), fs * 0.9f, Dim);

        float x = r.Right - pad;
        foreach (var (text, c, dot) in badges)
        {
            var size = fonts.Measure(text, fs);
            x -= size.X;
            fonts.Draw(text, new(x, r.Y + pad * 0.8f), fs, c);
            if (dot)
            {
                x -= fs * 0.9f;
                DrawCircleV(new(x + fs * 0.35f, r.Y + pad * 0.8f + size.Y / 2), fs * 0.35f, Warn);
            }
            x -= pad * 2;
        }
    }

    /// <summary>The key help: rows of the command table (App/Commands.cs), in two columns where one would need
    /// text smaller than the HUD's.</summary>
    public static void DrawHelp(Fonts fonts, Rectangle area, float pt, (string Keys, string What)[] keys)
    {
        float fs = Style.FontSize * pt, pad = 14 * pt;
        int cols = (area.Height - 2 * pad) / (1.6f * (keys.Length + 1)) < fs ? 2 : 1;
        int perCol = (keys.Length + cols - 1) / cols;
        fs = MathF.Min(fs, (area.Height - 2 * pad) / (1.6f * (perCol + 1)));   // a small window gets smaller help
        float ColWidth(float size) => keys.Max(k => fonts.Measure(k.Keys, size).X) + keys.Max(k => fonts.Measure(k.What, size).X) + pad * 3;
        if (ColWidth(fs) * cols > area.Width) fs *= area.Width / (ColWidth(fs) * cols) * 0.98f;
        float row = fs * 1.6f, kw = keys.Max(k => fonts.Measure(k.Keys, fs).X), cw = ColWidth(fs);
        float w = cw * cols, h = row * (perCol + 1) + pad * 2;
        var box = new Rectangle(area.X + (area.Width - w) / 2, area.Y + (area.Height - h) / 2, w, h);
        DrawRectangleRounded(box, 0.05f, 8, new Color(30, 30, 30, 225));
        fonts.Draw("bnlive keys", new(box.X + pad, box.Y + pad), fs * 1.1f, Color.White);
        for (int i = 0; i < keys.Length; i++)
        {
            float x = box.X + cw * (i / perCol), y = box.Y + pad + row * (i % perCol + 1);
            fonts.Draw(keys[i].Keys, new(x + pad, y), fs, new Color(255, 210, 120));
            fonts.Draw(keys[i].What, new(x + pad * 2 + kw, y), fs, Color.White);
        }
    }

    /// <summary>Large centred text over the plot, fading out as fade goes from 1 to 0.</summary>
    public static void DrawBanner(Fonts fonts, Rectangle area, string text, float pt, double fade)
    {
        float fs = Style.FontSize * pt * 3.2f;
        var size = fonts.Measure(text, fs);
        var pos = new Vector2(area.X + (area.Width - size.X) / 2, area.Y + (area.Height - size.Y) / 2);
        DrawRectangleRounded(new Rectangle(pos.X - fs * 0.5f, pos.Y - fs * 0.25f, size.X + fs, size.Y + fs * 0.5f), 0.2f, 8, new Color(30, 30, 30, (byte)(200 * fade)));
        fonts.Draw(text, pos, fs, Color.White.Fade(fade));
    }

    /// <summary>A one-line message at the top of the plot (files saved, errors).</summary>
    public static void DrawMessage(Fonts fonts, Rectangle area, string text, float pt, bool error)
    {
        float fs = Style.FontSize * pt;
        var size = fonts.Measure(text, fs);
        if (size.X > area.Width - fs * 3)   // a long message (a path, an error) gets smaller text, never cut off
        {
            fs *= (area.Width - fs * 3) / size.X;
            size = fonts.Measure(text, fs);
        }
        var pos = new Vector2(area.X + (area.Width - size.X) / 2, area.Y + Style.FontSize * pt * 2.6f);
        DrawRectangleRounded(new Rectangle(pos.X - fs * 0.6f, pos.Y - fs * 0.3f, size.X + fs * 1.2f, size.Y + fs * 0.6f), 0.3f, 8, error ? Warn.Fade(0.9) : new Color(30, 30, 30, 210));
        fonts.Draw(text, pos, fs, Color.White);
    }
}
