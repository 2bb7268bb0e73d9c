using ArSpine.Core.Geometry;
using ArSpine.Registration.PointRegistration;

namespace ArSpine.Registration.Tests.PointRegistration;

/// <summary>The Fitzpatrick–West–Maurer prediction against a Monte Carlo simulation of the same fiducial error.</summary>
public class PredictedTreTests
{
    public static TheoryData<int, double, double, double> Targets => new()
    {
        { 21, 0, 0, 0 },      // at the centroid: TRE = FLE/√N
        { 22, 120, 0, 0 },    // far along the long axis
        { 23, 0, 0, 150 },    // far off the fiducial plane
        { 24, 60, 80, -40 },
    };

    [Theory]
    [MemberData(nameof(Targets))]
    public void PredictedTreMm_MatchesMonteCarloRmsTre(int seed, double x, double y, double z)
    {
        var random = new SeededRandom(seed);
        // Five fiducials spread over a flat, elongated region, like skin markers.
        Vector3d[] ct = [new(-60, -20, 0), new(60, -15, 3), new(-50, 25, -2), new(55, 20, 1), new(0, 0, 5)];
        var target = new Vector3d(x, y, z);
        const double sigmaMm = 0.4;
        double fleRms = Math.Sqrt(3) * sigmaMm;
        double predicted = FiducialConfiguration.Of(ct).PredictedTreMm(target, fleRms);

        const int runs = 4000;
        double sumSquares = 0;
        for (int run = 0; run < runs; run++)
        {
            Vector3d[] measured = ct.Select(p => p + random.GaussianVector(sigmaMm)).ToArray();
            RigidTransform ctFromMeasured = PairedPointRegistration.Register(ct, measured).FixedFromMoving;
            // The true transform is the identity, so the error at the target is where the registration moves it.
            sumSquares += (ctFromMeasured.Apply(target) - target).LengthSquared;
        }

        double simulated = Math.Sqrt(sumSquares / runs);
        Assert.InRange(predicted / simulated, 0.9, 1.1);
    }

    [Fact]
    public void PredictedTreMm_AtCentroid_IsFleOverRootN()
    {
        Vector3d[] points = [new(0, 0, 0), new(40, 0, 0), new(0, 30, 0), new(0, 0, 20)];
        var shape = FiducialConfiguration.Of(points);

        Assert.Equal(1.0 / 2.0, shape.PredictedTreMm(shape.CentroidMm, 1.0), 12);
    }

    [Fact]
    public void PredictedTreMm_GrowsAwayFromFiducials()
    {
        Vector3d[] points = [new(0, 0, 0), new(40, 0, 0), new(0, 30, 0), new(10, 10, 5)];
        var shape = FiducialConfiguration.Of(points);

        double near = shape.PredictedTreMm(shape.CentroidMm + new Vector3d(0, 0, 10), 1);
        double far = shape.PredictedTreMm(shape.CentroidMm + new Vector3d(0, 0, 200), 1);

        Assert.True(far > 3 * near, $"near {near} mm, far {far} mm");
    }

    [Fact]
    public void EstimatedFleMm_FromNoisyFre_MatchesTrueFle()
    {
        var random = new SeededRandom(31);
        Vector3d[] ct = Enumerable.Range(0, 10).Select(_ => random.PointInBox(70)).ToArray();
        const double sigmaMm = 0.5;
        double sum = 0;
        const int runs = 2000;
        for (int run = 0; run < runs; run++)
        {
            Vector3d[] measured = ct.Select(p => p + random.GaussianVector(sigmaMm)).ToArray();
            double fle = PairedPointRegistration.Register(measured, ct).EstimatedFleMm;
            sum += fle * fle;
        }

        Assert.InRange(Math.Sqrt(sum / runs) / (Math.Sqrt(3) * sigmaMm), 0.95, 1.05);
    }
}
