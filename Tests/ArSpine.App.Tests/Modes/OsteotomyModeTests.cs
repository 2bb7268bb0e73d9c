using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Fakes;
using ArSpine.App.Tests.Scene;
using ArSpine.Core.Geometry;
using ArSpine.Planning.Osteotomy;

namespace ArSpine.App.Tests.Modes;

public sealed class OsteotomyModeTests
{
    private static readonly Lazy<OsteotomyPlan> L3Plan = new(() => OsteotomyPlanner.Plan(TestCases.FiveLevelPhantom.Labels!, "L3", OsteotomyType.PedicleSubtraction, 25));

    [Fact]
    public void Step_TraineeCutsAlongThePlannedPlanes_ScoresPerfectly()
    {
        OsteotomyPlan plan = L3Plan.Value;
        (OsteotomyMode mode, RecordingHologramPort port) = Start(plan);

        Cut(mode, port, plan.SuperiorCut, plan.SuperiorCutCentreCt, plan.HingeAxisCt, 0);
        Assert.Equal(OsteotomyStage.PlaceInferior, mode.Stage);
        Cut(mode, port, plan.InferiorCut, plan.InferiorCutCentreCt, plan.HingeAxisCt, 0);

        Assert.Equal(OsteotomyStage.Scored, mode.Stage);
        OsteotomyScore score = mode.Score!;
        Assert.Equal(0, score.Comparison.SuperiorAngleErrorDeg, 3);
        Assert.Equal(0, score.Comparison.InferiorAngleErrorDeg, 3);
        Assert.Equal(0, score.Comparison.SuperiorOffsetMm, 3);
        Assert.Equal(0, score.Comparison.InferiorOffsetMm, 3);
        Assert.Equal(score.Comparison.PlannedVolumeMm3, score.Comparison.TraineeVolumeMm3, 0);
        Assert.False(score.Comparison.EntersCanal);
        Assert.Equal(100, score.Points, 1);
        port.NextFrame();
        mode.Step(Frame(Vector3.Zero, -Vector3.UnitY, pinch: false, AppKeys.None), port);
        Assert.Contains("label:Score 100 / 100", port.PanelRows);
        Assert.Contains("label:Canal clear", port.PanelRows);
        Assert.Contains(port.MeshDraws, d => d.Color == new RgbaColor(0.9f, 0.2f, 0.15f));
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(-6.0)]
    public void Step_UpperCutTiltedByAKnownAngle_ScoresWorseByThatAngle(double tiltDeg)
    {
        OsteotomyPlan plan = L3Plan.Value;
        (OsteotomyMode mode, RecordingHologramPort port) = Start(plan);

        Cut(mode, port, plan.SuperiorCut, plan.SuperiorCutCentreCt, plan.HingeAxisCt, tiltDeg);
        Cut(mode, port, plan.InferiorCut, plan.InferiorCutCentreCt, plan.HingeAxisCt, 0);

        CutComparison c = mode.Score!.Comparison;
        Assert.Equal(Math.Abs(tiltDeg), c.SuperiorAngleErrorDeg, 3);
        Assert.Equal(0, c.InferiorAngleErrorDeg, 3);
        Assert.Equal(0, c.SuperiorOffsetMm, 3);
        // The wedge opens or closes by the tilt, so the correction changes by about as much.
        Assert.Equal(Math.Abs(tiltDeg), Math.Abs(c.TraineeCorrectionDeg - c.PlannedCorrectionDeg), 0);
        double expected = 100 - OsteotomyScore.AnglePointsPerDeg * Math.Abs(tiltDeg) - (c.EntersCanal ? OsteotomyScore.CanalPoints : 0);
        Assert.Equal(expected, mode.Score.Points, 3);
        Assert.True(mode.Score.Points < 100);
    }

    [Fact]
    public void Step_Undo_StepsBackOneCutAndForgetsTheScore()
    {
        OsteotomyPlan plan = L3Plan.Value;
        (OsteotomyMode mode, RecordingHologramPort port) = Start(plan);
        Cut(mode, port, plan.SuperiorCut, plan.SuperiorCutCentreCt, plan.HingeAxisCt, 0);
        Cut(mode, port, plan.InferiorCut, plan.InferiorCutCentreCt, plan.HingeAxisCt, 0);

        port.PressButton(OsteotomyMode.UndoLabel);
        mode.Step(Frame(Vector3.Zero, -Vector3.UnitY, pinch: false, AppKeys.None), port);

        Assert.Equal(OsteotomyStage.PlaceInferior, mode.Stage);
        Assert.Null(mode.Score);
        Assert.Null(mode.InferiorCut);
        Assert.NotNull(mode.SuperiorCut);
        mode.Step(Frame(Vector3.Zero, -Vector3.UnitY, pinch: false, AppKeys.Reject), port);
        Assert.Equal(OsteotomyStage.PlaceSuperior, mode.Stage);
        Assert.Null(mode.SuperiorCut);
    }

    [Fact]
    public void BladePlane_DirectionAlongTheHinge_IsNoPlane()
    {
        Assert.Null(OsteotomyMode.BladePlane(Vector3d.Zero, Vector3d.UnitX, Vector3d.UnitX, Vector3d.UnitZ, upperCut: true));
        CutPlane upper = OsteotomyMode.BladePlane(Vector3d.Zero, -Vector3d.UnitY, Vector3d.UnitX, Vector3d.UnitZ, upperCut: true)!;
        CutPlane lower = OsteotomyMode.BladePlane(Vector3d.Zero, -Vector3d.UnitY, Vector3d.UnitX, Vector3d.UnitZ, upperCut: false)!;
        Assert.Equal(-1, upper.NormalCt.Z, 12);
        Assert.Equal(1, lower.NormalCt.Z, 12);
    }

    private static (OsteotomyMode, RecordingHologramPort) Start(OsteotomyPlan plan)
    {
        var port = new RecordingHologramPort();
        CaseScene scene = CaseScene.Upload(port, TestCases.FiveLevelPhantom);
        return (new OsteotomyMode(port, scene, plan), port);
    }

    /// <summary>
    /// The trainee points the osteotome in <paramref name="plane"/>, across the hinge, with the hand at <paramref name="centreCt"/>,
    /// turned by <paramref name="tiltDeg"/> about the hinge there, pinches, and presses Accept in the next frame (World = Ct).
    /// </summary>
    private static void Cut(OsteotomyMode mode, RecordingHologramPort port, CutPlane plane, Vector3d centreCt, Vector3d hingeCt, double tiltDeg)
    {
        Vector3d direction = Matrix3d.FromAxisAngle(hingeCt, tiltDeg * Math.PI / 180) * Vector3d.Cross(hingeCt, plane.NormalCt).Normalized();
        port.NextFrame();
        mode.Step(Frame(centreCt.ToVector3(), direction.ToVector3(), pinch: true, AppKeys.None), port);
        port.NextFrame();
        mode.Step(Frame(Vector3.Zero, -Vector3.UnitY, pinch: false, AppKeys.Accept), port);
    }

    private static InputFrame Frame(Vector3 handCt, Vector3 direction, bool pinch, AppKeys keys) =>
        new(0, Matrix4x4.Identity, handCt - direction * 100, direction, 100, new ButtonState(pinch, pinch, false), ButtonState.Up, keys);
}
