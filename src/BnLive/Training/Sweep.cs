using BnLive.Lesson;
using TorchSharp;
using static TorchSharp.torch;
using static BnLive.Lesson.Held;

namespace BnLive.Training;

/// <summary>Several networks of one mode (different seeds) trained in lockstep: the same closed-form step as
/// <see cref="Network"/>, op for op, on tensors with a leading network dimension (bmm/baddbmm for the matmuls),
/// so the call overhead that dominates one small network is paid once for all of them.</summary>
/// <remarks>Each network's arithmetic is the one of its single run: the batched matmuls run each network's
/// matrix product like the single one, the elementwise ops are the same per element.</remarks>
public sealed class Sweep : IDisposable
{
    public readonly Settings Settings;
    public readonly int[] Seeds;
    readonly int B, H;
    readonly bool bn;
    readonly List<Tensor> owned = [];
    readonly Tensor flat, grad, adamM, adamV, adamDenom;
    readonly Tensor wb1, wb2, wb3, w2T, gWb1, gWb2, gWb3;
    readonly Tensor? gB1, gB2;   // b1, b2's gradients, zeroed when they are frozen or absent (as Network)
    readonly Layer? bn1, bn2;
    readonly Tensor? moments, globals; // [B,4,H]: batch mean1, var1, mean2, var2; the global ones likewise
    readonly Scalar eps, oneMinusBeta2;
    readonly Tensor epsAdam, oneMinusBeta1, beta2, decay, oneMinusDecay;
    Tensor? xa, xColumn, onesOverN, onesRow, momentWeights;   // momentWeights: PyTorch's, as Network's
    Scalar? minusOneOverN;
    int n, t;

    const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    /// <summary>One BN layer's views, each [B,1,…].</summary>
    sealed record Layer(Tensor Gamma, Tensor Beta, Tensor GradGammaBeta, Tensor GradGamma, Tensor GradBeta,
        Tensor Mean, Tensor Var, Tensor InvStd, Tensor Scale);

    public Sweep(Settings settings, IReadOnlyList<int> seeds)
    {
        Settings = settings;
        Seeds = seeds.ToArray();
        B = Seeds.Length;
        H = settings.Hidden;
        bn = settings.HasBatchNorm;
        var rows = Seeds.Select(s => Network.Flatten(InitWeights.Xavier(s, H), bn)).ToArray();
        int total = rows[0].Length;
        flat = Own(tensor(rows.SelectMany(r => r).ToArray(), [B, total]));
        grad = Own(zeros(B, total));
        adamM = Own(zeros(B, total));
        adamV = Own(zeros(B, total));
        adamDenom = Own(zeros(B, total));

        Tensor Slice(Tensor buffer, int offset, long rowsOf, long cols)
        {
            using var part = buffer.narrow(1, offset, rowsOf * cols);   // a temporary, disposed here
            return Own(part.view(B, rowsOf, cols));
        }
        int o2 = 2 * H, oBn1 = o2 + (H + 1) * H, oBn2 = oBn1 + 2 * H, o3 = bn ? oBn2 + 2 * H : oBn1; // as Network
        wb1 = Slice(flat, 0, 2, H);
        wb2 = Slice(flat, o2, H + 1, H);
        wb3 = Slice(flat, o3, H + 1, 1);
        using (var w2 = wb2.narrow(1, 0, H)) w2T = Own(w2.transpose(1, 2));
        gWb1 = Slice(grad, 0, 2, H);
        gWb2 = Slice(grad, o2, H + 1, H);
        gWb3 = Slice(grad, o3, H + 1, 1);
        if (!settings.TrainsPreBnBias) { gB1 = Own(gWb1.narrow(1, 1, 1)); gB2 = Own(gWb2.narrow(1, H, 1)); }
        if (bn)
        {
            moments = Own(zeros(B, 4, H));
            globals = Own(zeros(B, 4, H));
            globals.narrow(1, 1, 1).fill_(One);
            globals.narrow(1, 3, 1).fill_(One);
            Layer Make(int offset, int row) => new(
                Slice(flat, offset, 1, H), Slice(flat, offset + H, 1, H),
                Slice(grad, offset, 1, 2 * H), Slice(grad, offset, 1, H), Slice(grad, offset + H, 1, H),
                Own(moments.narrow(1, row, 1)), Own(moments.narrow(1, row + 1, 1)),
                Own(zeros(B, 1, H)), Own(zeros(B, 1, H)));
            bn1 = Make(oBn1, 0);
            bn2 = Make(oBn2, 2);
        }
        eps = settings.Eps.ToScalar();
        oneMinusBeta2 = (1 - Beta2).ToScalar();
        epsAdam = Own(tensor((float)Epsilon));
        oneMinusBeta1 = Own(tensor((float)(1 - Beta1)));
        beta2 = Own(tensor((float)Beta2));
        decay = Own(tensor((float)settings.Decay));
        oneMinusDecay = Own(tensor((float)(1 - settings.Decay)));
        Lr = settings.Lr;
    }

    Tensor Own(Tensor tensor) { owned.Add(tensor); return tensor; }

    public int Count => B;
    public int AdamStep => t;
    public double Lr { get; set; }

    /// <summary>Network i's global moments [4,H] (mean1, var1, mean2, var2), for checks.</summary>
    public float[] GlobalMoments(int i) => globals is null ? [] : globals[i].data<float>().ToArray();

    /// <summary>One full-batch epoch of every network; losses[i] gets network i's MSE before its update.</summary>
    public void TrainStep(Tensor x, Tensor y, Span<float> losses)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        int rows = (int)x.size(0);
        if (rows != n) NewInputs(rows);
        xColumn!.copy_(x);

        // forward, as Network.Forward
        var (a1a, a2a, wb3Padded) = (work!.A1a, work.A2a, work.Wb3Padded);
        var a1 = a1a.narrow(2, 0, H); var a2 = a2a.narrow(2, 0, H);
        Tensor? h1 = null, h2 = null;
        if (bn)
        {
            h1 = Mm(xa!, wb1);
            BnForward(bn1!, h1, a1);
        }
        else a1.copy_(Mm(xa!, wb1));
        var mask1 = Relu(a1);
        if (bn)
        {
            h2 = Mm(a1a, wb2);
            BnForward(bn2!, h2, a2);
        }
        else a2.copy_(Mm(a1a, wb2));
        var mask2 = Relu(a2);
        // [W3 b3 | 0], as Network does: two columns keep every matmul on the same BLAS path as the single run
        wb3Padded.narrow(2, 0, 1).copy_(wb3);
        var diffPadded = Mm(a2a, wb3Padded);
        var diff = diffPadded.narrow(2, 0, 1);
        diff.sub_(y);
        if (bn) globals!.mul_(decay).addcmul_(moments!, momentWeights ?? oneMinusDecay, One);
        ReadLosses(diffPadded, losses);

        // backward, as Network.Backward
        float twoOverN = 2f / n;
        gWb3.copy_(Mm(a2a.transpose(1, 2), diffPadded, twoOverN).narrow(2, 0, 1));
        var dt2 = work.Dt2;
        var dy2 = dt2.narrow(2, bn ? H : 0, H);
        dy2.copy_(Mm(diffPadded, wb3Padded.narrow(1, 0, H).transpose(1, 2), twoOverN));
        dy2.mul_(mask2);
        if (bn) BnBackward(bn2!, h2!, dy2, dt2);
        gWb2.copy_(Mm(a1a.transpose(1, 2), dy2));
        var dt1 = work.Dt1;
        var dy1 = dt1.narrow(2, bn ? H : 0, H);
        dy1.copy_(Mm(dy2, w2T));
        dy1.mul_(mask1);
        if (bn) BnBackward(bn1!, h1!, dy1, dt1);
        gWb1.copy_(Mm(xa!.transpose(1, 2), dy1));
        gB1?.zero_(); gB2?.zero_();

        Adam();
    }

    /// <summary>Every network's predict-mode fit (global moments) at x, and its MSE against y: the batched twin of
    /// <see cref="Network.Predict"/>, op for op. Called once per snapshot, so it allocates freely.</summary>
    public (float[][] YPred, float[] Loss) Predict(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        using var _ = inference_mode();
        // x [N,1] against each network's [1,H] weights broadcasts to [B,N,H]
        var h = x.matmul(wb1.narrow(1, 0, 1)).add(wb1.narrow(1, 1, 1), One);
        if (bn) h = BnPredict(h, bn1!, 0);
        h = h.relu().matmul(wb2.narrow(1, 0, H)).add(wb2.narrow(1, H, 1), One);
        if (bn) h = BnPredict(h, bn2!, 2);
        var pred = h.relu().matmul(wb3.narrow(1, 0, H)).add(wb3.narrow(1, H, 1), One);   // [B,N,1]
        var diff = pred.sub(y);
        var loss = diff.mul(diff).mean([1, 2]);   // not square(): it is pow(x, 2) with a temporary Scalar
        var values = pred.data<float>().ToArray();
        int rows = (int)x.size(0);
        var yPred = Enumerable.Range(0, B).Select(i => values[(i * rows)..((i + 1) * rows)]).ToArray();
        return (yPred, loss.data<float>().ToArray());
    }

    /// <summary>As BatchNorm.Predict, with the layer's global mean and variance at rows row and row+1 of globals.</summary>
    Tensor BnPredict(Tensor h, Layer layer, int row) =>
        h.sub(globals!.narrow(1, row, 1)).div(globals.narrow(1, row + 1, 1).add(eps, One).sqrt())
         .mul(layer.Gamma).add(layer.Beta, One);

    /// <summary>Work tensors made once per batch size: the layers' inputs with their ones column ([B,N,H+1]),
    /// [W3 b3 | 0], and [dy·x̂ | dy] per layer.</summary>
    sealed record Work(Tensor A1a, Tensor A2a, Tensor Wb3Padded, Tensor Dt1, Tensor Dt2) : IDisposable
    {
        public void Dispose() { foreach (var t in new[] { A1a, A2a, Wb3Padded, Dt1, Dt2 }) t.Dispose(); }
    }
    Work? work;

    /// <summary>alpha·(a @ b) for every network: the batched twin of Network's addmm_(…, 0, alpha).</summary>
    static Tensor Mm(Tensor a, Tensor b, float alpha = 1)
    {
        long batch = Math.Max(a.size(0), b.size(0));
        using var input = empty(batch, a.size(1), b.size(2));
        // TorchSharp 0.107 hands baddbmm's arguments on rotated: (batch1, batch2, input) reaches ATen as
        // baddbmm(input, batch1, batch2). SweepTests checks the result against single networks.
        return torch.baddbmm(a.expand(batch, -1, -1), b.expand(batch, -1, -1), input, 0, alpha);
    }

    void BnForward(Layer layer, Tensor h, Tensor output)
    {
        layer.Mean.copy_(Mm(onesOverN!, h));
        h.sub_(layer.Mean);
        var cov = Mm(h.transpose(1, 2), h, 1f / n);
        var diagonal = cov.diagonal(0, 1, 2).unsqueeze(1);
        layer.Var.copy_(diagonal);
        layer.InvStd.copy_(diagonal).add_(eps, One).rsqrt_();
        h.mul_(layer.InvStd);
        output.copy_(layer.Beta).addcmul_(h, layer.Gamma, One);
    }

    static Tensor Relu(Tensor a)
    {
        a.relu_();
        return a.sign();
    }

    void BnBackward(Layer layer, Tensor xhat, Tensor dy, Tensor dt)
    {
        dt.narrow(2, 0, H).copy_(dy).mul_(xhat);
        layer.GradGammaBeta.copy_(Mm(onesRow!, dt));
        dy.addcmul_(xhat, layer.GradGamma, minusOneOverN!);
        dy.add_(layer.GradBeta, minusOneOverN!);
        dy.mul_(layer.Scale.copy_(layer.Gamma).mul_(layer.InvStd));
    }

    void Adam()
    {
        t++;
        double lrT = Lr * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t));
        adamM.lerp_(grad, oneMinusBeta1);
        adamV.mul_(beta2).addcmul_(grad, grad, oneMinusBeta2);
        adamDenom.copy_(adamV).sqrt_().add_(epsAdam, One);
        using var step = (-lrT).ToScalar();
        flat.addcdiv_(adamM, adamDenom, step);
    }

    unsafe void ReadLosses(Tensor diff, Span<float> losses)
    {
        var d = (float*)Network.DataPointer(diff);
        for (int i = 0; i < B; i++)
        {
            double sum = 0;
            for (int r = 0; r < n; r++) sum += (double)d[2 * (i * n + r)] * d[2 * (i * n + r)]; // column 0
            losses[i] = (float)(sum / n);
        }
    }

    void NewInputs(int rows)
    {
        foreach (var tensor in new[] { xa, xColumn, onesOverN, onesRow }) tensor?.Dispose();
        minusOneOverN?.Dispose();
        n = rows;
        xa = ones(1, n, 2).MoveToOuterDisposeScope();
        xColumn = xa.narrow(2, 0, 1).MoveToOuterDisposeScope();
        using (var oneOverN = (1f / n).ToScalar()) onesOverN = full([1, 1, n], oneOverN).MoveToOuterDisposeScope();
        onesRow = ones(1, 1, n).MoveToOuterDisposeScope();
        minusOneOverN = (-1.0 / n).ToScalar();
        if (Settings.Mode == BnMode.PyTorch)
        {
            double rest = 1 - Settings.Decay, correction = n > 1 ? n / (n - 1.0) : 1;
            momentWeights?.Dispose();
            momentWeights = tensor(new[] { (float)rest, (float)(rest * correction), (float)rest, (float)(rest * correction) }, [4, 1]).MoveToOuterDisposeScope();
        }
        work?.Dispose();
        work = new Work(ones(B, n, H + 1).MoveToOuterDisposeScope(), ones(B, n, H + 1).MoveToOuterDisposeScope(),
            zeros(B, H + 1, 2).MoveToOuterDisposeScope(),
            zeros(B, n, 2 * H).MoveToOuterDisposeScope(), zeros(B, n, 2 * H).MoveToOuterDisposeScope());
    }

    public void Dispose()
    {
        foreach (var tensor in owned) tensor.Dispose();
        foreach (var tensor in new[] { xa, xColumn, onesOverN, onesRow, momentWeights }) tensor?.Dispose();
        work?.Dispose();
        foreach (var s in new[] { eps, oneMinusBeta2, minusOneOverN }) s?.Dispose();
    }
}
