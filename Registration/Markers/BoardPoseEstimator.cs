using ArSpine.Core.Geometry;

namespace ArSpine.Registration.Markers;

/// <summary>The pose of a marker board from the markers detected in one image.</summary>
/// <param name="Pose">CameraFromMarker (the board frame) and its reprojection error.</param>
/// <param name="MarkersUsed">How many of the board's markers were seen and used.</param>
public sealed record BoardObservation(MarkerPose Pose, int MarkersUsed);

/// <summary>
/// Estimates a board's pose from detections: a single seen marker by the square solver, several by the planar solver
/// on all their corners (both tilts tried in either case). Stateless; thread-safe.
/// </summary>
public sealed class BoardPoseEstimator(MarkerBoard board, PlanarPoseSolver solver)
{
    /// <summary>The board's pose, or null when none of its markers is among <paramref name="detections"/>.</summary>
    public BoardObservation? Estimate(IReadOnlyList<MarkerDetection> detections)
    {
        var objectPoints = new List<Vector3d>();
        var imagePoints = new List<PixelPoint>();
        MarkerDetection? only = null;
        int used = 0;
        foreach (MarkerDetection detection in detections)
        {
            if (!board.Contains(detection.Id))
            {
                continue;
            }

            objectPoints.AddRange(board.CornersMm(detection.Id));
            imagePoints.AddRange(detection.CornersPx);
            only = detection;
            used++;
        }

        if (used == 0)
        {
            return null;
        }

        if (used == 1)
        {
            // The square solver works in the marker's own frame; shift to the board frame.
            if (solver.SolveSquare(only!.CornersPx, board.MarkerLengthMm) is not MarkerPose pose)
            {
                return null;
            }

            Vector3d[] corners = board.CornersMm(only.Id);
            Vector3d centre = (corners[0] + corners[2]) / 2;
            RigidTransform markerFromBoard = RigidTransform.FromTranslation(-centre);
            return new BoardObservation(pose with { CameraFromMarker = pose.CameraFromMarker * markerFromBoard, AlternativeCameraFromMarker = pose.AlternativeCameraFromMarker * markerFromBoard }, 1);
        }

        return solver.SolvePoints(objectPoints, imagePoints) is MarkerPose boardPose ? new BoardObservation(boardPose, used) : null;
    }
}
