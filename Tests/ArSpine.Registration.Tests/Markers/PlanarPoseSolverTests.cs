using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;
using ArSpine.Registration.Numerics;
using OpenCvSharp;

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

    [Theory]
    [InlineData(0.0, 0.05)]
    [InlineData(-0.25, 0.3)]
    public void SolveSquare_NoisyCorners_OtherTiltIsTheLocalMinimumOpenCvsLevenbergMarquardtKeeps(double k1, double toleranceDeg)
    {
        // An unambiguous other tilt is fitted by our own Gauss-Newton in the undistorted image; OpenCV's iterative
        // solvePnP, minimising in the distorted image, started from it must barely move it: an independent check that it
        // converged (with distortion the two objectives' minima differ a little, 0.13 degrees here).
        var camera = new CameraIntrinsics(1010, 1010, 639.5, 359.5, [k1, 0.05, 0, 0, 0], 1280, 720);
        var solver = new PlanarPoseSolver(camera);
        var truth = RigidTransform.FromAxisAngle(new Vector3d(1, 0.3, 0.1), 155, new Vector3d(120, -60, 520));
        var random = new Random(3);
        PixelPoint[] corners = [.. solver.Project(truth, PlanarPoseSolver.SquareCornersMm(50)).Select(p => new PixelPoint(p.X + (random.NextDouble() - 0.5) * 0.3, p.Y + (random.NextDouble() - 0.5) * 0.3))];

        MarkerPose pose = solver.SolveSquare(corners, 50)!;

        RigidTransform other = pose.AlternativeCameraFromMarker!.Value;
        Vector3d r = QuaternionD.ToRotationVector(other.Rotation);
        double[] rvec = [r.X, r.Y, r.Z], tvec = [other.TranslationMm.X, other.TranslationMm.Y, other.TranslationMm.Z];
        Cv2.SolvePnP(
            PlanarPoseSolver.SquareCornersMm(50).Select(p => new Point3f((float)p.X, (float)p.Y, 0)), corners.Select(p => new Point2f((float)p.X, (float)p.Y)),
            camera.CameraMatrix(), camera.Distortion, ref rvec, ref tvec, true, SolvePnPMethod.Iterative);
        RigidTransform polished = PlanarPoseSolver.ToTransform(rvec, tvec);

        Assert.True(QuaternionD.AngleBetweenDeg(polished.Rotation, other.Rotation) < toleranceDeg, $"{QuaternionD.AngleBetweenDeg(polished.Rotation, other.Rotation):0.000} deg");
        Assert.True(Vector3d.Distance(polished.TranslationMm, other.TranslationMm) < 10 * toleranceDeg, $"{Vector3d.Distance(polished.TranslationMm, other.TranslationMm):0.000} mm");
        Assert.True(pose.AlternativeReprojectionErrorPx > pose.ReprojectionErrorPx);
    }
}
