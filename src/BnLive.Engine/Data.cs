namespace BnLive.Engine;

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

    /// <summary>The built-in data sets of --data, by name: 100 points on [-1, 1] each.</summary>
    public static readonly string[] BuiltinNames = ["notebook", "sine", "abs", "step", "xsinx"];

    /// <summary>A built-in data set (null when name is none of them): the notebook's; one period of a sine; |x|
    /// with its sharp bend; a step from -1 to 1 at x = 0; ConvNetJS's x·sin x over [-5, 5], with x scaled to [-1, 1].</summary>
    public static (float[] X, float[] Y)? Builtin(string name)
    {
        if (name == "notebook") return Notebook();
        Func<double, double>? f = name switch
        {
            "sine" => x => Math.Sin(Math.PI * x),
            "abs" => Math.Abs,
            "step" => x => x < 0 ? -1 : 1,
            "xsinx" => x => 5 * x * Math.Sin(5 * x),
            _ => null,
        };
        if (f is null) return null;
        var xs = Linspace(-1, 1, Count);
        return (xs, [.. xs.Select(x => (float)f(x))]);
    }

    /// <summary>--data: a built-in name, else a CSV file (Csv.Load). A file named like a built-in: give it as ./name.</summary>
    public static (float[] X, float[] Y) Load(string nameOrPath) => Builtin(nameOrPath) ?? Csv.Load(nameOrPath);

    /// <summary>X_train and Y_train of the notebook, float32.</summary>
    public static (float[] X, float[] Y) Notebook()
    {
        var x = Linspace(-1, 1, Count);
        var y = new float[Count];
        for (int i = 0; i < Count; i++) y[i] = (float)PseudoFunction(x[i], i, Count);
        return (x, y);
    }
}
