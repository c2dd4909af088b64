using System.Globalization;
using System.Text;

namespace BnLive.Engine;

/// <summary>A data file that cannot be used: one line saying where and why.</summary>
public sealed class DataError(string message) : Exception(message);

/// <summary>Your own data: a text file of x,y pairs, one per line, separated by a comma or whitespace, with an
/// optional header line and # comments. Points come back sorted by x (the fits are drawn as lines through them).</summary>
public static class Csv
{
    public const int MaxPoints = 100_000;
    const long MaxBytes = 64L << 20;

    public static (float[] X, float[] Y) Load(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path)) throw new DataError($"{path} is a directory, not a CSV file");
            if (!info.Exists) throw new DataError($"{path}: no such file, nor a built-in data set ({string.Join(", ", Data.BuiltinNames)})");
            if (info.Length > MaxBytes) throw new DataError($"{path}: {info.Length >> 20} MB is too big for a data file (at most {MaxPoints:N0} points)");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataError($"{path}: cannot read it ({e.Message})");
        }
        if (bytes.Length == 0) throw new DataError($"{path} is empty: it needs at least 2 lines of x,y");
        if (IsBinary(bytes))
            throw new DataError($"{path} is a binary file, not a CSV of x,y numbers");

        var xs = new List<float>();
        var ys = new List<float>();
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        bool headerAllowed = true;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Contains(',') ? line.Split(',').Select(f => f.Trim()).ToArray()
                                            : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            bool numeric = fields.Length == 2 && fields.All(f => double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            if (!numeric && headerAllowed && fields.Length == 2 && fields.All(f => f.Length > 0 && !double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                headerAllowed = false;   // a header: two names, on the first line that is not blank
                continue;
            }
            headerAllowed = false;
            if (fields.Length != 2)
                throw new DataError($"{path} line {i + 1}: expected two columns x,y, found {fields.Length}: '{Short(line)}'");
            var values = new float[2];
            for (int k = 0; k < 2; k++)
            {
                bool infinite = fields[k].TrimStart('+', '-').ToLowerInvariant() is "inf" or "infinity";
                if (!double.TryParse(fields[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !infinite)
                    throw new DataError($"{path} line {i + 1}: '{Short(fields[k])}' is not a number");
                float f = infinite ? float.PositiveInfinity : (float)v;
                if (!float.IsFinite(f))
                    throw new DataError($"{path} line {i + 1}: {(k == 0 ? "x" : "y")} is {fields[k]}: only finite numbers can be trained on");
                values[k] = f;
            }
            if (xs.Count == MaxPoints) throw new DataError($"{path}: more than {MaxPoints:N0} points (line {i + 1})");
            xs.Add(values[0]);
            ys.Add(values[1]);
        }
        if (xs.Count < 2) throw new DataError($"{path}: {xs.Count} point{(xs.Count == 1 ? "" : "s")}; at least 2 are needed");
        var order = Enumerable.Range(0, xs.Count).OrderBy(i => xs[i]).ToArray();
        return ([.. order.Select(i => xs[i])], [.. order.Select(i => ys[i])]);
    }

    /// <summary>Not text: a NUL byte, or bytes that are not UTF-8 (a data file and a lecture are both text).</summary>
    public static bool IsBinary(byte[] bytes) => Array.IndexOf(bytes, (byte)0) >= 0 || !IsUtf8(bytes);

    static bool IsUtf8(byte[] bytes)
    {
        try { new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(bytes); return true; }
        catch (DecoderFallbackException) { return false; }
    }

    static string Short(string s) => s.Length <= 40 ? s : s[..37] + "...";

    /// <summary>Writes x,y with a header, as Load reads it back.</summary>
    public static string Format(float[] x, float[] y)
    {
        var sb = new StringBuilder("x,y\n");
        for (int i = 0; i < x.Length; i++)
            sb.Append(x[i].ToString("R", CultureInfo.InvariantCulture)).Append(',').Append(y[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }
}
