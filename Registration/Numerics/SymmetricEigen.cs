namespace ArSpine.Registration.Numerics;

/// <summary>
/// Eigen-decomposition of small real symmetric matrices (3x3, 4x4) by cyclic Jacobi rotations, in double.
/// Accurate to round-off for the well-scaled matrices of registration; cost O(n³) per sweep, a handful of sweeps.
/// </summary>
internal static class SymmetricEigen
{
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
}
