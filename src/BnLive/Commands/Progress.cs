namespace BnLive.Commands;

/// <summary>Progress of long work on stderr: a bar redrawn in place on a terminal, a plain line every 10% otherwise.</summary>
public sealed class Progress(string what, int total)
{
    readonly bool terminal = !Console.IsErrorRedirected;
    int lastShown = -1;

    public void Report(int done)
    {
        int percent = total == 0 ? 100 : (int)(100L * done / total);
        if (terminal)
        {
            if (percent == lastShown) return;
            int filled = percent * 30 / 100;
            Console.Error.Write($"\r{what} [{new string('#', filled)}{new string('.', 30 - filled)}] {done}/{total}");
            if (done >= total) Console.Error.WriteLine();
        }
        else if (percent / 10 != lastShown / 10 || done >= total && lastShown < 100)
        {
            Console.Error.WriteLine($"{what}: {done}/{total} ({percent}%)");
        }
        lastShown = percent;
    }
}
