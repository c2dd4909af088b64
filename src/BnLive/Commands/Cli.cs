using System.CommandLine;
using BnLive.Engine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Scl = System.CommandLine;

namespace BnLive.Commands;

/// <summary>The command line, on System.CommandLine: the commands and their flags (from <see cref="Flags"/>), read
/// into <see cref="Options"/>, with our own one-line messages for every mistake (System.CommandLine's own error
/// output and usage dumps never reach the user) and the help generated from the same table.</summary>
public static partial class Cli
{
    const string Intro = "bnlive: watch a small network learn, live: the batch normalization notebook in a raylib window."
        + " Without a command: the window where there is a display, else the export. ./run.sh COMMAND --help lists that"
        + " command's own flags; ./run.sh test runs the tests.";

    static readonly HelpOption HelpFlag = new("--help", "-h") { Description = "this help" };
    static readonly Argument<string?> LectureFile = new("FILE.md")
    {
        Arity = ArgumentArity.ZeroOrOne,
        Description = "the lecture to step through: a file, or a built-in one by name (batch-norm, what-bn-buys; without it: batch-norm)",
    };
    static readonly (CommandName Command, On On, Scl.Command Symbol)[] Commands =
    [
        (CommandName.Window, On.Window, new("window", "the live window (the default where there is a display)")),
        (CommandName.Export, On.Export, new("export", "headless: train, write the final figure, a GIF of training and a JSON trace "
            + "(the default where there is no display); with none of --png/--gif/--trace, all three go to out/bnlive-<mode>-seed<N>.*")),
        (CommandName.Sweep, On.Sweep, new("sweep", "headless: train many seeds, write a table (CSV) and a contact sheet (PNG)")),
        (CommandName.Lecture, On.Lecture, new("lecture", "the window, stepping through a lecture: captions, PageDown/PageUp") { LectureFile }),
        (CommandName.Help, 0, new("help", "this help")),
    ];
    // built on first use: the flags it holds are declared in another file, whose fields may start later
    static Scl.Command Root => root.Value;
    static readonly Lazy<Scl.Command> root = new(Build);
    // no response files (@FILE is a file name here) and no bundling (-abc is not -a -b -c)
    static readonly ParserConfiguration Config = new() { EnablePosixBundling = false, ResponseFileTokenReplacer = null };

    static Scl.Command Build()
    {
        var root = new Scl.Command("./run.sh", Intro);
        root.SetAction(_ => 0);   // no command is a command: the window or the export, as the display allows
        HelpFlag.Recursive = true;
        HelpFlag.Action = new HelpAction { MaxWidth = 110 };
        root.Options.Add(HelpFlag);
        foreach (var f in Flags)
            if ((f.On & (On.Window | On.Export)) != 0) root.Options.Add(f.Option);
        foreach (var (_, on, symbol) in Commands)
        {
            foreach (var f in Flags)
                if ((f.On & on) != 0) symbol.Options.Add(f.Option);
            root.Subcommands.Add(symbol);
        }
        return root;
    }

    public static Options Parse(string[] args)
    {
        if (args.Length > 0 && !args[0].StartsWith('-') && !Commands.Any(c => c.Symbol.Name == args[0]))
            throw new CliError($"unknown command '{args[0]}': use window, export, sweep, lecture or help (see --help)");
        // --size= with nothing after the =: System.CommandLine would take the next word as the value; it is empty
        if (args.FirstOrDefault(a => a.StartsWith("--") && a.EndsWith('=') && ByName.ContainsKey(a[..^1])) is string empty)
            ByName[empty[..^1]].Apply(new Options(), "");
        var r = Root.Parse(args, Config);
        var command = Commands.FirstOrDefault(c => c.Symbol == r.CommandResult.Command).Command;   // Auto at the root
        if (r.GetResult(HelpFlag) is not null || command == CommandName.Help)
            return new Options { Command = CommandName.Help, Topic = command == CommandName.Help ? CommandName.Auto : command };
        var given = new List<(Flag Flag, OptionResult Result)>();
        foreach (var token in r.Tokens)
            if (token.Type == TokenType.Option && ByName.TryGetValue(token.Value, out var flag))
            {
                if (given.Any(g => g.Flag == flag)) throw new CliError($"{flag.Name} is given twice");
                given.Add((flag, r.GetResult(flag.Option)!));
            }
        var file = command == CommandName.Lecture ? r.GetResult(LectureFile) : null;
        // the first mistake from the left, as typed: a flag's bad or missing value, or a word nothing takes
        foreach (var token in r.Tokens)
        {
            if (token.Type == TokenType.Option && ByName.TryGetValue(token.Value, out var flag))
            {
                var result = given.First(g => g.Flag == flag).Result;
                if (result.Tokens.Count == 0 && flag.Option.Arity.MinimumNumberOfValues > 0) throw new CliError($"{flag.Name} needs a value");
                if (r.Errors.FirstOrDefault(e => e.SymbolResult == result || e.SymbolResult?.Parent == result) is ParseError e)
                    throw new CliError(e.Message);
            }
            // no flag ends our flags: "--" is a mistake (a value that starts with - is taken as it is)
            else if (token.Type == TokenType.DoubleDash) throw new CliError("unknown option '--' (see --help)");
            // a lecture's file is a word, not a flag: --bogus is an unknown option there too
            else if (token.Type == TokenType.Argument && (file?.Tokens.Contains(token) == true ? token.Value.StartsWith('-')
                : !given.Any(g => g.Result.Tokens.Contains(token))))
                throw Unmatched(token.Value, command, args);
        }
        if (r.Errors.Count > 0) throw new CliError($"{r.Errors[0].Message} (see --help)");

        var o = new Options { Command = command };
        if (file is { Tokens.Count: > 0 }) o = o with { LectureFile = Path("lecture", file.Tokens[0].Value) };
        foreach (var (flag, result) in given) o = flag.Take(o, result);
        return Check(o, [.. given.Select(g => g.Flag.Name)]);
    }

    /// <summary>A word the parser could not place: a flag of another command (or of none), a switch's value,
    /// or an argument nothing takes.</summary>
    static CliError Unmatched(string token, CommandName command, string[] args)
    {
        // --fullscreen=x: the switch took no value, and x was left over
        if (args.FirstOrDefault(a => a.StartsWith("--") && a.EndsWith("=" + token)) is string both && ByName.TryGetValue(both[..^(token.Length + 1)], out var alone))
            return new CliError($"{alone.Name} takes no value (got '{token}')");
        if (!token.StartsWith('-')) return new CliError($"unexpected argument '{token}' (see --help)");
        int eq = token.IndexOf('=');
        string name = token.StartsWith("--") && eq > 0 ? token[..eq] : token;
        if (command == CommandName.Lecture && name is "--data" or "--load-model")
            return new CliError("a lecture's steps say which data they train on: give --data in the lecture file, not on the command line");
        return ByName.TryGetValue(name, out var flag)
            ? new CliError($"{name} is an option of {CommandsOf(flag.On)} only (see --help)")
            : new CliError($"unknown option '{name}' (see --help)");
    }

    /// <summary>Options with one flag's value applied: the command line's vocabulary, which a lecture step's
    /// settings reuse (a step's `seed: 3` is `--seed 3`), so both accept and reject the same values.</summary>
    public static Options Apply(Options o, string flag, string value) =>
        ByName.TryGetValue(flag, out var f) ? f.Apply(o, value) : throw new CliError($"unknown option '{flag}' (see --help)");

    /// <summary>The rules across flags: which exclude each other, and what --compare implies.</summary>
    static Options Check(Options o, HashSet<string> seen)
    {
        if (seen.Contains("--compare"))
        {
            if (seen.Contains("--view") && o.View != View.Compare)
                throw new CliError("--compare shows two modes side by side: it cannot go with --view single");
            o = o with { View = View.Compare };
        }
        if (o.View == View.Compare && seen.Contains("--trace"))
            throw new CliError("--trace records one network: use it with --view single (the default)");
        if (o.View == View.Compare && (seen.Contains("--load-model") || seen.Contains("--save-model")))
            throw new CliError("--load-model and --save-model hold one network: use them with --view single (the default)");
        if (o.View == View.Compare && seen.Contains("--mode"))
            throw new CliError("--mode does not apply to --view compare, which shows both modes");
        if (o.Command is CommandName.Window or CommandName.Auto && seen.Contains("--seeds") && !seen.Contains("--lrs"))
            throw new CliError("--seeds in the window are the lr grid's: give them with --lrs");
        if (seen.Contains("--lrs") && seen.Contains("--batch-sizes"))
            throw new CliError("--lrs and --batch-sizes each make a grid of their own: give one");
        if (seen.Contains("--lrs") && seen.Contains("--lr"))
            throw new CliError("--lrs sweeps the learning rate: it cannot go with --lr");
        if (seen.Contains("--batch-sizes") && seen.Contains("--batch-size"))
            throw new CliError("--batch-sizes sweeps the batch size: it cannot go with --batch-size");
        if (seen.Contains("--speed") && seen.Contains("--duration"))
            throw new CliError("--speed and --duration both say how fast training goes: give one");
        if (o.LectureVideo && seen.FirstOrDefault(f => f is "--png" or "--trace" or "--save-model" or "--load-model" or "--frame-every" or "--data" or "--view" or "--panels" or "--lr-from" or "--decay-from") is string other)
            throw new CliError($"{other} does not apply to --lecture: a lecture renders to --mp4 and --gif, and its steps say the rest");
        if (o.Engine == Training.EngineKind.Torch && TorchCannot(o, seen) is string cannot)
            throw new CliError($"--engine torch: {cannot}");
        foreach (var (flag, changes) in new[] { ("--lr-from", o.LrFrom), ("--decay-from", o.DecayFrom) })
            if (changes.Length > 0 && changes[^1].Epoch > o.Settings.Epochs)
                throw new CliError($"{flag}: epoch {changes[^1].Epoch} is past the last epoch (--epochs {o.Settings.Epochs})");
        return o;
    }

    /// <summary>What the TorchSharp model cannot do that these options ask for, or null.</summary>
    static string? TorchCannot(Options o, HashSet<string> seen)
    {
        var modes = o.View == View.Compare ? new[] { o.Pair.Left, o.Pair.Right } : [o.Settings.Mode];
        if (modes.Any(m => !Training.Engines.Trains(Training.EngineKind.Torch, m)))
            return "the TorchSharp model has the notebook's BN, PyTorch's and none; LayerNorm needs the default engine";
        if (seen.FirstOrDefault(f => f is "--load-model" or "--save-model" or "--precise-bn") is string flag)
            return $"{flag} needs the default engine, whose state a model file holds and whose moments precise BN recomputes";
        if (o.LectureVideo) return "a lecture's steps train with the default engine";
        return null;
    }

    /// <summary>A remark about options that parse but do nothing here (one line on stderr), or null.</summary>
    public static string? Note(Options o) =>
        o.PreBnBiasGiven && !o.Settings.HasBatchNorm && o.View == View.Single && o.Command != CommandName.Help
            ? $"note: --pre-bn-bias has no effect with --mode {Settings.Name(o.Settings.Mode)} (there is no BN, so b1 and b2 train as any weight)"
            : null;

    /// <summary>The help of one command (Auto: the whole program), generated by System.CommandLine from the command
    /// table and the flags: each flag with its value, its default and the commands it belongs to.</summary>
    public static string Help(CommandName topic = CommandName.Auto)
    {
        string[] args = topic == CommandName.Auto ? ["--help"] : [Commands.First(c => c.Command == topic).Symbol.Name, "--help"];
        var text = new StringWriter();
        Root.Parse(args, Config).Invoke(new InvocationConfiguration { Output = text, Error = text });
        return string.Join('\n', text.ToString().TrimEnd().Split('\n').Select(line => line.TrimEnd()));
    }

    /// <summary>The whole program's help: the commands and flags, then the window's keys.</summary>
    public static string Usage => Help();
}
