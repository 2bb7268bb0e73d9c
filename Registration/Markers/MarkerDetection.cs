using ArSpine.Core.Geometry;

namespace ArSpine.Registration.Markers;

/// <summary>A point in an image, in pixels (x right, y down; 0 at the centre of the top-left pixel, as OpenCV).</summary>
/// <param name="X">Column, pixels.</param>
/// <param name="Y">Row, pixels.</param>
public readonly record struct PixelPoint(double X, double Y)
{
    /// <summary>Distance between two image points, pixels.</summary>
    public static double Distance(PixelPoint a, PixelPoint b) => Math.Sqrt((a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y));
}

/// <summary>One detected square marker: its id and four corners in OpenCV's order (top-left, top-right, bottom-right, bottom-left of the marker).</summary>
/// <param name="Id">The marker's id in its dictionary.</param>
/// <param name="CornersPx">The four corners, pixels.</param>
public sealed record MarkerDetection(int Id, IReadOnlyList<PixelPoint> CornersPx);

/// <summary>
/// The pose of a planar target (a marker or a board) in the Camera frame, mm, with its fit. A small planar square
/// has two poses that explain its corners almost equally (its tilt is ambiguous); both are tried and the better one is
/// kept. When the other is nearly as good the pose is flagged.
/// </summary>
/// <param name="CameraFromMarker">Maps the marker frame (origin at its centre, +X right, +Y up, +Z out of the face, mm) to the Camera frame.</param>
/// <param name="ReprojectionErrorPx">RMS distance between the detected corners and the corners projected with this pose, pixels.</param>
/// <param name="AlternativeReprojectionErrorPx">RMS error of the other, mirrored-tilt pose, pixels; null when the two converge to one pose.</param>
/// <param name="AlternativeCameraFromMarker">The other, mirrored-tilt pose; null when the two converge to one pose.</param>
public sealed record MarkerPose(RigidTransform CameraFromMarker, double ReprojectionErrorPx, double? AlternativeReprojectionErrorPx, RigidTransform? AlternativeCameraFromMarker = null)
{
    /// <summary>Ratio of the alternative's error to the chosen one's below which the tilt is considered ambiguous.</summary>
    public const double AmbiguityRatio = 1.5;

    /// <summary>True when the other tilt explains the corners nearly as well (error ratio under <see cref="AmbiguityRatio"/>): the pose's rotation may be wrong by a flip.</summary>
    public bool Ambiguous => AlternativeReprojectionErrorPx is double alternative && alternative < AmbiguityRatio * Math.Max(ReprojectionErrorPx, 0.05);

    /// <summary>
    /// The pose's first-order uncertainty from the solver's Jacobian and residuals (what a near-frontal view leaves
    /// undetermined, its tilt, shows here); null when the solver could not form it.
    /// </summary>
    public PoseUncertainty? Uncertainty { get; init; }

    /// <summary>The alternative pose when the tilt is ambiguous (for <see cref="Tracking.PoseTracker"/> to choose by continuity); otherwise null.</summary>
    public RigidTransform? AmbiguousAlternative => Ambiguous ? AlternativeCameraFromMarker : null;
}

/// <summary>A detected marker with its pose, when a camera and marker size were given.</summary>
/// <param name="Detection">The marker's id and corners.</param>
/// <param name="Pose">Its pose in the Camera frame; null when no camera was given.</param>
public sealed record MarkerObservation(MarkerDetection Detection, MarkerPose? Pose);
