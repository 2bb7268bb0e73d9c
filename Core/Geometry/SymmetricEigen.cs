namespace ArSpine.Core.Geometry;

/// <summary>
/// Eigen decomposition of small real symmetric matrices (3x3 covariances, the 4x4 of Horn's method) by cyclic Jacobi
/// rotations, in double; and point covariances.
/// </summary>
public static class SymmetricEigen
{
    /// <summary>
    /// The eigenvalues of the symmetric 3x3 <paramref name="m"/>, descending, with unit eigenvectors as columns forming a
    /// right-handed orthonormal basis.
    /// </summary>
    public static (Vector3d Values, Matrix3d VectorsAsColumns) Decompose(Matrix3d m)
    {
        (double[] values, double[,] v) = Decompose(new[,] { { m.M11, m.M12, m.M13 }, { m.M12, m.M22, m.M23 }, { m.M13, m.M23, m.M33 } });
        Vector3d e1 = new(v[0, 0], v[1, 0], v[2, 0]), e2 = new(v[0, 1], v[1, 1], v[2, 1]);
        return (new Vector3d(values[0], values[1], values[2]), Matrix3d.FromColumns(e1, e2, Vector3d.Cross(e1, e2)));
    }

    /// <summary>
    /// Decomposes the symmetric n×n matrix <paramref name="a"/> (only read, not changed). Returns eigenvalues in
    /// descending order and the matching unit eigenvectors as the columns of <c>vectors</c> (<c>vectors[row, k]</c>).
    /// </summary>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] a)
    {
        int n = a.GetLength(0);
        if (a.GetLength(1) != n)
        {
            throw new ArgumentException($"Expected a square matrix. Was {n}x{a.GetLength(1)}.", nameof(a));
        }

        var m = (double[,])a.Clone();
        var v = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }

        for (int sweep = 0; sweep < 64; sweep++)
        {
            double offDiagonal = 0, scale = 0;
            for (int p = 0; p < n; p++)
            {
                scale += m[p, p] * m[p, p];
                for (int q = p + 1; q < n; q++)
                {
                    offDiagonal += m[p, q] * m[p, q];
                }
            }

            if (offDiagonal <= 1e-30 * Math.Max(scale, 1e-300))
            {
                break;
            }

            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    if (m[p, q] == 0)
                    {
                        continue;
                    }

                    double theta = (m[q, q] - m[p, p]) / (2 * m[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double mkp = m[k, p], mkq = m[k, q];
                        m[k, p] = c * mkp - s * mkq;
                        m[k, q] = s * mkp + c * mkq;
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double mpk = m[p, k], mqk = m[q, k];
                        m[p, k] = c * mpk - s * mqk;
                        m[q, k] = s * mpk + c * mqk;
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
            }
        }

        var order = new int[n];
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            values[i] = m[i, i];
        }

        Array.Sort(values, order);
        Array.Reverse(values);
        Array.Reverse(order);
        var vectors = new double[n, n];
        for (int k = 0; k < n; k++)
        {
            for (int row = 0; row < n; row++)
            {
                vectors[row, k] = v[row, order[k]];
            }
        }

        return (values, vectors);
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
}
