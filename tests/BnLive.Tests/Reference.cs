using BnLive.Engine;

namespace BnLive.Tests;

/// <summary>The notebook's model in plain C# doubles, written independently of the TorchSharp one so it
/// can serve as an oracle: Linear → BN → ReLU, Linear → BN → ReLU, Linear, MSE loss, TF1's Adam.
/// Matrices are [rows][cols]: activations [N][units], weights [in][out]. Layers are numbered 1..3
/// like the notebook's layer_1..layer_3; BN layers are 1 and 2.</summary>
public sealed class ReferenceNet
{
    public readonly Settings Settings;
    readonly Dense layer1, layer2, layer3;
    readonly BatchNorm? bn1, bn2;
    readonly Relu relu1 = new(), relu2 = new();
    readonly List<(string Name, double[][] Value, Func<double[][]> Grad)> parameters = [];
    readonly Adam adam;

    public ReferenceNet(Settings settings, InitWeights init)
    {
        Settings = settings;
        layer1 = new Dense(init.W1, init.B1);
        layer2 = new Dense(init.W2, init.B2);
        layer3 = new Dense(init.W3, init.B3);
        foreach (var (name, layer) in new[] { ("1", layer1), ("2", layer2), ("3", layer3) })
        {
            parameters.Add(("W" + name, layer.W, () => layer.DW));
            parameters.Add(("b" + name, [layer.B], () => [layer.DB]));
        }
        if (settings.Mode != BnMode.None)
        {
            bool unbiased = settings.Mode == BnMode.PyTorch;
            bn1 = new BatchNorm(settings.Hidden, settings.Decay, settings.Eps, unbiased);
            bn2 = new BatchNorm(settings.Hidden, settings.Decay, settings.Eps, unbiased);
            foreach (var (name, bn) in new[] { ("1", bn1), ("2", bn2) })
            {
                parameters.Add(("gamma" + name, [bn.Gamma], () => [bn.DGamma]));
                parameters.Add(("beta" + name, [bn.Beta], () => [bn.DBeta]));
            }
        }
        adam = new Adam(settings.Lr, parameters.Select(p => p.Value).ToArray());
    }

    public bool HasBatchNorm => bn1 is not null;
    public int AdamStep => adam.T;
    /// <summary>Adam's learning rate from the next step on (its m, v, t kept).</summary>
    public double Lr { get => adam.Lr; set => adam.Lr = value; }
    /// <summary>The BN layers' decay from the next step on.</summary>
    public double Decay { set { if (bn1 is not null) bn1.Decay = bn2!.Decay = value; } }
    public double[][] W1 => layer1.W;
    public double[] B1 => layer1.B;
    public double[][] W2 => layer2.W;
    public double[] B2 => layer2.B;
    public double[][] W3 => layer3.W;
    public double B3 => layer3.B[0];

    /// <summary>W1, b1, W2, b2, W3, b3, then in BN mode gamma1, beta1, gamma2, beta2.</summary>
    public IReadOnlyList<string> ParameterNames => parameters.Select(p => p.Name).ToArray();

    /// <summary>The live values of a parameter as rows (a vector is one row): write an element to perturb it.</summary>
    public double[][] Parameter(string name) => parameters.Single(p => p.Name == name).Value;

    public double[] Gamma(int layer) => Bn(layer).Gamma;
    public double[] Beta(int layer) => Bn(layer).Beta;
    public double[] GlobalMean(int layer) => Bn(layer).GlobalMean;
    public double[] GlobalVar(int layer) => Bn(layer).GlobalVar;

    BatchNorm Bn(int layer) => (layer switch { 1 => bn1, 2 => bn2, _ => null })
        ?? throw new ArgumentException($"no BN layer {layer} in mode {Settings.Name(Settings.Mode)}");

    /// <summary>The network's output. training: batch moments, and with updateGlobal the notebook's
    /// global-moment update (as one sess.run of the training graph does); else the global moments.</summary>
    public double[] Output(double[] x, bool training, bool updateGlobal)
    {
        var h = layer1.Forward(Column(x));
        if (bn1 is not null) h = bn1.Forward(h, training, updateGlobal);
        h = relu1.Forward(h);
        h = layer2.Forward(h);
        if (bn2 is not null) h = bn2.Forward(h, training, updateGlobal);
        h = relu2.Forward(h);
        return Flatten(layer3.Forward(h));
    }

    /// <summary>The notebook's cost, mean of (pred - y)² over the batch. A training-mode call moves the
    /// global moments unless updateGlobal is false (finite differences want it false).</summary>
    public double Loss(double[] x, double[] y, bool training, bool updateGlobal = true) =>
        Mse(Output(x, training, updateGlobal), y);

    /// <summary>Predict mode: the global moments; nothing changes.</summary>
    public double[] Predict(double[] x) => Output(x, training: false, updateGlobal: false);

    /// <summary>Training-mode loss and its gradient for every parameter. Pure: the global moments stay.</summary>
    public (double Loss, Grads Grads) LossAndGradients(double[] x, double[] y)
    {
        double loss = ForwardBackward(x, y, updateGlobal: false);
        return (loss, new Grads(parameters.ToDictionary(p => p.Name, p => Copy(p.Grad()))));
    }

    /// <summary>One epoch of the notebook: training forward (moving the global moments), backward, Adam.
    /// Returns the loss before the update, as sess.run([cost, optimizer]) would.</summary>
    public double TrainStep(double[] x, double[] y)
    {
        double loss = ForwardBackward(x, y, updateGlobal: true);
        // --pre-bn-bias freeze|none: b1, b2 get no step (none also starts them at zero, as Xavier does)
        bool still = HasBatchNorm && Settings.PreBnBias != PreBnBias.Train;
        adam.Step(parameters.Select(p => still && p.Name is ("b1" or "b2") ? Zeros(1, p.Value[0].Length) : p.Grad()).ToArray());
        return loss;
    }

    double ForwardBackward(double[] x, double[] y, bool updateGlobal)
    {
        var pred = Output(x, training: true, updateGlobal);
        int n = pred.Length;
        // d/dpred of mean((pred - y)²) is 2(pred - y)/N
        var d = new double[n][];
        for (int i = 0; i < n; i++) d[i] = [2 * (pred[i] - y[i]) / n];
        d = layer3.Backward(d);
        d = relu2.Backward(d);
        if (bn2 is not null) d = bn2.Backward(d);
        d = layer2.Backward(d);
        d = relu1.Backward(d);
        if (bn1 is not null) d = bn1.Backward(d);
        layer1.Backward(d);
        return Mse(pred, y);
    }

    public static double Mse(double[] pred, double[] y)
    {
        double sum = 0;
        for (int i = 0; i < pred.Length; i++) sum += (pred[i] - y[i]) * (pred[i] - y[i]);
        return sum / pred.Length;
    }

    public static double[] ToDouble(float[] v) => Array.ConvertAll(v, f => (double)f);

    /// <summary>The trainer and this reference side by side from the same initial weights for steps epochs: the
    /// largest relative difference of the training loss, and of the predict-mode loss over the first predictSteps.</summary>
    public static (double Train, double Predict) WorstDifferences(Settings settings, int steps, int predictSteps)
    {
        using var trainer = new BnLive.Training.Trainer(settings);
        var reference = new ReferenceNet(settings, trainer.Init);
        var (x, y) = (ToDouble(trainer.X), ToDouble(trainer.Y));
        double worstTrain = 0, worstPredict = 0;
        for (int s = 0; s < steps; s++)
        {
            trainer.Step();
            double expected = reference.TrainStep(x, y);
            worstTrain = Math.Max(worstTrain, Math.Abs(trainer.Losses[s] - expected) / expected);
            if (s >= predictSteps) continue;
            double predict = Mse(reference.Predict(x), y);
            worstPredict = Math.Max(worstPredict, Math.Abs(trainer.Snapshots[s].PredictLoss - predict) / predict);
        }
        return (worstTrain, worstPredict);
    }

    static double[][] Column(double[] x) => Array.ConvertAll(x, v => new[] { v });
    static double[] Flatten(double[][] m) => Array.ConvertAll(m, row => row[0]);
    static double[][] Copy(double[][] m) => Array.ConvertAll(m, row => (double[])row.Clone());
    static double[][] Zeros(int rows, int cols) => Enumerable.Range(0, rows).Select(_ => new double[cols]).ToArray();

    /// <summary>Gradients by parameter name, shaped like <see cref="Parameter"/>.</summary>
    public sealed class Grads(Dictionary<string, double[][]> byName)
    {
        public double[][] this[string name] => byName[name];
        public IEnumerable<string> Names => byName.Keys;
    }

    /// <summary>h = x·W + b.</summary>
    sealed class Dense
    {
        public readonly double[][] W;
        public readonly double[] B;
        public double[][] DW;
        public double[] DB;
        double[][] x = [];

        public Dense(float[][] w, float[] b)
        {
            W = Array.ConvertAll(w, ToDouble);
            B = ToDouble(b);
            DW = Zeros(W.Length, B.Length);
            DB = new double[B.Length];
        }

        public double[][] Forward(double[][] x)
        {
            this.x = x;
            var h = Zeros(x.Length, B.Length);
            for (int n = 0; n < x.Length; n++)
                for (int j = 0; j < B.Length; j++)
                {
                    double s = B[j];
                    for (int i = 0; i < W.Length; i++) s += x[n][i] * W[i][j];
                    h[n][j] = s;
                }
            return h;
        }

        public double[][] Backward(double[][] dh)
        {
            DW = Zeros(W.Length, B.Length);
            DB = new double[B.Length];
            var dx = Zeros(x.Length, W.Length);
            for (int n = 0; n < x.Length; n++)
                for (int j = 0; j < B.Length; j++)
                {
                    DB[j] += dh[n][j];                   // b is added to every row
                    for (int i = 0; i < W.Length; i++)
                    {
                        DW[i][j] += x[n][i] * dh[n][j];  // W[i][j] scales x[n][i] into h[n][j]
                        dx[n][i] += W[i][j] * dh[n][j];  // and x[n][i] reaches every h[n][j] through it
                    }
                }
            return dx;
        }
    }

    /// <summary>max(h, 0).</summary>
    sealed class Relu
    {
        double[][] h = [];

        public double[][] Forward(double[][] h)
        {
            this.h = h;
            return Array.ConvertAll(h, row => Array.ConvertAll(row, v => Math.Max(v, 0)));
        }

        // the gradient passes where the input was positive (TF's ReluGrad: input > 0)
        public double[][] Backward(double[][] d)
        {
            var dh = Zeros(h.Length, h[0].Length);
            for (int n = 0; n < h.Length; n++)
                for (int j = 0; j < h[n].Length; j++) dh[n][j] = h[n][j] > 0 ? d[n][j] : 0;
            return dh;
        }
    }

    /// <summary>The notebook's batch_norm_wrapper: (h - mean)/sqrt(var + eps)·gamma + beta, with batch
    /// moments (biased variance, tf.nn.moments) while training and the global moments when predicting.</summary>
    sealed class BatchNorm
    {
        public readonly double[] Gamma, Beta, GlobalMean, GlobalVar;
        public double[] DGamma, DBeta;
        readonly double eps;
        public double Decay;
        double[][] h = [];
        double[] mean = [], var = [];
        bool training;

        readonly bool unbiased;

        /// <summary>unbiased: PyTorch's BatchNorm1d, whose running variance takes the batch variance ·N/(N-1).</summary>
        public BatchNorm(int units, double decay, double eps, bool unbiased)
        {
            this.unbiased = unbiased;
            Gamma = Enumerable.Repeat(1.0, units).ToArray();
            Beta = new double[units];
            GlobalMean = new double[units];
            GlobalVar = Enumerable.Repeat(1.0, units).ToArray();
            DGamma = new double[units];
            DBeta = new double[units];
            Decay = decay;
            this.eps = eps;
        }

        public double[][] Forward(double[][] h, bool training, bool updateGlobal)
        {
            int n = h.Length, units = Gamma.Length;
            this.h = h;
            this.training = training;
            if (training)
            {
                mean = new double[units];
                var = new double[units];
                for (int j = 0; j < units; j++)
                {
                    for (int i = 0; i < n; i++) mean[j] += h[i][j] / n;
                    for (int i = 0; i < n; i++) var[j] += (h[i][j] - mean[j]) * (h[i][j] - mean[j]) / n;
                    if (!updateGlobal) continue;
                    // the notebook's exponential moving average, one move per training forward
                    GlobalMean[j] = GlobalMean[j] * Decay + mean[j] * (1 - Decay);
                    double toGlobal = unbiased && n > 1 ? var[j] * n / (n - 1) : var[j];
                    GlobalVar[j] = GlobalVar[j] * Decay + toGlobal * (1 - Decay);
                }
            }
            else
            {
                mean = (double[])GlobalMean.Clone();
                var = (double[])GlobalVar.Clone();
            }
            var y = Zeros(n, units);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < units; j++)
                    y[i][j] = (h[i][j] - mean[j]) / Math.Sqrt(var[j] + eps) * Gamma[j] + Beta[j];
            return y;
        }

        public double[][] Backward(double[][] dy)
        {
            if (!training) throw new InvalidOperationException("backward follows a training forward, as in the notebook");
            int n = h.Length, units = Gamma.Length;
            var dh = Zeros(n, units);
            for (int j = 0; j < units; j++)
            {
                double invStd = 1 / Math.Sqrt(var[j] + eps);
                double dGamma = 0, dBeta = 0, dVar = 0, dMeanDirect = 0, sumCentered = 0;
                for (int i = 0; i < n; i++)
                {
                    double centered = h[i][j] - mean[j];
                    double dXhat = dy[i][j] * Gamma[j];                      // y = xhat·gamma + beta
                    dGamma += dy[i][j] * centered * invStd;
                    dBeta += dy[i][j];
                    dVar += dXhat * centered * -0.5 * invStd * invStd * invStd; // xhat = centered·(var+eps)^-1/2
                    dMeanDirect += -dXhat * invStd;                          // centered = h - mean
                    sumCentered += centered;
                }
                // var = mean((h - mean)²) depends on the mean too (its derivative, -2·mean(centered), is ~0)
                double dMean = dMeanDirect + dVar * -2 * sumCentered / n;
                for (int i = 0; i < n; i++)
                {
                    double centered = h[i][j] - mean[j];
                    // three paths from h[i]: directly, through var (2·centered/N) and through mean (1/N)
                    dh[i][j] = dy[i][j] * Gamma[j] * invStd + dVar * 2 * centered / n + dMean / n;
                }
                DGamma[j] = dGamma;
                DBeta[j] = dBeta;
            }
            return dh;
        }
    }

    /// <summary>TF1's AdamOptimizer: t starts at 1; p -= lr·sqrt(1-β2^t)/(1-β1^t) · m/(sqrt(v)+ε).</summary>
    sealed class Adam
    {
        const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
        public double Lr;
        readonly double[][][] parameters, m, v;
        public int T { get; private set; }

        public Adam(double lr, double[][][] parameters)
        {
            Lr = lr;
            this.parameters = parameters;
            m = Array.ConvertAll(parameters, p => Zeros(p.Length, p[0].Length));
            v = Array.ConvertAll(parameters, p => Zeros(p.Length, p[0].Length));
        }

        public void Step(double[][][] grads)
        {
            T++;
            // TF folds both bias corrections into the step size, and adds ε outside the sqrt, uncorrected
            double lrT = Lr * Math.Sqrt(1 - Math.Pow(Beta2, T)) / (1 - Math.Pow(Beta1, T));
            for (int k = 0; k < parameters.Length; k++)
                for (int r = 0; r < parameters[k].Length; r++)
                    for (int c = 0; c < parameters[k][r].Length; c++)
                    {
                        double g = grads[k][r][c];
                        m[k][r][c] = Beta1 * m[k][r][c] + (1 - Beta1) * g;
                        v[k][r][c] = Beta2 * v[k][r][c] + (1 - Beta2) * g * g;
                        parameters[k][r][c] -= lrT * m[k][r][c] / (Math.Sqrt(v[k][r][c]) + Epsilon);
                    }
        }
    }
}
