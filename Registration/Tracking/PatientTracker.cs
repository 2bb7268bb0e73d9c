using ArSpine.Core.Geometry;
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
/// the navigation decision out (safety invariant 1). Set the registration once; <see cref="Step"/> allocates nothing.
/// </summary>
public sealed class PatientTracker(PoseFilterSettings settings, RigidTransform markerFromCt, RegistrationAcceptance registration)
{
    /// <summary>Shown when the marker has not been seen within the staleness limit.</summary>
    public const string LostBanner = "NOT TRACKING: patient marker not seen";

    /// <summary>Shown when the registration was refused.</summary>
    public const string RefusedBanner = "NOT REGISTERED: registration outside its thresholds";

    private readonly PoseTracker tracker = new(settings);

    /// <summary>The registration in use, MarkerFromCt, mm.</summary>
    public RigidTransform MarkerFromCt { get; } = markerFromCt;

    /// <summary>
    /// Advances one camera frame at <paramref name="timeS"/>: <paramref name="cameraFromMarker"/> is null when the marker
    /// was not detected; <paramref name="ambiguousAlternative"/> is the other solution of an ambiguous single-marker pose.
    /// </summary>
    public NavigationFrame Step(double timeS, RigidTransform worldFromCamera, RigidTransform? cameraFromMarker, RigidTransform? ambiguousAlternative = null)
    {
        RigidTransform? measured = cameraFromMarker is RigidTransform c ? PatientPose.WorldFromMarker(worldFromCamera, c) : null;
        RigidTransform? alternative = ambiguousAlternative is RigidTransform a ? PatientPose.WorldFromMarker(worldFromCamera, a) : null;
        TrackingUpdate update = tracker.Step(timeS, measured, alternative);
        RigidTransform? worldFromCt = update.Pose is RigidTransform worldFromMarker ? PatientPose.WorldFromCt(worldFromMarker, MarkerFromCt) : null;
        if (!registration.Accepted)
        {
            return new NavigationFrame(false, worldFromCt, update, RefusedBanner);
        }

        if (update.State == TrackingState.Lost)
        {
            return new NavigationFrame(false, worldFromCt, update, LostBanner);
        }

        return new NavigationFrame(true, worldFromCt, update, "");
    }
}
