using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;

namespace ArSpine.Planning.Anatomy;

/// <summary>
/// Signed distance to the surface of one label's mask, mm: negative inside the bone, positive outside. At voxel centres it is the
/// exact Euclidean distance (with the grid's own spacing per axis) to the nearest voxel centre on the other side, less half the
/// smallest spacing, so the surface lies halfway between inside and outside centres; between centres it is interpolated
/// trilinearly. It covers the label's bounding box grown by <see cref="MarginMm"/>; farther out it reads at least that margin.
/// </summary>
public sealed class BoneSignedDistance
{
    /// <summary>How far around the label the field is computed, mm.</summary>
    public const double MarginMm = 20;

    private readonly AffineTransform _cropVoxelFromCt;
    private readonly int _sizeI, _sizeJ, _sizeK;
    private readonly float[] _distanceMm;

    private BoneSignedDistance(AffineTransform cropVoxelFromCt, int sizeI, int sizeJ, int sizeK, float[] distanceMm)
    {
        _cropVoxelFromCt = cropVoxelFromCt;
        (_sizeI, _sizeJ, _sizeK) = (sizeI, sizeJ, sizeK);
        _distanceMm = distanceMm;
    }

    /// <summary>Computes the field of <paramref name="labelId"/>; throws <see cref="ArgumentException"/> when the label is absent. Cost: two exact distance transforms of the crop.</summary>
    public static BoneSignedDistance Of(LabelVolume labels, int labelId)
    {
        VolumeGrid grid = labels.Grid;
        (int i0, int i1, int j0, int j1, int k0, int k1) = labels.BoundingBox(labelId)
            ?? throw new ArgumentException($"Label {labelId} does not occur in the label volume.", nameof(labelId));
        Vector3d spacing = grid.SpacingMm;
        int gi = (int)Math.Ceiling(MarginMm / spacing.X), gj = (int)Math.Ceiling(MarginMm / spacing.Y), gk = (int)Math.Ceiling(MarginMm / spacing.Z);
        i0 -= gi; j0 -= gj; k0 -= gk; i1 += gi; j1 += gj; k1 += gk;
        int si = i1 - i0 + 1, sj = j1 - j0 + 1, sk = k1 - k0 + 1;

        var inside = new bool[si * sj * sk];
        for (int k = 0; k < sk; k++)
        {
            for (int j = 0; j < sj; j++)
            {
                for (int i = 0; i < si; i++)
                {
                    int gi2 = i + i0, gj2 = j + j0, gk2 = k + k0;
                    inside[i + si * (j + sj * k)] = grid.Contains(gi2, gj2, gk2) && labels[gi2, gj2, gk2] == labelId;
                }
            }
        }

        float[] toInside = SquaredDistance(inside, featureValue: true, si, sj, sk, spacing);
        float[] toOutside = SquaredDistance(inside, featureValue: false, si, sj, sk, spacing);
        double half = Math.Min(spacing.X, Math.Min(spacing.Y, spacing.Z)) / 2;
        var distance = new float[inside.Length];
        for (int n = 0; n < distance.Length; n++)
        {
            distance[n] = inside[n] ? (float)-(Math.Sqrt(toOutside[n]) - half) : (float)(Math.Sqrt(toInside[n]) - half);
        }

        var cropFromGrid = new AffineTransform(Matrix3d.Identity, new Vector3d(-i0, -j0, -k0));
        return new BoneSignedDistance(cropFromGrid * grid.VoxelFromCt, si, sj, sk, distance);
    }

    /// <summary>The signed distance at a point of the Ct frame (LPS mm), mm.</summary>
    public double At(Vector3d ctMm)
    {
        Vector3d v = _cropVoxelFromCt.Apply(ctMm);
        double x = Math.Clamp(v.X, 0, _sizeI - 1), y = Math.Clamp(v.Y, 0, _sizeJ - 1), z = Math.Clamp(v.Z, 0, _sizeK - 1);
        int i = Math.Min((int)x, _sizeI - 2), j = Math.Min((int)y, _sizeJ - 2), k = Math.Min((int)z, _sizeK - 2);
        double fx = x - i, fy = y - j, fz = z - k;
        double c00 = Lerp(Value(i, j, k), Value(i + 1, j, k), fx), c10 = Lerp(Value(i, j + 1, k), Value(i + 1, j + 1, k), fx);
        double c01 = Lerp(Value(i, j, k + 1), Value(i + 1, j, k + 1), fx), c11 = Lerp(Value(i, j + 1, k + 1), Value(i + 1, j + 1, k + 1), fx);
        return Lerp(Lerp(c00, c10, fy), Lerp(c01, c11, fy), fz);
    }

    /// <summary>The direction in which the distance grows fastest at a point (Ct frame, unit), by central differences over 0.5 mm.</summary>
    public Vector3d OutwardAt(Vector3d ctMm)
    {
        const double h = 0.5;
        var g = new Vector3d(
            At(ctMm + Vector3d.UnitX * h) - At(ctMm - Vector3d.UnitX * h),
            At(ctMm + Vector3d.UnitY * h) - At(ctMm - Vector3d.UnitY * h),
            At(ctMm + Vector3d.UnitZ * h) - At(ctMm - Vector3d.UnitZ * h));
        return g.LengthSquared > 0 ? g.Normalized() : Vector3d.Zero;
    }

    private double Value(int i, int j, int k) => _distanceMm[i + _sizeI * (j + _sizeJ * k)];

    private static double Lerp(double a, double b, double t) => a + (b - a) * t;

    /// <summary>Squared distance (mm²) from every voxel to the nearest voxel whose mask value is <paramref name="featureValue"/>; separable, exact.</summary>
    private static float[] SquaredDistance(bool[] mask, bool featureValue, int si, int sj, int sk, Vector3d spacing)
    {
        const double Far = 1e12;
        var d = new double[mask.Length];
        for (int n = 0; n < d.Length; n++)
        {
            d[n] = mask[n] == featureValue ? 0 : Far;
        }

        int longest = Math.Max(si, Math.Max(sj, sk));
        var line = new double[longest];
        var result = new double[longest];
        var hull = new int[longest];
        var bounds = new double[longest + 1];
        for (int k = 0; k < sk; k++)
        {
            for (int j = 0; j < sj; j++)
            {
                Pass(d, (j + sj * k) * si, 1, si, spacing.X, line, result, hull, bounds);
            }
        }

        for (int k = 0; k < sk; k++)
        {
            for (int i = 0; i < si; i++)
            {
                Pass(d, i + si * sj * k, si, sj, spacing.Y, line, result, hull, bounds);
            }
        }

        for (int j = 0; j < sj; j++)
        {
            for (int i = 0; i < si; i++)
            {
                Pass(d, i + si * j, si * sj, sk, spacing.Z, line, result, hull, bounds);
            }
        }

        var squared = new float[d.Length];
        for (int n = 0; n < d.Length; n++)
        {
            squared[n] = (float)d[n];
        }

        return squared;
    }

    // One 1-D pass of the lower envelope of parabolas (Felzenszwalb and Huttenlocher), samples h mm apart.
    private static void Pass(double[] d, int start, int stride, int count, double h, double[] f, double[] output, int[] hull, double[] bounds)
    {
        for (int q = 0; q < count; q++)
        {
            f[q] = d[start + q * stride];
        }

        int top = 0;
        hull[0] = 0;
        bounds[0] = double.NegativeInfinity;
        bounds[1] = double.PositiveInfinity;
        for (int q = 1; q < count; q++)
        {
            double xq = q * h, s;
            while (true)
            {
                double xp = hull[top] * h;
                s = ((f[q] + xq * xq) - (f[hull[top]] + xp * xp)) / (2 * (xq - xp));
                if (s > bounds[top])
                {
                    break;
                }

                top--; // bounds[0] is -infinity, so this stops at the first parabola
            }

            top++;
            hull[top] = q;
            bounds[top] = s;
            bounds[top + 1] = double.PositiveInfinity;
        }

        for (int q = 0, at = 0; q < count; q++)
        {
            double x = q * h;
            while (bounds[at + 1] < x)
            {
                at++;
            }

            double dx = x - hull[at] * h;
            output[q] = dx * dx + f[hull[at]];
        }

        for (int q = 0; q < count; q++)
        {
            d[start + q * stride] = output[q];
        }
    }
}
