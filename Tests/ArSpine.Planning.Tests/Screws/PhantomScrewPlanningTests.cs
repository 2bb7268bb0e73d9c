using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;
using ArSpine.Planning.Screws;
using Xunit.Abstractions;

namespace ArSpine.Planning.Tests.Screws;

/// <summary>Automatic screws on phantoms against the generator's ideal pedicle axes, across seeds, curves and rotations.</summary>
public sealed class PhantomScrewPlanningTests
{
    private readonly ITestOutputHelper _output;

    public PhantomScrewPlanningTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<int, double, CurvePlane, double, double?> Variations => new()
    {
        { 1, 0, CurvePlane.Coronal, 0, null },
        { 2, 20, CurvePlane.Coronal, 0, null },
        { 3, -15, CurvePlane.Sagittal, 0, null },
        { 4, 0, CurvePlane.Coronal, 20, null },
        { 5, 25, CurvePlane.Coronal, -15, 7 },
    };

    [Theory]
    [MemberData(nameof(Variations))]
    public void Plan_Phantom_EveryScrewFollowsTheIdealAxisAndIsGradeA(int seed, double curveDeg, CurvePlane plane, double rotationDeg, double? pedicleWidthMm)
    {
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters
        {
            Seed = seed, CurveDeg = curveDeg, CurvePlane = plane, RotationDeg = rotationDeg, PedicleWidthMm = pedicleWidthMm,
        });
        var options = new ScrewPlanningOptions { Catalogue = ScrewCatalogue.Load(ScrewCatalogue.DefaultPath) };

        ScrewPlanningResult result = ScrewPlanner.Plan(phantom.Labels, ScrewPlanner.PlannableLevels(phantom.Labels), options);

        Assert.True(result.Skipped.Count == 0, string.Join("\n", result.Skipped));
        Assert.Equal(10, result.Screws.Count);
        foreach (PlannedScrew planned in result.Screws)
        {
            ScrewTrajectory screw = planned.Screw;
            PedicleTruth truth = phantom.Truth.Vertebrae.Single(v => v.Name == screw.Vertebra).Pedicles.Single(p => p.Side == screw.Side);
            Vector3d idealDirection = (truth.TargetCt - truth.EntryCt).Normalized();
            double angleDeg = Math.Acos(Math.Clamp(Vector3d.Dot(screw.Direction, idealDirection), -1, 1)) * 180 / Math.PI;
            double offsetMm = DistanceToLine(truth.IsthmusCentreCt, screw.EntryCt, screw.Direction);
            _output.WriteLine($"{screw.Vertebra} {screw.Side}: offset at isthmus {offsetMm:0.00} mm, angle {angleDeg:0.00}°, isthmus width {planned.Pedicle.IsthmusWidthMm:0.0} (truth {truth.IsthmusWidthMm:0.0}) mm, " +
                $"convergence {planned.Pedicle.MedialConvergenceDeg:0.0}°, sagittal {planned.Pedicle.SagittalAngleDeg:0.0}°, {screw.DiameterMm:0.0} x {screw.LengthMm:0} mm, grade {screw.Predicted!.Grade} {screw.Predicted.Direction}, margin {screw.Predicted.MarginMm:0.00} mm");

            Assert.True(offsetMm <= 1.5, $"{screw.Vertebra} {screw.Side}: axis passes {offsetMm:0.00} mm from the ideal isthmus centre");
            Assert.True(angleDeg <= 3, $"{screw.Vertebra} {screw.Side}: axis is {angleDeg:0.00}° off the ideal axis");
            Assert.True(Math.Abs(planned.Pedicle.IsthmusWidthMm - truth.IsthmusWidthMm) <= 1.0, $"{screw.Vertebra} {screw.Side}: isthmus width {planned.Pedicle.IsthmusWidthMm:0.0} vs {truth.IsthmusWidthMm:0.0} mm");
            Assert.Equal(GertzbeinRobbinsGrade.A, screw.Predicted.Grade);
            Assert.True(Vector3d.Distance(screw.EntryCt, truth.EntryCt) <= 2, $"{screw.Vertebra} {screw.Side}: entry {Vector3d.Distance(screw.EntryCt, truth.EntryCt):0.00} mm from the ideal entry");
            Assert.True(screw.LengthMm <= Vector3d.Distance(truth.EntryCt, truth.AnteriorCortexCt) * options.DepthFraction + 1, "the tip stays short of the anterior cortex");
            Assert.True(options.Catalogue.StocksDiameter(screw.DiameterMm));
            Assert.True(screw.DiameterMm <= truth.IsthmusWidthMm - 2 * options.WallMarginMm + 0.5, "the diameter leaves the wall margin");
        }
    }

    private static double DistanceToLine(Vector3d point, Vector3d through, Vector3d unitDirection)
    {
        Vector3d d = point - through;
        return (d - unitDirection * Vector3d.Dot(d, unitDirection)).Length;
    }
}
