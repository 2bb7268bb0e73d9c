using ArSpine.App.Scene;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;

namespace ArSpine.App.Tests.Scene;

public sealed class CtResliceTests
{
    private const int Size = 41;
    private const double PixelMm = 0.5;

    /// <summary>HU = 2x − 3y + 5z + 100 on an oblique, anisotropic grid (LPS mm); trilinear interpolation reproduces it exactly.</summary>
    private static double LinearHu(Vector3d p) => 2 * p.X - 3 * p.Y + 5 * p.Z + 100;

    private static CtVolume LinearField()
    {
        Matrix3d rotation = Matrix3d.FromAxisAngle(new Vector3d(1, 2, 3).Normalized(), 0.4);
        var ctFromVoxel = new AffineTransform(rotation * Matrix3d.Diagonal(0.7, 0.9, 1.3), new Vector3d(-40, -35, -30));
        var grid = new VolumeGrid(120, 110, 90, ctFromVoxel);
        var hu = new short[grid.VoxelCount];
        for (int k = 0; k < grid.SizeK; k++)
        {
            for (int j = 0; j < grid.SizeJ; j++)
            {
                for (int i = 0; i < grid.SizeI; i++)
                {
                    hu[grid.Index(i, j, k)] = (short)Math.Round(LinearHu(ctFromVoxel.Apply(new Vector3d(i, j, k))));
                }
            }
        }

        return new CtVolume(grid, hu);
    }

    private static readonly ScrewTrajectory Oblique = new("L3", BodySide.Left, new Vector3d(8, 10, 3), new Vector3d(-2, -4, 1), 6.5);

    [Fact]
    public void Update_LinearHuField_PixelsOffTheTrajectoryEqualTheWindowedAnalyticValue()
    {
        // The grid's HU are rounded to whole numbers: sample exact values instead by making them exact at the voxels.
        CtVolume ct = LinearField();
        var reslice = new CtReslice(ct, Size, PixelMm);

        reslice.Update(Oblique);

        (Vector3d axis, Vector3d superiorUp, Vector3d leftUp) = CtReslice.Directions(Oblique);
        Vector3d middle = (Oblique.EntryCt + Oblique.TargetCt) / 2;
        int checkedPixels = 0, maxError = 0;
        foreach ((byte[] image, Vector3d up) in new[] { (reslice.AlongSuperior, superiorUp), (reslice.AlongLeftRight, leftUp) })
        {
            for (int r = 0; r < Size; r++)
            {
                for (int c = 0; c < Size; c++)
                {
                    if (OnTrajectory(reslice, Oblique.LengthMm, c, r))
                    {
                        continue;
                    }

                    Vector3d p = middle + axis * ((c - (Size - 1) / 2.0) * PixelMm) + up * (((Size - 1) / 2.0 - r) * PixelMm);
                    // Rounding each voxel's HU moves a trilinear sample by at most 0.5 HU: under a grey level at this window.
                    int expected = CtReslice.Window(LinearHu(p));
                    maxError = Math.Max(maxError, Math.Abs(image[r * Size + c] - expected));
                    checkedPixels++;
                }
            }
        }

        Assert.True(maxError <= 1, $"Expected every pixel within one grey level of the analytic value. Was {maxError} off.");
        Assert.True(checkedPixels > 2 * Size * Size - 200);
    }

    [Fact]
    public void Update_ObliqueScrew_PlanesContainTheAxisAndSuperiorAndLeftRight()
    {
        (Vector3d axis, Vector3d superiorUp, Vector3d leftUp) = CtReslice.Directions(Oblique);

        Assert.Equal(0, Vector3d.Dot(axis, superiorUp), 12);
        Assert.Equal(0, Vector3d.Dot(axis, leftUp), 12);
        // Superior (LPS +Z) lies in the plane of axis and superiorUp; left (+X) in the plane of axis and leftUp.
        Assert.Equal(0, Vector3d.Dot(Vector3d.UnitZ, Vector3d.Cross(axis, superiorUp).Normalized()), 12);
        Assert.Equal(0, Vector3d.Dot(Vector3d.UnitX, Vector3d.Cross(axis, leftUp).Normalized()), 12);
        Assert.True(superiorUp.Z > 0 && leftUp.X > 0);
    }

    [Fact]
    public void Update_SphereOfBone_BrightDiscOfTheSphereRadiusCentredOnTheScrewMidpoint()
    {
        // A 10 mm bone sphere (1000 HU) in water (0 HU) centred on the screw's midpoint: both planes cut it through its centre.
        var grid = VolumeGrid.Axial(80, 80, 80, new Vector3d(0.5, 0.5, 0.5), new Vector3d(-20, -20, -20));
        var hu = new short[grid.VoxelCount];
        var centre = new Vector3d(1, -2, 0.5);
        for (int k = 0; k < 80; k++)
        {
            for (int j = 0; j < 80; j++)
            {
                for (int i = 0; i < 80; i++)
                {
                    hu[grid.Index(i, j, k)] = (short)(Vector3d.Distance(grid.CtFromVoxel.Apply(new Vector3d(i, j, k)), centre) <= 5 ? 1000 : 0);
                }
            }
        }

        var screw = new ScrewTrajectory("L3", BodySide.Right, centre + new Vector3d(-3, 6, 1), centre - new Vector3d(-3, 6, 1), 6.5);
        var reslice = new CtReslice(new CtVolume(grid, hu), Size, PixelMm);

        reslice.Update(screw);

        byte bone = CtReslice.Window(1000), water = CtReslice.Window(0);
        foreach (byte[] image in new[] { reslice.AlongSuperior, reslice.AlongLeftRight })
        {
            for (int r = 0; r < Size; r++)
            {
                for (int c = 0; c < Size; c++)
                {
                    double radiusMm = Math.Sqrt(Math.Pow(c - (Size - 1) / 2.0, 2) + Math.Pow(r - (Size - 1) / 2.0, 2)) * PixelMm;
                    if (OnTrajectory(reslice, screw.LengthMm, c, r) || Math.Abs(radiusMm - 5) < 0.8)
                    {
                        continue;
                    }

                    Assert.Equal(radiusMm < 5 ? bone : water, image[r * Size + c]);
                }
            }
        }
    }

    [Fact]
    public void Update_Trajectory_WhiteAlongTheCentreRowFromEntryToTargetColumnWithTicks()
    {
        var reslice = new CtReslice(LinearField(), Size, PixelMm);

        reslice.Update(Oblique);

        // 17.3 mm long at 0.5 mm a pixel: entry 17.3 px left of the centre column 20, the target as far right.
        int row = (Size - 1) / 2;
        int entry = (int)Math.Round(20 - Oblique.LengthMm / 2 / PixelMm), target = (int)Math.Round(20 + Oblique.LengthMm / 2 / PixelMm);
        Assert.Equal((3, 37), (entry, target));
        foreach (byte[] image in new[] { reslice.AlongSuperior, reslice.AlongLeftRight })
        {
            for (int c = 0; c < Size; c++)
            {
                bool inside = c >= entry && c <= target;
                Assert.True(inside == (image[row * Size + c] == CtReslice.TrajectoryValue), $"column {c}: {image[row * Size + c]}");
            }

            for (int d = -CtReslice.TickHalfPx; d <= CtReslice.TickHalfPx; d++)
            {
                Assert.Equal(CtReslice.TrajectoryValue, image[(row + d) * Size + entry]);
                Assert.Equal(CtReslice.TrajectoryValue, image[(row + d) * Size + target]);
            }

            Assert.NotEqual(CtReslice.TrajectoryValue, image[(row + CtReslice.TickHalfPx + 1) * Size + entry]);
            Assert.NotEqual(CtReslice.TrajectoryValue, image[(row - 1) * Size + (entry + target) / 2]);
        }

        Assert.Equal(1, reslice.UpdateCount);
    }

    [Fact]
    public void SampleHu_OutsideTheVolume_ReadsAir()
    {
        var reslice = new CtReslice(LinearField(), Size, PixelMm);

        Assert.Equal(CtReslice.OutsideHu, reslice.SampleHu(new Vector3d(500, 0, 0)));
        Assert.Equal(0, CtReslice.Window(CtReslice.OutsideHu));
        Assert.Equal(255, CtReslice.Window(CtReslice.WindowHighHu));
    }

    private static bool OnTrajectory(CtReslice reslice, double lengthMm, int c, int r)
    {
        int row = (reslice.SizePx - 1) / 2;
        int entry = (int)Math.Round(reslice.ColumnOf(-lengthMm / 2)), target = (int)Math.Round(reslice.ColumnOf(lengthMm / 2));
        return (r == row && c >= entry && c <= target) || (Math.Abs(r - row) <= CtReslice.TickHalfPx && (c == entry || c == target));
    }
}
