using BnLive.Lesson;

namespace BnLive.Tests;

public class DataTests
{
    [Fact]
    public void LinspaceMatchesNumpyEnds()
    {
        var (x, _) = Data.Notebook();
        Assert.Equal(100, x.Length);
        Assert.Equal(-1f, x[0]);
        Assert.Equal(1f, x[99]);
        Assert.Equal((float)(-1 + 50 * 2.0 / 99), x[50]);
    }
}
