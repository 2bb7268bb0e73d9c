using ArSpine.Core.Geometry;

namespace ArSpine.Core.Volumes;

/// <summary>
/// The sampling grid of a volume: its size in voxels along i, j, k and <c>CtFromVoxel</c>, the affine from voxel
/// indices (i, j, k) to the Ct frame (DICOM LPS, mm). Voxel (i, j, k) is stored at <c>i + SizeI * (j + SizeJ * k)</c>.
/// </summary>
public sealed record VolumeGrid
{
    /// <summary>Creates a grid; throws for a non-positive size or a singular or non-finite affine.</summary>
    public VolumeGrid(int sizeI, int sizeJ, int sizeK, AffineTransform ctFromVoxel)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeI);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeJ);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeK);
        if (!ctFromVoxel.TranslationMm.IsFinite || !double.IsFinite(ctFromVoxel.Linear.Determinant) || Math.Abs(ctFromVoxel.Linear.Determinant) < 1e-12)
        {
            throw new ArgumentException($"Expected a finite, invertible CtFromVoxel affine. Was determinant {ctFromVoxel.Linear.Determinant}.", nameof(ctFromVoxel));
        }

        if ((long)sizeI * sizeJ * sizeK > Array.MaxLength)
        {
            throw new ArgumentException($"Expected at most {Array.MaxLength} voxels. Was {sizeI}x{sizeJ}x{sizeK}.");
        }

        SizeI = sizeI;
        SizeJ = sizeJ;
        SizeK = sizeK;
        CtFromVoxel = ctFromVoxel;
        VoxelFromCt = ctFromVoxel.Inverse();
    }

    /// <summary>An axis-aligned LPS grid: i along +X (left), j along +Y (posterior), k along +Z (superior), with the centre of voxel (0, 0, 0) at <paramref name="originMm"/>.</summary>
    public static VolumeGrid Axial(int sizeI, int sizeJ, int sizeK, Vector3d spacingMm, Vector3d originMm) =>
        new(sizeI, sizeJ, sizeK, new AffineTransform(Matrix3d.Diagonal(spacingMm.X, spacingMm.Y, spacingMm.Z), originMm));

    /// <summary>Voxels along i (columns of a DICOM slice).</summary>
    public int SizeI { get; }

    /// <summary>Voxels along j (rows of a DICOM slice).</summary>
    public int SizeJ { get; }

    /// <summary>Voxels along k (slices).</summary>
    public int SizeK { get; }

    /// <summary>Voxel indices to Ct (LPS mm); the centre of voxel (i, j, k) maps to <c>CtFromVoxel.Apply((i, j, k))</c>.</summary>
    public AffineTransform CtFromVoxel { get; }

    /// <summary>Ct (LPS mm) to continuous voxel indices.</summary>
    public AffineTransform VoxelFromCt { get; }

    /// <summary>The number of voxels.</summary>
    public int VoxelCount => SizeI * SizeJ * SizeK;

    /// <summary>The volume of one voxel, mm³ (the absolute determinant of <see cref="CtFromVoxel"/>'s linear part).</summary>
    public double VoxelVolumeMm3 => Math.Abs(CtFromVoxel.Linear.Determinant);

    /// <summary>The spacing along i, j and k, in mm (the lengths of the affine's columns).</summary>
    public Vector3d SpacingMm => new(
        CtFromVoxel.Linear.Column(1).Length, CtFromVoxel.Linear.Column(2).Length, CtFromVoxel.Linear.Column(3).Length);

    /// <summary>The flat index of voxel (i, j, k); no bounds check.</summary>
    public int Index(int i, int j, int k) => i + SizeI * (j + SizeJ * k);

    /// <summary>True when (i, j, k) lies inside the grid.</summary>
    public bool Contains(int i, int j, int k) =>
        (uint)i < (uint)SizeI && (uint)j < (uint)SizeJ && (uint)k < (uint)SizeK;

    /// <summary>The nearest voxel to a point in Ct (LPS mm), or null outside the grid.</summary>
    public (int I, int J, int K)? NearestVoxel(Vector3d ctMm)
    {
        Vector3d v = VoxelFromCt.Apply(ctMm);
        int i = (int)Math.Round(v.X), j = (int)Math.Round(v.Y), k = (int)Math.Round(v.Z);
        return Contains(i, j, k) ? (i, j, k) : null;
    }
}
