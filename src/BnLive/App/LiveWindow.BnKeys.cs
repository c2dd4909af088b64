using BnLive.Engine;
using BnLive.Training;

namespace BnLive.App;

/// <summary>The window's keys for BN's statistics, one method per key: precise statistics (P), the biases before BN
/// (Z), the decay presets of the frameworks (D), and the HUD's line of BN's numbers about them.</summary>
public sealed partial class LiveWindow
{
    /// <summary>D's presets: the decay of BN's global moments and the framework that calls it its default.</summary>
    static readonly (double Decay, string Convention)[] DecayPresets =
    [
        (0.5, "the notebook"),
        (0.9, "PyTorch, momentum 0.1"),
        (0.99, "Keras, momentum 0.99"),
        (0.999, "TF1's default"),
    ];


    /// <summary>D: the next preset, from the next step on (no reset).</summary>
    internal void NextDecay()
    {
        int i = Array.FindIndex(DecayPresets, p => p.Decay == run.Decay);
        var (decay, convention) = DecayPresets[(i + 1) % DecayPresets.Length];
        run.Decay = decay;
        state.Settings = state.Settings with { Decay = decay, DecayGiven = true };
        Log(new DecayChanged(decay, convention, Window(decay)));
        Banner($"decay {decay}: {convention}");
    }

    static double Window(double decay) => 1 / (1 - decay);

    /// <summary>P: BN's global moments recomputed from the data at the current weights (PreciseBn), every network.</summary>
    internal void PreciseStats()
    {
        if (!state.Settings.HasBatchNorm && !state.Compare)
        {
            Message("precise statistics need BN: B switches it on");
            return;
        }
        if (!trainer.HasNetwork)
        {
            Message("precise BN needs the default engine: K switches to it", error: true);
            return;
        }
        var changes = new List<PreciseChange>();
        foreach (var t in run.Trainers.Where(t => t.Settings.HasBatchNorm))
        {
            var (before, after) = t.PreciseBn();
            changes.Add(new(Settings.Name(t.Settings.Mode), before, after));
        }
        var said = new PreciseStats([.. changes]);
        Log(said);
        Message(Events.Text(said));
        state.Precise = (trainer.Epoch, Events.Changes(changes));
        state.Refresh = true;
    }

    /// <summary>Z: the biases before BN trained → frozen → removed, restarting from the same seed.</summary>
    internal void NextPreBnBias()
    {
        var next = state.Settings.PreBnBias switch { PreBnBias.Train => PreBnBias.Freeze, PreBnBias.Freeze => PreBnBias.None, _ => PreBnBias.Train };
        Restart(state.Settings with { PreBnBias = next }, new PreBnBiasChanged(Settings.Name(next), state.Settings.Seed, NoEffect: !state.Settings.HasBatchNorm && !state.Compare));
        Banner(next switch { PreBnBias.Train => "biases before BN: trained", PreBnBias.Freeze => "biases before BN: frozen", _ => "no biases before BN" });
    }

    /// <summary>The HUD's line of BN's numbers: the predict/training loss ratio (median over the last 100 epochs), the decay's
    /// convention, window and the weight d^t the initial global moments still have, the pre-BN biases, the last P.</summary>
    string BnNumbersLine()
    {
        if (state.Settings.HasLayerNorm && !state.Compare)
            return $"LayerNorm: each point normalised over its {state.Settings.Hidden} units; the predict mode is the training mode, nothing lags";
        if (!state.Settings.HasBatchNorm && !state.Compare) return "no BN: the predict mode is the training mode, nothing lags";
        var parts = new List<string>();
        foreach (var t in run.Trainers.Where(t => t.Settings.HasBatchNorm))
            if (Ratio(t) is double r)
                parts.Add($"predict/train loss ×{r:G3}{(state.Compare ? $" ({Settings.Name(t.Settings.Mode)})" : "")} (median, last 100 epochs)");
        double d = run.Decay;
        var convention = DecayPresets.FirstOrDefault(p => p.Decay == d).Convention ?? "custom";
        int steps = run.First.Engine.AdamStep;
        double weight = Math.Pow(d, steps);   // what the initial global moments (0 and 1) still weigh
        parts.Add($"decay {d:G3} ({convention}): window 1/(1−d) = {Window(d):0.#} steps, initial value's weight d^t = {d:G3}^{steps} {(weight >= 0.001 ? "= " + weight.ToString("0.000") : "< 0.001")}");
        parts.Add($"b before BN: {Settings.Name(state.Settings.PreBnBias)}");
        if (state.Precise is var (epoch, text) && epoch <= trainer.Epoch) parts.Add($"P at epoch {epoch}: {text}");
        return string.Join("  ·  ", parts);
    }

    /// <summary>Median of predict-mode loss / training loss of the same epoch, over the samples of the last 100 epochs.</summary>
    static double? Ratio(Trainer t)
    {
        int from = t.Epoch - 100;
        var ratios = new List<double>();
        for (int i = t.PredictLosses.Count - 1; i >= 0 && t.PredictLosses[i].Epoch > from; i--)
        {
            var (e, predict) = t.PredictLosses[i];
            if (e < t.Losses.Count && t.Losses[e] > 0 && float.IsFinite(predict)) ratios.Add(predict / t.Losses[e]);
        }
        if (ratios.Count == 0) return null;
        ratios.Sort();
        return ratios[ratios.Count / 2];
    }
}
