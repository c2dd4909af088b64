using BnLive.Engine;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace BnLive.Bench;

/// <summary>The straightforward TorchSharp step: Sequential with TorchSharp's BatchNorm1d (not quite the notebook's
/// BN: it keeps an unbiased running variance), optim.Adam, autograd. Kept only to give the speed-up a reference.</summary>
public sealed class NaiveNetwork : IDisposable
{
    readonly Module<Tensor, Tensor> model;
    readonly optim.Optimizer adam;

    public NaiveNetwork(Settings settings)
    {
        int h = settings.Hidden;
        var layers = new List<(string, Module<Tensor, Tensor>)> { ("linear1", Linear(1, h)) };
        if (settings.Mode == BnMode.Notebook) layers.Add(("bn1", BatchNorm1d(h, eps: settings.Eps, momentum: 1 - settings.Decay)));
        layers.Add(("relu1", ReLU()));
        layers.Add(("linear2", Linear(h, h)));
        if (settings.Mode == BnMode.Notebook) layers.Add(("bn2", BatchNorm1d(h, eps: settings.Eps, momentum: 1 - settings.Decay)));
        layers.Add(("relu2", ReLU()));
        layers.Add(("linear3", Linear(h, 1)));
        model = Sequential(layers);
        model.train();
        adam = optim.Adam(model.parameters(), settings.Lr);
    }

    public float TrainStep(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        adam.zero_grad();
        var loss = functional.mse_loss(model.call(x), y);
        loss.backward();
        adam.step();
        return loss.item<float>();
    }

    public void Dispose()
    {
        model.Dispose();
        adam.Dispose();
    }
}
