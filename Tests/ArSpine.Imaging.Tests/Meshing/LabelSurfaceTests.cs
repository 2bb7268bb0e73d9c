using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;

namespace ArSpine.Imaging.Tests.Meshing;

public class LabelSurfaceTests
{
    /// <summary>A ball of radius <paramref name="radiusMm"/> labelled 7 on an oblique, anisotropic grid whose i axis is flipped (negative determinant).</summary>
    private static (LabelVolume Labels, Vector3d CentreCt) Ball(double radiusMm)
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

    [Theory]
    [InlineData(0.6, 1)]
    [InlineData(0.6, 2)]
    [InlineData(0.0, 1)]
    public void Extract_Ball_IsClosedOutwardAndMatchesTheSphere(double sigmaMm, int stride)
    {
        const double radius = 12;
        (LabelVolume labels, Vector3d centre) = Ball(radius);

        TriangleMesh mesh = LabelSurface.Extract(labels, 7, new LabelSurfaceOptions(sigmaMm, stride));

        Assert.True(mesh.IsWatertight(), "Expected every edge shared by two triangles in opposite directions.");
        double expectedVolume = 4.0 / 3 * Math.PI * radius * radius * radius;
        double volume = mesh.EnclosedVolumeMm3();
        Assert.True(Math.Abs(volume - expectedVolume) / expectedVolume < 0.05, $"Volume {volume:0} mm³, sphere {expectedVolume:0} mm³.");
        double worstRadialError = mesh.PositionsMm.Max(p => Math.Abs(Vector3d.Distance(Vector3d.From(p), centre) - radius));
        Assert.True(worstRadialError < 1.1 * stride, $"A vertex lies {worstRadialError:0.00} mm off the sphere.");

        // Outward: every face normal points away from the centre.
        for (int t = 0; t < mesh.Indices.Length; t += 3)
        {
            var a = Vector3d.From(mesh.PositionsMm[mesh.Indices[t]]);
            var b = Vector3d.From(mesh.PositionsMm[mesh.Indices[t + 1]]);
            var c = Vector3d.From(mesh.PositionsMm[mesh.Indices[t + 2]]);
            Vector3d normal = Vector3d.Cross(b - a, c - a);
            Assert.True(Vector3d.Dot(normal, (a + b + c) / 3 - centre) >= 0, $"Triangle {t / 3} faces inward.");
        }
    }

    [Fact]
    public void Extract_AbsentLabel_Throws()
    {
        (LabelVolume labels, _) = Ball(5);
        var error = Assert.Throws<ArgumentException>(() => LabelSurface.Extract(labels, 9));
        Assert.StartsWith("Expected label 9 in the volume. Was absent.", error.Message);
    }
}
