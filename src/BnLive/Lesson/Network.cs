using TorchSharp;
using static TorchSharp.torch;

namespace BnLive.Lesson;

/// <summary>One network, as the window trains it: a <see cref="NetworkStack"/> of one, with its parameters, their
/// gradients, Adam's moments and BN's global moments viewed by the notebook's names (for model files, the tests and
/// the inside panel).</summary>
public sealed class Network : IDisposable
{
    public readonly Settings Settings;
    public readonly NetworkStack Stack;
    readonly Owner own = new();
    readonly (string Name, Tensor Value)[] parameters, gradients, adamM, adamV;

    public Network(Settings settings, InitWeights init)
    {
        Settings = settings;
        Stack = new NetworkStack(settings, [init]);
        parameters = Views(Stack.Flat);
        gradients = Views(Stack.Grad);
        adamM = Views(Stack.AdamM);
        adamV = Views(Stack.AdamV);
        BatchNorms = Stack.Bn1 is null ? [] : [Bn(Stack.Bn1), Bn(Stack.Bn2!)];
    }

    /// <summary>Network 0's row of a [1, total] buffer, viewed by parameter name (writable views).</summary>
    /// Every intermediate view is owned, so none is left to a finalizer.
    (string, Tensor)[] Views(Tensor buffer)
    {
        var row = own.Own(buffer[0]);
        return [.. Stack.Layout.Named().Select(p =>
            (p.Name, own.Own(own.Own(row.narrow(0, p.Offset, p.Shape.Aggregate(1L, (a, b) => a * b))).view(p.Shape))))];
    }

    BatchNorm Bn(BnLayer l) => new(l.GammaSource, l.BetaSource, own.Own(l.GlobalMean.view(-1)), own.Own(l.GlobalVar.view(-1)));

    /// <summary>The trainable parameters by the notebook's names (W as [in][out]).</summary>
    public IEnumerable<(string Name, Tensor Value)> Parameters() => parameters;
    /// <summary>The gradients the last TrainStep applied, by the names of <see cref="Parameters"/>.</summary>
    public IEnumerable<(string Name, Tensor Value)> Gradients() => gradients;
    /// <summary>Adam's first and second moments, by the names of <see cref="Parameters"/> (writable views).</summary>
    public IEnumerable<(string Name, Tensor Value)> AdamM() => adamM;
    public IEnumerable<(string Name, Tensor Value)> AdamV() => adamV;

    public IReadOnlyList<BatchNorm> BatchNorms { get; }
    /// <summary>Adam's t: updates done. Settable to resume a saved model.</summary>
    public int AdamStep { get => Stack.AdamStep; set => Stack.AdamStep = value; }
    /// <summary>Adam's learning rate; changing it keeps Adam's state (m, v, t).</summary>
    public double Lr { get => Stack.Lr; set => Stack.Lr = value; }
    /// <summary>The decay of BN's global moments, changeable between steps.</summary>
    public double Decay { get => Stack.Decay; set => Stack.Decay = value; }

    public void RemoveAbsentBiases() => Stack.RemoveAbsentBiases();

    /// <summary>One epoch on the rows x, y: training-mode forward, backward, Adam. Returns the MSE before the update.</summary>
    public float TrainStep(Tensor x, Tensor y)
    {
        Span<float> loss = stackalloc float[1];
        Stack.TrainStep(x, y, loss);
        return loss[0];
    }

    /// <summary>The predict-mode MSE alone (global moments), in place on the step's buffers.</summary>
    public float PredictLoss(Tensor x, Tensor y)
    {
        Span<float> loss = stackalloc float[1];
        Stack.PredictLoss(x, y, loss);
        return loss[0];
    }

    /// <summary>Predict-mode fit (global moments) at x, and its MSE against y.</summary>
    public (float[] YPred, float Loss) Predict(Tensor x, Tensor y)
    {
        var (fits, losses) = Stack.Predict(x, y);
        return (fits[0], losses[0]);
    }

    /// <summary>The training-mode fit at the current weights and the inside of each BN layer (see NetworkStack).</summary>
    public Inside Inspect(Tensor x, Tensor y) => Stack.Inspect(x, y);

    public void Dispose()
    {
        own.Dispose();
        Stack.Dispose();
    }
}

/// <summary>One BN layer of a network, viewed: γ and β [1,H], and the global moments [H] that predict mode uses
/// (the notebook's batch_norm_wrapper: global·decay + batch·(1-decay) while training).</summary>
public sealed record BatchNorm(Tensor Gamma, Tensor Beta, Tensor GlobalMean, Tensor GlobalVar);
