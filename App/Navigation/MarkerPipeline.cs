using System.Diagnostics;
using ArSpine.App.Cases;
using ArSpine.Core.Cases;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;

namespace ArSpine.App.Navigation;

/// <summary>
/// What the detection worker made of one camera frame: the marker's measured pose (or none), when the frame was taken and arrived,
/// and how long detection took. Immutable; made off the frame loop and read by it.
/// </summary>
/// <param name="Sequence">1 for the first frame processed, then increasing.</param>
/// <param name="TimeS">When the frame was taken, app clock, s.</param>
/// <param name="ArrivalTicks">Stopwatch timestamp of the frame's arrival from its source.</param>
/// <param name="WorldFromCamera">The camera's pose for the frame, mm.</param>
/// <param name="CameraFromMarker">The marker board's measured pose, mm; null when not found.</param>
/// <param name="AmbiguousAlternative">The other solution when the board's tilt is ambiguous; otherwise null.</param>
/// <param name="MarkersUsed">How many of the board's markers were seen.</param>
/// <param name="ReprojectionErrorPx">RMS reprojection error of the pose, pixels (0 for a tracker's pose).</param>
/// <param name="ProcessedTicks">Stopwatch timestamp when the result was ready.</param>
public sealed record TrackingResult(
    long Sequence,
    double TimeS,
    long ArrivalTicks,
    RigidTransform WorldFromCamera,
    RigidTransform? CameraFromMarker,
    RigidTransform? AmbiguousAlternative,
    int MarkersUsed,
    double ReprojectionErrorPx,
    long ProcessedTicks)
{
    /// <summary>Detection and pose time, from arrival to the result, ms.</summary>
    public double ProcessingMs => Stopwatch.GetElapsedTime(ArrivalTicks, ProcessedTicks).TotalMilliseconds;
}

/// <summary>
/// The image half of tracking: Registration's <see cref="MarkerDetector"/> and <see cref="BoardPoseEstimator"/> for the case's marker
/// board. Owns the detector: dispose it. Not thread-safe: one per worker.
/// </summary>
public sealed class MarkerPipeline : IDisposable
{
    private readonly MarkerDetector? detector;
    private readonly BoardPoseEstimator? estimator;
    private long sequence;

    /// <summary>Prepares detection of <paramref name="board"/> through <paramref name="camera"/> (null for a source of poses).</summary>
    public MarkerPipeline(MarkerBoard board, CameraIntrinsics? camera)
    {
        ArgumentNullException.ThrowIfNull(board);
        Board = board;
        if (camera is not null)
        {
            detector = new MarkerDetector(board.Dictionary);
            estimator = new BoardPoseEstimator(board, new PlanarPoseSolver(camera));
        }
    }

    /// <summary>The tracked board.</summary>
    public MarkerBoard Board { get; }

    /// <summary>The board of a case's marker; an <see cref="InvalidInputException"/> naming the case file when it has none.</summary>
    public static MarkerBoard BoardOf(CasePackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        string source = Path.Combine(package.Folder, SurgicalCase.FileName);
        CaseMarker marker = package.Case.Marker ?? throw InvalidInputException.Field(source, "marker", "a patient reference marker to track", "none");
        return new MarkerBoard(MarkerDictionary.Parse(marker.Dictionary, "marker.dictionary"), marker.Columns, marker.Rows, marker.MarkerLengthMm, marker.GapMm, marker.FirstId);
    }

    /// <summary>Finds the board in <paramref name="frame"/> (or takes a tracker's pose from it). Cost: a few ms for a 720p image.</summary>
    public TrackingResult Process(CameraFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        long seq = ++sequence;
        if (frame.Image is null || detector is null || estimator is null)
        {
            return new TrackingResult(seq, frame.TimeS, frame.ArrivalTicks, frame.WorldFromCamera, frame.MeasuredCameraFromMarker, null, frame.MeasuredCameraFromMarker is null ? 0 : Board.Count, 0, Stopwatch.GetTimestamp());
        }

        BoardObservation? observation = estimator.Estimate(detector.Detect(frame.Image));
        return observation is null
            ? new TrackingResult(seq, frame.TimeS, frame.ArrivalTicks, frame.WorldFromCamera, null, null, 0, 0, Stopwatch.GetTimestamp())
            : new TrackingResult(seq, frame.TimeS, frame.ArrivalTicks, frame.WorldFromCamera, observation.Pose.CameraFromMarker, observation.Pose.AmbiguousAlternative, observation.MarkersUsed, observation.Pose.ReprojectionErrorPx, Stopwatch.GetTimestamp());
    }

    /// <inheritdoc/>
    public void Dispose() => detector?.Dispose();
}
