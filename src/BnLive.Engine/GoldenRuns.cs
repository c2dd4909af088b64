using System.Globalization;
using System.Text;

namespace BnLive.Engine;

/// <summary>The engine's contract with every machine: runs of the notebook whose bits are written down in
/// tests/golden/runs.txt. Each line is one run of 6000 epochs on the notebook's data: its mode, pre-BN bias and
/// seed, a hash of all its per-epoch training losses, and at every snapshot (every 300 epochs) the bits of the
/// training loss and of the predict-mode loss after that epoch's update.</summary>
public static class GoldenRuns
{
    public const int Epochs = 6000, Every = 300;

    /// <summary>Seeds 1-6 in every mode, with the biases before BN trained and frozen (without BN, and with LayerNorm,
    /// they always train).</summary>
    public static IEnumerable<Settings> Cases() =>
        from seed in Enumerable.Range(1, 6)
        from c in new[] { (BnMode.Notebook, PreBnBias.Train), (BnMode.Notebook, PreBnBias.Freeze), (BnMode.PyTorch, PreBnBias.Train),
                          (BnMode.PyTorch, PreBnBias.Freeze), (BnMode.None, PreBnBias.Train), (BnMode.LayerNorm, PreBnBias.Train) }
        select new Settings { Seed = seed, PreBnBias = c.Item2 }.ForMode(c.Item1);

    /// <summary>What the file says of itself, above the runs.</summary>
    public static string Header =>
        "# bnlive's golden runs: the bits every machine must compute (see docs/architecture.md, \"Same bits everywhere\").\n" +
        "# Made by ./run.sh golden. Each line: mode, pre-BN bias, seed, FNV-1a hash of the 6000 training losses' bits,\n" +
        "# then epoch:training loss/predict-mode loss at each snapshot, as float32 bits in hex. A change is a diff that\n" +
        "# its commit explains.\n";

    /// <summary>One run's line.</summary>
    public static string Run(Settings s)
    {
        var (x, y) = Data.Notebook();
        var net = new Network(s, InitWeights.Xavier(s.Seed, s.Hidden));
        ulong hash = 14695981039346656037;
        var line = new StringBuilder($"{Settings.Name(s.Mode)} {Settings.Name(s.PreBnBias)} {s.Seed}");
        var snapshots = new StringBuilder();
        for (int e = 0; e < Epochs; e++)
        {
            float loss = net.TrainStep(x, y);
            uint bits = BitConverter.SingleToUInt32Bits(loss);
            for (int i = 0; i < 4; i++) hash = (hash ^ ((bits >> (8 * i)) & 0xff)) * 1099511628211;
            if (e % Every == 0)
                snapshots.Append(CultureInfo.InvariantCulture, $" {e}:{bits:x8}/{BitConverter.SingleToUInt32Bits(net.PredictLoss(x, y)):x8}");
        }
        return line.Append(CultureInfo.InvariantCulture, $" {hash:x16}").Append(snapshots).ToString();
    }

    /// <summary>Every case's line, computed on all cores (each run alone is single-threaded), in the cases' order.</summary>
    public static string[] All(Action<int>? done = null)
    {
        var cases = Cases().ToArray();
        var lines = new string[cases.Length];
        int finished = 0;
        Parallel.For(0, cases.Length, i =>
        {
            lines[i] = Run(cases[i]);
            done?.Invoke(Interlocked.Increment(ref finished));
        });
        return lines;
    }

    /// <summary>The notebook's data as bits (x then y, hex), which must be the same everywhere too: y comes from
    /// the platform's sin and exp, rounded to float.</summary>
    public static string DataLine()
    {
        var (x, y) = Data.Notebook();
        return "data " + string.Join(" ", x.Concat(y).Select(v => BitConverter.SingleToUInt32Bits(v).ToString("x8", CultureInfo.InvariantCulture)));
    }
}
