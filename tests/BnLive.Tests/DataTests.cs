using BnLive.Engine;

namespace BnLive.Tests;

[Trait("Category", "Unit")]
public class DataTests
{
    // Expected values from Python's math in double on the float32 x, as the notebook's numpy computes them.
    [Theory]
    [InlineData(0, -1.0f, -1.0f)]
    [InlineData(1, -0.9797979593276978f, -0.5528841614723206f)]
    [InlineData(37, -0.2525252401828766f, -0.4675818085670471f)]
    [InlineData(50, 0.010101010091602802f, 1.5151515007019043f)]
    [InlineData(99, 1.0f, 2.058711528778076f)]
    public void PseudoFunctionMatchesTheNotebook(int i, float x, float y)
    {
        var (xs, ys) = Data.Notebook();
        Assert.Equal(100, xs.Length);
        Assert.Equal(x, xs[i]);
        Assert.Equal(y, ys[i]);
    }
}
