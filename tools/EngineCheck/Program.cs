using BnLive.Engine;

// Prints the golden file as this machine computes it: its header, the notebook's data, then one line per run.
// --progress: a line on stderr as each run finishes. lesson-figures [SEEDS]: the table behind the lecture's claims.
// init-scale-figures [SEEDS]: the final losses at initial scales 0.1, 1 and 10, with BN and without.
if (args.Length > 0 && args[0] == "lesson-figures")
{
    LessonFigures.Print(args.Length > 1 ? int.Parse(args[1]) : 20);
    return;
}
if (args.Length > 0 && args[0] == "init-scale-figures")
{
    InitScaleFigures.Print(args.Length > 1 ? int.Parse(args[1]) : 20);
    return;
}
bool progress = args.Contains("--progress");
Console.Error.WriteLine($"engine check: {System.Numerics.Vector<float>.Count} floats a vector, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}");
var cases = GoldenRuns.Cases().Count();
Console.Write(GoldenRuns.Header);
Console.WriteLine(GoldenRuns.DataLine());
foreach (var line in GoldenRuns.All(done => { if (progress) Console.Error.WriteLine($"engine check: {done}/{cases} runs"); }))
    Console.WriteLine(line);
