using System.Text.Json;
using BnLive.Engine;

namespace BnLive.Training;

/// <summary>A saved model: the trace's layout (settings, data, losses, snapshots) plus what it takes to go on
/// training exactly where it stopped: "epoch", "hidden", the parameters, BN's global moments and Adam's state.</summary>
/// <remarks>Every float is written in its shortest round-trip form, so a model saved and loaded continues with the
/// very same numbers as a run that was never interrupted.</remarks>
public static class ModelFile
{
    public static void Write(Stream stream, Trainer t)
    {
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        TraceFile.WriteBody(w, t);
        w.WriteNumber("epoch", t.Epoch);
        w.WriteNumber("hidden", t.Settings.Hidden);
        Named(w, "params", t.Network.Parameters());
        w.WriteStartObject("globals");
        foreach (var (layer, i) in t.Network.BatchNorms.Select((l, i) => (l, i + 1)))
        {
            TraceFile.Floats(w, "mean" + i, layer.GlobalMean.ToArray());
            TraceFile.Floats(w, "var" + i, layer.GlobalVar.ToArray());
        }
        w.WriteEndObject();
        w.WriteStartObject("adam");
        w.WriteNumber("t", t.Network.AdamStep);
        Named(w, "m", t.Network.AdamM());
        Named(w, "v", t.Network.AdamV());
        w.WriteEndObject();
        w.WriteEndObject();
    }

    static void Named(Utf8JsonWriter w, string name, IEnumerable<(string Name, Memory<float> Value)> values)
    {
        w.WriteStartObject(name);
        foreach (var (n, v) in values) TraceFile.Floats(w, n, v.ToArray());
        w.WriteEndObject();
    }

    /// <summary>What a model file holds, checked against the run that will load it.</summary>
    public sealed record Saved(int Epoch, float[] X, float[] Y, float[] Losses, List<Snapshot> Snapshots, JsonElement Root);

    /// <summary>Reads a model file for a run of these settings; a file that does not fit says why in one line.</summary>
    public static Saved Read(string path, Settings s)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataError($"{path}: cannot read it ({e.Message})"); }
        catch (JsonException) { throw new DataError($"{path} is not a bnlive model file (not valid JSON)"); }
        try
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("params", out _) || !root.TryGetProperty("adam", out _))
                throw new DataError($"{path} is not a bnlive model file (no \"params\" and \"adam\"; a trace is not a model: save one with W or --save-model)");
            var mode = Settings.ParseMode(root.GetProperty("mode").GetString() ?? "");
            int hidden = root.GetProperty("hidden").GetInt32();
            if (mode != s.Mode || hidden != s.Hidden)
                throw new DataError($"{path} holds a {root.GetProperty("mode").GetString()} network with {hidden} hidden units; this run is " +
                                    $"{Settings.Name(s.Mode)} with {s.Hidden}: give --mode and --hidden to match");
            var x = Floats(root, "x");
            var y = Floats(root, "y");
            var losses = Floats(root, "loss");
            int epoch = root.GetProperty("epoch").GetInt32();
            if (x.Length != y.Length || x.Length < 2) throw new DataError($"{path}: x and y must hold the same number of points, at least 2");
            if (losses.Length != epoch || epoch < 0) throw new DataError($"{path}: \"loss\" holds {losses.Length} values for epoch {epoch}");
            var snapshots = root.GetProperty("snapshots").EnumerateArray()
                .Select(e => new Snapshot(e.GetProperty("epoch").GetInt32(), e.GetProperty("predict_loss") is { ValueKind: JsonValueKind.Null } ? float.NaN : e.GetProperty("predict_loss").GetSingle(), Floats(e, "y_pred"),
                    e.TryGetProperty("x", out var sx) ? Floats(sx) : x)).ToList();
            return new Saved(epoch, x, y, losses, snapshots, root.Clone());
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DataError($"{path} is not a bnlive model file ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Puts a saved model's parameters, global moments and Adam state into a trainer made for its data.</summary>
    public static void Restore(Trainer t, Saved saved, string path)
    {
        var net = t.Network;
        void Into(JsonElement obj, IEnumerable<(string Name, Memory<float> Value)> targets)
        {
            foreach (var (name, target) in targets)
            {
                var values = Floats(obj, name);
                if (values.Length != target.Length)
                    throw new DataError($"{path}: {name} holds {values.Length} values where this network has {target.Length}");
                values.CopyTo(target);
            }
        }
        try
        {
            var root = saved.Root;
            Into(root.GetProperty("params"), net.Parameters());
            net.RemoveAbsentBiases();
            var adam = root.GetProperty("adam");
            Into(adam.GetProperty("m"), net.AdamM());
            Into(adam.GetProperty("v"), net.AdamV());
            net.AdamStep = adam.GetProperty("t").GetInt32();
            var globals = root.GetProperty("globals");
            foreach (var (layer, i) in net.BatchNorms.Select((l, i) => (l, i + 1)))
                Into(globals, [("mean" + i, layer.GlobalMean), ("var" + i, layer.GlobalVar)]);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DataError($"{path} is not a bnlive model file ({e.Message.Split('\n')[0]})");
        }
        t.Restore(saved.Losses, saved.Snapshots);
    }

    static float[] Floats(JsonElement obj, string name) => Floats(obj.GetProperty(name));

    static float[] Floats(JsonElement array) =>
        [.. array.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? float.NaN : v.GetSingle())];
}
