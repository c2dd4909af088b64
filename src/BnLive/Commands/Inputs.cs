using BnLive.Engine;
using BnLive.Recording;
using BnLive.Teaching;
using BnLive.Training;

namespace BnLive.Commands;

/// <summary>What a command takes from the user, checked before anything about the machine it runs on: the lecture
/// file, the data, a saved model and the output paths. A bad one is one line and exit 2 whether or not there is a
/// display, Xvfb, raylib, ffmpeg or TorchSharp, so a teacher checking a lecture file over ssh learns about the file.</summary>
public static class Inputs
{
    /// <summary>BNLIVE_CHECK_ONLY=1: check the command line and its files, then stop. run.sh does this before it
    /// looks at the environment, so that its own "no display" or "no Xvfb" comes only for good input.</summary>
    public static bool CheckOnly => Environment.GetEnvironmentVariable("BNLIVE_CHECK_ONLY") == "1";

    /// <summary>The options a command runs with (its default outputs filled in), once every input is checked.</summary>
    public static Options Check(Options o)
    {
        switch (o.Command)
        {
            case CommandName.Lecture:
                Lecture.Load(o.LectureFile ?? Lecture.BuiltIn);   // its steps' data files too
                return o;
            case CommandName.Export when o.LectureVideo:
                var lecture = Lecture.Load(o.LectureFile ?? Lecture.BuiltIn);
                if (o.Mp4 is null && o.Gif is null)
                    o = o with { Mp4 = Path.Combine("out", $"lecture-{Path.GetFileNameWithoutExtension(lecture.Path)}.mp4") };
                Writable(("--mp4", o.Mp4), ("--gif", o.Gif));
                return o;
            case CommandName.Sweep:
                if (o.Settings.BatchSize != 0 && o.Lrs is null)
                    throw new CliError("--batch-size is not supported by the seed sweep (it is by --lrs; for a sweep of sizes use --batch-sizes)");
                Readable(o);
                Folder(o.Out, GridSweep.Files(o) ?? [Path.Combine(o.Out, SweepCommand.CsvName), Path.Combine(o.Out, SweepCommand.SheetName)]);
                return o;
            case CommandName.Export:
                o = o.WithDefaultOutputs();
                Readable(o);   // before the outputs, whose check makes their folders
                Writable(("--png", o.Png), ("--gif", o.Gif), ("--mp4", o.Mp4), ("--trace", o.Trace), ("--save-model", o.SaveModel));
                return o;
            default:
                Readable(o);
                return o;
        }
    }

    /// <summary>--data and --load-model: read now, so that a bad file stops before the window or the training.</summary>
    static void Readable(Options o)
    {
        int points = 100;
        if (o.DataFile is not null) points = Data.Load(o.DataFile).X.Length;
        if (o.LoadModel is not null)
        {
            var saved = ModelFile.Read(o.LoadModel, o.Settings);
            if (o.DataFile is null) points = saved.X.Length;
        }
        PyTorchBatches(o, points);
    }

    /// <summary>PyTorch mode trains as torch.nn.BatchNorm1d does, which refuses a batch of one point while training:
    /// a batch size of 1, or one that leaves a last mini-batch of one (DataLoader's drop_last=False keeps it).</summary>
    static void PyTorchBatches(Options o, int points)
    {
        bool pytorch = o.Command == CommandName.Sweep ? o.ModeGiven && o.Settings.Mode == BnMode.PyTorch
            : o.View == View.Compare ? o.Pair.Left == BnMode.PyTorch || o.Pair.Right == BnMode.PyTorch
            : o.Settings.Mode == BnMode.PyTorch;
        if (!pytorch) return;
        const string PyTorchSays = "PyTorch's BatchNorm1d refuses it while training (\"Expected more than 1 value per channel when training\")";
        string flag = o.BatchSizes is null ? "--batch-size" : "--batch-sizes";
        foreach (int size in o.BatchSizes ?? [o.Settings.BatchSize])
        {
            if (size == 1)
                throw new CliError($"--mode pytorch with {flag} 1: a batch of one point has no variance to normalise with, and {PyTorchSays}; "
                    + "use a batch size of 2 or more, or --mode notebook, which trains it (x̂ = 0, each unit outputs β)");
            if (size > 1 && size < points && points % size == 1)
                throw new CliError($"--mode pytorch with {flag} {size} on {points} points leaves a last mini-batch of one point "
                    + $"({points - 1} = {(points - 1) / size} × {size}, then 1), and {PyTorchSays} as DataLoader's drop_last=False "
                    + $"hands it over; use a batch size that leaves no single point, e.g. {Fix(size, points)}");
        }
    }

    /// <summary>The batch size nearest to size (smaller first) that leaves no last mini-batch of one point.</summary>
    static int Fix(int size, int points)
    {
        for (int d = 1; ; d++)
        {
            if (size - d >= 2 && points % (size - d) != 1) return size - d;
            if (size + d >= points || points % (size + d) != 1) return size + d;
        }
    }

    static void Writable(params (string Flag, string? Path)[] outputs)
    {
        foreach (var (flag, path) in outputs)
            if (path is not null && SafeFile.Problem(path) is string problem)
                throw new CliError($"{flag} {path}: {problem}");
    }

    /// <summary>--out: a folder (made if missing) in which these files can be written.</summary>
    static void Folder(string dir, params string[] files)
    {
        for (var d = Path.GetFullPath(dir); d is not null; d = Path.GetDirectoryName(d))
            if (File.Exists(d))
                throw new CliError($"--out {dir}: {(d == Path.GetFullPath(dir) ? "" : d + " ")}is a file, not a folder");
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliError($"--out {dir}: cannot make this folder ({e.Message.TrimEnd('.')})");
        }
        foreach (var file in files)
            if (SafeFile.Problem(file) is string problem)
                throw new CliError($"--out {dir}: {Path.GetFileName(file)} {problem}");
    }
}
