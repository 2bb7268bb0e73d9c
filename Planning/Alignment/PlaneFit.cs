using ArSpine.Core.Geometry;

namespace ArSpine.Planning.Alignment;

/// <summary>Least-squares fits and principal axes of point sets, in double precision (Ct frame, LPS mm).</summary>
public static class PlaneFit
{
    /// <summary>
    /// The total-least-squares plane of the points: through their centroid, normal along the covariance's smallest
    /// principal axis (unit, sign unspecified). Throws for fewer than three points.
    /// </summary>
    public static (Vector3d CentroidCt, Vector3d NormalCt) Fit(IReadOnlyList<Vector3d> pointsCt)
    {
        ArgumentNullException.ThrowIfNull(pointsCt);
        if (pointsCt.Count < 3)
        {
            throw new ArgumentException($"Expected at least 3 points for a plane fit. Was {pointsCt.Count}.", nameof(pointsCt));
        }

        (Vector3d centroid, Vector3d[] axes, _) = PrincipalAxes(pointsCt);
        return (centroid, axes[2]);
    }

    /// <summary>Centroid, unit principal axes (largest variance first) and their variances, mm².</summary>
    public static (Vector3d Centroid, Vector3d[] Axes, double[] Variances) PrincipalAxes(IReadOnlyList<Vector3d> points)
    {
        var sum = Vector3d.Zero;
        foreach (Vector3d p in points)
        {
            sum += p;
        }

        Vector3d c = sum / points.Count;
        double xx = 0, xy = 0, xz = 0, yy = 0, yz = 0, zz = 0;
        foreach (Vector3d p in points)
        {
            Vector3d d = p - c;
            xx += d.X * d.X; xy += d.X * d.Y; xz += d.X * d.Z;
            yy += d.Y * d.Y; yz += d.Y * d.Z; zz += d.Z * d.Z;
        }

        double n = points.Count;
        (double[] values, Vector3d[] vectors) = SymmetricEigen(new Matrix3d(xx / n, xy / n, xz / n, xy / n, yy / n, yz / n, xz / n, yz / n, zz / n));
        return (c, vectors, values);
    }

    /// <summary>Eigenvalues (descending) and unit eigenvectors of a symmetric 3×3 matrix, by cyclic Jacobi rotations.</summary>
    public static (double[] Values, Vector3d[] Vectors) SymmetricEigen(Matrix3d m)
    {
        double[,] a = { { m.M11, m.M12, m.M13 }, { m.M21, m.M22, m.M23 }, { m.M31, m.M32, m.M33 } };
        double[,] v = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = a[0, 1] * a[0, 1] + a[0, 2] * a[0, 2] + a[1, 2] * a[1, 2];
            double diagonal = a[0, 0] * a[0, 0] + a[1, 1] * a[1, 1] + a[2, 2] * a[2, 2];
            if (off <= 1e-30 * Math.Max(diagonal, 1e-300))
            {
                break;
            }

            for (int p = 0; p < 2; p++)
            {
                for (int q = p + 1; q < 3; q++)
                {
                    if (Math.Abs(a[p, q]) < 1e-300)
                    {
                        continue;
                    }

                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < 3; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }

                    for (int k = 0; k < 3; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }

                    for (int k = 0; k < 3; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
            }
        }

        int[] order = [0, 1, 2];
        Array.Sort(order, (i, j) => a[j, j].CompareTo(a[i, i]));
        double[] values = order.Select(i => a[i, i]).ToArray();
        Vector3d[] vectors = order.Select(i => new Vector3d(v[0, i], v[1, i], v[2, i]).Normalized()).ToArray();
        return (values, vectors);
    }
}
