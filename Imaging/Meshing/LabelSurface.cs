using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;

namespace ArSpine.Imaging.Meshing;

/// <summary>How a label's surface is extracted and cleaned.</summary>
/// <param name="SmoothingSigmaMm">Gaussian blur of the binary mask before extraction, mm; 0 (the default) extracts the mask's 0.5 level as it is.</param>
/// <param name="TaubinIterations">λ|μ pairs of Taubin smoothing after extraction (non-shrinking); 0 for none.</param>
/// <param name="MaxTriangles">Triangle budget for quadric decimation; null keeps every triangle of marching cubes.</param>
public sealed record LabelSurfaceOptions(double SmoothingSigmaMm = 0, int TaubinIterations = 10, int? MaxTriangles = null)
{
    /// <summary>The raw marching-cubes surface of the mask's 0.5 level: no blur, no smoothing, no decimation (as scikit-image's <c>marching_cubes(mask, 0.5)</c>).</summary>
    public static LabelSurfaceOptions Raw { get; } = new(0, 0, null);
}

/// <summary>The closed surface of one label of a <see cref="LabelVolume"/>, as a triangle mesh in the Ct frame (LPS mm).</summary>
public static class LabelSurface
{
    /// <summary>
    /// Extracts the boundary of <paramref name="labelId"/>: the 0.5 level of its (optionally blurred) binary mask by marching
    /// cubes within the label's bounding box plus a margin, so the mesh is closed; then Taubin smoothing and quadric decimation
    /// as <paramref name="options"/> ask. Throws an <see cref="ArgumentException"/> when the label is absent.
    /// </summary>
    public static TriangleMesh Extract(LabelVolume labels, int labelId, LabelSurfaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new LabelSurfaceOptions();
        (float[] field, int sizeI, int sizeJ, int sizeK, AffineTransform ctFromBlock) =
            Block(labels, labelId, options.SmoothingSigmaMm, n => labels.Labels[n] == labelId ? 1f : 0f, 0f);
        if (options.SmoothingSigmaMm > 0)
        {
            GaussianBlur.Apply(field, sizeI, sizeJ, sizeK, labels.Grid.SpacingMm, options.SmoothingSigmaMm);
        }

        TriangleMesh mesh = MarchingCubes.Extract(field, sizeI, sizeJ, sizeK, 0.5f, ctFromBlock);
        return Clean(mesh, options);
    }

    /// <summary>
    /// Extracts the iso-surface <paramref name="thresholdHu"/> of <paramref name="ct"/> within label <paramref name="labelId"/>
    /// (voxels outside the label count as −1024 HU), so the surface follows the bone's own edge; then cleans it as
    /// <paramref name="options"/> ask (<see cref="LabelSurfaceOptions.SmoothingSigmaMm"/> is not used). The CT and the labels
    /// must share one grid. Throws an <see cref="ArgumentException"/> when the label is absent or the grids differ.
    /// </summary>
    public static TriangleMesh ExtractFromCt(CtVolume ct, LabelVolume labels, int labelId, double thresholdHu, LabelSurfaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentNullException.ThrowIfNull(labels);
        if (ct.Grid != labels.Grid)
        {
            throw new ArgumentException("Expected the CT and the labels on one grid. Was two different grids.", nameof(ct));
        }

        options ??= new LabelSurfaceOptions();
        (float[] field, int sizeI, int sizeJ, int sizeK, AffineTransform ctFromBlock) =
            Block(labels, labelId, 0, n => labels.Labels[n] == labelId ? ct.Hu[n] : -1024f, -1024f);
        TriangleMesh mesh = MarchingCubes.Extract(field, sizeI, sizeJ, sizeK, (float)thresholdHu, ctFromBlock);
        if (mesh.TriangleCount == 0)
        {
            throw new ArgumentException($"Expected voxels above {thresholdHu} HU within label {labelId}. Was none.", nameof(thresholdHu));
        }

        return Clean(mesh, options);
    }

    private static TriangleMesh Clean(TriangleMesh mesh, LabelSurfaceOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.TaubinIterations);
        if (options.TaubinIterations > 0)
        {
            mesh = TaubinSmoothing.Apply(mesh, options.TaubinIterations);
        }

        if (options.MaxTriangles is int budget && mesh.TriangleCount > budget)
        {
            mesh = QuadricDecimation.Apply(mesh, budget);
        }

        return mesh;
    }

    /// <summary>The label's bounding box plus a margin (one voxel and three blur sigmas), filled from <paramref name="valueAt"/> (flat index in the grid) and <paramref name="outside"/> beyond the grid.</summary>
    private static (float[] Field, int SizeI, int SizeJ, int SizeK, AffineTransform CtFromBlock) Block(
        LabelVolume labels, int labelId, double sigmaMm, Func<int, float> valueAt, float outside)
    {
        VolumeGrid grid = labels.Grid;
        if (labels.BoundingBox(labelId) is not var (i0, i1, j0, j1, k0, k1))
        {
            throw new ArgumentException($"Expected label {labelId} in the volume. Was absent.", nameof(labelId));
        }

        Vector3d spacing = grid.SpacingMm;
        int margin = 1 + (int)Math.Ceiling(3 * sigmaMm / Math.Min(spacing.X, Math.Min(spacing.Y, spacing.Z)));
        i0 -= margin; j0 -= margin; k0 -= margin;
        int sizeI = i1 + margin - i0 + 1, sizeJ = j1 + margin - j0 + 1, sizeK = k1 + margin - k0 + 1;
        var field = new float[sizeI * sizeJ * sizeK];
        Array.Fill(field, outside);
        // Only the part of the block inside the grid reads the volume; the margin beyond it keeps the outside value.
        int iFrom = Math.Max(0, -i0), iTo = Math.Min(sizeI, grid.SizeI - i0);
        for (int k = Math.Max(0, -k0); k < Math.Min(sizeK, grid.SizeK - k0); k++)
        {
            for (int j = Math.Max(0, -j0); j < Math.Min(sizeJ, grid.SizeJ - j0); j++)
            {
                int from = grid.Index(i0, j + j0, k + k0), to = sizeI * (j + sizeJ * k);
                for (int i = iFrom; i < iTo; i++)
                {
                    field[to + i] = valueAt(from + i);
                }
            }
        }

        var voxelFromBlock = new AffineTransform(Matrix3d.Identity, new Vector3d(i0, j0, k0));
        return (field, sizeI, sizeJ, sizeK, grid.CtFromVoxel * voxelFromBlock);
    }
}
