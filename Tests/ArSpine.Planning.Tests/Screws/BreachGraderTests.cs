using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;
using ArSpine.Planning.Anatomy;
using ArSpine.Planning.Screws;

namespace ArSpine.Planning.Tests.Screws;

/// <summary>Grading screws moved off the phantom's ideal axes by known amounts, in known directions.</summary>
public sealed class BreachGraderTests : IClassFixture<BreachGraderTests.Phantom>
{
    private readonly Phantom _phantom;

    public BreachGraderTests(Phantom phantom) => _phantom = phantom;

    /// <summary>A straight phantom L3–L5 with 10 mm pedicles, generated once.</summary>
    public sealed class Phantom
    {
        public PhantomCase Case { get; } = LumbarSpinePhantom.Generate(new PhantomParameters { LevelIds = [22, 23, 24], PedicleWidthMm = 10 });

        public BreachGrader Grader => new(Case.Labels);
    }

    private ScrewTrajectory Ideal(string level, BodySide side, double diameterMm = 5)
    {
        PedicleTruth p = _phantom.Case.Truth.Vertebrae.Single(v => v.Name == level).Pedicles.Single(x => x.Side == side);
        return new ScrewTrajectory(level, side, p.EntryCt, p.TargetCt, diameterMm);
    }

    [Fact]
    public void Grade_IdealScrewWellInsideThePedicle_IsGradeAWithPositiveMargin()
    {
        ScrewAssessment a = _phantom.Grader.Grade(Ideal("L4", BodySide.Left), "test");

        Assert.Equal(GertzbeinRobbinsGrade.A, a.Grade);
        Assert.Equal(BreachDirection.None, a.Direction);
        Assert.False(a.MedialBreach);
        // A 5 mm screw in a 10 mm isthmus leaves about 2.5 mm of bone each side (less where the cortex curves).
        Assert.InRange(a.MarginMm, 1.0, 3.0);
    }

    [Theory]
    [InlineData(BodySide.Left, -1, 0, BreachDirection.Medial)]
    [InlineData(BodySide.Right, -1, 0, BreachDirection.Medial)]
    [InlineData(BodySide.Left, 1, 0, BreachDirection.Lateral)]
    [InlineData(BodySide.Right, 0, 1, BreachDirection.Superior)]
    [InlineData(BodySide.Left, 0, -1, BreachDirection.Inferior)]
    public void Grade_ScrewShiftedOffTheAxis_BreachesByTheShiftLessTheClearanceInThatDirection(BodySide side, double lateral, double superior, BreachDirection expected)
    {
        ScrewTrajectory ideal = Ideal("L4", side);
        VertebraAnatomy anatomy = _phantom.Grader.Vertebra(23).Anatomy;
        double sign = side == BodySide.Left ? 1 : -1;
        // The isthmus is 10 mm wide and about 14 mm tall: a 5 mm screw has 2.5 mm of bone laterally and medially, about 4.5 mm above and below.
        double clearance = lateral != 0 ? 2.5 : 4.5;
        double shift = clearance + 2;
        Vector3d offset = (anatomy.LeftCt * (sign * lateral) + anatomy.SuperiorCt * superior) * shift;
        ScrewTrajectory moved = ideal with { EntryCt = ideal.EntryCt + offset, TargetCt = ideal.TargetCt + offset };

        ScrewAssessment a = _phantom.Grader.Grade(moved, "test");

        Assert.Equal(expected, a.Direction);
        if (expected is BreachDirection.Medial or BreachDirection.Lateral)
        {
            Assert.Equal(expected == BreachDirection.Medial, a.MedialBreach);
        }

        Assert.InRange(a.BreachMm, 1.0, 3.0);
        Assert.Equal(ScrewAssessment.GradeOf(a.BreachMm), a.Grade);
    }

    [Fact]
    public void Grade_ScrewThroughTheAnteriorCortex_BreachesAnteriorly()
    {
        ScrewTrajectory ideal = Ideal("L3", BodySide.Right);
        PedicleTruth p = _phantom.Case.Truth.Vertebrae.Single(v => v.Name == "L3").Pedicles.Single(x => x.Side == BodySide.Right);
        ScrewTrajectory tooLong = ideal with { TargetCt = p.AnteriorCortexCt + ideal.Direction * 4 };

        ScrewAssessment a = _phantom.Grader.Grade(tooLong, "test");

        Assert.Equal(BreachDirection.Anterior, a.Direction);
        // The tip lies 4 mm past the cortex along an axis that meets it obliquely: between 3 and 5 mm out, graded C or D.
        Assert.InRange(a.BreachMm, 3.0, 5.0);
        Assert.Equal(ScrewAssessment.GradeOf(a.BreachMm), a.Grade);
    }

    [Fact]
    public void Grade_VertebraTheLabelsLack_ThrowsNamingTheScrewAndTheLevelsPresent()
    {
        ScrewTrajectory screw = Ideal("L3", BodySide.Left) with { Vertebra = "L1" };

        var e = Assert.Throws<InvalidInputException>(() => _phantom.Grader.Grade(screw, "PLAN.json: screws[0] (L1 left)"));

        Assert.Contains("PLAN.json: screws[0] (L1 left)", e.Message, StringComparison.Ordinal);
        Assert.Contains("L3, L4, L5, S", e.Message, StringComparison.Ordinal);
        Assert.Contains("'L1'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_NaNOrZeroLength_ThrowsNamingTheField()
    {
        ScrewTrajectory ideal = Ideal("L3", BodySide.Left);

        var nan = Assert.Throws<InvalidInputException>(() => _phantom.Grader.Grade(ideal with { EntryCt = new Vector3d(double.NaN, 0, 0) }, "screws[2]"));
        var zero = Assert.Throws<InvalidInputException>(() => _phantom.Grader.Grade(ideal with { TargetCt = ideal.EntryCt }, "screws[2]"));

        Assert.Contains("screws[2].entryCt: expected three finite coordinates", nan.Message, StringComparison.Ordinal);
        Assert.Contains("screws[2].targetCt", zero.Message, StringComparison.Ordinal);
        Assert.Contains("non-zero length", zero.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_CrossingAndParallelScrews_FlagsOnlyTheCrossingPair()
    {
        ScrewTrajectory a = new("L3", BodySide.Left, new Vector3d(0, 0, 0), new Vector3d(0, -40, 0), 6);
        ScrewTrajectory crossing = new("L3", BodySide.Right, new Vector3d(-10, -20, 2), new Vector3d(10, -20, 2), 6);
        ScrewTrajectory apart = new("L4", BodySide.Left, new Vector3d(0, 0, -30), new Vector3d(0, -40, -30), 6);

        IReadOnlyList<ScrewCollision> found = ScrewCollisions.Find([a, crossing, apart]);

        ScrewCollision only = Assert.Single(found);
        Assert.Equal((0, 1), (only.First, only.Second));
        Assert.Equal(2.0, only.AxisDistanceMm, 6);
    }

    [Theory]
    [InlineData(0.0, GertzbeinRobbinsGrade.A)]
    [InlineData(1.99, GertzbeinRobbinsGrade.B)]
    [InlineData(2.0, GertzbeinRobbinsGrade.C)]
    [InlineData(4.0, GertzbeinRobbinsGrade.D)]
    [InlineData(6.0, GertzbeinRobbinsGrade.E)]
    public void GradeOf_BoundaryDepths_FollowGertzbeinRobbins(double breachMm, GertzbeinRobbinsGrade expected) =>
        Assert.Equal(expected, ScrewAssessment.GradeOf(breachMm));
}
