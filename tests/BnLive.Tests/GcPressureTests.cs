using BnLive.Lesson;
using BnLive.Training;

namespace BnLive.Tests;

/// <summary>TorchSharp hands a temporary Scalar's handle to native code without keeping the Scalar alive; if the
/// GC finalizes it mid-call the op reads freed memory ("Unknown scalar type", "Expected false to be true").
/// The window and the export make garbage on other threads (GIF frames), so training must pass only held Scalars.
/// Here a thread forces collections and finalizers non-stop while training and predicting run.</summary>
[Trait("Category", "Unit")]
public class GcPressureTests
{
    [Theory]
    [InlineData(BnMode.Notebook)]
    [InlineData(BnMode.None)]
    public void TrainingAndPredictingSurviveConstantCollections(BnMode mode)
    {
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        using var trainer = new Trainer(new Settings { Mode = mode, Seed = 2 });
        for (int i = 0; i < 1500; i++)
        {
            trainer.Step();
            if (i % 5 == 0) Assert.True(float.IsFinite(trainer.TakeSnapshot(trainer.Epoch).PredictLoss));
        }
        stop.Cancel();
        collector.Wait();
        Assert.True(float.IsFinite(trainer.LastLoss));
    }

    [Theory]
    [InlineData(BnMode.Notebook)]
    [InlineData(BnMode.None)]
    public void SweepTrainingAndPredictingSurviveConstantCollections(BnMode mode)
    {
        using var stop = new CancellationTokenSource();
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        TorchSharp.torch.set_num_threads(1);
        var (xs, ys) = Data.Notebook();
        using var x = TorchSharp.torch.tensor(xs, [xs.Length, 1]);
        using var y = TorchSharp.torch.tensor(ys, [ys.Length, 1]);
        using var sweep = new SeedBatch(new Settings { Mode = mode }, [1, 2, 3]);
        var losses = new float[3];
        for (int i = 0; i < 1500; i++)
        {
            sweep.TrainStep(x, y, losses);
            if (i % 5 == 0) Assert.All(sweep.Predict(x, y).Loss, loss => Assert.True(float.IsFinite(loss)));
        }
        stop.Cancel();
        collector.Wait();
        Assert.All(losses, loss => Assert.True(float.IsFinite(loss)));
    }
}
