namespace BnLive.App;

/// <summary>Training paced by the clock, not by the frame: epochs per second, owed as time passes and paid in whole
/// steps. A step of a lecture then takes its stated seconds on a slow machine and a fast one alike, and its epochs are
/// spread evenly over the frames (500 a second at 60 fps: 8 or 9 a frame). What a frame could not pay (its training
/// budget was spent) stays owed, so the pace catches up rather than drifting.</summary>
public sealed class Pace(double epochsPerSecond)
{
    public const double Slowest = 0.25, Fastest = 1e6;

    public double EpochsPerSecond { get; private set; } = Math.Clamp(epochsPerSecond, Slowest, Fastest);
    double owed;
    double? last;   // the time of the last Due; null: stopped

    /// <summary>The pace that trains epochs in seconds.</summary>
    public static Pace Of(int epochs, double seconds) => new(Math.Max(1, epochs) / seconds);

    /// <summary>The steps due at time now (seconds): the epochs owed since the last call, whole. The first call after
    /// a stop owes nothing: it starts the clock.</summary>
    public int Due(double now)
    {
        if (last is double then && now > then) owed += (now - then) * EpochsPerSecond;
        last = now;
        return (int)Math.Min(int.MaxValue, Math.Floor(owed + 1e-9));   // 5999.9999999 of 6000 owed is 6000
    }

    /// <summary>Steps taken: they are no longer owed.</summary>
    public void Paid(int steps) => owed = Math.Max(0, owed - steps);

    /// <summary>Training stopped (paused, done, restarted): the time until it goes on again is not owed.</summary>
    public void Stop() => (last, owed) = (null, 0);

    /// <summary>The speed keys: ×2 or ÷2 the epochs per second, from now on.</summary>
    public void Times(double factor) => EpochsPerSecond = Math.Clamp(EpochsPerSecond * factor, Slowest, Fastest);

    public override string ToString() => $"{EpochsPerSecond.ToString(EpochsPerSecond < 10 ? "0.##" : "0", System.Globalization.CultureInfo.InvariantCulture)} epochs/s";
}
