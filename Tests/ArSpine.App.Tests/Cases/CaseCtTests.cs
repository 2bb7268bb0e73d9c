using ArSpine.App.Cases;
using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;

namespace ArSpine.App.Tests.Cases;

/// <summary>CaseCt.DownSample: trilinear resampling reproduces a linear HU ramp exactly (up to rounding), in any grid orientation.</summary>
public sealed class CaseCtTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DownSample_LinearRampOnAFineGrid_EveryVoxelHoldsTheRampAtItsCentre(bool oblique)
    {
        Matrix3d rotation = oblique ? Matrix3d.FromAxisAngle(new Vector3d(1, 2, 3), 25 * Math.PI / 180) : Matrix3d.Identity;
        var grid = new VolumeGrid(61, 47, 33, new AffineTransform(rotation * Matrix3d.Diagonal(0.6, 0.7, 1.0), new Vector3d(-20, 35, -300)));
        static double Ramp(Vector3d p) => 3 * p.X - 2 * p.Y + 1.5 * p.Z;
        var hu = new short[grid.VoxelCount];
        for (int k = 0; k < grid.SizeK; k++)
        {
            for (int j = 0; j < grid.SizeJ; j++)
            {
                for (int i = 0; i < grid.SizeI; i++)
                {
                    hu[grid.Index(i, j, k)] = (short)Math.Round(Ramp(grid.CtFromVoxel.Apply(new(i, j, k))));
                }
            }
        }

        CtVolume down = CaseCt.DownSample(new CtVolume(grid, hu));

        Assert.Equal((25, 22, 22), (down.Grid.SizeI, down.Grid.SizeJ, down.Grid.SizeK));
        Assert.True(Math.Abs(down.Grid.SpacingMm.X - 61 * 0.6 / 25) < 1e-9 && Math.Abs(down.Grid.SpacingMm.Z - 33.0 / 22) < 1e-9, $"spacing {down.Grid.SpacingMm}");
        double worst = 0;
        for (int k = 0; k < down.Grid.SizeK; k++)
        {
            for (int j = 0; j < down.Grid.SizeJ; j++)
            {
                for (int i = 0; i < down.Grid.SizeI; i++)
                {
                    worst = Math.Max(worst, Math.Abs(down[i, j, k] - Ramp(down.Grid.CtFromVoxel.Apply(new(i, j, k)))));
                }
            }
        }

        // Rounding the source to whole HU (0.5) and the result (0.5).
        Assert.True(worst <= 1.0 + 1e-9, $"worst difference from the ramp: {worst:0.000} HU");
    }

    [Fact]
    public void DownSample_GridAlreadyCoarse_ReturnsTheSameVolume()
    {
        var grid = VolumeGrid.Axial(10, 10, 10, new Vector3d(1.5, 2, 3), Vector3d.Zero);
        var ct = new CtVolume(grid, new short[grid.VoxelCount]);

        Assert.Same(ct, CaseCt.DownSample(ct));
    }
}
