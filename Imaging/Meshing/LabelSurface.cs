using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;

namespace ArSpine.Imaging.Meshing;

/// <summary>How a label's surface is extracted.</summary>
/// <param name="SmoothingSigmaMm">Gaussian blur of the binary mask before extraction, mm; 0 for none (a staircase surface).</param>
/// <param name="StrideVoxels">Sample every n-th voxel along each axis (1 = full resolution; 2 gives about a quarter of the triangles).</param>
public sealed record LabelSurfaceOptions(double SmoothingSigmaMm = 0.6, int StrideVoxels = 1);

/// <summary>The closed surface of one label of a <see cref="LabelVolume"/>, as a triangle mesh in the Ct frame (LPS mm).</summary>
public static class LabelSurface
{
    /// <summary>
    /// Extracts the boundary of <paramref name="labelId"/>: the 0.5 level of its (optionally smoothed) binary mask, by
    /// marching tetrahedra within the label's bounding box plus a margin, so the mesh is closed. Throws when the label is absent.
    /// </summary>
    public static TriangleMesh Extract(LabelVolume labels, int labelId, LabelSurfaceOptions? options = null)
    {
        options ??= new LabelSurfaceOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.StrideVoxels);
        VolumeGrid grid = labels.Grid;
        (int I0, int I1, int J0, int J1, int K0, int K1)? box = BoundingBox(labels, labelId);
        if (box is not var (i0, i1, j0, j1, k0, k1))
        {
            throw new ArgumentException($"Expected label {labelId} in the volume. Was absent.", nameof(labelId));
        }

        Vector3d spacing = grid.SpacingMm;
        int margin = options.StrideVoxels + (int)Math.Ceiling(3 * options.SmoothingSigmaMm / Math.Min(spacing.X, Math.Min(spacing.Y, spacing.Z)));
        i0 -= margin; j0 -= margin; k0 -= margin;
        int sizeI = i1 + margin - i0 + 1, sizeJ = j1 + margin - j0 + 1, sizeK = k1 + margin - k0 + 1;

        var field = new float[sizeI * sizeJ * sizeK];
        for (int k = 0; k < sizeK; k++)
        {
            for (int j = 0; j < sizeJ; j++)
            {
                for (int i = 0; i < sizeI; i++)
                {
                    int gi = i + i0, gj = j + j0, gk = k + k0;
                    if (grid.Contains(gi, gj, gk) && labels[gi, gj, gk] == labelId)
                    {
                        field[i + sizeI * (j + sizeJ * k)] = 1;
                    }
                }
            }
        }

        if (options.SmoothingSigmaMm > 0)
        {
            GaussianBlur.Apply(field, sizeI, sizeJ, sizeK, spacing, options.SmoothingSigmaMm);
        }

        int stride = options.StrideVoxels;
        if (stride > 1)
        {
            (field, sizeI, sizeJ, sizeK) = Subsample(field, sizeI, sizeJ, sizeK, stride);
        }

        var voxelFromBlock = new AffineTransform(Matrix3d.Diagonal(stride, stride, stride), new Vector3d(i0, j0, k0));
        return MarchingTetrahedra.Extract(field, sizeI, sizeJ, sizeK, 0.5f, grid.CtFromVoxel * voxelFromBlock);
    }

    private static (int, int, int, int, int, int)? BoundingBox(LabelVolume labels, int labelId)
    {
        VolumeGrid g = labels.Grid;
        int i0 = int.MaxValue, j0 = int.MaxValue, k0 = int.MaxValue, i1 = -1, j1 = -1, k1 = -1;
        for (int k = 0; k < g.SizeK; k++)
        {
            for (int j = 0; j < g.SizeJ; j++)
            {
                int row = g.Index(0, j, k);
                for (int i = 0; i < g.SizeI; i++)
                {
                    if (labels.Labels[row + i] == labelId)
                    {
                        i0 = Math.Min(i0, i); i1 = Math.Max(i1, i);
                        j0 = Math.Min(j0, j); j1 = Math.Max(j1, j);
                        k0 = Math.Min(k0, k); k1 = Math.Max(k1, k);
                    }
                }
            }
        }

        return i1 < 0 ? null : (i0, i1, j0, j1, k0, k1);
    }

    private static (float[], int, int, int) Subsample(float[] field, int sizeI, int sizeJ, int sizeK, int stride)
    {
        int si = (sizeI - 1) / stride + 1, sj = (sizeJ - 1) / stride + 1, sk = (sizeK - 1) / stride + 1;
        var sampled = new float[si * sj * sk];
        for (int k = 0; k < sk; k++)
        {
            for (int j = 0; j < sj; j++)
            {
                for (int i = 0; i < si; i++)
                {
                    sampled[i + si * (j + sj * k)] = field[i * stride + sizeI * (j * stride + sizeJ * k * stride)];
                }
            }
        }

        return (sampled, si, sj, sk);
    }
}
