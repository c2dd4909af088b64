using BnLive.Engine;
using Xunit.Abstractions;

namespace BnLive.Tests;

/// <summary>A long run must not leak: native tensors are made once or freed every step.</summary>
[Trait("Category", "Unit")]
public class MemoryTests(ITestOutputHelper output)
{
    static long ResidentKb() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);

    [Fact]
    public void HundredThousandStepsKeepResidentMemoryFlat()
    {
        var settings = new Settings { Mode = BnMode.Notebook };
        var (x, y) = Data.Notebook();
        var net = new Network(settings, InitWeights.Xavier(1, settings.Hidden));
        void Run(int steps)
        {
            for (int s = 0; s < steps; s++)
            {
                net.TrainStep(x, y);
                if (s % settings.Every == 0) net.Predict(x, y); // the snapshots' path too
            }
        }
        Run(5_000); // warm-up: JIT, allocator pools, the step's buffers
        GC.Collect();
        long before = ResidentKb();
        Run(100_000);
        GC.Collect();
        long after = ResidentKb();
        double growth = (after - before) / (double)before;
        output.WriteLine($"VmRSS {before} kB -> {after} kB after 100,000 steps ({growth:P2})");
        Assert.True(growth < 0.05, $"resident memory grew {growth:P1}: {before} kB -> {after} kB");
    }
}
