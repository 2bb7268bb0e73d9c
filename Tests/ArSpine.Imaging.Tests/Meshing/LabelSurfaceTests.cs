using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;

namespace ArSpine.Imaging.Tests.Meshing;

public class LabelSurfaceTests
{
    /// <summary>A ball of radius <paramref name="radiusMm"/> labelled 7 on an oblique, anisotropic grid whose i axis is flipped (negative determinant).</summary>
    internal static (LabelVolume Labels, Vector3d CentreCt) Ball(double radiusMm)
    {
        Matrix3d rotation = Matrix3d.FromAxisAngle(new Vector3d(1, 1, 0), 0.3);
        var ctFromVoxel = new AffineTransform(rotation * Matrix3d.Diagonal(-0.8, 0.9, 1.1), new Vector3d(40, -20, 100));
        var grid = new VolumeGrid(48, 44, 40, ctFromVoxel);
        Vector3d centre = ctFromVoxel.Apply(new Vector3d(23.3, 21.7, 19.4));
        var labels = new byte[grid.VoxelCount];
        for (int k = 0; k < grid.SizeK; k++)
        {
            for (int j = 0; j < grid.SizeJ; j++)
            {
                for (int i = 0; i < grid.SizeI; i++)
                {
                    if (Vector3d.Distance(ctFromVoxel.Apply(new Vector3d(i, j, k)), centre) <= radiusMm)
                    {
                        labels[grid.Index(i, j, k)] = 7;
                    }
                }
            }
        }

        return (new LabelVolume(grid, labels, new Dictionary<int, string> { [7] = "ball" }), centre);
    }

    internal static void AssertOutward(TriangleMesh mesh, Vector3d centre)
    {
        for (int t = 0; t < mesh.Indices.Length; t += 3)
        {
            var a = Vector3d.From(mesh.PositionsMm[mesh.Indices[t]]);
            var b = Vector3d.From(mesh.PositionsMm[mesh.Indices[t + 1]]);
            var c = Vector3d.From(mesh.PositionsMm[mesh.Indices[t + 2]]);
            Vector3d normal = Vector3d.Cross(b - a, c - a);
            Assert.True(Vector3d.Dot(normal, (a + b + c) / 3 - centre) >= 0, $"Triangle {t / 3} faces inward.");
        }
    }

    internal static double RadialRms(TriangleMesh mesh, Vector3d centre, double radius) =>
        Math.Sqrt(mesh.PositionsMm.Average(p => Math.Pow(Vector3d.Distance(Vector3d.From(p), centre) - radius, 2)));

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.0, 10)]
    [InlineData(0.6, 0)]
    [InlineData(0.6, 10)]
    public void Extract_Ball_IsClosedOutwardAndMatchesTheSphere(double sigmaMm, int taubinIterations)
    {
        const double radius = 12;
        (LabelVolume labels, Vector3d centre) = Ball(radius);

        TriangleMesh mesh = LabelSurface.Extract(labels, 7, new LabelSurfaceOptions(sigmaMm, taubinIterations));

        Assert.True(mesh.IsWatertight(), "Expected every edge shared by two triangles in opposite directions.");
        double expectedVolume = 4.0 / 3 * Math.PI * radius * radius * radius;
        double volume = mesh.EnclosedVolumeMm3();
        Assert.True(Math.Abs(volume - expectedVolume) / expectedVolume < 0.04, $"Volume {volume:0} mm³, sphere {expectedVolume:0} mm³.");
        double worstRadialError = mesh.PositionsMm.Max(p => Math.Abs(Vector3d.Distance(Vector3d.From(p), centre) - radius));
        Assert.True(worstRadialError < 1.0, $"A vertex lies {worstRadialError:0.00} mm off the sphere.");
        AssertOutward(mesh, centre);
    }

    [Fact]
    public void Extract_Taubin_SmoothsTheStaircaseWithoutShrinking()
    {
        const double radius = 12;
        (LabelVolume labels, Vector3d centre) = Ball(radius);

        TriangleMesh raw = LabelSurface.Extract(labels, 7, LabelSurfaceOptions.Raw);
        TriangleMesh smooth = LabelSurface.Extract(labels, 7, new LabelSurfaceOptions(TaubinIterations: 20));

        Assert.True(smooth.IsWatertight());
        double rawRms = RadialRms(raw, centre, radius), smoothRms = RadialRms(smooth, centre, radius);
        Assert.True(smoothRms < 0.7 * rawRms, $"Radial RMS {rawRms:0.000} mm raw, {smoothRms:0.000} mm smoothed.");
        double shrink = (smooth.EnclosedVolumeMm3() - raw.EnclosedVolumeMm3()) / raw.EnclosedVolumeMm3();
        Assert.True(Math.Abs(shrink) < 0.01, $"Smoothing changed the volume by {shrink:P2}.");
        Assert.True(smooth.SurfaceAreaMm2() < raw.SurfaceAreaMm2(), "Expected the staircase's extra area gone.");
    }

    [Theory]
    [InlineData(3000)]
    [InlineData(800)]
    public void Extract_Budget_DecimatesToTheBudgetAndStaysClosedAndClose(int budget)
    {
        const double radius = 12;
        (LabelVolume labels, Vector3d centre) = Ball(radius);
        TriangleMesh full = LabelSurface.Extract(labels, 7, new LabelSurfaceOptions(TaubinIterations: 10));

        TriangleMesh mesh = LabelSurface.Extract(labels, 7, new LabelSurfaceOptions(TaubinIterations: 10, MaxTriangles: budget));

        Assert.True(full.TriangleCount > 2 * budget, $"The full mesh has only {full.TriangleCount} triangles.");
        Assert.InRange(mesh.TriangleCount, budget - 2, budget);
        Assert.True(mesh.IsWatertight(), "Expected the decimated mesh closed and consistently wound.");
        AssertOutward(mesh, centre);
        double volumeChange = (mesh.EnclosedVolumeMm3() - full.EnclosedVolumeMm3()) / full.EnclosedVolumeMm3();
        Assert.True(Math.Abs(volumeChange) < 0.02, $"Decimation changed the volume by {volumeChange:P2}.");
        double worst = mesh.PositionsMm.Max(p => Math.Abs(Vector3d.Distance(Vector3d.From(p), centre) - radius));
        Assert.True(worst < 0.8, $"A decimated vertex lies {worst:0.00} mm off the sphere.");
    }

    [Fact]
    public void ExtractFromCt_BallWithHuRamp_FindsTheThresholdSurface()
    {
        (LabelVolume labels, Vector3d centre) = Ball(12);
        // HU falls linearly with the distance from the centre: 1000 HU at the centre, 200 HU at 8 mm.
        var hu = new short[labels.Grid.VoxelCount];
        for (int n = 0; n < hu.Length; n++)
        {
            int i = n % labels.Grid.SizeI, j = n / labels.Grid.SizeI % labels.Grid.SizeJ, k = n / (labels.Grid.SizeI * labels.Grid.SizeJ);
            double r = Vector3d.Distance(labels.Grid.CtFromVoxel.Apply(new Vector3d(i, j, k)), centre);
            hu[n] = (short)Math.Round(1000 - 100 * r);
        }

        TriangleMesh mesh = LabelSurface.ExtractFromCt(new CtVolume(labels.Grid, hu), labels, 7, 200, LabelSurfaceOptions.Raw);

        Assert.True(mesh.IsWatertight());
        double worst = mesh.PositionsMm.Max(p => Math.Abs(Vector3d.Distance(Vector3d.From(p), centre) - 8));
        Assert.True(worst < 0.1, $"A vertex lies {worst:0.000} mm off the 8 mm sphere of 200 HU.");
    }

    [Fact]
    public void Extract_AbsentLabel_Throws()
    {
        (LabelVolume labels, _) = Ball(5);
        var error = Assert.Throws<ArgumentException>(() => LabelSurface.Extract(labels, 9));
        Assert.StartsWith("Expected label 9 in the volume. Was absent.", error.Message);
    }
}
