using System.Numerics;
using ArSpine.Core.Geometry;

namespace ArSpine.Core.Tests.Geometry;

public class RigidTransformTests
{
    private static readonly RigidTransform MarkerFromCt = RigidTransform.FromAxisAngle(new Vector3d(0, 0, 1), 90, new Vector3d(10, 0, 0));
    private static readonly RigidTransform WorldFromMarker = RigidTransform.FromAxisAngle(new Vector3d(1, 0, 0), 90, new Vector3d(0, 0, 5));

    [Fact]
    public void Compose_WorldFromMarkerTimesMarkerFromCt_AppliesMarkerFromCtFirst()
    {
        RigidTransform worldFromCt = WorldFromMarker * MarkerFromCt;
        var pointCt = new Vector3d(1, 0, 0);

        // By hand: MarkerFromCt turns (1,0,0) about z by 90° to (0,1,0), then adds (10,0,0): (10,1,0).
        // WorldFromMarker turns (10,1,0) about x by 90° to (10,0,1), then adds (0,0,5): (10,0,6).
        AssertClose(new Vector3d(10, 1, 0), MarkerFromCt.Apply(pointCt));
        AssertClose(new Vector3d(10, 0, 6), worldFromCt.Apply(pointCt));
        AssertClose(WorldFromMarker.Apply(MarkerFromCt.Apply(pointCt)), worldFromCt.Apply(pointCt));
    }

    [Fact]
    public void Compose_IsNotCommutative_OrderMatters()
    {
        var pointCt = new Vector3d(1, 2, 3);
        Vector3d right = (WorldFromMarker * MarkerFromCt).Apply(pointCt);
        Vector3d wrong = (MarkerFromCt * WorldFromMarker).Apply(pointCt);
        Assert.True(Vector3d.Distance(right, wrong) > 1, $"Expected the two orders to differ; both gave {right}.");
    }

    [Fact]
    public void Inverse_ComposedWithTransform_IsIdentity()
    {
        RigidTransform t = WorldFromMarker * MarkerFromCt;
        var p = new Vector3d(-3.5, 7.25, 120);
        AssertClose(p, (t.Inverse() * t).Apply(p));
        AssertClose(p, (t * t.Inverse()).Apply(p));
        AssertClose(p, t.Inverse().Apply(t.Apply(p)));
    }

    [Fact]
    public void ToMatrix4x4_RowVectorConvention_MatchesApplyAndPinsProductOrder()
    {
        RigidTransform worldFromCt = WorldFromMarker * MarkerFromCt;
        var p = new Vector3(1, 2, 3);

        Vector3 viaMatrix = Vector3.Transform(p, worldFromCt.ToMatrix4x4());
        Vector3 viaNumericsProduct = Vector3.Transform(p, MarkerFromCt.ToMatrix4x4() * WorldFromMarker.ToMatrix4x4());

        AssertClose(worldFromCt.Apply(Vector3d.From(p)), Vector3d.From(viaMatrix), 1e-4);
        AssertClose(worldFromCt.Apply(Vector3d.From(p)), Vector3d.From(viaNumericsProduct), 1e-4);
    }

    [Fact]
    public void FromMatrix4x4_RoundTrip_GivesSameTransform()
    {
        RigidTransform t = RigidTransform.FromAxisAngle(new Vector3d(1, 2, 3), 37, new Vector3d(-4, 5, 6.5));
        RigidTransform back = RigidTransform.FromMatrix4x4(t.ToMatrix4x4());
        var p = new Vector3d(11, -12, 13);
        AssertClose(t.Apply(p), back.Apply(p), 1e-4);
    }

    [Fact]
    public void FromMatrix4x4_WithScale_ThrowsNamingTheDeterminant()
    {
        Matrix4x4 scaled = Matrix4x4.CreateScale(2);
        var error = Assert.Throws<ArgumentException>(() => RigidTransform.FromMatrix4x4(scaled));
        Assert.Contains("determinant 8", error.Message);
    }

    [Fact]
    public void Constructor_Reflection_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new RigidTransform(Matrix3d.Diagonal(-1, 1, 1), Vector3d.Zero));
        Assert.Contains("proper rotation", error.Message);
    }

    [Fact]
    public void ToMetrePose_ConvertsMillimetresToMetresAndKeepsRotation()
    {
        RigidTransform t = RigidTransform.FromAxisAngle(new Vector3d(0, 1, 0), 30, new Vector3d(250, -1000, 42));
        MetrePose pose = t.ToMetrePose();

        Assert.Equal(0.25f, pose.PositionM.X, 6);
        Assert.Equal(-1.0f, pose.PositionM.Y, 6);
        Assert.Equal(0.042f, pose.PositionM.Z, 6);
        Vector3 rotated = Vector3.Transform(new Vector3(1, 0, 0), pose.Orientation);
        AssertClose(t.ApplyToDirection(Vector3d.UnitX), Vector3d.From(rotated), 1e-6);
        AssertClose(new Vector3d(250, -1000, 42), RigidTransform.FromMetrePose(pose).TranslationMm, 1e-3);
    }

    [Fact]
    public void ToQuaternion_NearHalfTurn_StaysAccurate()
    {
        var axis = new Vector3d(1, -1, 0.5);
        Matrix3d r = Matrix3d.FromAxisAngle(axis, Math.PI - 1e-4);
        Matrix3d back = Matrix3d.FromQuaternion(r.ToQuaternion());
        AssertClose(r * new Vector3d(0.3, 0.4, 0.5), back * new Vector3d(0.3, 0.4, 0.5), 1e-6);
    }

    internal static void AssertClose(Vector3d expected, Vector3d actual, double tolerance = 1e-9)
    {
        Assert.True(Vector3d.Distance(expected, actual) <= tolerance, $"Expected {expected}, was {actual} (tolerance {tolerance}).");
    }
}
