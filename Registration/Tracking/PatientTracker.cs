using ArSpine.Core.Geometry;
using ArSpine.Registration.Markers;
using ArSpine.Registration.PointRegistration;

namespace ArSpine.Registration.Tracking;

/// <summary>Whether the overlay may be drawn as navigable this frame, and the banner to show when not.</summary>
/// <param name="Navigable">True only while the registration is accepted and the marker was seen within the staleness limit.</param>
/// <param name="WorldFromCt">The patient's CT in the World frame, mm, when a pose exists (also while not navigable, for the "not tracking" look).</param>
/// <param name="Tracking">The tracker's state for this frame.</param>
/// <param name="Banner">Why navigation is off, in words; empty when navigable.</param>
public readonly record struct NavigationFrame(bool Navigable, RigidTransform? WorldFromCt, TrackingUpdate Tracking, string Banner);

/// <summary>
/// Per-frame patient tracking: measured CameraFromMarker and the headset's WorldFromCamera in, filtered WorldFromCt and
/// the navigation decision out (safety invariant 1). Set the registration once; <see cref="Step(double, RigidTransform, RigidTransform?, RigidTransform?)"/>
/// and <see cref="Step(double, RigidTransform, MarkerPose?)"/> allocate nothing.
/// </summary>
/// <param name="settings">The pose filter.</param>
/// <param name="markerFromCt">The registration, MarkerFromCt, mm.</param>
/// <param name="registration">Whether the registration was accepted.</param>
/// <param name="targetsCt">
/// The planned targets (screw tips) in the Ct frame, mm, where the <paramref name="uncertaintyGate"/> predicts the error of
/// each measured pose; null or empty: the gate's default lever arm is used instead. Copied.
/// </param>
/// <param name="uncertaintyGate">The pose-uncertainty gate of <see cref="Step(double, RigidTransform, MarkerPose?)"/>; null: the default (2 mm).</param>
public sealed class PatientTracker(PoseFilterSettings settings, RigidTransform markerFromCt, RegistrationAcceptance registration, IReadOnlyList<Vector3d>? targetsCt = null, PoseUncertaintyGate? uncertaintyGate = null)
{
    /// <summary>Shown when the marker has not been seen within the staleness limit.</summary>
    public const string LostBanner = "NOT TRACKING: patient marker not seen";

    /// <summary>Shown when the registration was refused.</summary>
    public const string RefusedBanner = "NOT REGISTERED: registration outside its thresholds";

    /// <summary>Shown when the marker is seen but its poses are refused by the uncertainty gate (it faces the camera too squarely).</summary>
    public const string UncertainBanner = "NOT TRACKING: " + PoseUncertaintyGate.Reason;

    private readonly PoseTracker tracker = new(settings);
    private readonly Vector3d[] targetsMarker = targetsCt is null ? [] : targetsCt.Select(markerFromCt.Apply).ToArray();

    /// <summary>The registration in use, MarkerFromCt, mm.</summary>
    public RigidTransform MarkerFromCt { get; } = markerFromCt;

    /// <summary>The pose-uncertainty gate in use.</summary>
    public PoseUncertaintyGate UncertaintyGate { get; } = Validated(uncertaintyGate ?? new PoseUncertaintyGate());

    /// <summary>The predicted 95% error at the targets of the last pose given to <see cref="Step(double, RigidTransform, MarkerPose?)"/>, mm; NaN before the first.</summary>
    public double LastPredictedError95Mm { get; private set; } = double.NaN;

    /// <summary>
    /// Advances one camera frame at <paramref name="timeS"/>: <paramref name="cameraFromMarker"/> is null when the marker
    /// was not detected; <paramref name="ambiguousAlternative"/> is the other solution of an ambiguous single-marker pose.
    /// No uncertainty gate (the pose's uncertainty is not known here): prefer the <see cref="MarkerPose"/> overload.
    /// </summary>
    public NavigationFrame Step(double timeS, RigidTransform worldFromCamera, RigidTransform? cameraFromMarker, RigidTransform? ambiguousAlternative = null)
    {
        return Advance(timeS, worldFromCamera, cameraFromMarker, ambiguousAlternative, refusedUncertain: false);
    }

    /// <summary>
    /// Advances one camera frame with the solver's pose (null when the marker was not detected): a pose whose predicted
    /// error at the targets exceeds the <see cref="UncertaintyGate"/> is not used (outcome
    /// <see cref="MeasurementOutcome.RejectedUncertain"/>; while it keeps the tracker Lost the banner is <see cref="UncertainBanner"/>).
    /// </summary>
    public NavigationFrame Step(double timeS, RigidTransform worldFromCamera, MarkerPose? pose)
    {
        if (pose is null)
        {
            return Advance(timeS, worldFromCamera, null, null, refusedUncertain: false);
        }

        LastPredictedError95Mm = UncertaintyGate.PredictedError95Mm(pose, targetsMarker);
        bool refused = UncertaintyGate.Refuses(LastPredictedError95Mm);
        return refused
            ? Advance(timeS, worldFromCamera, null, null, refusedUncertain: true)
            : Advance(timeS, worldFromCamera, pose.CameraFromMarker, pose.AmbiguousAlternative, refusedUncertain: false);
    }

    private NavigationFrame Advance(double timeS, RigidTransform worldFromCamera, RigidTransform? cameraFromMarker, RigidTransform? ambiguousAlternative, bool refusedUncertain)
    {
        RigidTransform? measured = cameraFromMarker is RigidTransform c ? PatientPose.WorldFromMarker(worldFromCamera, c) : null;
        RigidTransform? alternative = ambiguousAlternative is RigidTransform a ? PatientPose.WorldFromMarker(worldFromCamera, a) : null;
        TrackingUpdate update = tracker.Step(timeS, measured, alternative);
        if (refusedUncertain)
        {
            update = update with { Outcome = MeasurementOutcome.RejectedUncertain };
        }

        RigidTransform? worldFromCt = update.Pose is RigidTransform worldFromMarker ? PatientPose.WorldFromCt(worldFromMarker, MarkerFromCt) : null;
        if (!registration.Accepted)
        {
            return new NavigationFrame(false, worldFromCt, update, RefusedBanner);
        }

        if (update.State == TrackingState.Lost)
        {
            return new NavigationFrame(false, worldFromCt, update, refusedUncertain ? UncertainBanner : LostBanner);
        }

        return new NavigationFrame(true, worldFromCt, update, "");
    }

    private static PoseUncertaintyGate Validated(PoseUncertaintyGate gate)
    {
        gate.Validate();
        return gate;
    }
}
