using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;

namespace ArSpine.App.Scene;

/// <summary>
/// The CT resliced along a screw's trajectory: two oblique planes through its axis, sampled by trilinear interpolation into 8-bit
/// images with a bone window, the trajectory drawn in white. <see cref="AlongSuperior"/> contains the axis and the patient's
/// superior direction; <see cref="AlongLeftRight"/> contains the axis and the left–right direction. In both, columns run along the
/// axis from entry (left) to target (right) with the screw's midpoint at the centre pixel, and the centre row is the axis; the top
/// row lies toward superior (first image) or toward the patient's left (second). Buffers are made once and reused;
/// <see cref="Update"/> allocates nothing. Not thread-safe.
/// </summary>
public sealed class CtReslice
{
    /// <summary>Lower end of the bone window, HU (black).</summary>
    public const double WindowLowHu = -500;

    /// <summary>Upper end of the bone window, HU (white).</summary>
    public const double WindowHighHu = 1500;

    /// <summary>What a sample outside the CT reads, HU (air).</summary>
    public const double OutsideHu = -1000;

    /// <summary>Grey value of the drawn trajectory (its axis, and ticks at entry and target).</summary>
    public const byte TrajectoryValue = 255;

    /// <summary>Half the length of the ticks across the axis at entry and target, pixels.</summary>
    public const int TickHalfPx = 4;

    private readonly CtVolume ct;

    /// <summary>Makes the two image buffers for <paramref name="ct"/> (kept, not copied): <paramref name="sizePx"/> square (odd, so the axis is a pixel row), <paramref name="pixelMm"/> apart.</summary>
    public CtReslice(CtVolume ct, int sizePx = 161, double pixelMm = 0.5)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentOutOfRangeException.ThrowIfLessThan(sizePx, 3);
        if (sizePx % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sizePx), sizePx, "Expected an odd size, so the trajectory is a row of pixels.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelMm);
        this.ct = ct;
        SizePx = sizePx;
        PixelMm = pixelMm;
        AlongSuperior = new byte[sizePx * sizePx];
        AlongLeftRight = new byte[sizePx * sizePx];
    }

    /// <summary>Width and height of each image, pixels.</summary>
    public int SizePx { get; }

    /// <summary>Distance between neighbouring pixel centres, mm.</summary>
    public double PixelMm { get; }

    /// <summary>The plane through the axis and the patient's superior direction, 8-bit grey, top row first. Rewritten by <see cref="Update"/>.</summary>
    public byte[] AlongSuperior { get; }

    /// <summary>The plane through the axis and the left–right direction, 8-bit grey, top row first. Rewritten by <see cref="Update"/>.</summary>
    public byte[] AlongLeftRight { get; }

    /// <summary>How many times the images were computed (a cheap way to see they are not recomputed every frame).</summary>
    public int UpdateCount { get; private set; }

    /// <summary>The grey value the bone window gives a HU value: 0 at <see cref="WindowLowHu"/>, 255 at <see cref="WindowHighHu"/>, rounded, clamped.</summary>
    public static byte Window(double hu) => (byte)Math.Clamp(Math.Round((hu - WindowLowHu) / (WindowHighHu - WindowLowHu) * 255), 0, 255);

    /// <summary>The image column of a point at <paramref name="alongMm"/> along the axis from the screw's midpoint (toward the target positive).</summary>
    public double ColumnOf(double alongMm) => (SizePx - 1) / 2.0 + alongMm / PixelMm;

    /// <summary>
    /// The in-plane directions of both images for a screw, Ct frame, unit: the axis (entry to target) and the direction toward the
    /// top row of each image (perpendicular to the axis: superior, then left). Falls back to posterior where the axis runs along
    /// the direction asked for.
    /// </summary>
    public static (Vector3d Axis, Vector3d SuperiorUp, Vector3d LeftUp) Directions(ScrewTrajectory screw)
    {
        ArgumentNullException.ThrowIfNull(screw);
        Vector3d axis = screw.Direction;
        return (axis, Perpendicular(axis, Vector3d.UnitZ), Perpendicular(axis, Vector3d.UnitX));
    }

    /// <summary>Resamples both images along <paramref name="screw"/> and draws its trajectory into them. About 2 × size² trilinear samples; allocates nothing.</summary>
    public void Update(ScrewTrajectory screw)
    {
        (Vector3d axis, Vector3d superiorUp, Vector3d leftUp) = Directions(screw);
        Vector3d middle = (screw.EntryCt + screw.TargetCt) / 2;
        Sample(AlongSuperior, middle, axis, superiorUp);
        Sample(AlongLeftRight, middle, axis, leftUp);
        DrawTrajectory(AlongSuperior, screw.LengthMm);
        DrawTrajectory(AlongLeftRight, screw.LengthMm);
        UpdateCount++;
    }

    /// <summary>The CT at a Ct point (LPS mm) by trilinear interpolation, HU; <see cref="OutsideHu"/> outside the voxel centres' hull.</summary>
    public double SampleHu(Vector3d pointCt) => SampleVoxel(ct.Grid.VoxelFromCt.Apply(pointCt));

    private static Vector3d Perpendicular(Vector3d axis, Vector3d wanted)
    {
        Vector3d v = wanted - axis * Vector3d.Dot(wanted, axis);
        if (v.Length < 1e-3)
        {
            v = Vector3d.UnitY - axis * Vector3d.Dot(Vector3d.UnitY, axis);
        }

        return v.Normalized();
    }

    private void Sample(byte[] image, Vector3d middleCt, Vector3d axisCt, Vector3d upCt)
    {
        AffineTransform voxelFromCt = ct.Grid.VoxelFromCt;
        double half = (SizePx - 1) / 2.0;
        // Pixel (c, r) samples middle + axis (c − half) s + up (half − r) s; in voxel space that is an affine map of (c, r).
        Vector3d origin = voxelFromCt.Apply(middleCt - axisCt * (half * PixelMm) + upCt * (half * PixelMm));
        Vector3d perColumn = voxelFromCt.ApplyToDirection(axisCt * PixelMm);
        Vector3d perRow = voxelFromCt.ApplyToDirection(-upCt * PixelMm);
        for (int r = 0; r < SizePx; r++)
        {
            Vector3d rowStart = origin + perRow * r;
            int at = r * SizePx;
            for (int c = 0; c < SizePx; c++)
            {
                image[at + c] = Window(SampleVoxel(rowStart + perColumn * c));
            }
        }
    }

    private double SampleVoxel(Vector3d v)
    {
        VolumeGrid grid = ct.Grid;
        if (!(v.X >= 0 && v.Y >= 0 && v.Z >= 0 && v.X <= grid.SizeI - 1 && v.Y <= grid.SizeJ - 1 && v.Z <= grid.SizeK - 1))
        {
            return OutsideHu;
        }

        int i = Math.Min((int)v.X, Math.Max(grid.SizeI - 2, 0));
        int j = Math.Min((int)v.Y, Math.Max(grid.SizeJ - 2, 0));
        int k = Math.Min((int)v.Z, Math.Max(grid.SizeK - 2, 0));
        double fx = v.X - i, fy = v.Y - j, fz = v.Z - k;
        int di = grid.SizeI > 1 ? 1 : 0, dj = grid.SizeJ > 1 ? grid.SizeI : 0, dk = grid.SizeK > 1 ? grid.SizeI * grid.SizeJ : 0;
        short[] hu = ct.Hu;
        int n = grid.Index(i, j, k);
        double c00 = hu[n] + (hu[n + di] - hu[n]) * fx;
        double c10 = hu[n + dj] + (hu[n + dj + di] - hu[n + dj]) * fx;
        double c01 = hu[n + dk] + (hu[n + dk + di] - hu[n + dk]) * fx;
        double c11 = hu[n + dk + dj] + (hu[n + dk + dj + di] - hu[n + dk + dj]) * fx;
        double c0 = c00 + (c10 - c00) * fy, c1 = c01 + (c11 - c01) * fy;
        return c0 + (c1 - c0) * fz;
    }

    /// <summary>The axis row from entry to target column, with ticks across it at both ends.</summary>
    private void DrawTrajectory(byte[] image, double lengthMm)
    {
        int row = (SizePx - 1) / 2;
        int entry = (int)Math.Round(ColumnOf(-lengthMm / 2)), target = (int)Math.Round(ColumnOf(lengthMm / 2));
        int from = Math.Max(entry, 0), to = Math.Min(target, SizePx - 1);
        for (int c = from; c <= to; c++)
        {
            image[row * SizePx + c] = TrajectoryValue;
        }

        for (int d = -TickHalfPx; d <= TickHalfPx; d++)
        {
            int r = row + d;
            if (r < 0 || r >= SizePx)
            {
                continue;
            }

            if (entry >= 0 && entry < SizePx)
            {
                image[r * SizePx + entry] = TrajectoryValue;
            }

            if (target >= 0 && target < SizePx)
            {
                image[r * SizePx + target] = TrajectoryValue;
            }
        }
    }
}
