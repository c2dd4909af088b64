using BnLive;

try
{
    Interrupt.Install();
    var options = Cli.Parse(args);
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
catch (DllNotFoundException e)
{
    Console.Error.WriteLine($"bnlive: a native library did not load: {e.Message.Split('\n')[0]} (run through ./run.sh, which builds and finds it)");
    return 1;
}
