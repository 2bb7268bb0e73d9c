using ArSpine.Core.Geometry;
using ArSpine.Registration.Icp;

namespace ArSpine.Registration.Tests.Icp;

public class KdTreeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 7)]
    [InlineData(3, 100)]
    [InlineData(4, 5000)]
    public void Nearest_RandomQueries_MatchesBruteForce(int seed, int count)
    {
        var random = new SeededRandom(seed);
        Vector3d[] cloud = Enumerable.Range(0, count).Select(_ => random.PointInBox(100)).ToArray();
        // Duplicates and points on a grid make ties and equal split values.
        if (count > 10)
        {
            cloud[5] = cloud[3];
            for (int i = 0; i < count / 10; i++)
            {
                cloud[i] = new Vector3d(i % 5 * 10, 0, 0);
            }
        }

        var tree = new KdTree(cloud);

        for (int q = 0; q < 300; q++)
        {
            Vector3d query = random.PointInBox(120);
            double brute = cloud.Min(p => (p - query).LengthSquared);
            (int index, double squared) = tree.Nearest(query);
            Assert.Equal(brute, squared, 9);
            Assert.Equal(brute, (cloud[index] - query).LengthSquared, 9);
        }
    }

    [Fact]
    public void NearestK_RandomQueries_MatchesSortedBruteForce()
    {
        var random = new SeededRandom(8);
        Vector3d[] cloud = Enumerable.Range(0, 2000).Select(_ => random.PointInBox(50)).ToArray();
        var tree = new KdTree(cloud);
        var indices = new int[10];
        var distances = new double[10];

        for (int q = 0; q < 100; q++)
        {
            Vector3d query = random.PointInBox(60);
            double[] brute = cloud.Select(p => (p - query).LengthSquared).Order().Take(10).ToArray();
            int found = tree.Nearest(query, indices, distances);
            Assert.Equal(10, found);
            for (int k = 0; k < 10; k++)
            {
                Assert.Equal(brute[k], distances[k], 9);
                Assert.Equal(brute[k], (cloud[indices[k]] - query).LengthSquared, 9);
            }
        }
    }

    [Fact]
    public void Normals_OnBumpySurface_AreWithinFewDegreesOfTheAnalyticNormal()
    {
        var random = new SeededRandom(12);
        Vector3d[] cloud = BumpySurface.Sample(random, 20000);
        Vector3d[] normals = NormalEstimation.Estimate(new KdTree(cloud));

        var errorsDeg = new List<double>();
        for (int i = 0; i < cloud.Length; i += 97)
        {
            // The analytic normal from the surface's gradient by finite differences of its parameterisation.
            Vector3d u = cloud[i].Normalized();
            Vector3d t1 = Vector3d.Cross(u, Math.Abs(u.Z) < 0.9 ? Vector3d.UnitZ : Vector3d.UnitX).Normalized();
            Vector3d t2 = Vector3d.Cross(u, t1);
            const double h = 1e-5;
            Vector3d d1 = BumpySurface.At(u + t1 * h) - BumpySurface.At(u - t1 * h);
            Vector3d d2 = BumpySurface.At(u + t2 * h) - BumpySurface.At(u - t2 * h);
            Vector3d analytic = Vector3d.Cross(d1, d2).Normalized();
            errorsDeg.Add(Math.Acos(Math.Min(1, Math.Abs(Vector3d.Dot(analytic, normals[i])))) * 180 / Math.PI);
        }

        errorsDeg.Sort();
        Assert.True(errorsDeg[errorsDeg.Count / 2] < 3, $"median normal error {errorsDeg[errorsDeg.Count / 2]:0.00}°");
    }
}
