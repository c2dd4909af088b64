using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using static BnLive.Engine.Lanes;

namespace BnLive.Engine;

/// <summary>A fully connected layer, out = in·W + b, with its gradients. Every sum runs over its index in order, a
/// multiply then an add, so each output has the same bits on every machine, whatever the vector's width.</summary>
/// <remarks>W is held in column blocks, one per vector of outputs: block j holds W[k, j's lanes] for k in order,
/// so the sum over k reads one block straight through. Wᵀ is held likewise, for the gradient into the input.</remarks>
sealed class Dense
{
    public readonly int Inputs, Outputs, Padded;
    readonly int paddedInputs;
    readonly Vector<float>[] w, wT;   // Pad(Outputs)/Width blocks of Inputs vectors; Pad(Inputs)/Width blocks of Outputs
    readonly float[] b;               // [Padded]
    public readonly float[] DW, DB;   // the last backward's: dW [Inputs, Padded] row by row, db [Padded]
    readonly Vector<float>[] inputSums;   // a one-output layer's dW, with the inputs in the lanes

    public Dense(int inputs, int outputs)
    {
        (Inputs, Outputs, Padded, paddedInputs) = (inputs, outputs, Pad(outputs), Pad(inputs));
        w = new Vector<float>[Padded / Width * inputs];
        wT = new Vector<float>[paddedInputs / Width * outputs];
        b = new float[Padded];
        DW = new float[inputs * Padded];
        DB = new float[Padded];
        inputSums = new Vector<float>[paddedInputs / Width];
    }

    /// <summary>Takes W (row by row, Inputs × Outputs) and b from a network's parameter row. The blocks' lanes past
    /// the last output (or input) are never written, so they stay zero.</summary>
    public void Load(ReadOnlySpan<float> weights, ReadOnlySpan<float> bias)
    {
        Debug.Assert(weights.Length == Inputs * Outputs && bias.Length == Outputs);
        var blocks = MemoryMarshal.Cast<Vector<float>, float>(w.AsSpan());
        var blocksT = MemoryMarshal.Cast<Vector<float>, float>(wT.AsSpan());
        for (int k = 0; k < Inputs; k++)
            for (int j = 0; j < Outputs; j++)
            {
                float weight = weights[k * Outputs + j];
                blocks[(j / Width * Inputs + k) * Width + j % Width] = weight;
                blocksT[(k / Width * Outputs + j) * Width + k % Width] = weight;
            }
        bias.CopyTo(b);
    }

    /// <summary>Puts dW and db into a network's gradient row.</summary>
    public void StoreGradients(Span<float> weights, Span<float> bias)
    {
        for (int k = 0; k < Inputs; k++) DW.AsSpan(k * Padded, Outputs).CopyTo(weights[(k * Outputs)..]);
        DB.AsSpan(0, Outputs).CopyTo(bias);
    }

    /// <summary>output[r] = Σ_k input[r,k]·W[k] + b for n rows of input, each inputStride floats after the last.</summary>
    public void Forward(ReadOnlySpan<float> input, int inputStride, int n, Span<float> output)
    {
        Multiply(input, inputStride, Inputs, n, w, output, Padded);
        var bias = ReadVectors(b);
        for (int r = 0; r < n; r++)
        {
            var row = Vectors(output.Slice(r * Padded, Padded));
            for (int j = 0; j < row.Length; j++) row[j] += bias[j];
        }
    }

    /// <summary>dInput[r,k] = Σ_j dOutput[r,j]·W[k,j], over the outputs in order: n rows of Pad(Inputs).</summary>
    public void InputGradient(ReadOnlySpan<float> dOutput, int n, Span<float> dInput) =>
        Multiply(dOutput, Padded, Outputs, n, wT, dInput, paddedInputs);

    /// <summary>output[r, block j] = Σ_k input[r,k]·blocks[j][k], k in order from 0, for n rows of count inputs.
    /// Two rows by two blocks at a time share their loads and broadcasts and keep four sums going; each sum's order
    /// is the same.</summary>
    static void Multiply(ReadOnlySpan<float> input, int inputStride, int count, int n, Vector<float>[] blocks, Span<float> output, int outputStride)
    {
        int r = 0;
        for (; r + 1 < n; r += 2)
        {
            var a = input.Slice(r * inputStride, count);
            var b = input.Slice((r + 1) * inputStride, count);
            var rowA = Vectors(output.Slice(r * outputStride, outputStride));
            var rowB = Vectors(output.Slice((r + 1) * outputStride, outputStride));
            int j = 0;
            for (; j + 1 < rowA.Length; j += 2)
            {
                var block0 = blocks.AsSpan(j * count, count);
                var block1 = blocks.AsSpan((j + 1) * count, count);
                var (sumA0, sumA1, sumB0, sumB1) = (Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero, Vector<float>.Zero);
                for (int k = 0; k < block0.Length; k++)
                {
                    var (xA, xB) = (new Vector<float>(a[k]), new Vector<float>(b[k]));
                    sumA0 += xA * block0[k];
                    sumA1 += xA * block1[k];
                    sumB0 += xB * block0[k];
                    sumB1 += xB * block1[k];
                }
                (rowA[j], rowA[j + 1], rowB[j], rowB[j + 1]) = (sumA0, sumA1, sumB0, sumB1);
            }
            for (; j < rowA.Length; j++)
            {
                var block = blocks.AsSpan(j * count, count);
                var (sumA, sumB) = (Vector<float>.Zero, Vector<float>.Zero);
                for (int k = 0; k < block.Length; k++)
                {
                    sumA += new Vector<float>(a[k]) * block[k];
                    sumB += new Vector<float>(b[k]) * block[k];
                }
                (rowA[j], rowB[j]) = (sumA, sumB);
            }
        }
        for (; r < n; r++)
        {
            var a = input.Slice(r * inputStride, count);
            var row = Vectors(output.Slice(r * outputStride, outputStride));
            for (int j = 0; j < row.Length; j++)
            {
                var block = blocks.AsSpan(j * count, count);
                var sum = Vector<float>.Zero;
                for (int k = 0; k < block.Length; k++) sum += new Vector<float>(a[k]) * block[k];
                row[j] = sum;
            }
        }
    }

    /// <summary>dW[k] = Σ_r input[r,k]·dOutput[r] and db = Σ_r dOutput[r], over the rows in order (four rows at a
    /// time, the first added first: the same order, one load and store of dW for the four).</summary>
    public void Backward(ReadOnlySpan<float> input, int inputStride, int n, ReadOnlySpan<float> dOutput)
    {
        var dWeights = Vectors(DW);
        var dBias = Vectors(DB);
        int per = Padded / Width;
        dWeights.Clear();
        dBias.Clear();
        if (Outputs == 1 && inputStride == paddedInputs)
        {
            BackwardToOneOutput(input, inputStride, n, dOutput);
            return;
        }
        int r = 0;
        for (; r + 3 < n; r += 4)
        {
            var d0 = ReadVectors(dOutput.Slice(r * Padded, Padded));
            var d1 = ReadVectors(dOutput.Slice((r + 1) * Padded, Padded));
            var d2 = ReadVectors(dOutput.Slice((r + 2) * Padded, Padded));
            var d3 = ReadVectors(dOutput.Slice((r + 3) * Padded, Padded));
            var a0 = input.Slice(r * inputStride, Inputs);
            var a1 = input.Slice((r + 1) * inputStride, Inputs);
            var a2 = input.Slice((r + 2) * inputStride, Inputs);
            var a3 = input.Slice((r + 3) * inputStride, Inputs);
            for (int k = 0; k < a0.Length; k++)
            {
                var (x0, x1, x2, x3) = (new Vector<float>(a0[k]), new Vector<float>(a1[k]), new Vector<float>(a2[k]), new Vector<float>(a3[k]));
                var dRow = dWeights.Slice(k * per, per);
                for (int j = 0; j < dRow.Length; j++) dRow[j] = dRow[j] + x0 * d0[j] + x1 * d1[j] + x2 * d2[j] + x3 * d3[j];
            }
            for (int j = 0; j < dBias.Length; j++) dBias[j] = dBias[j] + d0[j] + d1[j] + d2[j] + d3[j];
        }
        for (; r < n; r++)
        {
            var d = ReadVectors(dOutput.Slice(r * Padded, Padded));
            var a = input.Slice(r * inputStride, Inputs);
            for (int k = 0; k < a.Length; k++)
            {
                var x = new Vector<float>(a[k]);
                var dRow = dWeights.Slice(k * per, per);
                for (int j = 0; j < dRow.Length; j++) dRow[j] += x * d[j];
            }
            for (int j = 0; j < dBias.Length; j++) dBias[j] += d[j];
        }
    }

    /// <summary>Backward's sums for a layer of one output, with the inputs in a vector's lanes instead of the outputs:
    /// dW[k] = Σ_r input[r,k]·dOutput[r] over the rows in order, as there, for a vector of k at a time. The input rows
    /// must be padded with zeros to whole vectors.</summary>
    void BackwardToOneOutput(ReadOnlySpan<float> input, int inputStride, int n, ReadOnlySpan<float> dOutput)
    {
        Debug.Assert(inputStride == paddedInputs);
        var sums = inputSums.AsSpan();
        sums.Clear();
        float dBias = 0;
        for (int r = 0; r < n; r++)
        {
            var a = ReadVectors(input.Slice(r * inputStride, paddedInputs));
            var d = dOutput[r * Padded];
            var dv = new Vector<float>(d);
            for (int j = 0; j < sums.Length; j++) sums[j] += a[j] * dv;
            dBias += d;
        }
        for (int k = 0; k < Inputs; k++) DW[k * Padded] = sums[k / Width][k % Width];
        DB[0] = dBias;
    }
}
