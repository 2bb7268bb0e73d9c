using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;

namespace ArSpine.Imaging.Tests;

/// <summary>Small asymmetric volumes with a known answer: every voxel has its own value, so any flip or transpose shows.</summary>
internal static class TestVolumes
{
    public const int SizeI = 7, SizeJ = 5, SizeK = 4;

    public static readonly Vector3d SpacingMm = new(0.7, 0.9, 1.5);

    public static readonly Vector3d OriginMm = new(-12.5, 30.25, -101.75);

    /// <summary>An oblique grid: the axes rotated 20° about (1, 2, 3), spacing 0.7, 0.9, 1.5 mm, non-zero origin (LPS).</summary>
    public static VolumeGrid ObliqueGrid(bool leftHanded = false)
    {
        Matrix3d rotation = Matrix3d.FromAxisAngle(new Vector3d(1, 2, 3), 20 * Math.PI / 180);
        Matrix3d linear = rotation * Matrix3d.Diagonal(SpacingMm.X, SpacingMm.Y, leftHanded ? -SpacingMm.Z : SpacingMm.Z);
        return new VolumeGrid(SizeI, SizeJ, SizeK, new AffineTransform(linear, OriginMm));
    }

    /// <summary>An axial LPS grid whose i = 0 column lies on the patient's right (x &lt; 0) and i = 6 on the left (x &gt; 0).</summary>
    public static VolumeGrid AxialGrid() => VolumeGrid.Axial(SizeI, SizeJ, SizeK, SpacingMm, new Vector3d(-2, -1, 40));

    /// <summary>HU = -1000 + 37 × index: distinct per voxel, spanning air to dense bone.</summary>
    public static CtVolume Ct(VolumeGrid grid)
    {
        var hu = new short[grid.VoxelCount];
        for (int n = 0; n < hu.Length; n++)
        {
            hu[n] = (short)(-1000 + 37 * n);
        }

        return new CtVolume(grid, hu);
    }

    /// <summary>Labels index mod 30: background, VerSe ids 1–28 and one non-vertebra id 29.</summary>
    public static LabelVolume Labels(VolumeGrid grid)
    {
        var labels = new byte[grid.VoxelCount];
        var names = new Dictionary<int, string>();
        for (int n = 0; n < labels.Length; n++)
        {
            labels[n] = (byte)(n % 30);
            if (labels[n] > 0)
            {
                names[labels[n]] = labels[n] <= 28 ? VertebraLevels.NameOf(labels[n]) : $"label {labels[n]}";
            }
        }

        return new LabelVolume(grid, labels, names);
    }

    /// <summary>The largest absolute difference between two affines' 12 entries.</summary>
    public static double MaxDifference(AffineTransform a, AffineTransform b)
    {
        double[,] x = a.ToRowMajor4x4(), y = b.ToRowMajor4x4();
        double max = 0;
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                max = Math.Max(max, Math.Abs(x[r, c] - y[r, c]));
            }
        }

        return max;
    }
}
