using BnLive.Engine;
using BnLive.Recording;
using BnLive.Training;

namespace BnLive.App;

/// <summary>W: each network's model (parameters, global moments, Adam state, epoch, data), as a file beside the
/// recordings. A model that cannot be written is one log line and a red message.</summary>
static class ModelSaving
{
    public static void Save(IEnumerable<Trainer> trainers, string dir, IWindowVoice voice)
    {
        foreach (var t in trainers)
        {
            if (!t.HasNetwork)
            {
                voice.Log(new ModelNotSaved("a model file holds the default engine's state: K switches to it"));
                voice.Message("saving the model needs the default engine: K switches to it", error: true);
                return;
            }
            var path = Path.Combine(dir, $"bnlive-{Settings.Name(t.Settings.Mode)}-seed{t.Settings.Seed}-epoch{t.Epoch}-{DateTime.Now:yyyyMMdd-HHmmss}.json");
            try
            {
                SafeFile.Write(path, stream => ModelFile.Write(stream, t));
                voice.Log(new ModelSaved(path));
                voice.Message($"saved {path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                voice.Log(new ModelNotSaved(e.Message));
                voice.Message($"could not save the model: {e.Message}", error: true);
            }
        }
    }
}
