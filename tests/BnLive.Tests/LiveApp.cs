using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using BnLive.App;
using BnLive.Drawing;
using ImageMagick;

namespace BnLive.Tests;

/// <summary>A real bnlive window (./run.sh window) on the test run's display, driven with xdotool as a user would,
/// and read through its event log on stdout and the screenshots it saves.</summary>
public sealed class LiveApp : IDisposable
{
    public readonly string Dir = Repo.TempDir();
    public readonly int Width, Height;
    readonly Process process;
    readonly ConcurrentQueue<string> lines = new();
    readonly List<string> seen = [];
    string? window;

    public LiveApp(int width = 800, int height = 500, params string[] args)
    {
        (Width, Height) = (width, height);
        var psi = new ProcessStartInfo(Path.Combine(Repo.Root, "run.sh")) { WorkingDirectory = Dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "window", "--size", $"{width}x{height}" }.Concat(args)) psi.ArgumentList.Add(a);
        psi.Environment["BNLIVE_NO_BUILD"] = "1";
        Assert.False(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")), "the window tests need a display: run them with ./run.sh test");
        process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue("stderr: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitFor("start: ");
    }

    /// <summary>A log line and the pattern's match in it.</summary>
    public sealed record Hit(string Line, Match Match)
    {
        public string this[int group] => Match.Groups[group].Value;
        /// <summary>The epoch the line reports ("epoch N: ...").</summary>
        public int Epoch => int.Parse(Regex.Match(Line, @"^epoch (\d+)").Groups[1].Value);
    }

    /// <summary>The first new log line matching pattern, waiting up to seconds for it.</summary>
    public Hit WaitFor(string pattern, double seconds = 30)
    {
        var re = new Regex(pattern);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            while (lines.TryDequeue(out var line))
            {
                seen.Add(line);
                var m = re.Match(line);
                if (m.Success) return new Hit(line, m);
            }
            if (process.HasExited && lines.IsEmpty) break;
            Thread.Sleep(20);
        }
        string exited = process.HasExited ? $" (bnlive exited with code {process.ExitCode})" : "";
        throw new Xunit.Sdk.XunitException($"no log line matched /{pattern}/ in {seconds} s{exited}; log so far:\n{string.Join('\n', seen)}");
    }

    /// <summary>Every log line read so far.</summary>
    public IReadOnlyList<string> Seen => seen;

    /// <summary>The app's process: run.sh execs dotnet for the window, so this is the program itself.</summary>
    public int Pid => process.Id;
    public bool HasExited => process.HasExited;

    /// <summary>The log lines that came since the last call (or WaitFor), for tests that read the log as it goes.</summary>
    public List<string> Drain()
    {
        var fresh = new List<string>();
        while (lines.TryDequeue(out var line)) fresh.Add(line);
        seen.AddRange(fresh);
        return fresh;
    }

    /// <summary>One key to the window, without the pause Key() leaves after it.</summary>
    public void Press(string key) => Xdotool("key", "--window", WindowId, key);

    public string WindowId => window ??= FindWindow();

    static string FindWindow()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 20)
        {
            var ids = Xdotool("search", "--name", "^bnlive").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (ids.Length > 0) return ids[^1];
            Thread.Sleep(100);
        }
        throw new Xunit.Sdk.XunitException("the bnlive window did not appear");
    }

    /// <summary>Sends keys (xdotool names: space, n, shift+n, Up, Escape...) to the window.</summary>
    public void Key(params string[] keys)
    {
        foreach (var k in keys)
        {
            Xdotool("key", "--window", WindowId, k);
            Thread.Sleep(150);
        }
    }

    /// <summary>key with modifier held down over several frames, as a hand does (xdotool's "ctrl+equal" can press
    /// and release both within one frame).</summary>
    public void Chord(string modifier, string key)
    {
        Xdotool("keydown", "--window", WindowId, modifier);
        Thread.Sleep(150);
        Xdotool("key", "--window", WindowId, key);
        Thread.Sleep(150);
        Xdotool("keyup", "--window", WindowId, modifier);
        Thread.Sleep(150);
    }

    /// <summary>A mouse click at (x, y) in the window: button 1 left, 3 right. Held for a few frames, as a hand does.</summary>
    public void Click(int x, int y, int button = 1)
    {
        Xdotool("mousemove", "--window", WindowId, $"{x}", $"{y}", "mousedown", $"{button}");
        Thread.Sleep(120);
        Xdotool("mouseup", $"{button}");
        Thread.Sleep(150);
    }

    /// <summary>A left-button drag from one point of the window to another, in a few moves.</summary>
    public void Drag((int X, int Y) from, (int X, int Y) to)
    {
        Xdotool("mousemove", "--window", WindowId, $"{from.X}", $"{from.Y}", "mousedown", "1");
        for (int k = 1; k <= 4; k++)
        {
            Thread.Sleep(60);
            Xdotool("mousemove", "--window", WindowId, $"{from.X + (to.X - from.X) * k / 4}", $"{from.Y + (to.Y - from.Y) * k / 4}");
        }
        Thread.Sleep(120);
        Xdotool("mouseup", "1");
        Thread.Sleep(150);
    }

    static string Xdotool(params string[] args)
    {
        var psi = new ProcessStartInfo("xdotool") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    /// <summary>Presses S and returns the screenshot the window saved.</summary>
    public MagickImage Screenshot()
    {
        Key("s");
        var m = WaitFor(@"screenshot saved: (.+\.png)$");
        return new MagickImage(Path.Combine(Dir, m[1]));
    }

    /// <summary>The height of the plot above the HUD bar.</summary>
    public int PlotHeight => Height - (int)Hud.BarHeight(Style.ScaleOf(Width, Height));

    /// <summary>The plot's pixels: the screenshot without the HUD bar, whose fps figure moves on its own.</summary>
    public byte[] PlotPixels(MagickImage shot)
    {
        using var plot = (MagickImage)shot.Clone();
        plot.Crop(new MagickGeometry(0, 0, (uint)Width, (uint)PlotHeight));
        return plot.GetPixels().ToByteArray(PixelMapping.RGB)!;
    }

    public int ExitCode(double seconds = 20)
    {
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(seconds)), "bnlive did not exit");
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.Dispose();
    }
}
