using System.Reflection;
using System.Text.Json;
using BnLive.App;

namespace BnLive.Tests;

/// <summary>The window's event log: every kind of event is worded, its JSON carries its kind, its words and each
/// of its fields, and the words are the log's as it was before the events were typed.</summary>
[Trait("Category", "Unit")]
public class EventsTests
{
    static readonly Type[] Kinds = [.. typeof(Event).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Event)) && !t.IsAbstract)];

    /// <summary>An event of type t with a value of its type in each field.</summary>
    static Event Sample(Type t)
    {
        var ctor = t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        return (Event)ctor.Invoke([.. ctor.GetParameters().Select(p => Value(p.ParameterType))]);
    }

    static object? Value(Type t) =>
        t == typeof(string) ? "x" : t == typeof(int) ? 3 : t == typeof(double) ? 0.25 : t == typeof(float) ? 0.5f : t == typeof(bool) ? true
        : Nullable.GetUnderlyingType(t) is Type u ? Value(u)
        : t.IsArray ? MakeArray(t.GetElementType()!)
        : t.GetConstructors().First() is var c ? c.Invoke([.. c.GetParameters().Select(p => Value(p.ParameterType))]) : null;

    static Array MakeArray(Type element)
    {
        var a = Array.CreateInstance(element, 2);
        a.SetValue(Value(element), 0);
        a.SetValue(Value(element), 1);
        return a;
    }

    [Fact]
    public void ThereAreEventsToCheck() => Assert.True(Kinds.Length > 40, $"{Kinds.Length} kinds of event");

    [Fact]
    public void EveryKindIsWordedAndItsJsonHasItsKindWordsAndFields()
    {
        foreach (var t in Kinds)
        {
            var e = Sample(t);
            string text = Events.Text(e);
            Assert.False(string.IsNullOrWhiteSpace(text), t.Name);
            Assert.Equal($"epoch 7: {text}", Events.Line(7, e, json: false));
            Assert.DoesNotContain(t.GetConstructors().First().GetParameters(), p => p.Name!.ToLowerInvariant() is "epoch" or "kind" or "text");   // the envelope's own
            using var doc = JsonDocument.Parse(Events.Line(7, e, json: true));
            var o = doc.RootElement;
            Assert.Equal(7, o.GetProperty("epoch").GetInt32());
            Assert.Equal(t.Name, o.GetProperty("kind").GetString());
            Assert.Equal(text, o.GetProperty("text").GetString());
            foreach (var p in t.GetConstructors().First().GetParameters())
            {
                Assert.True(o.TryGetProperty(JsonNamingPolicy.CamelCase.ConvertName(p.Name!), out _), $"{t.Name} has no field {p.Name} in its JSON");
            }
            // read back as the tests read it, the event says the same
            var back = (Event)o.Deserialize(t, new JsonSerializerOptions(JsonSerializerDefaults.Web)
                { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals })!;
            Assert.Equal(text, Events.Text(back));
        }
    }

    [Fact]
    public void ADivergedLossOfNaNIsWrittenInBothForms()
    {
        var e = new Diverged([float.NaN, float.PositiveInfinity], 0.64);
        Assert.Equal("epoch 12: diverged: the training loss is NaN, Infinity (lr 0.64); paused", Events.Line(12, e, json: false));
        using var doc = JsonDocument.Parse(Events.Line(12, e, json: true));
        Assert.Equal("NaN", doc.RootElement.GetProperty("losses")[0].GetString());
    }

    /// <summary>The words of the log, which people and scripts read, are as they were.</summary>
    [Theory]
    [MemberData(nameof(Lines))]
    public void TheLogSaysWhatItSaidBefore(Event e, string line) => Assert.Equal(line, Events.Line(5, e, json: false));

    public static TheoryData<Event, string> Lines => new()
    {
        { new Started("notebook", 1, 6000, 0.005, 800, 500, 100, null, 0), "epoch 5: start: mode notebook, seed 1, 6000 epochs, lr 0.005, 800x500, 100 points" },
        { new ModeChanged("pytorch", 5, 0.9, 1e-5), "epoch 5: mode -> pytorch (seed 5, decay 0.9, eps 1E-05)" },
        { new ViewChanged(true, "notebook BN", "no BN", "notebook", 1), "epoch 5: view -> compare: notebook BN and no BN (seed 1)" },
        { new Paused(AtSnapshot: true), "epoch 5: paused at the snapshot" },
        { new Toggled("loss panel", true), "epoch 5: loss panel on" },
        { new Toggled("loss panel", true, Fixed: true), "epoch 5: loss panel: always shown in the compare view" },
        { new Toggled("inside BN", false), "epoch 5: inside BN hidden" },
        { new LrChanged(0.0025), "epoch 5: lr -> 0.0025 (from the next step on)" },
        { new DecayChanged(0.99, "Keras, momentum 0.99", 100), "epoch 5: decay -> 0.99 (Keras, momentum 0.99; window 100 steps) from the next step on" },
        { new PointMoved(0.5f, -0.25f, 0.5f, 0.75f, 101), "epoch 5: point moved from (0.5, -0.25) to (0.5, 0.75): 101 points" },
        { new RecordingSaved("recordings/a.gif", 40), "epoch 5: recording saved: recordings/a.gif (40 frames)" },
        { new RecordingBusy("MP4", "GIF", "G"), "epoch 5: not recording an MP4: a GIF is recording (G stops it)" },
        { new StepEntered(3, 9, "Side by side"), "epoch 5: step 3/9: Side by side" },
        { new Quit([new("notebook", 400), new("none", 400)]), "epoch 5: quit (notebook at epoch 400, none at epoch 400)" },
        { new PreciseStats([new("notebook", 0.5f, 0.001234f)]), "epoch 5: precise BN statistics: predict-mode loss notebook 0.5 -> 0.001234" },
    };
}
