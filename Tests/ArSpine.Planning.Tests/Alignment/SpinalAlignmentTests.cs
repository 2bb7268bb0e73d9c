using ArSpine.Planning.Anatomy;
using System.Globalization;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;
using ArSpine.Planning.Alignment;
using ArSpine.TestSupport;

namespace ArSpine.Planning.Tests.Alignment;

public class SpinalAlignmentTests
{
    private const double AngleToleranceDeg = 1.0;

    [Theory]
    [InlineData(0.0, 1, 0.0)]
    [InlineData(20.0, 1, 0.0)]
    [InlineData(40.0, 1, 0.0)]
    [InlineData(60.0, 2, 0.0)]
    [InlineData(-20.0, 3, 0.0)]
    [InlineData(30.0, 4, 15.0)]
    public void Report_SagittalPhantom_GivesTheGeneratorsLordosis(double curveDeg, int seed, double rotationDeg)
    {
        PhantomCase phantom = PhantomCases.Get(curveDeg, CurvePlane.Sagittal, seed, rotationDeg);
        PhantomParameters parameters = phantom.Truth.Parameters;

        AlignmentReport report = SpinalAlignment.Report(SpinalAlignment.MeasureLevels(phantom.Labels));

        double expected = PhantomCases.BendDeg(parameters, VertebraLevels.IdOf("L1")) - PhantomCases.BendDeg(parameters, VertebraLevels.SacrumId);
        Assert.NotNull(report.LumbarLordosisDeg);
        Assert.True(Math.Abs(report.LumbarLordosisDeg!.Value - expected) < AngleToleranceDeg, $"L1–S1 {report.LumbarLordosisDeg:0.00}°, generator {expected:0.00}°.");
        Assert.Equal(5, report.Segments.Count);
        foreach (SegmentalAngle segment in report.Segments)
        {
            double segmentExpected = PhantomCases.BendDeg(parameters, VertebraLevels.IdOf(segment.Upper)) - PhantomCases.BendDeg(parameters, VertebraLevels.IdOf(segment.Lower));
            Assert.True(Math.Abs(segment.LordosisDeg - segmentExpected) < AngleToleranceDeg, $"{segment.Upper}–{segment.Lower} {segment.LordosisDeg:0.00}°, generator {segmentExpected:0.00}°.");
        }

        Assert.True(report.Cobb!.AngleDeg < AngleToleranceDeg, $"A sagittal curve has no coronal Cobb; measured {report.Cobb.AngleDeg:0.00}°.");
    }

    [Theory]
    [InlineData(15.0, 1, 0.0)]
    [InlineData(-30.0, 1, 0.0)]
    [InlineData(60.0, 5, 0.0)]
    [InlineData(20.0, 6, 20.0)]
    public void Report_CoronalPhantom_GivesTheGeneratorsCobb(double curveDeg, int seed, double rotationDeg)
    {
        PhantomCase phantom = PhantomCases.Get(curveDeg, CurvePlane.Coronal, seed, rotationDeg);
        PhantomParameters parameters = phantom.Truth.Parameters;

        AlignmentReport report = SpinalAlignment.Report(SpinalAlignment.MeasureLevels(phantom.Labels));

        // Each body's endplates are parallel in the phantom, so the largest angle runs from L1's superior endplate to L5's inferior one.
        double expected = Math.Abs(PhantomCases.BendDeg(parameters, VertebraLevels.IdOf("L1")) - PhantomCases.BendDeg(parameters, VertebraLevels.IdOf("L5")));
        CobbAngle cobb = report.Cobb!;
        Assert.True(Math.Abs(cobb.AngleDeg - expected) < AngleToleranceDeg, $"Cobb {cobb.AngleDeg:0.00}°, generator {expected:0.00}°.");
        Assert.Equal("L1", cobb.UpperEnd);
        Assert.Equal("L5", cobb.LowerEnd);
        // A positive curve bends the spine toward the patient's left going up, which makes it convex to the right.
        Assert.Equal(curveDeg > 0 ? BodySide.Right : BodySide.Left, cobb.ConvexSide);
        Assert.True(Math.Abs(report.LumbarLordosisDeg!.Value) < AngleToleranceDeg, $"A coronal curve has no lordosis; measured {report.LumbarLordosisDeg:0.00}°.");
    }

    [Fact]
    public void Measure_PhantomVertebrae_EndplateNormalsFollowTheTruth()
    {
        PhantomCase phantom = PhantomCases.Get(20, CurvePlane.Sagittal);

        foreach (VertebraTruth truth in phantom.Truth.Vertebrae)
        {
            VertebraMeasurement m = VertebraMeasurement.Measure(phantom.Labels, truth.LabelId);

            foreach (EndplatePlane endplate in new[] { m.Superior, m.Inferior })
            {
                double errorDeg = Math.Acos(Math.Clamp(Vector3d.Dot(endplate.NormalCt, truth.SuperiorAxisCt), -1, 1)) * 180 / Math.PI;
                Assert.True(errorDeg < AngleToleranceDeg, $"{truth.Name}: endplate normal {errorDeg:0.00}° off the generator's superior axis.");
            }

            // The body centre lies midway between the endplates.
            Vector3d mid = (m.Superior.CentreCt + m.Inferior.CentreCt) / 2;
            double along = Vector3d.Dot(mid - truth.BodyCentreCt, truth.SuperiorAxisCt);
            Assert.True(Math.Abs(along) < 1.5, $"{truth.Name}: endplate midpoint {along:0.00} mm from the body centre along the axis.");
        }
    }

    [Fact]
    public void PlaneFit_AgreesWithNumpysSingularValueDecomposition()
    {
        PhantomCase phantom = PhantomCases.Get(40, CurvePlane.Sagittal);
        // The superior endplate voxels of L1: the top voxel of each column of the body, as the measurement takes them.
        List<Vector3d> points = new LabelMask(phantom.Labels, VertebraLevels.IdOf("L1")).VoxelCentres()
            .GroupBy(p => (Math.Round(p.X, 3), Math.Round(p.Y, 3))).Select(g => g.MaxBy(p => p.Z)).Take(400).ToList();
        using var folder = new TemporaryFolder();
        string file = folder.PathOf("points.txt");
        File.WriteAllLines(file, points.Select(p => FormattableString.Invariant($"{p.X:R} {p.Y:R} {p.Z:R}")));

        (Vector3d centroid, Vector3d normal) = PlaneFit.Fit(points);
        string output = ExternalTool.RunPython(
            "import sys, numpy as np\n" +
            "p = np.loadtxt(sys.argv[1]); c = p.mean(axis=0)\n" +
            "n = np.linalg.svd(p - c)[2][2]\n" +
            "print(' '.join(repr(float(v)) for v in list(c) + list(n)))\n",
            file);

        double[] oracle = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var oracleNormal = new Vector3d(oracle[3], oracle[4], oracle[5]);
        Assert.True(Vector3d.Distance(centroid, new Vector3d(oracle[0], oracle[1], oracle[2])) < 1e-9, "Centroids differ.");
        Assert.True(Math.Abs(Math.Abs(Vector3d.Dot(normal, oracleNormal)) - 1) < 1e-9, $"Normal {normal}, numpy {oracleNormal}.");
    }

    [Fact]
    public void Measure_AbsentLabel_IsAClearError()
    {
        PhantomCase phantom = PhantomCases.Get(0, CurvePlane.Sagittal);

        var error = Assert.Throws<InvalidInputException>(() => VertebraMeasurement.Measure(phantom.Labels, VertebraLevels.IdOf("T12"), "labels.nii.gz"));

        Assert.Equal("labels.nii.gz: label 19 (T12): expected a vertebra of at least 200 voxels. Was 'absent'.", error.Message);
    }
}
