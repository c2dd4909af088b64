using System.Diagnostics;
using System.Runtime.InteropServices;
using BnLive.Drawing;

namespace BnLive.Bench;

/// <summary>./run.sh bench --layers: what each layer of a window frame costs, drawn alone (with the frame's clear
/// and present, whose own cost is the first row and is taken off the others). Frames of every layer are
/// interleaved, round after round, so the machine's load falls on all of them alike; medians in ms.</summary>
static class LayerTimes
{
    static readonly (string Name, Layer Layer)[] Rows =
    [
        ("clear + present, nothing drawn", Layer.None),
        ("background (figure, panels)", Layer.Background),
        ("grid, ticks, labels, titles", Layer.Grid),
        ("data points", Layer.Data),
        ("trail (20 snapshots)", Layer.Trail),
        ("the four above together: the plots' panels, kept", Layer.Background | Layer.Grid | Layer.Data | Layer.Trail),
        ("current fit (+ training-mode fit)", Layer.Live),
        ("legend", Layer.Legend),
        ("panels (loss, inside BN)", Layer.Panels),
        ("HUD", Layer.Hud),
        ("whole frame", Layer.All),
        ("key help, over a run's first 6 s (not in the whole frame)", Layer.Help),
    ];

    /// <summary>Rows timed as they are, not less the empty frame.</summary>
    static bool Absolute(int i) => Rows[i].Layer is Layer.None or Layer.All;

    public static void Run(bool quick, string[] configs)
    {
        int rounds = quick ? 30 : 120;
        var table = new Dictionary<string, double[]>();
        var cpu = new Dictionary<string, double[]>();
        var process = new Dictionary<string, double[]>();
        foreach (var config in configs)
        {
            using var w = new Window(config);
            var times = Rows.Select(_ => new List<double>()).ToArray();
            var builds = Rows.Select(_ => new List<double>()).ToArray();
            var used = Rows.Select(_ => new List<double>()).ToArray();
            var prepare = new List<double>();
            for (int round = -5; round < rounds; round++)   // 5 rounds of warm-up: fonts rasterised, caches filled
                for (int i = 0; i < Rows.Length; i++)
                {
                    w.Fonts.Renderer.Drawn = Rows[i].Layer;
                    double before = CpuMs();
                    var clock = Stopwatch.StartNew();
                    w.Draw();
                    if (round >= 0) times[i].Add(clock.Elapsed.TotalMilliseconds);
                    if (round >= 0) used[i].Add(CpuMs() - before);
                    if (round >= 0) builds[i].Add(w.BuildMs);
                    if (i == 0)
                    {
                        clock.Restart();
                        w.Prepare();
                        if (round >= 0) prepare.Add(clock.Elapsed.TotalMilliseconds);
                    }
                }
            w.Fonts.Renderer.Drawn = Layer.All;
            double present = Median(times[0]);
            table[config] = [.. times.Select((t, i) => Absolute(i) ? Median(t) : Median(t) - present), Median(prepare)];
            double built = Median(builds[0]);
            cpu[config] = [.. builds.Select((t, i) => Absolute(i) ? Median(t) : Median(t) - built)];
            double empty = Median(used[0]);
            process[config] = [.. used.Select((t, i) => Absolute(i) ? Median(t) : Median(t) - empty)];
        }
        Console.WriteLine();
        Console.WriteLine($"Layers drawn alone, median ms per frame over {rounds} rounds (a layer's row is its frame less the empty frame;");
        Console.WriteLine("in brackets, the part spent before the frame is presented: building it, the batches' draw calls included):");
        Console.WriteLine();
        Console.WriteLine($"| layer | {string.Join(" | ", configs)} |");
        Console.WriteLine($"|---|{string.Concat(configs.Select(_ => "---:|"))}");
        for (int i = 0; i < Rows.Length; i++)
            Console.WriteLine($"| {Rows[i].Name} | {string.Join(" | ", configs.Select(c => $"{table[c][i]:0.00} ({cpu[c][i]:0.00})"))} |");
        Console.WriteLine($"| not drawing: live fits and insides (Update) | {string.Join(" | ", configs.Select(c => $"{table[c][^1]:0.00}"))} |");
        Console.WriteLine();
        Console.WriteLine("The same frames in CPU time of the process, every thread (ours and software GL's rasterisers; not the X");
        Console.WriteLine("server's): it moves far less than wall time when other work shares the cores.");
        Console.WriteLine();
        Console.WriteLine($"| layer | {string.Join(" | ", configs)} |");
        Console.WriteLine($"|---|{string.Concat(configs.Select(_ => "---:|"))}");
        for (int i = 0; i < Rows.Length; i++)
            Console.WriteLine($"| {Rows[i].Name} | {string.Join(" | ", configs.Select(c => $"{process[c][i]:0.00}"))} |");
    }

    [StructLayout(LayoutKind.Sequential)]
    struct Timespec { public long Seconds, Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out Timespec t);

    /// <summary>CPU time of the whole process so far (CLOCK_PROCESS_CPUTIME_ID: every thread, to the nanosecond).</summary>
    static double CpuMs() => ClockGetTime(2, out var t) == 0 ? t.Seconds * 1e3 + t.Nanoseconds / 1e6 : double.NaN;

    static double Median(List<double> v)
    {
        var s = v.Order().ToArray();
        return s.Length == 0 ? double.NaN : (s[(s.Length - 1) / 2] + s[s.Length / 2]) / 2;
    }
}
