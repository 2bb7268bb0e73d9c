using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Phantom;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;
using ArSpine.Planning.Osteotomy;

namespace ArSpine.Planning.Tests.Osteotomy;

public class CutScoringTests
{
    private static (OsteotomyPlan Plan, TriangleMesh Vertebra) PlannedL3(OsteotomyType type, double angleDeg)
    {
        PhantomCase phantom = PhantomCases.Get(20, CurvePlane.Sagittal);
        return (OsteotomyPlanner.Plan(phantom.Labels, "L3", type, angleDeg), LabelSurface.Extract(phantom.Labels, VertebraLevels.IdOf("L3")));
    }

    /// <summary>A plane turned by <paramref name="angleDeg"/> about an axis through <paramref name="pivotCt"/>.</summary>
    private static CutPlane Rotated(CutPlane plane, Vector3d axis, double angleDeg, Vector3d pivotCt)
    {
        var about = RigidTransform.FromTranslation(pivotCt) * RigidTransform.FromAxisAngle(axis, angleDeg, Vector3d.Zero) * RigidTransform.FromTranslation(-pivotCt);
        return plane.Transformed(about);
    }

    [Fact]
    public void Compare_ThePlanItself_ScoresPerfect()
    {
        (OsteotomyPlan plan, TriangleMesh vertebra) = PlannedL3(OsteotomyType.PedicleSubtraction, 25);

        // The plan's planes, given through another of their points (the hinge lies on both), so every figure is computed afresh.
        CutComparison score = CutScoring.Compare(plan, vertebra,
            CutPlane.Through(plan.HingePointCt, plan.SuperiorCut.NormalCt), CutPlane.Through(plan.HingePointCt, plan.InferiorCut.NormalCt));

        Assert.Equal(0, score.SuperiorAngleErrorDeg, 9);
        Assert.Equal(0, score.InferiorAngleErrorDeg, 9);
        Assert.Equal(0, score.SuperiorOffsetMm, 6);
        Assert.Equal(0, score.InferiorOffsetMm, 6);
        Assert.Equal(0, score.VolumeDifferenceMm3, 6);
        Assert.Equal(plan.ResectedVolumeMm3, score.PlannedVolumeMm3, 6);
        Assert.Equal(score.PlannedCorrectionDeg, score.TraineeCorrectionDeg, 9);
        Assert.False(score.EntersCanal);
        Assert.Equal(0, score.CanalIntrusionMm3);
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(-5.0)]
    public void Compare_UpperCutTiltedAboutItsCentre_ReportsTheTiltAndNoOffset(double tiltDeg)
    {
        (OsteotomyPlan plan, TriangleMesh vertebra) = PlannedL3(OsteotomyType.PedicleSubtraction, 25);
        // Tilt about the left–right axis through the centre of the planned section: the wedge opens or closes by the tilt.
        CutPlane trainee = Rotated(plan.SuperiorCut, plan.HingeAxisCt, tiltDeg, plan.SuperiorCutCentreCt);

        CutComparison score = CutScoring.Compare(plan, vertebra, trainee, plan.InferiorCut);

        Assert.Equal(Math.Abs(tiltDeg), score.SuperiorAngleErrorDeg, 6);
        Assert.Equal(0, score.InferiorAngleErrorDeg, 9);
        Assert.Equal(0, score.SuperiorOffsetMm, 6);
        // A right-handed turn about the left axis swings the posterior end of the upper cut up: the wedge opens by the tilt.
        Assert.Equal(score.PlannedCorrectionDeg + tiltDeg, score.TraineeCorrectionDeg, 0.01);
    }

    [Fact]
    public void Compare_UpperCutTiltedAboutTheHinge_ChangesTheCorrectionByTheTilt()
    {
        (OsteotomyPlan plan, TriangleMesh vertebra) = PlannedL3(OsteotomyType.PedicleSubtraction, 25);
        // Turning the upper cut about the hinge by +3° about the left axis lifts its posterior end: a wider wedge.
        CutPlane trainee = Rotated(plan.SuperiorCut, plan.HingeAxisCt, 3, plan.HingePointCt);

        CutComparison score = CutScoring.Compare(plan, vertebra, trainee, plan.InferiorCut);

        Assert.Equal(3, score.SuperiorAngleErrorDeg, 6);
        Assert.Equal(score.PlannedCorrectionDeg + 3, score.TraineeCorrectionDeg, 0.01);
        Assert.True(score.VolumeDifferenceMm3 > 0, $"A wider wedge takes more bone; difference {score.VolumeDifferenceMm3:0} mm³.");
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(-1.5)]
    public void Compare_UpperCutShifted_ReportsTheOffsetAndTheSlabOfBone(double shiftMm)
    {
        (OsteotomyPlan plan, TriangleMesh vertebra) = PlannedL3(OsteotomyType.PedicleSubtraction, 25);
        // Positive shifts move the plane away from the wedge (against its normal): more bone.
        CutPlane trainee = plan.SuperiorCut with { PointCt = plan.SuperiorCut.PointCt - plan.SuperiorCut.NormalCt * shiftMm };
        double sectionMm2 = MeshCutter.Split(vertebra, plan.SuperiorCut).CapAreaMm2;

        CutComparison score = CutScoring.Compare(plan, vertebra, trainee, plan.InferiorCut);

        Assert.Equal(shiftMm, score.SuperiorOffsetMm, 6);
        Assert.Equal(0, score.SuperiorAngleErrorDeg, 6);
        // The slab between the two parallel planes holds about section area × shift of bone (sections change slowly).
        double slab = sectionMm2 * shiftMm;
        Assert.True(Math.Abs(score.VolumeDifferenceMm3 - slab) < 0.2 * Math.Abs(slab), $"Difference {score.VolumeDifferenceMm3:0} mm³, slab {slab:0} mm³.");
    }

    [Fact]
    public void Compare_CutBeyondThePlanIntoTheCanal_IsFlagged()
    {
        (OsteotomyPlan plan, TriangleMesh vertebra) = PlannedL3(OsteotomyType.PedicleSubtraction, 25);
        CutPlane wider = plan.SuperiorCut with { PointCt = plan.SuperiorCut.PointCt - plan.SuperiorCut.NormalCt * 3 };
        CutPlane narrower = plan.SuperiorCut with { PointCt = plan.SuperiorCut.PointCt + plan.SuperiorCut.NormalCt * 3 };

        CutComparison beyond = CutScoring.Compare(plan, vertebra, wider, plan.InferiorCut);
        CutComparison within = CutScoring.Compare(plan, vertebra, narrower, plan.InferiorCut);

        Assert.True(beyond.EntersCanal, "A cut 3 mm beyond the plan sweeps through more of the canal.");
        // About the canal's width × 3 mm × its depth, as an elliptic section: π·a·b·3 mm at most.
        double bound = Math.PI * plan.Canal.HalfWidthMm * plan.Canal.HalfDepthMm * 3 * 1.2;
        Assert.InRange(beyond.CanalIntrusionMm3, 1, bound);
        Assert.False(within.EntersCanal, "A cut inside the planned wedge takes no canal beyond the plan.");
        Assert.True(within.VolumeDifferenceMm3 < 0);
    }

    [Fact]
    public void Compare_ParallelCuts_GiveNoCorrection()
    {
        (OsteotomyPlan plan, TriangleMesh vertebra) = PlannedL3(OsteotomyType.PedicleSubtraction, 25);
        var parallel = new CutPlane(plan.InferiorCut.PointCt + plan.InferiorCut.NormalCt * 6, -plan.InferiorCut.NormalCt);

        CutComparison score = CutScoring.Compare(plan, vertebra, parallel, plan.InferiorCut);

        Assert.Equal(0, score.TraineeCorrectionDeg);
        Assert.True(score.TraineeVolumeMm3 > 0, "A 6 mm slab still takes bone.");
        Assert.Equal(25, score.SuperiorAngleErrorDeg, 6);
    }
}
