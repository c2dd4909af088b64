using BnLive;

try
{
    Interrupt.Install();
    var options = Cli.Parse(args);
    if (Cli.Note(options) is string note) Console.Error.WriteLine($"bnlive: {note}");
    if (options.Command != Command.Help && BnLive.Native.Loading.TorchProblem() is string torch)
    {
        Console.Error.WriteLine($"bnlive: {torch}");
        return 1;
    }
    switch (options.Command)
    {
        case Command.Help:
            Console.WriteLine(Cli.Usage);
            return 0;
        case Command.Window:
            return new BnLive.App.LiveWindow(options).Run();
        case Command.Sweep:
            return SeedSweep.Run(options);
        default:
            return Export.Run(options);
    }
}
catch (CliError e)
{
    Console.Error.WriteLine($"bnlive: {e.Message}");
    return 2;
}
catch (BnLive.Lesson.DataError e)
{
    Console.Error.WriteLine($"bnlive: {e.Message}");
    return 2;
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
