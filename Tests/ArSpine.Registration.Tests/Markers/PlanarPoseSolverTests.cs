using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;

namespace ArSpine.Registration.Tests.Markers;

public class PlanarPoseSolverTests
{
    private static readonly PlanarPoseSolver Solver = new(CameraIntrinsics.Ideal(1280, 720, 64.7));

    [Fact]
    public void SolvePoints_KnownPlanarBoard_RecoversPoseAndKeepsTheWorseTiltAsAlternative()
    {
        var truth = RigidTransform.FromAxisAngle(new Vector3d(1, 0.2, 0), 150, new Vector3d(-30, 20, 480));
        Vector3d[] board = [.. Enumerable.Range(0, 16).Select(i => new Vector3d(i % 4 * 12 - 18, i / 4 * 12 - 18, 0))];

        MarkerPose pose = Solver.SolvePoints(board, Solver.Project(truth, board))!;

        RealPhotoDetectionTests.AssertClose(truth, pose.CameraFromMarker, 1e-3, 1e-3, "exact projections");
        // A 36 mm board at 480 mm: the mirrored tilt is a distinct local minimum that explains the points worse.
        Assert.NotNull(pose.AlternativeCameraFromMarker);
        Assert.NotNull(pose.AlternativeReprojectionErrorPx);
        Assert.True(pose.AlternativeReprojectionErrorPx > pose.ReprojectionErrorPx, $"alternative {pose.AlternativeReprojectionErrorPx} px against {pose.ReprojectionErrorPx} px");

        MarkerPose single = new PlanarPoseSolver(CameraIntrinsics.Ideal(1280, 720, 64.7)) { CompareBoardTilts = false }.SolvePoints(board, Solver.Project(truth, board))!;
        Assert.Null(single.AlternativeReprojectionErrorPx);
        RealPhotoDetectionTests.AssertClose(pose.CameraFromMarker, single.CameraFromMarker, 1e-6, 1e-6, "IPPE's choice only");
    }

    [Fact]
    public void SolveSquare_DegenerateCorners_DoesNotThrowAndAnyPoseIsInFrontOfTheCamera()
    {
        PixelPoint[] collapsed = [new(640, 360), new(640, 360), new(640, 360), new(640, 360)];
        PixelPoint[] line = [new(600, 360), new(620, 360), new(640, 360), new(660, 360)];

        foreach (PixelPoint[] corners in new[] { collapsed, line })
        {
            // OpenCV throws on some degenerate inputs; the solver must turn that into "no pose". (A RigidTransform is finite by construction.)
            MarkerPose? pose = null;
            Assert.Null(Record.Exception(() => pose = Solver.SolveSquare(corners, 50)));
            if (pose is not null)
            {
                Assert.True(pose.CameraFromMarker.TranslationMm.Z > 0, $"{pose.CameraFromMarker}");
            }
        }
    }
}
