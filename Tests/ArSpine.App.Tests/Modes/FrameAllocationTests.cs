using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Scene;
using ArSpine.Planning.Osteotomy;

namespace ArSpine.App.Tests.Modes;

/// <summary>Issue 7 part 5: the frame loop allocates nothing in steady state, on a five-level case with ten screws.</summary>
public sealed class FrameAllocationTests
{
    [Fact]
    public void Step_ThousandFramesOfReviewInTheShell_AllocatesNothingAfterWarmUp()
    {
        var port = new CountingHologramPort();
        var review = new ReviewMode(port, TestCases.FiveLevelPhantom);
        OsteotomyPlan plan = OsteotomyPlanner.Plan(TestCases.FiveLevelPhantom.Labels!, "L3", OsteotomyType.PedicleSubtraction, 25);
        var app = new ArSpineApp([review, new OsteotomyMode(port, review.Scene, plan)]);
        Assert.Equal(10, TestCases.FiveLevelPhantom.Case.Plan.Screws.Count);
        Assert.True(TestCases.FiveLevelPhantom.Case.Vertebrae.Count >= 5);

        // Warm-up: every path once, including a selection change (the reslice) and a toggle press.
        for (int n = 0; n < 12; n++)
        {
            Step(app, port, n, n % 3 == 1 ? AppKeys.Next : AppKeys.None);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 1000; n++)
        {
            // Every 50th frame selects the next screw (recomputing the reslice); every 97th presses the first vertebra's toggle.
            if (n % 97 == 0)
            {
                port.PressOnce(3);
            }

            Step(app, port, n, n % 50 == 0 ? AppKeys.Next : n % 77 == 0 ? AppKeys.Previous : AppKeys.None);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(review.Reslice!.UpdateCount > 20, $"reslices: {review.Reslice.UpdateCount}");
        Assert.True(port.Cylinders >= 10 && port.Texts >= 15 && port.PanelRows > 20, $"{port.Cylinders} cylinders, {port.Texts} texts, {port.PanelRows} panel rows");
    }

    [Fact]
    public void Step_ThousandFramesOfOsteotomyPlacingTheBlade_AllocatesNothingAfterWarmUp()
    {
        var port = new CountingHologramPort();
        var scene = CaseScene.Upload(port, TestCases.FiveLevelPhantom);
        OsteotomyPlan plan = OsteotomyPlanner.Plan(TestCases.FiveLevelPhantom.Labels!, "L3", OsteotomyType.PedicleSubtraction, 25);
        var app = new ArSpineApp([new OsteotomyMode(port, scene, plan)]);
        for (int n = 0; n < 10; n++)
        {
            Step(app, port, n, AppKeys.None, pinch: true);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 1000; n++)
        {
            Step(app, port, n, AppKeys.None, pinch: n % 2 == 0);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void Step(IAppMode app, CountingHologramPort port, int n, AppKeys keys, bool pinch = false)
    {
        port.NextFrame();
        float angle = n * 0.01f;
        var direction = Vector3.Normalize(new Vector3(MathF.Sin(angle) * 0.2f, -1, MathF.Cos(angle) * 0.1f));
        var input = new InputFrame(n / 60.0, Matrix4x4.CreateTranslation(0, 400, 0), new Vector3(0, 300, 0), direction, 300, new ButtonState(pinch, pinch, false), ButtonState.Up, keys);
        app.Step(input, port);
    }
}
