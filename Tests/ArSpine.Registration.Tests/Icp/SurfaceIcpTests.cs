using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Registration.Icp;
using ArSpine.Registration.Numerics;

namespace ArSpine.Registration.Tests.Icp;

public class SurfaceIcpTests
{
    private static readonly Lazy<(Vector3d[] Cloud, SurfaceIcp Icp)> Fixed = new(() =>
    {
        Vector3d[] cloud = BumpySurface.Sample(new SeededRandom(100), 20000);
        return (cloud, new SurfaceIcp(cloud));
    });

    /// <summary>A partial, noisy view of the surface with outliers, given in a moving frame at a known pose.</summary>
    private static (Vector3d[] Moving, RigidTransform FixedFromMoving) View(int seed, int count, double noiseMm, double outlierShare)
    {
        var random = new SeededRandom(seed);
        RigidTransform fixedFromMoving = RigidTransform.FromAxisAngle(random.UnitVector(), random.Uniform(0, 180), random.PointInBox(150));
        RigidTransform movingFromFixed = fixedFromMoving.Inverse();
        Vector3d[] surface = BumpySurface.Sample(random, count, u => u.Z > -0.2);
        var moving = new Vector3d[count];
        for (int i = 0; i < count; i++)
        {
            Vector3d p = i < outlierShare * count ? random.PointInBox(70) + new Vector3d(0, 0, 40) : surface[i] + random.GaussianVector(noiseMm);
            moving[i] = movingFromFixed.Apply(p);
        }

        return (moving, fixedFromMoving);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Register_PartialNoisyViewWithOutliers_RecoversKnownTransform(int seed)
    {
        (Vector3d[] moving, RigidTransform truth) = View(seed, 3000, 0.2, 0.15);
        var random = new SeededRandom(seed + 50);
        RigidTransform initial = RigidTransform.FromAxisAngle(random.UnitVector(), 12, random.UnitVector() * 8) * truth;

        IcpResult result = Fixed.Value.Icp.Register(moving, initial);

        AssertNear(truth, result.FixedFromMoving, 0.3, 0.3);
        Assert.InRange(result.InlierFraction, 0.8, 0.9);
        Assert.InRange(result.RmsMm, 0.1, 0.6);
        Assert.InRange(result.PointToPlaneRmsMm, 0.1, 0.35);
        Assert.True(result.Converged);
    }

    [Fact]
    public void Register_StartRotatedFarOff_SingleStartFailsAndMultiStartRecovers()
    {
        (Vector3d[] moving, RigidTransform truth) = View(7, 3000, 0.2, 0.1);
        Vector3d centroid = truth.Apply(moving.Aggregate(Vector3d.Zero, (s, p) => s + p) / moving.Length);
        Matrix3d rotation = Matrix3d.FromAxisAngle(new Vector3d(0.1, 0.2, 1), Math.PI * 0.8);
        RigidTransform initial = new RigidTransform(rotation, centroid - rotation * centroid) * truth;

        IcpResult single = Fixed.Value.Icp.Register(moving, initial, new IcpSettings { MultiStart = false });
        IcpResult multi = Fixed.Value.Icp.Register(moving, initial);

        Assert.True(QuaternionD.AngleBetweenDeg(single.FixedFromMoving.Rotation, truth.Rotation) > 5, "a single start should be trapped far from the truth");
        Assert.True(multi.StartsTried > 1);
        AssertNear(truth, multi.FixedFromMoving, 0.3, 0.3);
        Assert.True(multi.InlierFraction > single.InlierFraction);
    }

    [Fact]
    public void Register_WithoutTrimming_OutliersBiasTheResult()
    {
        (Vector3d[] moving, RigidTransform truth) = View(4, 3000, 0.2, 0.25);

        IcpResult untrimmed = Fixed.Value.Icp.Register(moving, truth, new IcpSettings { TrimFraction = 1, MaxCorrespondenceMm = 1000, MultiStart = false });
        IcpResult trimmed = Fixed.Value.Icp.Register(moving, truth, new IcpSettings { MultiStart = false });

        double untrimmedError = Vector3d.Distance(untrimmed.FixedFromMoving.TranslationMm, truth.TranslationMm);
        double trimmedError = Vector3d.Distance(trimmed.FixedFromMoving.TranslationMm, truth.TranslationMm);
        Assert.True(untrimmedError > 3 * trimmedError, $"untrimmed {untrimmedError:0.000} mm, trimmed {trimmedError:0.000} mm");
    }

    [Fact]
    public void Thresholds_GoodAndMismatchedSurfaces_AcceptTheFirstOnly()
    {
        (Vector3d[] moving, RigidTransform truth) = View(8, 3000, 0.2, 0.1);
        // The same view of a bone 12 % larger: the wrong shape for this surface.
        RigidTransform movingFromFixed = truth.Inverse();
        Vector3d[] larger = moving.Select(p => movingFromFixed.Apply(truth.Apply(p) * 1.12)).ToArray();
        var thresholds = new ArSpine.Registration.PointRegistration.RegistrationThresholds();

        var good = thresholds.Evaluate(Fixed.Value.Icp.Register(moving, truth));
        IcpResult mismatchedResult = Fixed.Value.Icp.Register(larger, truth);
        var mismatched = thresholds.Evaluate(mismatchedResult);

        Assert.True(good.Accepted, string.Join("; ", good.Reasons));
        Assert.False(mismatched.Accepted, $"mismatched: RMS {mismatchedResult.RmsMm:0.000} mm, inliers {mismatchedResult.InlierFraction:P1}");
    }

    [Fact]
    public void Register_TwoMovingPoints_ThrowsNamingSource()
    {
        var e = Assert.Throws<InvalidInputException>(() => Fixed.Value.Icp.Register([new(0, 0, 0), new(1, 1, 1)], RigidTransform.Identity, source: "skin.csv"));

        Assert.Equal("skin.csv: points: expected at least three points (x,y,z in mm). Was '2 points'.", e.Message);
    }

    [Fact]
    public void Constructor_NaNInFixedSurface_ThrowsNamingPoint()
    {
        var e = Assert.Throws<InvalidInputException>(() => new SurfaceIcp([new(0, 0, 0), new(1, 0, 0), new(0, double.NaN, 1), new(0, 1, 0)], source: "L3.ply"));

        Assert.Equal("L3.ply: point 3: expected finite coordinates in mm. Was '0,NaN,1'.", e.Message);
    }

    private static void AssertNear(RigidTransform expected, RigidTransform actual, double mm, double deg)
    {
        // Compare where it matters: over the surface, by the worst displacement of its bounding points.
        double angle = QuaternionD.AngleBetweenDeg(expected.Rotation, actual.Rotation);
        double worst = 0;
        foreach (Vector3d corner in new Vector3d[] { new(50, 35, 25), new(-50, -35, -25), new(50, -35, 25), new(-50, 35, -25) })
        {
            Vector3d p = expected.Inverse().Apply(corner);
            worst = Math.Max(worst, Vector3d.Distance(expected.Apply(p), actual.Apply(p)));
        }

        Assert.True(angle <= deg, $"rotation {angle:0.000}° off");
        Assert.True(worst <= mm, $"{worst:0.000} mm off over the surface");
    }
}
