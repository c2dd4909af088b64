using BnLive.Commands;

try
{
    Interrupt.Install();
    var options = Cli.Parse(args);
    if (options.Command == CommandName.Help)
    {
        if (Inputs.CheckOnly) return 0;   // the run after the check prints it
        Console.WriteLine(Cli.Help(options.Topic));
        // the keys where there is a window: the whole help, and the window's and the lecture's
        if (options.Topic is CommandName.Auto or CommandName.Window or CommandName.Lecture)
            Console.WriteLine(Environment.NewLine + BnLive.App.Commands.HelpText());
        return 0;
    }
    // no command: the window where there is a display (`dotnet run` does as ./run.sh does), else the files
    if (options.Command == CommandName.Auto)
        options = options with { Command = BnLive.Native.Screen.HasDisplay && !options.WantsFiles ? CommandName.Window : CommandName.Export };
    // the user's input first, then the machine: a bad file says so with or without a display
    options = Inputs.Check(options);
    if (Inputs.CheckOnly) return 0;
    if (Cli.Note(options) is string note) Console.Error.WriteLine($"bnlive: {note}");
    if (BnLive.Native.Loading.TorchProblem() is string torch)
    {
        Console.Error.WriteLine($"bnlive: {torch}");
        return 1;
    }
    switch (options.Command)
    {
        case CommandName.Window:
            return WindowCommand.Run(options);
        case CommandName.Lecture:
            return LectureCommand.Run(options);
        case CommandName.Export when options.LectureVideo:
            return LectureVideoCommand.Run(options);
        case CommandName.Sweep:
            return SweepCommand.Run(options);
        default:
            return ExportCommand.Run(options);
    }
}
catch (CliError e)
{
    Console.Error.WriteLine($"bnlive: {e.Message}");
    return 2;
}
catch (Exception e) when (e is BnLive.Engine.DataError or BnLive.Teaching.LectureError)
{
    Console.Error.WriteLine($"bnlive: {e.Message}");
    return 2;
}
catch (BnLive.Recording.RecordingError e)
{
    Console.Error.WriteLine($"bnlive: {e.Message}");
    return 1;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"bnlive: a file could not be written: {BnLive.Recording.SafeFile.Reason(e)}; nothing half-written is left");
    return 1;
}
catch (BnLive.Native.DisplayError e)
{
    Console.Error.WriteLine($"bnlive: {e.Message}");
    return e.ExitCode;
}
catch (StoppedException e)
{
    Console.Error.WriteLine($"bnlive: {e.Message}");
    return e.ExitCode;
}
catch (TypeInitializationException e) when (e.TypeName?.StartsWith("TorchSharp") == true)
{
    Console.Error.WriteLine("bnlive: TorchSharp's native library (libLibTorchSharp.so) did not load: build and run through ./run.sh, which makes it load on this system");
    return 1;
}
catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
{
    Console.Error.WriteLine($"bnlive: {BnLive.Native.Loading.Explain(e)}");
    return 1;
}
