using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;

namespace ArSpine.Core.Tests.Geometry;

public sealed class SymmetricEigenTests
{
    [Fact]
    public void Decompose_KnownRotatedDiagonal_RecoversAxesAndValuesInARightHandedBasis()
    {
        Matrix3d r = Matrix3d.FromAxisAngle(new Vector3d(1, 2, 3), 0.7);
        Matrix3d m = r * Matrix3d.Diagonal(9, 4, 1) * r.Transpose();

        (Vector3d values, Matrix3d vectors) = SymmetricEigen.Decompose(m);

        Assert.Equal(new Vector3d(9, 4, 1), new Vector3d(Math.Round(values.X, 9), Math.Round(values.Y, 9), Math.Round(values.Z, 9)));
        for (int n = 1; n <= 3; n++)
        {
            Assert.Equal(1, Math.Abs(Vector3d.Dot(vectors.Column(n), r.Column(n))), 9);
        }

        Assert.Equal(1, vectors.Determinant, 9);
    }

    [Fact]
    public void Covariance_PointsAlongALine_HaveAllTheirVarianceAlongIt()
    {
        Vector3d direction = new Vector3d(1, -2, 2) / 3;
        Vector3d[] points = [.. Enumerable.Range(-5, 11).Select(t => new Vector3d(4, 5, 6) + direction * t)];

        (Matrix3d covariance, Vector3d mean) = SymmetricEigen.Covariance(points);
        (Vector3d values, Matrix3d vectors) = SymmetricEigen.Decompose(covariance);

        Assert.True(Vector3d.Distance(mean, new Vector3d(4, 5, 6)) < 1e-12);
        Assert.Equal(10, values.X, 9); // the variance of -5..5
        Assert.Equal(0, values.Y, 9);
        Assert.Equal(1, Math.Abs(Vector3d.Dot(vectors.Column(1), direction)), 12);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 4)]
    [InlineData(3, 6)]
    public void Decompose_RandomSymmetric_ReconstructsMatrixWithOrthonormalVectors(int seed, int n)
    {
        var random = new SplitMix64((ulong)seed);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                a[i, j] = a[j, i] = -10 + 20 * random.NextDouble();
            }
        }

        (double[] values, double[,] vectors) = SymmetricEigen.Decompose(a);

        for (int k = 1; k < n; k++)
        {
            Assert.True(values[k - 1] >= values[k]);
        }

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double reconstructed = 0, dot = 0;
                for (int k = 0; k < n; k++)
                {
                    reconstructed += vectors[i, k] * values[k] * vectors[j, k];
                    dot += vectors[k, i] * vectors[k, j];
                }

                Assert.Equal(a[i, j], reconstructed, 10);
                Assert.Equal(i == j ? 1.0 : 0.0, dot, 12);
            }
        }
    }
}
