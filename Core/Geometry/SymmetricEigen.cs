namespace ArSpine.Core.Geometry;

/// <summary>Eigen decomposition of a symmetric 3x3 matrix by cyclic Jacobi rotations, in double.</summary>
public static class SymmetricEigen
{
    /// <summary>
    /// The eigenvalues of <paramref name="m"/> (symmetric; only its upper triangle is read), descending, with unit eigenvectors
    /// that form a right-handed orthonormal basis.
    /// </summary>
    public static (Vector3d Values, Matrix3d VectorsAsColumns) Decompose(Matrix3d m)
    {
        double[,] a = { { m.M11, m.M12, m.M13 }, { m.M12, m.M22, m.M23 }, { m.M13, m.M23, m.M33 } };
        double[,] v = { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = Math.Abs(a[0, 1]) + Math.Abs(a[0, 2]) + Math.Abs(a[1, 2]);
            double scale = Math.Abs(a[0, 0]) + Math.Abs(a[1, 1]) + Math.Abs(a[2, 2]);
            if (off <= 1e-15 * Math.Max(scale, double.Epsilon))
            {
                break;
            }

            for (int p = 0; p < 2; p++)
            {
                for (int q = p + 1; q < 3; q++)
                {
                    Rotate(a, v, p, q);
                }
            }
        }

        int[] order = [0, 1, 2];
        Array.Sort(order, (x, y) => a[y, y].CompareTo(a[x, x]));
        Vector3d Column(int c) => new(v[0, c], v[1, c], v[2, c]);
        Vector3d e1 = Column(order[0]), e2 = Column(order[1]);
        Vector3d e3 = Vector3d.Cross(e1, e2);
        return (new Vector3d(a[order[0], order[0]], a[order[1], order[1]], a[order[2], order[2]]), Matrix3d.FromColumns(e1, e2, e3));
    }

    /// <summary>The covariance of points about their mean (mm²) and the mean.</summary>
    public static (Matrix3d Covariance, Vector3d Mean) Covariance(IReadOnlyList<Vector3d> points)
    {
        ArgumentOutOfRangeException.ThrowIfZero(points.Count);
        Vector3d mean = Vector3d.Zero;
        foreach (Vector3d p in points)
        {
            mean += p;
        }

        mean /= points.Count;
        double xx = 0, xy = 0, xz = 0, yy = 0, yz = 0, zz = 0;
        foreach (Vector3d p in points)
        {
            Vector3d d = p - mean;
            xx += d.X * d.X;
            xy += d.X * d.Y;
            xz += d.X * d.Z;
            yy += d.Y * d.Y;
            yz += d.Y * d.Z;
            zz += d.Z * d.Z;
        }

        double n = points.Count;
        return (new Matrix3d(xx / n, xy / n, xz / n, xy / n, yy / n, yz / n, xz / n, yz / n, zz / n), mean);
    }

    private static void Rotate(double[,] a, double[,] v, int p, int q)
    {
        if (a[p, q] == 0)
        {
            return;
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
