using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;
using ArSpine.Registration.Simulation;
using OpenCvSharp;
using OpenCvSharp.Aruco;

namespace ArSpine.Bench;

/// <summary>
/// Detection plus pose per 1280x720 frame: ArSpine's MarkerDetector + BoardPoseEstimator against calling OpenCvSharp's
/// ArucoDetector and Cv2.SolvePnP directly, on the same simulated frames.
/// </summary>
internal static class DetectionBench
{
    public static void Run()
    {
        CameraIntrinsics camera = CameraIntrinsics.Ideal(1280, 720, 64.7);
        var board = new MarkerBoard(PredefinedDictionaryType.DictAprilTag_36h11, 2, 2, 22, 6);
        using var simulator = new SimulatedCamera(camera, board);
        var frames = new List<Mat>();
        var random = new Random(5);
        for (int f = 0; f < 20; f++)
        {
            var pose = new RigidTransform(
                Matrix3d.FromAxisAngle(new Vector3d(1, random.NextDouble() * 0.4, 0), Math.PI - random.NextDouble() * 0.5),
                new Vector3d(random.NextDouble() * 100 - 50, random.NextDouble() * 60 - 30, 400 + random.NextDouble() * 200));
            frames.Add(simulator.Render(pose, new FrameConditions { NoiseSigma = 2, BlurLengthPx = 1, NoiseSeed = f }));
        }

        foreach ((CornerRefinement refinement, bool bothTilts) in new[] { (CornerRefinement.None, true), (CornerRefinement.Subpixel, true), (CornerRefinement.Subpixel, false) })
        {
            using var detector = new MarkerDetector(board.Dictionary, refinement);
            var estimator = new BoardPoseEstimator(board, new PlanarPoseSolver(camera) { CompareBoardTilts = bothTilts });
            using Dictionary dictionary = CvAruco.GetPredefinedDictionary(board.Dictionary);
            var parameters = new DetectorParameters { CornerRefinementMethod = refinement == CornerRefinement.None ? CornerRefineMethod.None : CornerRefineMethod.Subpix };
            using var direct = new ArucoDetector(dictionary, parameters, new RefineParameters());
            double[,] k = camera.CameraMatrix();
            double[] distortion = new double[4];

            void Ours(Mat frame) => _ = estimator.Estimate(detector.Detect(frame));

            void Direct(Mat frame)
            {
                direct.DetectMarkers(frame, out Point2f[][] corners, out int[] ids, out _);
                var objectPoints = new List<Point3f>();
                var imagePoints = new List<Point2f>();
                for (int m = 0; m < ids.Length; m++)
                {
                    if (board.Contains(ids[m]))
                    {
                        objectPoints.AddRange(board.CornersMm(ids[m]).Select(p => new Point3f((float)p.X, (float)p.Y, 0)));
                        imagePoints.AddRange(corners[m]);
                    }
                }

                if (objectPoints.Count >= 4)
                {
                    using var o = Mat.FromArray(objectPoints.ToArray());
                    using var i = Mat.FromArray(imagePoints.ToArray());
                    using var km = Mat.FromArray(k);
                    using var dm = Mat.FromArray(distortion);
                    using var r = new Mat();
                    using var t = new Mat();
                    Cv2.SolvePnP(o, i, km, dm, r, t, false, SolvePnPMethod.Iterative);
                }
            }

            // Interleaved, so that drift in the machine's load affects both alike.
            const int repeats = 300;
            var oursMs = new double[repeats];
            var directMs = new double[repeats];
            for (int n = -50; n < repeats; n++)
            {
                Mat frame = frames[(n + 50) % frames.Count];
                double a = Timing.MedianMs(0, 1, () => Ours(frame));
                double b = Timing.MedianMs(0, 1, () => Direct(frame));
                if (n >= 0)
                {
                    oursMs[n] = a;
                    directMs[n] = b;
                }
            }

            Array.Sort(oursMs);
            Array.Sort(directMs);
            double ours = oursMs[repeats / 2], opencv = directMs[repeats / 2];
            Console.WriteLine($"detection+pose 1280x720, 2x2 AprilTag board, refinement {refinement}, {(bothTilts ? "both tilts compared" : "IPPE's choice only")}: ArSpine median {ours:0.00} ms, direct OpenCvSharp median {opencv:0.00} ms, ratio {ours / opencv:0.000}");
        }

        foreach (Mat frame in frames)
        {
            frame.Dispose();
        }
    }
}
