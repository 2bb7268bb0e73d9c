using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;

namespace ArSpine.Imaging.Meshing;

/// <summary>The patient's skin as a closed surface: the air/tissue boundary of a CT, on a coarser grid than the CT's.</summary>
public static class SkinSurface
{
    /// <summary>The HU level between air (about −1000) and fat (about −100) where the skin surface is taken.</summary>
    public const double DefaultThresholdHu = -500;

    /// <summary>
    /// Extracts the <paramref name="thresholdHu"/> iso-surface of <paramref name="ct"/> averaged over blocks of
    /// <paramref name="stride"/>³ voxels (the skin does not need the bone's resolution), with air beyond the volume's faces so the
    /// surface is closed where the body leaves the scan; then Taubin-smoothed. Ct frame (LPS mm). Cost: one pass over the CT.
    /// Throws an <see cref="ArgumentException"/> when no voxel reaches the threshold.
    /// </summary>
    public static TriangleMesh Extract(CtVolume ct, double thresholdHu = DefaultThresholdHu, int stride = 4)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        VolumeGrid grid = ct.Grid;
        int ni = (grid.SizeI + stride - 1) / stride, nj = (grid.SizeJ + stride - 1) / stride, nk = (grid.SizeK + stride - 1) / stride;
        // One block of air on every side closes the surface.
        int si = ni + 2, sj = nj + 2, sk = nk + 2;
        var field = new float[si * sj * sk];
        Array.Fill(field, -1000f);
        var sums = new double[ni * nj];
        var counts = new int[ni * nj];
        for (int bk = 0; bk < nk; bk++)
        {
            Array.Clear(sums);
            Array.Clear(counts);
            for (int k = bk * stride; k < Math.Min(grid.SizeK, (bk + 1) * stride); k++)
            {
                for (int j = 0; j < grid.SizeJ; j++)
                {
                    int row = grid.Index(0, j, k), blockRow = (j / stride) * ni;
                    for (int i = 0; i < grid.SizeI; i++)
                    {
                        sums[blockRow + i / stride] += ct.Hu[row + i];
                        counts[blockRow + i / stride]++;
                    }
                }
            }

            for (int bj = 0; bj < nj; bj++)
            {
                for (int bi = 0; bi < ni; bi++)
                {
                    field[(bi + 1) + si * ((bj + 1) + sj * (bk + 1))] = (float)(sums[bi + ni * bj] / counts[bi + ni * bj]);
                }
            }
        }

        // Block (bi, bj, bk) of the padded field is centred on voxel stride·(b − 1) + (stride − 1)/2.
        double offset = (stride - 1) / 2.0 - stride;
        var voxelFromBlock = new AffineTransform(Matrix3d.Diagonal(stride, stride, stride), new Vector3d(offset, offset, offset));
        TriangleMesh mesh = MarchingCubes.Extract(field, si, sj, sk, (float)thresholdHu, grid.CtFromVoxel * voxelFromBlock);
        if (mesh.TriangleCount == 0)
        {
            throw new ArgumentException($"Expected CT voxels above {thresholdHu} HU for the skin surface. Was none.", nameof(thresholdHu));
        }

        return TaubinSmoothing.Apply(mesh, 10);
    }
}
