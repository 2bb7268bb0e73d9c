using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;

namespace ArSpine.App.Cases;

/// <summary>
/// The CT a case package carries for slice views: the planning CT resampled, along its own voxel axes, to at most
/// <see cref="MaxSpacingMm"/> per voxel (an axis already that coarse keeps its spacing). 1.5 mm keeps a pedicle (5–15 mm wide)
/// several voxels across in a resliced panel while a 512 × 512 × 400 series shrinks about tenfold. Geometry and grading use the
/// full-resolution labels, never this CT.
/// </summary>
public static class CaseCt
{
    /// <summary>The coarsest spacing the package's CT is down-sampled to, mm.</summary>
    public const double MaxSpacingMm = 1.5;

    /// <summary>
    /// The CT on a grid with the same direction cosines and extent (voxel edges aligned at the grid's start) and spacing
    /// <c>n·s / ceil(n·s / 1.5 mm)</c> (at most 1.5 mm) along each axis finer than 1.5 mm, sampled trilinearly; the same volume when no axis is finer than
    /// 1.5 mm. Cost: one pass over the output grid.
    /// </summary>
    public static CtVolume DownSample(CtVolume ct)
    {
        ArgumentNullException.ThrowIfNull(ct);
        VolumeGrid grid = ct.Grid;
        Vector3d spacing = grid.SpacingMm;
        int ni = TargetSize(grid.SizeI, spacing.X), nj = TargetSize(grid.SizeJ, spacing.Y), nk = TargetSize(grid.SizeK, spacing.Z);
        if (ni == grid.SizeI && nj == grid.SizeJ && nk == grid.SizeK)
        {
            return ct;
        }

        // Output voxel n covers source voxels [n·r − 0.5, (n + 1)·r − 0.5] along each axis, r = source voxels per output voxel.
        double ri = (double)grid.SizeI / ni, rj = (double)grid.SizeJ / nj, rk = (double)grid.SizeK / nk;
        var voxelFromTarget = new AffineTransform(Matrix3d.Diagonal(ri, rj, rk), new Vector3d(0.5 * ri - 0.5, 0.5 * rj - 0.5, 0.5 * rk - 0.5));
        var target = new VolumeGrid(ni, nj, nk, grid.CtFromVoxel * voxelFromTarget);
        var hu = new short[target.VoxelCount];
        Parallel.For(0, nk, k =>
        {
            double z = Math.Clamp((k + 0.5) * rk - 0.5, 0, grid.SizeK - 1);
            int z0 = (int)z, z1 = Math.Min(z0 + 1, grid.SizeK - 1);
            double fz = z - z0;
            for (int j = 0; j < nj; j++)
            {
                double y = Math.Clamp((j + 0.5) * rj - 0.5, 0, grid.SizeJ - 1);
                int y0 = (int)y, y1 = Math.Min(y0 + 1, grid.SizeJ - 1);
                double fy = y - y0;
                for (int i = 0; i < ni; i++)
                {
                    double x = Math.Clamp((i + 0.5) * ri - 0.5, 0, grid.SizeI - 1);
                    int x0 = (int)x, x1 = Math.Min(x0 + 1, grid.SizeI - 1);
                    double fx = x - x0;
                    double c00 = Lerp(ct[x0, y0, z0], ct[x1, y0, z0], fx), c10 = Lerp(ct[x0, y1, z0], ct[x1, y1, z0], fx);
                    double c01 = Lerp(ct[x0, y0, z1], ct[x1, y0, z1], fx), c11 = Lerp(ct[x0, y1, z1], ct[x1, y1, z1], fx);
                    hu[target.Index(i, j, k)] = (short)Math.Round(Lerp(Lerp(c00, c10, fy), Lerp(c01, c11, fy), fz), MidpointRounding.AwayFromZero);
                }
            }
        });

        return new CtVolume(target, hu);
    }

    private static int TargetSize(int size, double spacingMm) =>
        spacingMm >= MaxSpacingMm ? size : Math.Max(1, (int)Math.Ceiling(size * spacingMm / MaxSpacingMm - 1e-9));

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;
}
