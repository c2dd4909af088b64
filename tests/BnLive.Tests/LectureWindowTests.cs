using System.Text.RegularExpressions;
using BnLive.App;
using BnLive.Teaching;
using ImageMagick;

namespace BnLive.Tests;

/// <summary>The lecture in a real window at projector size, driven as a presenter remote drives it (PageDown,
/// PageUp, Home, '.'), and fullscreen.</summary>
public class LectureWindowTests
{
    static readonly Lecture L = Lecture.Load(Path.Combine(Repo.Root, "lectures", "batch-norm.md"));

    [Fact]
    public void PagesThroughEveryStepAndBackWithTheCaptionWholeOnScreen()
    {
        using var app = LiveApp.Lecture(1920, 1080);
        int n = L.Steps.Count;
        Assert.Equal(0, app.WaitFor<StepEntered>(e => e.Step == 1 && e.Steps == n && e.Title == L.Steps[0].Title).Epoch);
        CaptionIsWhole(app.Screenshot(), 1);
        for (int k = 1; k < n; k++)
        {
            app.Key("Next");
            app.WaitFor<StepEntered>(e => e.Step == k + 1 && e.Title == L.Steps[k].Title);
            CaptionIsWhole(app.Screenshot(), k + 1);
        }
        app.Key("Next");   // past the last step: it says so, and stays
        // back three steps: each begins as it would have, its seeded run trained again to where the steps before
        // it paused (computed here, headless, by the same playback)
        for (int k = n - 2; k >= n - 4; k--)
        {
            app.Key("Prior");
            var back = app.WaitFor<StepRebuilt>(e => e.Step == k + 1).Event;
            using var expected = Playback.Enter(L, new Options { Command = CommandName.Lecture }, k);
            Assert.Equal(expected.Epoch, back.FromEpoch);
            app.WaitFor<StepEntered>(e => e.Step == k + 1 && e.Title == L.Steps[k].Title);
        }
        app.Key("Home");
        Assert.Equal(0, app.WaitFor<StepEntered>(e => e.Step == 1).Epoch);
        app.Key("period");
        app.WaitFor<Blanked>();
        app.Key("n");                 // any key brings the screen back, and does nothing else (n would step an epoch)
        app.WaitFor<ScreenBack>();
        app.Key("Right");             // some remotes send Right for next
        app.WaitFor<StepEntered>(e => e.Step == 2);
        Assert.DoesNotContain(nameof(OneEpoch), app.Kinds);
        app.Key("q");
        app.WaitFor<Quit>();
        Assert.Equal(0, app.ExitCode());
    }

    /// <summary>The caption band sits between the plot and the HUD: its background runs the whole width, it holds the
    /// step's number in red and dark text, and no text touches its edges (nothing is cut off).</summary>
    static void CaptionIsWhole(MagickImage shot, int step)
    {
        var px = shot.GetPixels();
        int w = (int)shot.Width, h = (int)shot.Height;
        bool IsBand(int x, int y) => px.GetPixel(x, y).ToColor()!.ToHexString() is "#FBFBF8" or "#FBFBF8FF";
        var rows = Enumerable.Range(0, h).Where(y => IsBand(1, y) && IsBand(w - 2, y)).ToList();
        Assert.True(rows.Count > 0, $"step {step}: no caption band");
        int top = rows.Min(), bottom = rows.Max();
        Assert.True(bottom - top > 80, $"step {step}: a band of {bottom - top} px");
        int dark = 0, red = 0;
        for (int y = top; y <= bottom; y += 1)
            for (int x = 0; x < w; x += 2)
            {
                var c = px.GetPixel(x, y).ToColor()!;
                if (c.R < 90 && c.G < 90 && c.B < 90) dark++;
                if (c.R > 150 && c.G < 60 && c.B < 70) red++;
            }
        Assert.True(dark > 2000, $"step {step}: {dark} dark pixels of caption text");
        Assert.True(red > 50, $"step {step}: the step number in red");
        // the band's last rows and its right margin are clear: the text wrapped inside it
        for (int y = bottom - 3; y <= bottom; y++)
            for (int x = 0; x < w; x++) Assert.True(IsBand(x, y), $"step {step}: text at the band's bottom edge ({x},{y})");
        for (int y = top + 2; y <= bottom; y++)
            for (int x = w - 12; x < w; x++) Assert.True(IsBand(x, y), $"step {step}: text at the band's right edge ({x},{y})");
    }

    [Fact]
    public void FullscreenTakesTheMonitorsSizeAndEscLeavesIt()
    {
        using var app = new LiveApp(1280, 720);
        app.Key("F11");
        app.WaitFor<Toggled>(e => e is { What: "fullscreen", On: true });
        var on = app.WaitFor<WindowSized>().Event;
        Assert.Equal((1920, 1080), (on.Width, on.Height));   // the test display's size
        using (var shot = app.Screenshot()) Assert.Equal((1920u, 1080u), (shot.Width, shot.Height));
        app.Key("Escape");                                  // a remote's "end show": out of fullscreen, not quit
        app.WaitFor<Toggled>(e => e is { What: "fullscreen", On: false });
        var off = app.WaitFor<WindowSized>().Event;
        Assert.Equal((1280, 720), (off.Width, off.Height));
        app.Key("Escape");
        app.WaitFor<Quit>();
        Assert.Equal(0, app.ExitCode());
    }

    [Fact]
    public void TheReadmesKeyTableListsExactlyTheCommandTablesKeys()
    {
        var readme = File.ReadAllLines(Path.Combine(Repo.Root, "README.md"));
        int start = Array.FindIndex(readme, l => l.StartsWith("| key | what it does |"));
        Assert.True(start >= 0, "README.md has a key table");
        var keys = readme.Skip(start + 2).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Split('|')[1].Trim().Replace("`", "")).ToList();
        var expected = App.Commands.All.Select(c => c.Keys).Concat(App.Commands.Mouse.Select(m => m.Keys)).ToList();
        Assert.Equal(expected.Order(), keys.Order());
    }
}
