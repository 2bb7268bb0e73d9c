using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using OpenCvSharp;
using OpenCvSharp.Aruco;

namespace ArSpine.Registration.Markers;

/// <summary>Finds one planar tracking target (a marker board or a ChArUco board) in an image and gives its pose. Owns native resources: dispose it.</summary>
public interface IPlanarTargetLocator : IDisposable
{
    /// <summary>The target's pose in the Camera frame (its frame: origin at the centre, +X right, +Y up, +Z out of the face, mm), or null when it is not found.</summary>
    BoardObservation? Locate(Mat image);
}

/// <summary>Locates a <see cref="MarkerBoard"/>: marker detection, then the board pose from every seen marker's corners.</summary>
public sealed class MarkerBoardLocator(MarkerBoard board, CameraIntrinsics camera, CornerRefinement refinement = CornerRefinement.Subpixel) : IPlanarTargetLocator
{
    private readonly MarkerDetector detector = new(board.Dictionary, refinement);
    private readonly BoardPoseEstimator estimator = new(board, new PlanarPoseSolver(camera));

    /// <inheritdoc/>
    public BoardObservation? Locate(Mat image) => estimator.Estimate(detector.Detect(image));

    /// <inheritdoc/>
    public void Dispose() => detector.Dispose();
}

/// <summary>
/// Locates a ChArUco board: its markers, then the chessboard corners between them, refined here to sub-pixel saddle
/// points (OpenCV 4.13's ChArUco detector without a camera returns them on whole pixels, half a pixel from the saddle),
/// then the planar pose on those corners (at least <see cref="MinCorners"/>).
/// </summary>
public sealed class CharucoBoardLocator : IPlanarTargetLocator
{
    /// <summary>Fewest chessboard corners for a pose.</summary>
    public const int MinCorners = 4;

    private readonly CharucoBoardSpec spec;
    private readonly PlanarPoseSolver solver;
    private readonly Dictionary dictionary;
    private readonly CharucoBoard board;
    private readonly CharucoDetector detector;

    /// <summary>Creates the locator for a board seen through <paramref name="camera"/>.</summary>
    public CharucoBoardLocator(CharucoBoardSpec spec, CameraIntrinsics camera)
    {
        this.spec = spec;
        solver = new PlanarPoseSolver(camera);
        dictionary = CvAruco.GetPredefinedDictionary(spec.Dictionary);
        board = new CharucoBoard(spec.SquaresX, spec.SquaresY, (float)spec.SquareMm, (float)spec.MarkerMm, dictionary);
        detector = new CharucoDetector(board);
    }

    /// <inheritdoc/>
    public BoardObservation? Locate(Mat image)
    {
        detector.DetectBoard(image, out Point2f[] corners, out int[] ids, out _, out _);
        if (ids.Length < MinCorners)
        {
            return null;
        }

        Point2f[] refined = RefineSaddles(image, corners, ids);
        var objectPoints = new List<Vector3d>(ids.Length);
        var imagePoints = new List<PixelPoint>(ids.Length);
        for (int i = 0; i < ids.Length; i++)
        {
            if (!float.IsNaN(refined[i].X))
            {
                objectPoints.Add(spec.CornerInTargetFrameMm(ids[i]));
                imagePoints.Add(new PixelPoint(refined[i].X, refined[i].Y));
            }
        }

        if (objectPoints.Count < MinCorners)
        {
            return null;
        }

        var shape = PointRegistration.FiducialConfiguration.Of(objectPoints);
        if (Math.Sqrt(shape.PrincipalVariancesMm2[1]) < 0.25 * spec.SquareMm)
        {
            // Corners along one line do not fix the pose.
            return null;
        }

        return solver.SolvePoints(objectPoints, imagePoints) is MarkerPose pose ? new BoardObservation(pose, objectPoints.Count) : null;
    }

    /// <summary>
    /// Refines chessboard corners to the saddle point of the grey levels (cv::cornerSubPix to 0.001 px). The window stays
    /// inside the white margin around the markers next to each corner ((square − marker) / 2 of the smallest corner
    /// spacing seen), so that their edges do not pull the corner. A corner that moves farther than the window is dropped (NaN).
    /// </summary>
    private Point2f[] RefineSaddles(Mat image, Point2f[] corners, int[] ids)
    {
        int perRow = spec.SquaresX - 1;
        double spacingPx = double.PositiveInfinity;
        for (int i = 0; i < ids.Length; i++)
        {
            for (int j = 0; j < ids.Length; j++)
            {
                bool right = ids[j] == ids[i] + 1 && ids[i] / perRow == ids[j] / perRow;
                bool below = ids[j] == ids[i] + perRow;
                if (right || below)
                {
                    spacingPx = Math.Min(spacingPx, Point2f.Distance(corners[i], corners[j]));
                }
            }
        }

        double marginShare = (spec.SquareMm - spec.MarkerMm) / (2 * spec.SquareMm);
        int half = double.IsFinite(spacingPx) ? Math.Clamp((int)Math.Round(marginShare * spacingPx), 2, 10) : 2;
        Mat grey = image;
        if (image.Channels() != 1)
        {
            grey = new Mat();
            Cv2.CvtColor(image, grey, ColorConversionCodes.BGR2GRAY);
        }

        try
        {
            Point2f[] refined = Cv2.CornerSubPix(grey, corners, new Size(half, half), new Size(-1, -1), new TermCriteria(CriteriaTypes.Count | CriteriaTypes.Eps, 40, 0.001));
            for (int i = 0; i < refined.Length; i++)
            {
                if (!(Point2f.Distance(refined[i], corners[i]) <= half))
                {
                    refined[i] = new Point2f(float.NaN, float.NaN);
                }
            }

            return refined;
        }
        finally
        {
            if (!ReferenceEquals(grey, image))
            {
                grey.Dispose();
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        detector.Dispose();
        board.Dispose();
        dictionary.Dispose();
    }
}
