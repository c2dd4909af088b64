using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Fluent.Syntax.Elements.Types;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace BnLive.Tests;

/// <summary>The layers of docs/architecture.md as rules: dependencies point one way, from the doors (Commands) and
/// the window (App) down to the model (BnLive.Engine, Training) and Native. A wrong import fails here with the
/// rule's sentence and the types that break it.</summary>
[Trait("Category", "Unit")]
public class LayerTests
{
    static readonly Architecture Bnlive = new ArchLoader()
        .LoadAssemblies(typeof(BnLive.Engine.Network).Assembly, typeof(Cli).Assembly).Build();

    /// <summary>The types of a folder of src/BnLive (a namespace under BnLive), or of the engine's project.</summary>
    static GivenTypesConjunction In(string folder) => Types().That().ResideInNamespaceMatching($@"^BnLive\.{folder}(\..+)?$");

    static IObjectProvider<IType> Of(params string[] folders) =>
        Types().That().ResideInNamespaceMatching($@"^BnLive\.({string.Join('|', folders)})(\..+)?$").As(string.Join(", ", folders));

    [Fact]
    public void TheEngineDependsOnNothingOfOurs() =>
        In("Engine").Should().NotDependOnAny(Of("Training", "App", "Commands", "Teaching", "Drawing", "Recording", "Native"))
            .Because("the model (BnLive.Engine) depends on nothing of ours: it is the lesson's arithmetic and nothing else")
            .Check(Bnlive);

    [Fact]
    public void TrainingDependsOnTheEnginesAlone() =>
        In("Training").Should().NotDependOnAny(Of("App", "Commands", "Teaching", "Drawing", "Recording", "Native"))
            .Because("the model (Training: runs over time, on the engine or the TorchSharp model) depends on nothing above it, so the window, the files and the tests share it")
            .Check(Bnlive);

    [Fact]
    public void TheTorchModelDependsOnTheEngineAlone() =>
        In("Torch").Should().NotDependOnAny(Of("Training", "App", "Commands", "Teaching", "Drawing", "Recording", "Native"))
            .Because("the TorchSharp model is the notebook's model and its reference: it shares the engine's initial weights and nothing above")
            .Check(Bnlive);

    [Fact]
    public void NativeDependsOnNothingOfOurs() =>
        In("Native").Should().NotDependOnAny(Of("Engine", "Training", "App", "Commands", "Teaching", "Drawing", "Recording"))
            .Because("Native (every P/Invoke) depends on nothing of ours: it is the floor every other folder stands on")
            .Check(Bnlive);

    [Fact]
    public void DrawingKnowsNeitherTheWindowNorTheLecturesNorTheCommands() =>
        In("Drawing").Should().NotDependOnAny(Of("App", "Teaching", "Commands"))
            .Because("Drawing turns plain data into pixels: a caption or a HUD line reaches it as data, not as a lecture, a window or a command")
            .Check(Bnlive);

    [Fact]
    public void RecordingKnowsNoDrawing() =>
        In("Recording").Should().NotDependOnAny(Of("Drawing", "App", "Teaching", "Commands"))
            .Because("Recording writes frames it is given (pixels) to files, whatever drew them")
            .Check(Bnlive);

    [Fact]
    public void TheRulesSeeTheCode()
    {
        // a rule over an empty folder passes whatever it says: each folder the rules name holds types
        foreach (var folder in new[] { "Engine", "Training", "App", "Commands", "Teaching", "Drawing", "Recording", "Native" })
            Assert.True(In(folder).GetObjects(Bnlive).Count() > 3, $"no types found in BnLive.{folder}");
    }
}
