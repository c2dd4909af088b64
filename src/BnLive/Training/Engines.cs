using BnLive.Engine;
using BnLive.Torch;
using static TorchSharp.torch;

namespace BnLive.Training;

/// <summary>Which engine trains a run: bnlive's own (the default: fixed arithmetic, the same bits on every machine)
/// or the notebook's model in TorchSharp autograd (--engine torch: slower, its bits libtorch's; a learner can read it
/// and edit it).</summary>
public enum EngineKind { Default, Torch }

/// <summary>What a Trainer asks of its engine: a training step, the predict-mode fit, and a look inside.</summary>
public interface ITrainingEngine : IDisposable
{
    /// <summary>One step on the points x, y; the loss before the update.</summary>
    float TrainStep(float[] x, float[] y);
    float PredictLoss(float[] x, float[] y);
    (float[] YPred, float Loss) Predict(float[] x, float[] y);
    Inside Inspect(float[] x, float[] y);
    double Lr { get; set; }
    double Decay { get; set; }
    int AdamStep { get; }
}

public static class Engines
{
    /// <summary>How the HUD, the log and the trace name an engine.</summary>
    public static string Name(EngineKind e) => e == EngineKind.Torch ? "TorchSharp" : "bnlive";

    /// <summary>How --engine spells it.</summary>
    public static string Flag(EngineKind e) => e == EngineKind.Torch ? "torch" : "default";

    public static EngineKind? Parse(string s) => s switch { "default" or "bnlive" => EngineKind.Default, "torch" or "torchsharp" => EngineKind.Torch, _ => null };

    /// <summary>The TorchSharp model has the notebook's BN, PyTorch's and none; LayerNorm is the default engine's alone.</summary>
    public static bool Trains(EngineKind e, BnMode mode) => e == EngineKind.Default || mode != BnMode.LayerNorm;

    public static ITrainingEngine Start(EngineKind e, Settings settings, InitWeights init) =>
        e == EngineKind.Torch ? new TorchEngine(settings, init) : new FixedEngine(new Network(settings, init));
}

/// <summary>bnlive's engine: <see cref="Network"/>, its backward written out by hand on float arrays.</summary>
public sealed class FixedEngine(Network network) : ITrainingEngine
{
    public readonly Network Network = network;
    public float TrainStep(float[] x, float[] y) => Network.TrainStep(x, y);
    public float PredictLoss(float[] x, float[] y) => Network.PredictLoss(x, y);
    public (float[] YPred, float Loss) Predict(float[] x, float[] y) => Network.Predict(x, y);
    public Inside Inspect(float[] x, float[] y) => Network.Inspect(x, y);
    public double Lr { get => Network.Lr; set => Network.Lr = value; }
    public double Decay { get => Network.Decay; set => Network.Decay = value; }
    public int AdamStep => Network.AdamStep;
    public void Dispose() { }
}

/// <summary>The notebook's model in TorchSharp (<see cref="NotebookModule"/>), fed the points as [n, 1] tensors.</summary>
public sealed class TorchEngine : ITrainingEngine
{
    public readonly NotebookModule Model;

    public TorchEngine(Settings settings, InitWeights init)
    {
        set_num_threads(1);   // 100×16 products: a second thread costs more than it saves
        Model = new NotebookModule(settings, init) { KeepGradients = false };
    }

    static Tensor Column(float[] v) => tensor(v, [v.Length, 1]);

    public float TrainStep(float[] x, float[] y)
    {
        using var scope = NewDisposeScope();
        return Model.TrainStep(Column(x), Column(y));
    }

    public float PredictLoss(float[] x, float[] y) => Predict(x, y).Loss;

    public (float[] YPred, float Loss) Predict(float[] x, float[] y)
    {
        using var scope = NewDisposeScope();
        return Model.Predict(Column(x), Column(y));
    }

    public Inside Inspect(float[] x, float[] y)
    {
        using var scope = NewDisposeScope();
        return Model.Inspect(Column(x), Column(y));
    }

    public double Lr { get => Model.Lr; set => Model.Lr = value; }
    public double Decay { get => Model.Decay; set => Model.Decay = value; }
    public int AdamStep => Model.AdamStep;
    public void Dispose() => Model.Dispose();
}
