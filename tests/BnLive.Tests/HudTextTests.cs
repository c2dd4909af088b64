using BnLive.App;

namespace BnLive.Tests;

[Trait("Category", "Unit")]
public class HudTextTests
{
    [Fact]
    public void TheHudShowsADashBeforeTheFirstStepAndTheLossAfter()
    {
        Assert.Equal("—", Hud.TrainLoss([]));
        Assert.Equal("0.01234", Hud.TrainLoss([1f, 0.01234f]));
        Assert.Equal("NaN", Hud.TrainLoss([1f, float.NaN]));   // a diverged run says so
    }
}
