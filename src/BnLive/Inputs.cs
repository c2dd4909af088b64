using BnLive.Engine;
using BnLive.Recording;
using BnLive.Teaching;
using BnLive.Training;

namespace BnLive;

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
            case Command.Lecture:
                Lecture.Load(o.LectureFile ?? Lecture.BuiltIn);   // its steps' data files too
                return o;
            case Command.Export when o.LectureVideo:
                var lecture = Lecture.Load(o.LectureFile ?? Lecture.BuiltIn);
                if (o.Mp4 is null && o.Gif is null)
                    o = o with { Mp4 = Path.Combine("out", $"lecture-{Path.GetFileNameWithoutExtension(lecture.Path)}.mp4") };
                Writable(("--mp4", o.Mp4), ("--gif", o.Gif));
                return o;
            case Command.Sweep:
                if (o.Settings.BatchSize != 0) throw new CliError("--batch-size is not supported by sweep");
                Readable(o);
                Folder(o.Out, Path.Combine(o.Out, SweepCommand.CsvName), Path.Combine(o.Out, SweepCommand.SheetName));
                return o;
            case Command.Export:
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
        if (o.DataFile is not null) Data.Load(o.DataFile);
        if (o.LoadModel is not null) ModelFile.Read(o.LoadModel, o.Settings);
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
