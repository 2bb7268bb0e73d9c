using ArSpine.Core.Geometry;
using ArSpine.Registration.Markers;

namespace ArSpine.Registration.Tracking;

/// <summary>
/// The pose-uncertainty gate, a threshold the user sees and can change: a measured marker pose whose predicted error at
/// the planned targets (a conservative 95% bound from the solver's Jacobian and residuals,
/// <see cref="PoseUncertainty.TargetError95Mm"/>) exceeds <see cref="MaxTargetError95Mm"/> is not used. A board seen
/// nearly square to the camera has a poorly determined tilt, which its lever arm turns into millimetres at the spine.
/// </summary>
public sealed record PoseUncertaintyGate
{
    /// <summary>The text of a refusal, for banners and reports.</summary>
    public const string Reason = "marker pose too uncertain at the targets (tilt the marker away from facing the camera)";

    /// <summary>Largest predicted 95% error at any target for a measurement to be used, mm (default 2, the accuracy goal).</summary>
    public double MaxTargetError95Mm { get; init; } = 2;

    /// <summary>
    /// Lower limit of the corner noise the prediction is scaled by, px: one frame's residuals cannot show a detector's
    /// systematic error, and a fit with a lucky small residual would otherwise look certain.
    /// </summary>
    public double CornerSigmaFloorPx { get; init; } = 0.05;

    /// <summary>Distance from the marker of the targets assumed when none are given, mm (the targets lie 10–20 cm from the marker).</summary>
    public double DefaultLeverArmMm { get; init; } = 200;

    /// <summary>True (the default) to apply the gate; false measures without refusing.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a non-positive threshold or a negative floor or lever arm.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxTargetError95Mm);
        ArgumentOutOfRangeException.ThrowIfNegative(CornerSigmaFloorPx);
        ArgumentOutOfRangeException.ThrowIfNegative(DefaultLeverArmMm);
    }

    /// <summary>
    /// The largest predicted 95% error over <paramref name="targetsMarkerMm"/> (points in the marker frame, mm) for
    /// <paramref name="pose"/>; with no targets, the error at the marker's origin plus <see cref="DefaultLeverArmMm"/>
    /// times the rotation's worst standard deviation, times 1.96. Infinity when the pose has no uncertainty (it is not
    /// determined). mm. Allocates nothing.
    /// </summary>
    public double PredictedError95Mm(MarkerPose pose, IReadOnlyList<Vector3d>? targetsMarkerMm)
    {
        ArgumentNullException.ThrowIfNull(pose);
        if (pose.Uncertainty is not PoseUncertainty uncertainty)
        {
            return double.PositiveInfinity;
        }

        if (targetsMarkerMm is null || targetsMarkerMm.Count == 0)
        {
            double atOrigin = uncertainty.TargetRmsMm(pose.CameraFromMarker.TranslationMm, CornerSigmaFloorPx);
            return PoseUncertainty.Z95 * (atOrigin + DefaultLeverArmMm * uncertainty.RotationSigmaDeg(CornerSigmaFloorPx) * Math.PI / 180);
        }

        double worst = 0;
        for (int i = 0; i < targetsMarkerMm.Count; i++)
        {
            worst = Math.Max(worst, uncertainty.TargetError95Mm(pose.CameraFromMarker.Apply(targetsMarkerMm[i]), CornerSigmaFloorPx));
        }

        return worst;
    }

    /// <summary>True when the gate is off or <paramref name="pose"/>'s predicted error is within <see cref="MaxTargetError95Mm"/>.</summary>
    public bool Passes(MarkerPose pose, IReadOnlyList<Vector3d>? targetsMarkerMm) => !Refuses(PredictedError95Mm(pose, targetsMarkerMm));

    /// <summary>Whether the gate, when on, refuses a pose of this predicted 95% target error, mm (a NaN prediction is refused).</summary>
    public bool Refuses(double predictedError95Mm) => Enabled && !(predictedError95Mm <= MaxTargetError95Mm);
}
