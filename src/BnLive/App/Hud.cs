using System.Numerics;
using BnLive.Drawing;
using BnLive.Engine;
using BnLive.Native;
using static BnLive.Native.Raylib;

namespace BnLive.App;

/// <summary>What the HUD reports, read from the window's state each frame.</summary>
public sealed record HudInfo(
    int Epoch, int Epochs, string Losses, double StepsPerSecond, int Fps,
    string Mode, int Seed, string Speed, double Lr, double Decay, int Points, int BatchSize, double TrainMs, double DrawMs,
    bool Paused, bool Done, bool Diverged, int? RecordingFrames, bool Saving, string Recording = "GIF", string? Step = null, string BnNumbers = "",
    string Engine = "bnlive",
    bool OneRun = true);   // false: a grid of networks (the lr-grid view), whose mode, seed, rate and speed are not one run's

/// <summary>The window's overlays: the status bar, the key help, banners and messages. Draws only.</summary>
public static class Hud
{
    static readonly Color Bar = Color.FromHex("F7F7F7"), Ink = Color.FromHex("333333"), Dim = Color.FromHex("777777"),
        Warn = new(200, 30, 30), Pause = new(220, 120, 0);

    /// <summary>The HUD's text size at a scale: 26 px at 1920x1080.</summary>
    public static float TextSize(float scale) => Style.HudSize * Style.Pt(scale);

    /// <summary>Three lines, the third BN's numbers (HudInfo.BnNumbers); whole pixels, so the plot above keeps
    /// integer bounds.</summary>
    public static float BarHeight(float scale) => MathF.Round(TextSize(scale) * 4.5f);

    /// <summary>The window's areas at a scale: the plot on top, a band of the given height under it (a lecture's
    /// caption; 0 for none), and the HUD bar at the bottom.</summary>
    public static (Rectangle Plot, Rectangle Band, Rectangle Bar) Areas(int width, int height, float scale, float band = 0)
    {
        float bar = BarHeight(scale);
        band = MathF.Round(band);
        return (new Rectangle(0, 0, width, height - bar - band), new Rectangle(0, height - bar - band, width, band),
            new Rectangle(0, height - bar, width, bar));
    }

    /// <summary>One item of the bar; the least important (highest Drop) go first where the bar is too narrow.</summary>
    sealed record Item(string Text, int Drop, bool SecondLine = false);

    public static void DrawBar(Fonts fonts, Rectangle r, HudInfo h, float scale)
    {
        if (!fonts.Renderer.On(Layer.Hud)) return;
        using var within = fonts.Within(r);
        float fs = TextSize(scale), fs2 = fs * 0.9f, pad = fs * 0.6f, gap = fs * 1.2f;
        fonts.Renderer.Fill.Rect(r, Bar);
        DrawLineEx(new(r.X, r.Y), new(r.Right, r.Y), MathF.Max(1, scale), Color.FromHex("DDDDDD"));
        var items = new List<Item> { new($"epoch {h.Epoch}/{h.Epochs}", 0) };
        if (h.Diverged) items.Add(new("loss diverged (NaN/∞)", 0));
        else items.AddRange(h.Losses.Split("    ").Select(l => new Item(l, 1)));
        // the rate counts epochs: with mini-batches an epoch is several steps, and the label says so
        bool miniBatches = h.BatchSize > 0 && h.BatchSize < h.Points && h.OneRun;
        items.Add(new($"{h.StepsPerSecond:0} {(miniBatches ? "epochs/s" : "steps/s")}", 6));
        items.Add(new($"{h.Fps} fps", 5));
        if (h.Step is not null) items.Add(new(h.Step, 1, true));   // a lecture's step
        if (h.OneRun)
        {
            items.Add(new(h.Mode == Settings.Name(BnMode.LayerNorm) ? "LayerNorm" : $"BN {h.Mode}", 2, true));
            // the default engine's name goes first where the bar is narrow; TorchSharp's stays, as it trains slower
            items.Add(new($"engine: {h.Engine}", h.Engine == "bnlive" ? 9 : 2, true));
            items.Add(new($"seed {h.Seed}", 2, true));
            items.Add(new($"lr {h.Lr:G3}", 3, true));
            // the decay moves BN's global moments: LayerNorm and no normalisation have none
            if (h.Mode != Settings.Name(BnMode.LayerNorm) && h.Mode != Settings.Name(BnMode.None))
                items.Add(new($"decay {h.Decay:G3}", 3, true));
        }
        items.Add(new($"{h.Points} points{(h.BatchSize > 0 && h.BatchSize < h.Points ? $" (batches of {h.BatchSize})" : "")}", 7, true));
        if (h.OneRun) items.Add(new($"speed {h.Speed}", 4, true));
        items.Add(new($"per frame: train {h.TrainMs:0.0} ms · draw {h.DrawMs:0.0} ms", 8, true));

        // state badges, top right of the bar: recording, paused, done
        var badges = new List<(string Text, Color Color, bool Dot)>();
        if (h.Saving) badges.Add(($"saving {h.Recording}…", Dim, false));
        if (h.RecordingFrames is int n) badges.Add(($"REC {h.Recording} {n}", Warn, true));
        if (h.Diverged) badges.Add(("DIVERGED: [ lowers lr, R resets", Warn, false));
        else if (h.Done) badges.Add(("DONE", Ink, false));
        else if (h.Paused) badges.Add(("PAUSED", Pause, false));
        float badgesWidth = badges.Sum(b => fonts.Measure(b.Text, fs).X + (b.Dot ? fs * 0.9f : 0) + pad * 2);
        const string hint = "H help";
        var hs = fonts.Measure(hint, fs2);

        float y1 = r.Y + fs * 0.35f, y2 = y1 + fs * 1.4f;
        float[] ends = [r.Right - pad - badgesWidth, r.Right - pad - hs.X - gap];
        // the items flow over the two lines; what does not fit is dropped, least important first
        List<(Item Item, int Line, float X)>? placed;
        while ((placed = Flow(fonts, items, r.X + pad, ends, fs, fs2, gap)) is null && items.Count > 1)
            items.Remove(items.MaxBy(i => i.Drop)!);
        foreach (var (item, line, x) in placed ?? [])
            fonts.Draw(item.Text, new(x, line == 0 ? y1 : y2), line == 0 ? fs : fs2, line == 0 ? (h.Diverged ? Warn : Ink) : Dim);
        fonts.Draw(hint, new(r.Right - hs.X - pad, y2), fs2, Dim);
        if (h.BnNumbers != "")   // predict/train ratio, decay's convention and window, pre-BN biases, precise BN
            fonts.Draw(h.BnNumbers, new(r.X + pad, y2 + fs * 1.35f), fonts.Fit(h.BnNumbers, fs2, r.Width - 2 * pad), Ink);

        float bx = r.Right - pad;
        foreach (var (text, c, dot) in badges)
        {
            var size = fonts.Measure(text, fs);
            bx -= size.X;
            fonts.Draw(text, new(bx, y1), fs, c);
            if (dot)
            {
                bx -= fs * 0.9f;
                DrawCircleV(new(bx + fs * 0.35f, y1 + size.Y / 2), fs * 0.35f, Warn);
            }
            bx -= pad * 2;
        }
    }

    /// <summary>Where each item goes: the first line's items on line 0 (wrapping to line 1 where they must), the
    /// second line's on line 1; null when they do not all fit before ends.</summary>
    static List<(Item, int, float)>? Flow(Fonts fonts, List<Item> items, float x0, float[] ends, float fs, float fs2, float gap)
    {
        var placed = new List<(Item, int, float)>();
        int line = 0;
        float x = x0;
        foreach (var item in items)
        {
            if (item.SecondLine && line == 0) (line, x) = (1, x0);
            float w = fonts.Measure(item.Text, line == 0 ? fs : fs2).X;
            if (x + w > ends[line])
            {
                if (line == 1) return null;
                (line, x) = (1, x0);
                w = fonts.Measure(item.Text, fs2).X;
                if (x + w > ends[1]) return null;
            }
            placed.Add((item, line, x));
            x += w + gap;
        }
        return placed;
    }

    /// <summary>A network's last training loss for the HUD; before its first step there is none yet, and the HUD
    /// says so with a dash rather than the NaN of an empty list (a diverged run's NaN still shows).</summary>
    public static string TrainLoss(IReadOnlyList<float> losses) => losses.Count == 0 ? "—" : losses[^1].ToString("0.00000");

    /// <summary>The key help: the rows of the command table (App/Commands.cs), in two columns where one column
    /// would need text smaller than the HUD's.</summary>
    public static void DrawHelp(Fonts fonts, Rectangle area, float scale, (string Keys, string What)[] keys)
    {
        using var within = fonts.Within(area);
        float full = TextSize(scale), pad = full * 1.4f;
        float FitHeight(int rows) => MathF.Floor(MathF.Min(full, (area.Height - 2 * pad) / (1.6f * (rows + 1))));
        int cols = FitHeight(keys.Length) < full ? 2 : 1;
        int perCol = (keys.Length + cols - 1) / cols;
        float fs = FitHeight(perCol);   // a small window gets smaller help
        float ColWidth(float size) => keys.Max(k => fonts.Measure(k.Keys, size).X) + keys.Max(k => fonts.Measure(k.What, size).X) + pad * 3;
        while (fs > 6 && ColWidth(fs) * cols > area.Width) fs--;
        float row = fs * 1.6f, title = MathF.Floor(fs * 1.1f);
        float kw = keys.Max(k => fonts.Measure(k.Keys, fs).X), cw = ColWidth(fs);
        float w = cw * cols, h = row * (perCol + 1) + pad * 2;
        var box = new Rectangle(area.X + (area.Width - w) / 2, area.Y + (area.Height - h) / 2, w, h);
        // the same box for as long as it shows: cached, and opaque, so it reaches the frame as a plain copy instead of
        // a thousand glyphs drawn again (what each costs: docs/performance.md, "The help box")
        fonts.Renderer.Regions.Draw(box, new HelpKey(box, fs, new([.. keys.Select(k => k.Keys + "\n" + k.What)])), HelpBack, cacheAtOnce: true, () =>
        {
            fonts.Draw("bnlive keys", new(box.X + pad, box.Y + pad), title, Color.White);
            for (int i = 0; i < keys.Length; i++)
            {
                float x = box.X + cw * (i / perCol), y = box.Y + pad + row * (i % perCol + 1);
                fonts.Draw(keys[i].Keys, new(x + pad, y), fs, new Color(255, 210, 120));
                fonts.Draw(keys[i].What, new(x + pad * 2 + kw, y), fs, Color.White);
            }
        }, touched: true);
    }

    static readonly Color HelpBack = new(30, 30, 30);
    sealed record HelpKey(Rectangle Box, float Size, Values<string> Rows);

    /// <summary>Large centred text over the plot, fading out as fade goes from 1 to 0.</summary>
    public static void DrawBanner(Fonts fonts, Rectangle area, string text, float scale, double fade)
    {
        using var within = fonts.Within(area);
        float fs = fonts.Fit(text, Style.FontSize * Style.Pt(scale) * 3.2f, area.Width * 0.8f);
        var size = fonts.Measure(text, fs);
        var pos = new Vector2(area.X + (area.Width - size.X) / 2, area.Y + (area.Height - size.Y) / 2);
        DrawRectangleRounded(new Rectangle(pos.X - fs * 0.5f, pos.Y - fs * 0.25f, size.X + fs, size.Y + fs * 0.5f), 0.2f, 8, new Color(30, 30, 30, (byte)(200 * fade)));
        fonts.Draw(text, pos, fs, Color.White.Fade(fade));
    }

    /// <summary>A one-line message at the top of the plot (files saved, errors).</summary>
    public static void DrawMessage(Fonts fonts, Rectangle area, string text, float scale, bool error)
    {
        using var within = fonts.Within(area);
        float fs = fonts.Fit(text, TextSize(scale) * 1.2f, area.Width * 0.9f);
        var size = fonts.Measure(text, fs);
        var pos = new Vector2(area.X + (area.Width - size.X) / 2, area.Y + fs * 2.6f);
        DrawRectangleRounded(new Rectangle(pos.X - fs * 0.6f, pos.Y - fs * 0.3f, size.X + fs * 1.2f, size.Y + fs * 0.6f), 0.3f, 8, error ? Warn.Fade(0.9) : new Color(30, 30, 30, 210));
        fonts.Draw(text, pos, fs, Color.White);
    }
}
