using System.Numerics;
using static BnLive.Engine.Lanes;

namespace BnLive.Engine;

/// <summary>One BN layer at the current weights, on the whole batch: pre-activations before BN and after it
/// (γx̂+β), [N,H] row by row; the batch's moments against the global ones; γ and β; the bias b before BN. All per unit.</summary>
public sealed record BnInside(int Units, float[] Before, float[] After, float[] BatchMean, float[] BatchVar,
    float[] GlobalMean, float[] GlobalVar, float[] Gamma, float[] Beta, float[]? Bias = null);

/// <summary>One LayerNorm layer at the current weights, on the whole batch: pre-activations before it and after it
/// (γx̂+β), [N,H] row by row; each point's mean and biased variance over its units, [N]; γ and β per unit.</summary>
public sealed record LnInside(int Units, int Points, float[] Before, float[] After, float[] PointMean, float[] PointVar,
    float[] Gamma, float[] Beta);

/// <summary>The training-mode fit (batch moments) and its MSE, and the inside of each BN layer (or LayerNorm layer).</summary>
public sealed record Inside(float[] TrainModeFit, float TrainModeLoss, IReadOnlyList<BnInside> Layers, IReadOnlyList<LnInside>? LayerNorms = null);

/// <summary>The notebook's MLP, trained as the notebook trains it: Linear → BN → ReLU, Linear → BN → ReLU, Linear,
/// the mean squared error, its gradients written out by hand, and TF1's Adam. The engine of every run: the window,
/// the export and the sweeps. Its arithmetic is fixed (only + - × ÷ and √, every sum in one order), so a run has the
/// same bits on every CPU and OS; the tests check it against the TorchSharp NotebookModule (autograd,
/// src/BnLive/Torch) and a plain-C# reference in doubles, and against golden runs.</summary>
public sealed class Network
{
    public readonly Settings Settings;
    public readonly Layout Layout;
    readonly int h, padded;
    readonly float[] parameters, gradients, adamM, adamV;   // rows of Layout
    readonly Dense layer1, layer2, layer3;
    readonly Adam adam = new();
    public IReadOnlyList<BatchNorm> BatchNorms { get; }
    readonly BatchNorm? bn1, bn2;
    readonly LayerNorm? ln1, ln2;
    // the pass's values, n rows each: h = x·W + b; z = BN(h), or h without BN; a = ReLU(z); the output; their gradients
    float[] h1 = [], z1 = [], a1 = [], h2 = [], z2 = [], a2 = [], output = [], dOutput = [], dA2 = [], dA1 = [];
    int capacity;

    public Network(Settings settings, InitWeights init)
    {
        Settings = settings;
        h = settings.Hidden;
        padded = Pad(h);
        Layout = new Layout(h, settings.Normalises);
        parameters = Layout.Flatten(init.Scaled(settings.InitScale));
        (gradients, adamM, adamV) = (new float[Layout.Padded], new float[Layout.Padded], new float[Layout.Padded]);
        (layer1, layer2, layer3) = (new Dense(1, h), new Dense(h, h), new Dense(h, 1));
        if (settings.HasBatchNorm)
        {
            bn1 = new BatchNorm(h, settings.Eps, settings.Mode == BnMode.PyTorch);
            bn2 = new BatchNorm(h, settings.Eps, settings.Mode == BnMode.PyTorch);
        }
        if (settings.HasLayerNorm) (ln1, ln2) = (new LayerNorm(h, settings.Eps), new LayerNorm(h, settings.Eps));
        BatchNorms = bn1 is null ? [] : [bn1, bn2!];
        Lr = settings.Lr;
        Decay = settings.Decay;
        RemoveAbsentBiases();
    }

    /// <summary>Adam's t: updates done. Settable to resume a saved model.</summary>
    public int AdamStep { get => adam.Step; set => adam.Step = value; }
    /// <summary>Adam's learning rate; changing it keeps Adam's state (m, v, t).</summary>
    public double Lr { get; set; }
    /// <summary>The decay of BN's global moments, changeable between steps.</summary>
    public double Decay { get; set; }

    /// <summary>The parameters by the notebook's names (W as [in][out], row by row): writable views of the row.</summary>
    public IEnumerable<(string Name, Memory<float> Value)> Parameters() => Named(parameters);
    /// <summary>The gradients the last TrainStep applied, by the names of <see cref="Parameters"/>.</summary>
    public IEnumerable<(string Name, Memory<float> Value)> Gradients() => Named(gradients);
    /// <summary>Adam's first and second moments, by the names of <see cref="Parameters"/> (writable views).</summary>
    public IEnumerable<(string Name, Memory<float> Value)> AdamM() => Named(adamM);
    public IEnumerable<(string Name, Memory<float> Value)> AdamV() => Named(adamV);

    IEnumerable<(string, Memory<float>)> Named(float[] row) =>
        Layout.Named().Select(p => (p.Name, row.AsMemory(p.Offset, p.Shape.Aggregate(1, (a, b) => a * b))));

    /// <summary>With --pre-bn-bias none, b1 and b2 are zero and stay so (also after a model is loaded): x·W + 0 is
    /// x·W exactly, so this is the network without them.</summary>
    public void RemoveAbsentBiases()
    {
        if (!Settings.HasBatchNorm || Settings.PreBnBias != PreBnBias.None) return;
        parameters.AsSpan(Layout.B1, h).Clear();
        parameters.AsSpan(Layout.B2, h).Clear();
    }

    /// <summary>One epoch on the points x, y: training-mode forward (moving the global moments), backward, Adam.
    /// Returns the MSE before the update.</summary>
    public float TrainStep(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int n = x.Length;
        Forward(x, Pass.Train);
        float loss = Loss(y, n);
        Backward(x, y, n);
        adam.Update(parameters, gradients, adamM, adamV, Lr);
        return loss;
    }

    /// <summary>The predict-mode MSE (global moments).</summary>
    public float PredictLoss(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        Forward(x, Pass.Predict);
        return Loss(y, x.Length);
    }

    /// <summary>The predict-mode fit (global moments) at x, and its MSE against y.</summary>
    public (float[] YPred, float Loss) Predict(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        Forward(x, Pass.Predict);
        return (Fit(x.Length), Loss(y, x.Length));
    }

    /// <summary>The network at its current weights in training mode (the batch's own moments, the global ones left
    /// where they are), and inside each of its BN layers: once a frame, for drawing.</summary>
    public Inside Inspect(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int n = x.Length;
        Forward(x, Pass.Measure);
        var layers = new List<BnInside>();
        foreach (var (bn, before, after, bias) in new[] { (bn1, h1, z1, Layout.B1), (bn2, h2, z2, Layout.B2) })
            if (bn is not null)
                layers.Add(new BnInside(h, Units(before, n), Units(after, n), Units(bn.Mean, 1), Units(bn.Var, 1),
                    bn.GlobalMean.ToArray(), bn.GlobalVar.ToArray(), Units(bn.Gamma, 1), Units(bn.Beta, 1),
                    parameters.AsSpan(bias, h).ToArray()));
        var layerNorms = new List<LnInside>();
        foreach (var (ln, before, after) in new[] { (ln1, h1, z1), (ln2, h2, z2) })
            if (ln is not null)
                layerNorms.Add(new LnInside(h, n, Units(before, n), Units(after, n), ln.Mean[..n], ln.Var[..n], Units(ln.Gamma, 1), Units(ln.Beta, 1)));
        return new Inside(Fit(n), Loss(y, n), layers, ln1 is null ? null : layerNorms);
    }

    /// <summary>BN's batch moments on the points x in training mode, the global moments left alone: per BN layer,
    /// the mean and the biased variance of each unit (for precise statistics).</summary>
    public IReadOnlyList<(float[] Mean, float[] Var)> Measure(ReadOnlySpan<float> x)
    {
        Forward(x, Pass.Measure);
        return [.. BatchNorms.Select(bn => (Units(bn.Mean, 1), Units(bn.Var, 1)))];
    }

    /// <summary>n rows of padded units, without the padding.</summary>
    float[] Units(float[] rows, int n)
    {
        var values = new float[n * h];
        for (int r = 0; r < n; r++) rows.AsSpan(r * padded, h).CopyTo(values.AsSpan(r * h));
        return values;
    }

    void Forward(ReadOnlySpan<float> x, Pass pass)
    {
        int n = x.Length;
        Allocate(n);
        var p = parameters.AsSpan();
        layer1.Load(p.Slice(Layout.W1, h), p.Slice(Layout.B1, h));
        layer2.Load(p.Slice(Layout.W2, h * h), p.Slice(Layout.B2, h));
        layer3.Load(p.Slice(Layout.W3, h), p.Slice(Layout.B3, 1));
        layer1.Forward(x, 1, n, h1);
        Hidden(bn1, ln1, Layout.Gamma1, h1, z1, a1, n, pass);
        layer2.Forward(a1, padded, n, h2);
        Hidden(bn2, ln2, Layout.Gamma2, h2, z2, a2, n, pass);
        layer3.Forward(a2, padded, n, output);
    }

    /// <summary>A hidden layer after its product: z = BN(h), LayerNorm(h) or h itself; a = ReLU(z). LayerNorm
    /// computes the same in every pass: it has no moments to move or to predict with.</summary>
    void Hidden(BatchNorm? bn, LayerNorm? ln, int gammaAt, float[] h, float[] z, float[] a, int n, Pass pass)
    {
        if (bn is not null)
        {
            parameters.AsSpan(gammaAt, this.h).CopyTo(bn.Gamma);
            parameters.AsSpan(gammaAt + this.h, this.h).CopyTo(bn.Beta);
            bn.Forward(h, z, n, pass, Decay);
        }
        else if (ln is not null)
        {
            parameters.AsSpan(gammaAt, this.h).CopyTo(ln.Gamma);
            parameters.AsSpan(gammaAt + this.h, this.h).CopyTo(ln.Beta);
            ln.Forward(h, z, n);
        }
        else h.AsSpan(0, n * padded).CopyTo(z);
        var zv = Vectors(z.AsSpan(0, n * padded));
        var av = Vectors(a.AsSpan(0, n * padded));
        // ReLU; a NaN stays NaN, so a diverged run shows
        for (int i = 0; i < zv.Length; i++) av[i] = Vector.ConditionalSelect(Vector.LessThan(zv[i], Vector<float>.Zero), Vector<float>.Zero, zv[i]);
    }

    /// <summary>The MSE of the last pass's output against y, summed in double.</summary>
    float Loss(ReadOnlySpan<float> y, int n)
    {
        double sum = 0;
        for (int r = 0; r < n; r++)
        {
            double d = output[r * layer3.Padded] - y[r];
            sum += d * d;
        }
        return (float)(sum / n);
    }

    float[] Fit(int n)
    {
        var fit = new float[n];
        for (int r = 0; r < n; r++) fit[r] = output[r * layer3.Padded];
        return fit;
    }

    void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int n)
    {
        // d mean((out - y)²)/d out = (out - y)·2/n
        float twoOverN = 2f / n;
        int o = layer3.Padded;
        for (int r = 0; r < n; r++) dOutput[r * o] = (output[r * o] - y[r]) * twoOverN;
        layer3.Backward(a2, padded, n, dOutput);
        layer3.InputGradient(dOutput, n, dA2);
        HiddenBackward(bn2, ln2, z2, dA2, n);
        layer2.Backward(a1, padded, n, dA2);
        layer2.InputGradient(dA2, n, dA1);
        HiddenBackward(bn1, ln1, z1, dA1, n);
        layer1.Backward(x, 1, n, dA1);

        var g = gradients.AsSpan();
        layer1.StoreGradients(g.Slice(Layout.W1, h), g.Slice(Layout.B1, h));
        layer2.StoreGradients(g.Slice(Layout.W2, h * h), g.Slice(Layout.B2, h));
        layer3.StoreGradients(g.Slice(Layout.W3, h), g.Slice(Layout.B3, 1));
        if (bn1 is not null && bn2 is not null)
        {
            bn1.DGamma.AsSpan(0, h).CopyTo(g.Slice(Layout.Gamma1, h));
            bn1.DBeta.AsSpan(0, h).CopyTo(g.Slice(Layout.Beta1, h));
            bn2.DGamma.AsSpan(0, h).CopyTo(g.Slice(Layout.Gamma2, h));
            bn2.DBeta.AsSpan(0, h).CopyTo(g.Slice(Layout.Beta2, h));
        }
        if (ln1 is not null && ln2 is not null)
        {
            ln1.DGamma.AsSpan(0, h).CopyTo(g.Slice(Layout.Gamma1, h));
            ln1.DBeta.AsSpan(0, h).CopyTo(g.Slice(Layout.Beta1, h));
            ln2.DGamma.AsSpan(0, h).CopyTo(g.Slice(Layout.Gamma2, h));
            ln2.DBeta.AsSpan(0, h).CopyTo(g.Slice(Layout.Beta2, h));
        }
        // frozen or absent: a zero gradient leaves m and v at zero, so Adam's step is exactly 0/(0+ε)
        if (!Settings.TrainsPreBnBias)
        {
            g.Slice(Layout.B1, h).Clear();
            g.Slice(Layout.B2, h).Clear();
        }
    }

    /// <summary>dL/da of a hidden layer, in place to dL/dh: through ReLU (where z > 0), then BN's or LayerNorm's backward.</summary>
    void HiddenBackward(BatchNorm? bn, LayerNorm? ln, float[] z, float[] dA, int n)
    {
        var zv = Vectors(z.AsSpan(0, n * padded));
        var dv = Vectors(dA.AsSpan(0, n * padded));
        for (int i = 0; i < zv.Length; i++) dv[i] = Vector.ConditionalSelect(Vector.GreaterThan(zv[i], Vector<float>.Zero), dv[i], Vector<float>.Zero);
        bn?.Backward(dA, n);
        ln?.Backward(dA, n);
    }

    void Allocate(int n)
    {
        if (n <= capacity) return;
        capacity = n;
        float[] Rows() => new float[n * padded];
        (h1, z1, a1, h2, z2, a2, dA2, dA1) = (Rows(), Rows(), Rows(), Rows(), Rows(), Rows(), Rows(), Rows());
        (output, dOutput) = (new float[n * layer3.Padded], new float[n * layer3.Padded]);
    }
}
