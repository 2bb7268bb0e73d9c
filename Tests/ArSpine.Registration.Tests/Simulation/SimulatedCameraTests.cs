using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;
using ArSpine.Registration.Numerics;
using ArSpine.Registration.Simulation;
using ArSpine.Registration.Tracking;
using ArSpine.Registration.Tests.Markers;
using ArSpine.TestSupport;
using OpenCvSharp;
using OpenCvSharp.Aruco;

namespace ArSpine.Registration.Tests.Simulation;

public class SimulatedCameraTests
{
    private static readonly CameraIntrinsics Hd = CameraIntrinsics.Ideal(1280, 720, 64.7);
    private static readonly MarkerBoard Board = new(PredefinedDictionaryType.DictAprilTag_36h11, 2, 2, 22, 6, FirstId: 10);
    private static readonly RigidTransform Pose = RigidTransform.FromAxisAngle(new Vector3d(1, 0.3, 0), 160, new Vector3d(30, -20, 500));

    [Fact]
    public void Render_IdealConditions_DetectedCornersLieOnProjectedTruth()
    {
        using var camera = new SimulatedCamera(Hd, Board);
        using Mat image = camera.Render(Pose, FrameConditions.Ideal);
        using var detector = new MarkerDetector(Board.Dictionary);
        var solver = new PlanarPoseSolver(Hd);

        IReadOnlyList<MarkerDetection> found = detector.Detect(image);

        Assert.Equal([10, 11, 12, 13], found.Select(m => m.Id));
        var errors = new List<double>();
        foreach (MarkerDetection marker in found)
        {
            PixelPoint[] truth = solver.Project(Pose, Board.CornersMm(marker.Id));
            errors.AddRange(Enumerable.Range(0, 4).Select(c => PixelPoint.Distance(truth[c], marker.CornersPx[c])));
        }

        // OpenCV's sub-pixel corners of a black square sit slightly inside it (about 0.15 px here): a detector property.
        Assert.True(errors.Average() < 0.3, $"mean corner error {errors.Average():0.000} px");
        Assert.True(errors.Max() < 0.5, $"largest corner error {errors.Max():0.000} px");
    }

    [Fact]
    public void Render_FrontalMarker_EdgePixelsHaveTheCoveredShareOfBlack()
    {
        var board = MarkerBoard.Single(PredefinedDictionaryType.Dict6X6_250, 40, 1);
        var pose = new RigidTransform(Matrix3d.FromAxisAngle(Vector3d.UnitX, Math.PI), new Vector3d(0.3, 0.2, 400));
        using var camera = new SimulatedCamera(Hd, board);
        using Mat image = camera.Render(pose, FrameConditions.Ideal);
        PixelPoint[] corners = new PlanarPoseSolver(Hd).Project(pose, board.CornersMm(1));
        int row = (int)Math.Round((corners[0].Y + corners[3].Y) / 2);

        // The pixel straddling the left edge: it spans [x − 0.5, x + 0.5]; the part right of the edge is black.
        int x = (int)Math.Round(corners[0].X);
        double blackShare = x + 0.5 - corners[0].X;
        double expected = SimulatedCamera.WhiteGrey - blackShare * (SimulatedCamera.WhiteGrey - SimulatedCamera.BlackGrey);

        Assert.InRange(image.At<byte>(row, x), expected - 12, expected + 12);
        Assert.Equal(SimulatedCamera.WhiteGrey, image.At<byte>(row, x - 2));
        Assert.Equal(SimulatedCamera.BlackGrey, image.At<byte>(row, x + 2));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(0.55)]
    [InlineData(0.8)]
    public void Render_FrontalEdgeAtSubpixelOffset_EdgePixelIsTheAreaMeanWithinElevenGreyLevels(double offsetPx)
    {
        // A sensor pixel integrates the light over its area; 2x2 point samples alone were up to 16.5 grey levels off here.
        var board = MarkerBoard.Single(PredefinedDictionaryType.Dict6X6_250, 40, 1);
        double z = 400;
        var pose = new RigidTransform(Matrix3d.FromAxisAngle(Vector3d.UnitX, Math.PI), new Vector3d(offsetPx * z / Hd.FxPx, 0.2, z));
        using var camera = new SimulatedCamera(Hd, board);
        using Mat image = camera.Render(pose, FrameConditions.Ideal);
        PixelPoint[] corners = new PlanarPoseSolver(Hd).Project(pose, board.CornersMm(1));
        int row = (int)Math.Round((corners[0].Y + corners[3].Y) / 2);

        int x = (int)Math.Round(corners[0].X);
        double blackShare = Math.Clamp(x + 0.5 - corners[0].X, 0, 1);
        double expected = SimulatedCamera.WhiteGrey - blackShare * (SimulatedCamera.WhiteGrey - SimulatedCamera.BlackGrey);

        Assert.InRange(image.At<byte>(row, x), expected - 11, expected + 11);
    }

    [Fact]
    public void Render_IdealConditions_BoardPoseWithinOnePointFiveMillimetresAndQuarterDegree()
    {
        using var camera = new SimulatedCamera(Hd, Board);
        using Mat image = camera.Render(Pose, FrameConditions.Ideal);
        using var detector = new MarkerDetector(Board.Dictionary);
        var estimator = new BoardPoseEstimator(Board, new PlanarPoseSolver(Hd));

        BoardObservation observation = estimator.Estimate(detector.Detect(image))!;

        Assert.Equal(4, observation.MarkersUsed);
        RealPhotoDetectionTests.AssertClose(Pose, observation.Pose.CameraFromMarker, 1.5, 0.25, "board");
    }

    [Fact]
    public void Render_StronglyDistortedCamera_CornersFollowOpenCvDistortionModelAndPoseIsRecovered()
    {
        // Barrel distortion as in a wide-angle webcam.
        var wide = new CameraIntrinsics(500, 500, 322, 238, [-0.28, 0.09, 0.001, -0.002, 0], 640, 480);
        var board = MarkerBoard.Single(PredefinedDictionaryType.Dict6X6_250, 50, 23);
        // Near the image corner, where the distortion is largest.
        RigidTransform pose = RigidTransform.FromAxisAngle(new Vector3d(1, 0.2, 0.1), 170, new Vector3d(-190, -125, 400));
        using var camera = new SimulatedCamera(wide, board);
        using Mat image = camera.Render(pose, FrameConditions.Ideal);
        using var detector = new MarkerDetector(board.Dictionary);
        var solver = new PlanarPoseSolver(wide);
        var pinhole = new PlanarPoseSolver(new CameraIntrinsics(wide.FxPx, wide.FyPx, wide.CxPx, wide.CyPx, []));

        MarkerDetection found = Assert.Single(detector.Detect(image));
        PixelPoint[] distorted = solver.Project(pose, board.CornersMm(23));
        PixelPoint[] undistorted = pinhole.Project(pose, board.CornersMm(23));
        BoardObservation observation = new BoardPoseEstimator(board, solver).Estimate([found])!;

        for (int c = 0; c < 4; c++)
        {
            Assert.True(PixelPoint.Distance(found.CornersPx[c], distorted[c]) < 0.5, $"corner {c}: {PixelPoint.Distance(found.CornersPx[c], distorted[c]):0.00} px from OpenCV's distorted projection");
            Assert.True(PixelPoint.Distance(found.CornersPx[c], undistorted[c]) > 5, $"corner {c}: the distortion should move it visibly");
        }

        RealPhotoDetectionTests.AssertClose(pose, observation.Pose.CameraFromMarker, 2.0, 1.0, "with distortion");
    }

    [Fact]
    public void Render_AprilTagFrame_OpenCv46PythonFindsTheSameIdsAndUnrefinedCorners()
    {
        using var folder = new TemporaryFolder();
        using var camera = new SimulatedCamera(Hd, Board);
        using Mat image = camera.Render(Pose, new FrameConditions { NoiseSigma = 2, BlurLengthPx = 1.5, Gain = 0.9, LightGradient = 0.2 });
        string path = folder.PathOf("frame.png");
        Cv2.ImWrite(path, image);
        using var detector = new MarkerDetector(Board.Dictionary, CornerRefinement.None);

        Dictionary<int, PixelPoint[]> oracle = OpenCvPythonOracle.DetectMarkers(path, "DICT_APRILTAG_36h11");
        IReadOnlyList<MarkerDetection> ours = detector.Detect(image);

        Assert.Equal(oracle.Keys.Order(), ours.Select(m => m.Id));
        foreach (MarkerDetection marker in ours)
        {
            for (int c = 0; c < 4; c++)
            {
                Assert.True(PixelPoint.Distance(marker.CornersPx[c], oracle[marker.Id][c]) <= 1.0, $"marker {marker.Id} corner {c}: ours {marker.CornersPx[c]}, OpenCV 4.6 {oracle[marker.Id][c]}");
            }
        }
    }

    [Fact]
    public void Render_HalfOccluded_StillFindsUncoveredMarkersAndPose()
    {
        using var camera = new SimulatedCamera(Hd, Board);
        using Mat image = camera.Render(Pose, new FrameConditions { OcclusionFraction = 0.5, NoiseSigma = 2 });
        using var detector = new MarkerDetector(Board.Dictionary);

        IReadOnlyList<MarkerDetection> found = detector.Detect(image);
        BoardObservation observation = new BoardPoseEstimator(Board, new PlanarPoseSolver(Hd)).Estimate(found)!;

        Assert.InRange(found.Count, 1, 3);
        RealPhotoDetectionTests.AssertClose(Pose, observation.Pose.CameraFromMarker, 5.0, 3.0, "occluded board");
    }

    [Fact]
    public void Render_StrongBlurAndNoise_DegradesButDoesNotCrash()
    {
        using var camera = new SimulatedCamera(Hd, Board);
        using Mat sharp = camera.Render(Pose, FrameConditions.Ideal);
        using Mat blurred = camera.Render(Pose, new FrameConditions { BlurLengthPx = 12, NoiseSigma = 25, Gain = 0.4 });
        using var detector = new MarkerDetector(Board.Dictionary);

        Cv2.MeanStdDev(sharp, out Scalar _, out Scalar sharpStd);
        Cv2.MeanStdDev(blurred, out Scalar _, out Scalar blurredStd);

        Assert.True(detector.Detect(blurred).Count <= detector.Detect(sharp).Count);
        Assert.NotEqual(sharpStd.Val0, blurredStd.Val0);
    }

    [Fact]
    public void AccuracyStudy_SmallStudy_ReportsDistributionsWithTargetsFartherBeingWorse()
    {
        var markerFromCt = RigidTransform.FromTranslation(new Vector3d(0, 0, -150));
        Vector3d[] targets = [new(0, 0, 0), new(0, 0, -100)];

        // The pose-uncertainty gate (tested in PoseUncertaintyTests) would drop runs by their farther target; this test is about the distributions.
        AccuracyReport report = AccuracyStudy.Run(Hd, Board, markerFromCt, targets, new AccuracyStudySettings { Runs = 12, Seed = 3, UncertaintyGate = new() { Enabled = false } });

        Assert.Equal(12, report.Runs);
        Assert.InRange(report.RunsDetected, 10, 12);
        Assert.Equal(report.RunsDetected * 2, report.TreMm.Count);
        // The pooled TRE is every target's TRE of every detected run: per target one per run, and the largest of them is the pooled maximum.
        Assert.All(report.PerTargetTreMm, t => Assert.Equal(report.RunsDetected, t.Count));
        Assert.Equal(report.TreMm.Max, report.PerTargetTreMm.Max(t => t.Max));
        Assert.True(report.TreMm.P50 > 0);
        Assert.Equal([150.0, 250.0], report.TargetDistancesMm.Select(d => Math.Round(d, 6)));
        Assert.True(report.PerTargetTreMm[1].P50 > report.PerTargetTreMm[0].P50, "the farther target should have the larger error");
    }
}
