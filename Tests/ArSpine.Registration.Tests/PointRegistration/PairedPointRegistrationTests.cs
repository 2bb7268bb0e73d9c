using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Registration.PointRegistration;

namespace ArSpine.Registration.Tests.PointRegistration;

public class PairedPointRegistrationTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 4)]
    [InlineData(3, 10)]
    [InlineData(4, 50)]
    public void Register_ExactPairsUnderKnownTransform_RecoversIt(int seed, int count)
    {
        var random = new SeededRandom(seed);
        RigidTransform markerFromCt = random.Transform();
        Vector3d[] ct = Enumerable.Range(0, count).Select(_ => random.PointInBox(80)).ToArray();
        Vector3d[] marker = ct.Select(markerFromCt.Apply).ToArray();

        PairedPointResult result = PairedPointRegistration.Register(marker, ct);

        Assert.True(QuaternionAngle(result.FixedFromMoving, markerFromCt) < 1e-9, $"rotation off by {QuaternionAngle(result.FixedFromMoving, markerFromCt)} deg");
        Assert.True(Vector3d.Distance(result.FixedFromMoving.TranslationMm, markerFromCt.TranslationMm) < 1e-9);
        Assert.True(result.FreMm < 1e-9);
        Assert.False(result.MirrorSuspected);
    }

    [Fact]
    public void Register_RotationNear180Degrees_RecoversIt()
    {
        var random = new SeededRandom(7);
        RigidTransform aFromB = RigidTransform.FromAxisAngle(new Vector3d(0.3, -0.2, 0.9), 179.999, new Vector3d(5, -3, 2));
        Vector3d[] b = Enumerable.Range(0, 6).Select(_ => random.PointInBox(50)).ToArray();

        PairedPointResult result = PairedPointRegistration.Register(b.Select(aFromB.Apply).ToArray(), b);

        Assert.True(QuaternionAngle(result.FixedFromMoving, aFromB) < 1e-7, $"rotation off by {QuaternionAngle(result.FixedFromMoving, aFromB)} deg");
    }

    [Fact]
    public void Register_NoisyPairs_FreMatchesResidualsAndIsNearNoiseLevel()
    {
        var random = new SeededRandom(11);
        RigidTransform fixedFromMoving = random.Transform();
        Vector3d[] moving = Enumerable.Range(0, 200).Select(_ => random.PointInBox(100)).ToArray();
        const double sigmaMm = 0.5;
        Vector3d[] fixedPoints = moving.Select(p => fixedFromMoving.Apply(p) + random.GaussianVector(sigmaMm)).ToArray();

        PairedPointResult result = PairedPointRegistration.Register(fixedPoints, moving);

        double rms = Math.Sqrt(result.ResidualsMm.Average(r => r * r));
        Assert.Equal(rms, result.FreMm, 12);
        // E[FRE²] = (1 − 2/N) · FLE², with FLE² = 3σ².
        double expectedFre = Math.Sqrt(3 * sigmaMm * sigmaMm * (1 - 2.0 / 200));
        Assert.InRange(result.FreMm, 0.9 * expectedFre, 1.1 * expectedFre);
        Assert.True(result.FixedFromMoving.Rotation.IsRotation(1e-12));
        Assert.True(QuaternionAngle(result.FixedFromMoving, fixedFromMoving) < 0.2);
    }

    [Fact]
    public void Register_MirroredPoints_ReturnsProperRotationAndFlagsMirror()
    {
        var random = new SeededRandom(5);
        Vector3d[] moving = Enumerable.Range(0, 8).Select(_ => random.PointInBox(60)).ToArray();
        RigidTransform known = random.Transform();
        // A left/right flip (x → −x) before the rigid motion: no rotation can explain it.
        Vector3d[] fixedPoints = moving.Select(p => known.Apply(new Vector3d(-p.X, p.Y, p.Z))).ToArray();

        PairedPointResult result = PairedPointRegistration.Register(fixedPoints, moving);

        Assert.Equal(1.0, result.FixedFromMoving.Rotation.Determinant, 12);
        Assert.True(result.FreMm > 10, $"FRE {result.FreMm} mm");
        Assert.True(result.MirroredFreMm < 1e-9);
        Assert.True(result.MirrorSuspected);
        RegistrationAcceptance acceptance = RegistrationThresholds.Default.Evaluate(result, []);
        Assert.False(acceptance.Accepted);
        Assert.Contains(acceptance.Reasons, r => r.Contains("mirrored", StringComparison.Ordinal));
    }

    [Fact]
    public void Register_OneGrossOutlier_ShowsInResidualsAndRefusesAcceptance()
    {
        var random = new SeededRandom(9);
        RigidTransform fixedFromMoving = random.Transform();
        Vector3d[] moving = Enumerable.Range(0, 6).Select(_ => random.PointInBox(60)).ToArray();
        Vector3d[] fixedPoints = moving.Select(fixedFromMoving.Apply).ToArray();
        fixedPoints[3] += new Vector3d(0, 0, 20);

        PairedPointResult result = PairedPointRegistration.Register(fixedPoints, moving);

        int largest = Array.IndexOf(result.ResidualsMm.ToArray(), result.ResidualsMm.Max());
        Assert.Equal(3, largest);
        Assert.False(RegistrationThresholds.Default.Evaluate(result, []).Accepted);
    }

    [Fact]
    public void Register_TwoPoints_ThrowsNamingSourceAndCount()
    {
        Vector3d[] two = [new(0, 0, 0), new(1, 0, 0)];

        var e = Assert.Throws<InvalidInputException>(() => PairedPointRegistration.Register(two, two, "F.csv", "M.csv"));

        Assert.Equal("F.csv: points: expected at least three points (x,y,z in mm). Was '2 points'.", e.Message);
    }

    [Fact]
    public void Register_CollinearFiducials_ThrowsNamingCollinear()
    {
        Vector3d[] line = [new(0, 0, 0), new(10, 10, 10), new(20, 20, 20), new(35, 35, 35)];
        Vector3d[] good = [new(0, 0, 0), new(10, 0, 0), new(0, 10, 0), new(0, 0, 10)];

        var e = Assert.Throws<InvalidInputException>(() => PairedPointRegistration.Register(good, line, "F.csv", "M.csv"));

        Assert.StartsWith("M.csv: points: expected points not all on one line", e.Message, StringComparison.Ordinal);
        Assert.Contains("4 collinear points", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_NaNCoordinate_ThrowsNamingPoint()
    {
        Vector3d[] good = [new(0, 0, 0), new(10, 0, 0), new(0, 10, 0)];
        Vector3d[] bad = [new(0, 0, 0), new(10, double.NaN, 0), new(0, 10, 0)];

        var e = Assert.Throws<InvalidInputException>(() => PairedPointRegistration.Register(good, bad, "F.csv", "M.csv"));

        Assert.Equal("M.csv: point 2: expected finite coordinates in mm. Was '10,NaN,0'.", e.Message);
    }

    [Fact]
    public void Register_UnequalCounts_Throws()
    {
        Vector3d[] three = [new(0, 0, 0), new(10, 0, 0), new(0, 10, 0)];
        Vector3d[] four = [new(0, 0, 0), new(10, 0, 0), new(0, 10, 0), new(0, 0, 10)];

        var e = Assert.Throws<InvalidInputException>(() => PairedPointRegistration.Register(three, four, "F.csv", "M.csv"));

        Assert.Equal("M.csv: points: expected as many points as F.csv (3), paired by row. Was '4 points'.", e.Message);
    }

    [Fact]
    public void Register_CoincidentPoints_Throws()
    {
        Vector3d[] same = [new(1, 2, 3), new(1, 2, 3), new(1, 2, 3)];

        var e = Assert.Throws<InvalidInputException>(() => PairedPointRegistration.Register(same, same, "F.csv", "M.csv"));

        Assert.Contains("expected points at distinct positions", e.Message, StringComparison.Ordinal);
    }

    /// <summary>The angle between two rotations, degrees, from the Frobenius distance (accurate near zero, unlike acos of the trace).</summary>
    internal static double QuaternionAngle(RigidTransform a, RigidTransform b)
    {
        Matrix3d x = a.Rotation, y = b.Rotation;
        double sum = Sq(x.M11 - y.M11) + Sq(x.M12 - y.M12) + Sq(x.M13 - y.M13) + Sq(x.M21 - y.M21) + Sq(x.M22 - y.M22)
            + Sq(x.M23 - y.M23) + Sq(x.M31 - y.M31) + Sq(x.M32 - y.M32) + Sq(x.M33 - y.M33);
        return 2 * Math.Asin(Math.Min(1, Math.Sqrt(sum) / (2 * Math.Sqrt(2)))) * 180 / Math.PI;
    }

    private static double Sq(double v) => v * v;
}
