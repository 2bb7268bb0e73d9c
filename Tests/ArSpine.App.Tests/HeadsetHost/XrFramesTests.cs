using System.Numerics;
using ArSpine.App.Hosts.StereoKit;
using ArSpine.App.Input;
using ArSpine.App.Scene;
using ArSpine.Core.Geometry;

namespace ArSpine.App.Tests.HeadsetHost;

/// <summary>The headset host's unit and frame conversions (mm ↔ metres, app World ↔ StereoKit world through the anchor), on hand-computed cases.</summary>
public sealed class XrFramesTests
{
    private const float Tolerance = 1e-5f;

    /// <summary>An anchor 1 m along +X and 2 m along +Z of StereoKit's origin, turned a quarter about +Y (so app +X is StereoKit −Z).</summary>
    private static readonly XrWorldFrame QuarterTurnAnchor =
        new(new MetrePose(new Vector3(1, 0, 2), Quaternion.CreateFromAxisAngle(Vector3.UnitY, MathF.PI / 2)));

    [Fact]
    public void MetreMatrix_RotatedAndTranslated_ScalesOnlyTheTranslation()
    {
        Matrix4x4 worldFromMeshMm = Matrix4x4.CreateRotationZ(0.3f) * Matrix4x4.CreateTranslation(100, 200, 300);

        Matrix4x4 metres = XrUnits.MetreMatrix(worldFromMeshMm);

        AssertClose(new Vector3(0.1f, 0.2f, 0.3f), metres.Translation);
        Assert.Equal(worldFromMeshMm.M11, metres.M11);
        Assert.Equal(worldFromMeshMm.M12, metres.M12);
        Assert.Equal(worldFromMeshMm.M21, metres.M21);
        var pointMm = new Vector3(7, -3, 11);
        AssertClose(Vector3.Transform(pointMm, worldFromMeshMm) * 0.001f, Vector3.Transform(pointMm * 0.001f, metres));
        AssertMatrixClose(worldFromMeshMm, XrUnits.MmMatrix(metres), 1e-4f);
    }

    [Fact]
    public void SkPointFromApp_QuarterTurnAnchor_LandsWhereComputedByHand()
    {
        // App (1000, 0, 0) mm = 1 m along app +X = 1 m along StereoKit −Z from the anchor at (1, 0, 2) m.
        Vector3 sk = QuarterTurnAnchor.SkPointFromApp(new Vector3(1000, 0, 0));

        AssertClose(new Vector3(1, 0, 1), sk);
        AssertClose(new Vector3(1000, 0, 0), QuarterTurnAnchor.AppPointFromSk(sk), 1e-2f);
        AssertClose(new Vector3(0, 0, -1), QuarterTurnAnchor.SkDirectionFromApp(Vector3.UnitX));
        AssertClose(Vector3.UnitX, QuarterTurnAnchor.AppDirectionFromSk(new Vector3(0, 0, -1)));
    }

    [Fact]
    public void AppMatrixFromSkPose_HeadLookingDownSkMinusZ_LooksDownAppPlusX()
    {
        // The head at (1, 1.6, 1) m looking down StereoKit's −Z: 1 m in front of the anchor along app +X, 1.6 m up.
        var headSk = new MetrePose(new Vector3(1, 1.6f, 1), Quaternion.Identity);

        Matrix4x4 worldFromHead = QuarterTurnAnchor.AppMatrixFromSkPose(headSk);
        var input = new InputFrame(0, worldFromHead, Vector3.Zero, Vector3.UnitX, 0, ButtonState.Up, ButtonState.Up, AppKeys.None);

        AssertClose(new Vector3(1000, 1600, 0), input.HeadWorldMm, 1e-2f);
        AssertClose(Vector3.UnitX, input.HeadForwardWorld);
    }

    [Fact]
    public void SkDrawMatrix_UnitCylinderInMetres_EndsAndRadiusInMetres()
    {
        Assert.True(PrimitiveMeshes.TryWorldFromUnitCylinder(new Vector3(10, 20, 30), new Vector3(10, 20, 130), 6, out Matrix4x4 worldFromCylinder));

        Matrix4x4 draw = XrWorldFrame.Identity.SkDrawMatrix(worldFromCylinder);

        // The unit cylinder's vertices are uploaded in metres: its top centre (0, 0, 1) mm is (0, 0, 0.001) m.
        AssertClose(new Vector3(0.010f, 0.020f, 0.030f), Vector3.Transform(Vector3.Zero, draw));
        AssertClose(new Vector3(0.010f, 0.020f, 0.130f), Vector3.Transform(new Vector3(0, 0, 0.001f), draw));
        Vector3 rim = Vector3.Transform(new Vector3(0.0005f, 0, 0), draw);
        Assert.Equal(0.003f, Vector2.Distance(new Vector2(rim.X, rim.Y), new Vector2(0.010f, 0.020f)), Tolerance);
    }

    [Fact]
    public void SkWindowPose_PanelFacingPlusZ_WindowAtTopCentreFacingPlusZ()
    {
        Matrix4x4 worldFromPanel = Matrix4x4.CreateTranslation(-200, 1500, -600);

        MetrePose window = XrWorldFrame.Identity.SkWindowPose(worldFromPanel, 400);

        AssertClose(new Vector3(0, 1.5f, -0.6f), window.PositionM);
        // StereoKit's UI faces its pose's forward (−Z) and lays out +X toward the viewer's left.
        AssertClose(Vector3.UnitZ, Vector3.Transform(-Vector3.UnitZ, window.Orientation));
        AssertClose(-Vector3.UnitX, Vector3.Transform(Vector3.UnitX, window.Orientation));
        AssertClose(Vector3.UnitY, Vector3.Transform(Vector3.UnitY, window.Orientation));
    }

    [Fact]
    public void SkWindowPose_AnchoredTurnedPanel_AgreesWithPointAndDirectionMaps()
    {
        Matrix4x4 worldFromPanel = Matrix4x4.CreateRotationY(0.7f) * Matrix4x4.CreateTranslation(300, 1400, -500);

        MetrePose window = QuarterTurnAnchor.SkWindowPose(worldFromPanel, 250);

        Vector3 topCentreApp = Vector3.Transform(new Vector3(125, 0, 0), worldFromPanel);
        AssertClose(QuarterTurnAnchor.SkPointFromApp(topCentreApp), window.PositionM);
        Vector3 panelFacingSk = QuarterTurnAnchor.SkDirectionFromApp(Vector3.TransformNormal(Vector3.UnitZ, worldFromPanel));
        AssertClose(panelFacingSk, Vector3.Transform(-Vector3.UnitZ, window.Orientation));
    }

    [Fact]
    public void WorldFromOpenCvCameraMm_ViewCameraTurnedToMinusX_PointsAheadAndBelowLandByHand()
    {
        // The view camera (looking down −Z, +Y up) at (0.5, 1.5, −0.2) m, turned a quarter about +Y: it looks down world −X.
        Matrix4x4 worldFromViewM = Matrix4x4.CreateRotationY(MathF.PI / 2) * Matrix4x4.CreateTranslation(0.5f, 1.5f, -0.2f);

        Matrix4x4 worldFromCamera = XrUnits.WorldFromOpenCvCameraMm(worldFromViewM);

        // OpenCV: +Z is ahead, +Y is down.
        AssertClose(new Vector3(-500, 1500, -200), Vector3.Transform(new Vector3(0, 0, 1000), worldFromCamera), 1e-2f);
        AssertClose(new Vector3(500, 1400, -200), Vector3.Transform(new Vector3(0, 100, 0), worldFromCamera), 1e-2f);
        // A proper rotation (the tracking pipeline's RigidTransform accepts it): optical axis along world −X, image down along −Y.
        RigidTransform rigid = RigidTransform.FromMatrix4x4(worldFromCamera);
        Vector3d axis = rigid.ApplyToDirection(new Vector3d(0, 0, 1)), down = rigid.ApplyToDirection(new Vector3d(0, 1, 0));
        Assert.True((axis - new Vector3d(-1, 0, 0)).Length < 1e-6, $"Expected the optical axis along world -X. Was {axis}.");
        Assert.True((down - new Vector3d(0, -1, 0)).Length < 1e-6, $"Expected image down along world -Y. Was {down}.");
    }

    [Fact]
    public void MetreMatrix_PoseFromCoreRigidTransform_MatchesItsMillimetreMatrix()
    {
        RigidTransform aFromB = RigidTransform.FromAxisAngle(new Vector3d(1, 2, 3), 30, new Vector3d(100, -50, 25));

        Matrix4x4 viaPose = XrUnits.MmMatrix(XrUnits.MetreMatrix(aFromB.ToMetrePose()));

        AssertMatrixClose(aFromB.ToMatrix4x4(), viaPose, 1e-4f);
        MetrePose back = XrUnits.PoseOf(XrUnits.MetreMatrix(aFromB.ToMetrePose()));
        AssertClose(new Vector3(0.1f, -0.05f, 0.025f), back.PositionM);
        Assert.Equal(1f, back.Orientation.Length(), Tolerance);
        AssertClose(Vector3.Transform(Vector3.UnitX, aFromB.ToMetrePose().Orientation), Vector3.Transform(Vector3.UnitX, back.Orientation));
    }

    private static void AssertClose(Vector3 expected, Vector3 actual, float tolerance = Tolerance) =>
        Assert.True(Vector3.Distance(expected, actual) <= tolerance, $"Expected {expected}. Was {actual}.");

    private static void AssertMatrixClose(Matrix4x4 expected, Matrix4x4 actual, float tolerance)
    {
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                Assert.True(MathF.Abs(expected[r, c] - actual[r, c]) <= tolerance, $"Expected M{r + 1}{c + 1} = {expected[r, c]}. Was {actual[r, c]}.");
            }
        }
    }
}
