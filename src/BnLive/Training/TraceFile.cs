using System.Text.Json;
using BnLive.Engine;

namespace BnLive.Training;

/// <summary>The JSON trace of a run (format in docs/formats.md): settings, data, initial weights, every loss, snapshots.</summary>
public static class TraceFile
{
    public static void Write(Stream stream, Trainer t)
    {
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteString("engine", Engines.Flag(t.EngineKind));
        WriteBody(w, t);
        w.WriteEndObject();
    }

    /// <summary>The trace's members, which a model file shares.</summary>
    internal static void WriteBody(Utf8JsonWriter w, Trainer t)
    {
        var s = t.Settings;
        w.WriteString("mode", Settings.Name(s.Mode));
        w.WriteNumber("seed", s.Seed);
        w.WriteNumber("epochs", s.Epochs);
        w.WriteNumber("every", s.Every);
        w.WriteNumber("lr", s.Lr);
        w.WriteNumber("decay", s.Decay);
        w.WriteNumber("eps", s.Eps);
        w.WriteString("pre_bn_bias", Settings.Name(s.PreBnBias));
        w.WriteBoolean("precise_bn", s.PreciseBn);
        w.WriteNumber("init_scale", s.InitScale);
        Floats(w, "x", t.X);
        Floats(w, "y", t.Y);
        // the weights the network started from: --init-scale's included
        var init = t.Init.Scaled(s.InitScale);
        w.WriteStartObject("init");
        Matrix(w, "W1", init.W1); Floats(w, "b1", init.B1);
        Matrix(w, "W2", init.W2); Floats(w, "b2", init.B2);
        Matrix(w, "W3", init.W3); Floats(w, "b3", init.B3);
        w.WriteEndObject();
        Floats(w, "loss", t.Losses);
        w.WriteStartArray("snapshots");
        foreach (var snap in t.Snapshots)
        {
            w.WriteStartObject();
            w.WriteNumber("epoch", snap.Epoch);
            // the global moments can overflow while the training loss stays finite (BN at a huge lr)
            if (float.IsFinite(snap.PredictLoss)) w.WriteNumber("predict_loss", snap.PredictLoss); else w.WriteNull("predict_loss");
            Floats(w, "y_pred", snap.YPred);
            if (snap.X is not null && snap.X != t.X) Floats(w, "x", snap.X);   // a fit from before the points were edited
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    internal static void Floats(Utf8JsonWriter w, string name, IEnumerable<float> values)
    {
        w.WriteStartArray(name);
        Values(w, values);
    }

    // NaN and infinities are not JSON: a diverged run writes them as null.
    static void Values(Utf8JsonWriter w, IEnumerable<float> values)
    {
        foreach (var v in values)
        {
            if (float.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue();
        }
        w.WriteEndArray();
    }

    static void Matrix(Utf8JsonWriter w, string name, float[][] m)
    {
        w.WriteStartArray(name);
        foreach (var row in m)
        {
            w.WriteStartArray();
            Values(w, row);
        }
        w.WriteEndArray();
    }
}
