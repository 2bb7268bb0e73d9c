namespace ArSpine.Registration.Numerics;

/// <summary>Dense linear solves for the small systems of registration (6x6 normal equations), in double.</summary>
internal static class LinearSystem
{
    /// <summary>Solves A x = b by Gaussian elimination with partial pivoting; A and b are overwritten. Returns false for a singular system.</summary>
    public static bool TrySolve(double[,] a, double[] b, double[] x)
    {
        int n = b.Length;
        double scale = 0;
        for (int i = 0; i < n; i++)
        {
            scale = Math.Max(scale, Math.Abs(a[i, i]));
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            if (!(Math.Abs(a[pivot, col]) > 1e-12 * Math.Max(scale, 1e-300)))
            {
                return false;
            }

            if (pivot != col)
            {
                for (int c = 0; c < n; c++)
                {
                    (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
                }

                (b[col], b[pivot]) = (b[pivot], b[col]);
            }

            for (int r = col + 1; r < n; r++)
            {
                double f = a[r, col] / a[col, col];
                for (int c = col; c < n; c++)
                {
                    a[r, c] -= f * a[col, c];
                }

                b[r] -= f * b[col];
            }
        }

        for (int r = n - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int c = r + 1; c < n; c++)
            {
                s -= a[r, c] * x[c];
            }

            x[r] = s / a[r, r];
        }

        return true;
    }
}
