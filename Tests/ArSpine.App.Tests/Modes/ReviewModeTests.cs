using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Fakes;
using ArSpine.App.Tests.Scene;
using ArSpine.Core.Plans;

namespace ArSpine.App.Tests.Modes;

public sealed class ReviewModeTests
{
    private static InputFrame Keys(AppKeys keys) => new(0, Matrix4x4.Identity, Vector3.Zero, -Vector3.UnitZ, 300, ButtonState.Up, ButtonState.Up, keys);

    [Fact]
    public void Step_FirstFrame_PanelHasAToggleEachVertebraAndScrewTheFirstScrewsFiguresAndTwoReslices()
    {
        var port = new RecordingHologramPort();
        CasePackage package = TestCases.FiveLevelPhantom;
        var mode = new ReviewMode(port, package);

        mode.Step(Keys(AppKeys.None), port);

        Assert.Equal("panel:Review", port.PanelRows[0]);
        foreach (string level in package.Case.Vertebrae.Select(v => v.Name))
        {
            Assert.Contains($"toggle:{level}=on", port.PanelRows);
        }

        foreach (ScrewTrajectory screw in package.Case.Plan.Screws)
        {
            Assert.Contains($"toggle:{screw.Label}=on", port.PanelRows);
        }

        ScrewTrajectory first = package.Case.Plan.Screws[0];
        Assert.Equal(0, mode.Scene.SelectedScrew);
        Assert.Contains(port.PanelRows, r => r == $"label:{first.Label}: {first.LengthMm:0.0} mm long, 6.5 mm across");
        Assert.Contains("label:No predicted grade in the plan", port.PanelRows);
        Assert.Contains($"image:{mode.SuperiorImage.Id}", port.PanelRows);
        Assert.Contains($"image:{mode.LeftRightImage.Id}", port.PanelRows);
        // The reslice reached the port: the images are not black, and hold the white trajectory.
        byte[] superior = port.Images[mode.SuperiorImage.Id].Pixels;
        Assert.Contains(superior, b => b == CtReslice.TrajectoryValue);
        Assert.True(superior.Count(b => b > 100) > 500, "Expected bone in the reslice along the pedicle.");
        Assert.Equal(10, port.Cylinders.Count(c => !c.Color.IsTranslucent));
    }

    [Fact]
    public void Step_TogglesPressedOnThePanel_HideTheVertebraAndTheScrew()
    {
        var port = new RecordingHologramPort();
        var mode = new ReviewMode(port, TestCases.FiveLevelPhantom);
        mode.Step(Keys(AppKeys.None), port);
        int meshesBefore = port.MeshDraws.Count, screwsBefore = port.Cylinders.Count(c => !c.Color.IsTranslucent);
        ScrewTrajectory l2Right = TestCases.FiveLevelPhantom.Case.Plan.Screws.Single(s => s.Label == "L2 right");

        port.PressButton("L3");
        port.PressButton("L2 right");
        port.NextFrame();
        mode.Step(Keys(AppKeys.None), port);
        port.NextFrame();
        mode.Step(Keys(AppKeys.None), port);

        Assert.False(mode.Scene.VertebraVisible[2]);
        Assert.Contains("toggle:L3=off", port.PanelRows);
        Assert.Contains("toggle:L2 right=off", port.PanelRows);
        Assert.DoesNotContain(port.Texts, t => t.Text == "L3");
        Assert.DoesNotContain(port.Cylinders, c => c.FromWorldMm == l2Right.EntryCt.ToVector3());
        Assert.Equal(screwsBefore - 1, port.Cylinders.Count(c => !c.Color.IsTranslucent));
        Assert.True(port.MeshDraws.Count < meshesBefore);

        port.PressButton("L3");
        port.NextFrame();
        mode.Step(Keys(AppKeys.None), port);
        Assert.True(mode.Scene.VertebraVisible[2]);
        Assert.Contains(port.Texts, t => t.Text == "L3");
    }

    [Fact]
    public void Step_NextAndPreviousByButtonsAndKeys_MoveTheSelectionWrappingAndResliceOnlyOnChange()
    {
        var port = new RecordingHologramPort();
        var mode = new ReviewMode(port, TestCases.FiveLevelPhantom);
        IReadOnlyList<ScrewTrajectory> screws = TestCases.FiveLevelPhantom.Case.Plan.Screws;
        mode.Step(Keys(AppKeys.None), port);
        Assert.Equal(1, mode.Reslice!.UpdateCount);
        byte[] firstImage = [.. port.Images[mode.SuperiorImage.Id].Pixels];

        port.PressButton(ReviewMode.NextLabel);
        port.NextFrame();
        mode.Step(Keys(AppKeys.None), port);
        Assert.Equal(1, mode.Scene.SelectedScrew);
        Assert.Contains(port.PanelRows, r => r.StartsWith($"label:{screws[1].Label}: ", StringComparison.Ordinal));
        Assert.Equal(2, mode.Reslice.UpdateCount);
        Assert.NotEqual(firstImage, port.Images[mode.SuperiorImage.Id].Pixels);

        for (int n = 0; n < 5; n++)
        {
            port.NextFrame();
            mode.Step(Keys(AppKeys.None), port);
        }

        Assert.Equal(2, mode.Reslice.UpdateCount);
        mode.Step(Keys(AppKeys.Previous), port);
        mode.Step(Keys(AppKeys.Previous), port);
        Assert.Equal(screws.Count - 1, mode.Scene.SelectedScrew);
        port.PressButton(ReviewMode.PreviousLabel);
        mode.Step(Keys(AppKeys.None), port);
        Assert.Equal(screws.Count - 2, mode.Scene.SelectedScrew);
        mode.Step(Keys(AppKeys.Next), port);
        mode.Step(Keys(AppKeys.Next), port);
        Assert.Equal(0, mode.Scene.SelectedScrew);
        Assert.Equal(firstImage, port.Images[mode.SuperiorImage.Id].Pixels);
        port.NextFrame();
        mode.Step(Keys(AppKeys.None), port);
        Assert.Equal(CaseScene.SelectedColor, Assert.Single(port.Texts, t => t.Text.StartsWith(screws[0].Label + " ", StringComparison.Ordinal)).Color);
    }

    [Fact]
    public void Step_PlanWithPredictedGrade_ShowsTheGrade()
    {
        CasePackage phantom = TestCases.FiveLevelPhantom;
        var graded = phantom.Case.Plan.Screws.Select((s, n) => n == 0 ? s with { Predicted = new ScrewAssessment(GertzbeinRobbinsGrade.B, 1.2, BreachDirection.Medial, -1.2, true) } : s).ToList();
        CasePackage package = phantom with { Case = phantom.Case with { Plan = new SurgicalPlan(graded) } };
        var port = new RecordingHologramPort();
        var mode = new ReviewMode(port, package);

        mode.Step(Keys(AppKeys.None), port);

        Assert.Contains("label:Predicted grade B (margin -1.2 mm, medial breach)", port.PanelRows);
    }

    [Fact]
    public void Step_CaseWithoutCt_NoReslicePanelRows()
    {
        var port = new RecordingHologramPort();
        var mode = new ReviewMode(port, TestCases.TwoBoxes());

        mode.Step(Keys(AppKeys.None), port);

        Assert.Null(mode.Reslice);
        Assert.DoesNotContain(port.PanelRows, r => r.StartsWith("image:", StringComparison.Ordinal));
        Assert.Contains("label:L3 left: 45.0 mm long, 6.5 mm across", port.PanelRows);
    }
}
