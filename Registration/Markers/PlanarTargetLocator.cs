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
/// Locates a ChArUco board: its markers, then the chessboard corners between them refined to sub-pixel saddle points,
/// then iterative PnP on those corners (at least <see cref="MinCorners"/>).
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

        var objectPoints = new Vector3d[ids.Length];
        var imagePoints = new PixelPoint[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            objectPoints[i] = spec.CornerInTargetFrameMm(ids[i]);
            imagePoints[i] = new PixelPoint(corners[i].X, corners[i].Y);
        }

        var shape = PointRegistration.FiducialConfiguration.Of(objectPoints);
        if (Math.Sqrt(shape.PrincipalVariancesMm2[1]) < 0.25 * spec.SquareMm)
        {
            // Corners along one line do not fix the pose.
            return null;
        }

        return solver.SolvePoints(objectPoints, imagePoints) is MarkerPose pose ? new BoardObservation(pose, ids.Length) : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        detector.Dispose();
        board.Dispose();
        dictionary.Dispose();
    }
}
