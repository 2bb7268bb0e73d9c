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
/// <param name="Pose">The solver's pose with its uncertainty, for the pose-uncertainty gate; null for a tracker's pose or none.</param>
public sealed record TrackingResult(
    long Sequence,
    double TimeS,
    long ArrivalTicks,
    RigidTransform WorldFromCamera,
    RigidTransform? CameraFromMarker,
    RigidTransform? AmbiguousAlternative,
    int MarkersUsed,
    double ReprojectionErrorPx,
    long ProcessedTicks,
    MarkerPose? Pose = null)
{
    /// <summary>Detection and pose time, from arrival to the result, ms.</summary>
    public double ProcessingMs => Stopwatch.GetElapsedTime(ArrivalTicks, ProcessedTicks).TotalMilliseconds;
}

/// <summary>
/// The image half of tracking: Registration's <see cref="MarkerDetector"/> and <see cref="BoardPoseEstimator"/> for the case's marker
/// board. Once the board is found, the next frame is searched first in a window around it (a fraction of the image: a fraction of
/// the cost), and in the whole image when the window misses. Owns the detector: dispose it. Not thread-safe: one per worker.
/// </summary>
public sealed class MarkerPipeline : IDisposable
{
    private readonly MarkerDetector? detector;
    private readonly BoardPoseEstimator? estimator;
    private long sequence;
    private OpenCvSharp.Rect? searchWindow;

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

        IReadOnlyList<MarkerDetection> detections = Detect(frame.Image);
        BoardObservation? observation = estimator.Estimate(detections);
        return observation is null
            ? new TrackingResult(seq, frame.TimeS, frame.ArrivalTicks, frame.WorldFromCamera, null, null, 0, 0, Stopwatch.GetTimestamp())
            : new TrackingResult(seq, frame.TimeS, frame.ArrivalTicks, frame.WorldFromCamera, observation.Pose.CameraFromMarker, observation.Pose.AmbiguousAlternative, observation.MarkersUsed, observation.Pose.ReprojectionErrorPx, Stopwatch.GetTimestamp(), observation.Pose);
    }

    /// <summary>Whether the last frame's markers were found in the window around the previous detection (true) or in the whole image.</summary>
    public bool LastSearchedWindow { get; private set; }

    /// <inheritdoc/>
    public void Dispose() => detector?.Dispose();

    /// <summary>
    /// Detects the markers in a window around where the board was last seen (its markers' bounding box grown by its own size on
    /// every side), and in the whole image when the window shows none of the board or there is no previous detection. Corners are
    /// in whole-image pixels either way.
    /// </summary>
    private IReadOnlyList<MarkerDetection> Detect(OpenCvSharp.Mat image)
    {
        var full = new OpenCvSharp.Rect(0, 0, image.Cols, image.Rows);
        if (searchWindow is OpenCvSharp.Rect window && window.Width < image.Cols * 3 / 4)
        {
            using var roi = new OpenCvSharp.Mat(image, window);
            IReadOnlyList<MarkerDetection> inWindow = Shift(detector!.Detect(roi), window.X, window.Y);
            if (Board.Count > 0 && CountOnBoard(inWindow) > 0)
            {
                LastSearchedWindow = true;
                searchWindow = WindowAround(inWindow, full);
                return inWindow;
            }
        }

        LastSearchedWindow = false;
        IReadOnlyList<MarkerDetection> detections = detector!.Detect(image);
        searchWindow = CountOnBoard(detections) > 0 ? WindowAround(detections, full) : null;
        return detections;
    }

    private int CountOnBoard(IReadOnlyList<MarkerDetection> detections)
    {
        int n = 0;
        foreach (MarkerDetection d in detections)
        {
            n += Board.Contains(d.Id) ? 1 : 0;
        }

        return n;
    }

    private OpenCvSharp.Rect? WindowAround(IReadOnlyList<MarkerDetection> detections, OpenCvSharp.Rect image)
    {
        double x0 = double.PositiveInfinity, y0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y1 = double.NegativeInfinity;
        foreach (MarkerDetection d in detections)
        {
            if (!Board.Contains(d.Id))
            {
                continue;
            }

            foreach (PixelPoint p in d.CornersPx)
            {
                (x0, y0, x1, y1) = (Math.Min(x0, p.X), Math.Min(y0, p.Y), Math.Max(x1, p.X), Math.Max(y1, p.Y));
            }
        }

        // Grow by the size of what was seen (the whole board when one marker was), so a moving head keeps the board inside.
        double grow = Math.Max(x1 - x0, y1 - y0) * Math.Max(Board.Columns, Board.Rows) + 16;
        int left = Math.Max(0, (int)(x0 - grow)), top = Math.Max(0, (int)(y0 - grow));
        int right = Math.Min(image.Width, (int)Math.Ceiling(x1 + grow)), bottom = Math.Min(image.Height, (int)Math.Ceiling(y1 + grow));
        return right - left < 32 || bottom - top < 32 ? null : new OpenCvSharp.Rect(left, top, right - left, bottom - top);
    }

    private static IReadOnlyList<MarkerDetection> Shift(IReadOnlyList<MarkerDetection> detections, int dx, int dy)
    {
        var shifted = new MarkerDetection[detections.Count];
        for (int m = 0; m < shifted.Length; m++)
        {
            var corners = new PixelPoint[detections[m].CornersPx.Count];
            for (int c = 0; c < corners.Length; c++)
            {
                corners[c] = new PixelPoint(detections[m].CornersPx[c].X + dx, detections[m].CornersPx[c].Y + dy);
            }

            shifted[m] = new MarkerDetection(detections[m].Id, corners);
        }

        return shifted;
    }
}
