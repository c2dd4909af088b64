namespace BnLive.Lesson;

/// <summary>The notebook's pseudo data: 100 points of a damped sine plus a slope.</summary>
public static class Data
{
    public const int Count = 100;

    /// <summary>The notebook's pseudo_function, computed in double as numpy does, for point x_i of n_data.</summary>
    public static double PseudoFunction(double x, int xi, int nData)
    {
        const int nWave = 5;
        const double expMax = 1, expMin = -1, bias = 0.5, a = 1.5;
        double radianUnit = Math.PI * nWave / nData;
        double expUnit = (expMax - expMin) / nData;
        return Math.Sin(xi * radianUnit) * Math.Exp(expMax - expUnit * xi) + bias + a * x;
    }

    /// <summary>np.linspace(-1, 1, n, dtype=float32): computed in double, last point exactly 1, then rounded.</summary>
    public static float[] Linspace(double start, double stop, int n)
    {
        var x = new float[n];
        double step = (stop - start) / (n - 1);
        for (int i = 0; i < n; i++) x[i] = (float)(i * step + start);
        x[n - 1] = (float)stop;
        return x;
    }

    /// <summary>X_train and Y_train of the notebook, float32.</summary>
    public static (float[] X, float[] Y) Notebook()
    {
        var x = Linspace(-1, 1, Count);
        var y = new float[Count];
        for (int i = 0; i < Count; i++) y[i] = (float)PseudoFunction(x[i], i, Count);
        return (x, y);
    }
}
