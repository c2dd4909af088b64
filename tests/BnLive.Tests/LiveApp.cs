using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using BnLive.App;
using BnLive.Drawing;
using ImageMagick;

namespace BnLive.Tests;

/// <summary>A real bnlive window (./run.sh window) on the test run's display, driven with xdotool as a user would,
/// and read through its event log on stdout and the screenshots it saves. The app runs with --events json: a test
/// waits for an event by its kind and fields (WaitFor&lt;T&gt;), or for its words (WaitFor(pattern), matched against
/// "epoch N: text" as the default log prints it).</summary>
public sealed class LiveApp : IDisposable
{
    public readonly string Dir = Repo.TempDir();
    public readonly int Width, Height;
    readonly Process process;
    readonly ConcurrentQueue<Said> lines = new();
    readonly List<string> seen = [];
    readonly List<Said> held = [];   // read, not yet looked at by a test

    /// <summary>A line of output: its words ("epoch N: text"), and the event it carries when it is one.</summary>
    sealed record Said(string Line, JsonElement? Json)
    {
        public static Said Of(string line)
        {
            if (!line.StartsWith('{')) return new(line, null);
            try
            {
                var json = JsonDocument.Parse(line).RootElement.Clone();
                return new($"epoch {json.GetProperty("epoch").GetInt32()}: {json.GetProperty("text").GetString()}", json);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return new($"not an event: {line}", null);   // shows in a failure's log, and matches nothing
            }
        }
    }
    string? window;

    public LiveApp(int width = 800, int height = 500, params string[] args) : this("window", width, height, args) { }

    /// <summary>./run.sh lecture [args] (the built-in lecture unless a file is the first of args).</summary>
    public static LiveApp Lecture(int width, int height, params string[] args) => new("lecture", width, height, args);

    LiveApp(string command, int width, int height, string[] args) : this(width, height, RunSh(command, width, height, args)) { }

    static ProcessStartInfo RunSh(string command, int width, int height, string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(Repo.Root, "run.sh"));
        var file = args.Take(1).Where(a => !a.StartsWith('-'));   // a lecture's file comes before the flags
        foreach (var a in new[] { command }.Concat(file).Concat(["--size", $"{width}x{height}", "--events", "json"]).Concat(args.Skip(file.Count()))) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>Another door than run.sh: a program and its arguments, in an 800x500 window unless they say otherwise.</summary>
    public static LiveApp Door(string file, string[] args, IReadOnlyDictionary<string, string?> env)
    {
        var psi = new ProcessStartInfo(file);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) if (v is null) psi.Environment.Remove(k); else psi.Environment[k] = v;
        return new LiveApp(800, 500, psi);
    }

    LiveApp(int width, int height, ProcessStartInfo psi)
    {
        (Width, Height) = (width, height);
        psi.WorkingDirectory = Dir;
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.Environment["BNLIVE_NO_BUILD"] = "1";
        Assert.False(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")), "the window tests need a display: run them with ./run.sh test");
        process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(Said.Of(e.Data)); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(new Said("stderr: " + e.Data, null)); };
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
    /// <param name="keep">lines that do not match stay for the next WaitFor, rather than being passed over.</param>
    public Hit WaitFor(string pattern, double seconds = 30, bool keep = false)
    {
        var re = new Regex(pattern);
        Match? m = null;
        var said = Wait(s => (m = re.Match(s.Line)).Success, $"no log line matched /{pattern}/", seconds, keep);
        return new Hit(said.Line, m!);
    }

    /// <summary>The first new event of kind T for which match holds (any, without match), and its epoch.</summary>
    public (int Epoch, T Event) WaitFor<T>(Func<T, bool>? match = null, double seconds = 30, bool keep = false) where T : Event
    {
        T? found = null;
        var said = Wait(s => s.Json is JsonElement j && j.GetProperty("kind").GetString() == typeof(T).Name
            && (found = j.Deserialize<T>(Json)!) is var e && (match is null || match(e)), $"no {typeof(T).Name} event matched", seconds, keep);
        return (said.Json!.Value.GetProperty("epoch").GetInt32(), found!);
    }

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    Said Wait(Func<Said, bool> match, string failure, double seconds, bool keep)
    {
        var clock = Stopwatch.StartNew();
        var others = new List<Said>();
        try
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                bool ended = Ended();   // before the look: once it is true, every line is in the queue
                while (Next(out var said))
                {
                    if (match(said)) { Saw(said); return said; }
                    if (keep) others.Add(said); else Saw(said);
                }
                if (ended) break;
                Thread.Sleep(20);
            }
        }
        finally { held.InsertRange(0, others); }
        string exited = process.HasExited ? $" ({Exit})" : "";
        throw new Xunit.Sdk.XunitException($"{failure} in {seconds} s{exited}; log so far:\n{string.Join('\n', seen.Concat(held.Select(h => h.Line)))}");
    }

    /// <summary>Every log line read so far.</summary>
    public IReadOnlyList<string> Log => seen;

    /// <summary>The kind of every event read so far.</summary>
    public IReadOnlyList<string> Kinds => kinds;
    readonly List<string> kinds = [];

    void Saw(Said said)
    {
        seen.Add(said.Line);
        if (said.Json?.GetProperty("kind").GetString() is string kind) kinds.Add(kind);
    }

    bool Next(out Said said)
    {
        if (held.Count > 0) { said = held[0]; held.RemoveAt(0); return true; }
        return lines.TryDequeue(out said!);
    }

    /// <summary>Whether bnlive has exited, with its output read to the end. HasExited alone does not wait for the
    /// asynchronous readers of stdout and stderr: a line written just before the exit (": quit", a crash's message)
    /// could still be on its way. WaitForExit() without a time-out waits for them.</summary>
    public bool Ended()
    {
        if (!process.HasExited) return false;
        process.WaitForExit();
        return true;
    }

    /// <summary>"bnlive exited with code 139 (SIGSEGV)": the signal named when the code says one ended it.</summary>
    public string Exit => process.HasExited ? $"bnlive exited with code {process.ExitCode}{Signal(process.ExitCode)}" : "bnlive is running";

    static readonly string[] Signals = ["", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"];

    public static string Signal(int exitCode) =>
        exitCode > 128 ? $" ({(exitCode - 128 < Signals.Length ? Signals[exitCode - 128] : $"signal {exitCode - 128}")})" : "";

    public IReadOnlyList<string> Seen => seen;

    /// <summary>The app's process: run.sh execs dotnet for the window, so this is the program itself.</summary>
    public int Pid => process.Id;

    /// <summary>The log lines that came since the last call (or WaitFor), for tests that read the log as it goes.</summary>
    public List<string> Drain()
    {
        var fresh = new List<string>();
        while (Next(out var said))
        {
            fresh.Add(said.Line);
            Saw(said);
        }
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

    /// <summary>A mouse click at (x, y) in the window: button 1 left, 3 right. Held until the app has drawn a frame
    /// with the button down: under load a press and a release sent 120 ms apart landed in one frame, and raylib then
    /// never saw the press.</summary>
    public void Click(int x, int y, int button = 1)
    {
        Xdotool("mousemove", "--window", WindowId, $"{x}", $"{y}", "mousedown", $"{button}");
        FrameSeen();
        FrameSeen();
        Xdotool("mouseup", $"{button}");
        Thread.Sleep(150);
    }

    /// <summary>A left-button drag from one point of the window to another, in a few moves; the press and the last
    /// move are each seen by a frame before the next step.</summary>
    public void Drag((int X, int Y) from, (int X, int Y) to)
    {
        Xdotool("mousemove", "--window", WindowId, $"{from.X}", $"{from.Y}", "mousedown", "1");
        FrameSeen();
        for (int k = 1; k <= 4; k++)
        {
            Thread.Sleep(60);
            Xdotool("mousemove", "--window", WindowId, $"{from.X + (to.X - from.X) * k / 4}", $"{from.Y + (to.Y - from.Y) * k / 4}");
        }
        FrameSeen();
        Xdotool("mouseup", "1");
        Thread.Sleep(150);
    }

    /// <summary>Waits until the app has read its input events up to now: T (the training-mode fit, a curve alone,
    /// nothing the mouse acts on) is sent after them and the frame that reads it logs it. The events reach the
    /// window in the order they were sent, so that frame saw the mouse too. Called in pairs, T leaves the view as it was.</summary>
    void FrameSeen()
    {
        Xdotool("key", "--window", WindowId, "t");
        WaitFor<Toggled>(e => e.What == "training-mode fit", keep: true);
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
        return new MagickImage(Path.Combine(Dir, WaitFor<ScreenshotSaved>().Event.Path));
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
