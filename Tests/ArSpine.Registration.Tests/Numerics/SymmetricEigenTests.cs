using ArSpine.Core.Geometry;

namespace ArSpine.Registration.Tests.Numerics;

public class SymmetricEigenTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 4)]
    [InlineData(3, 6)]
    public void Decompose_RandomSymmetric_ReconstructsMatrixWithOrthonormalVectors(int seed, int n)
    {
        var random = new SeededRandom(seed);
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                a[i, j] = a[j, i] = random.Uniform(-10, 10);
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
