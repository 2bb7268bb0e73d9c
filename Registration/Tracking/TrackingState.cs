using ArSpine.Core.Geometry;

namespace ArSpine.Registration.Tracking;

/// <summary>Whether the patient marker is being seen.</summary>
public enum TrackingState
{
    /// <summary>A measurement was accepted within <see cref="PoseFilterSettings.CoastAfterS"/>.</summary>
    Tracking,

    /// <summary>No accepted measurement for longer than <see cref="PoseFilterSettings.CoastAfterS"/> but within the staleness limit: the last pose is held.</summary>
    Coasting,

    /// <summary>Never seen, or not seen within <see cref="PoseFilterSettings.StalenessLimitS"/>: no pose to navigate by.</summary>
    Lost,
}

/// <summary>What became of this frame's measurement.</summary>
public enum MeasurementOutcome
{
    /// <summary>No measurement this frame (marker not detected).</summary>
    Missing,

    /// <summary>Filtered into the pose.</summary>
    Accepted,

    /// <summary>Too far from the filtered pose: ignored.</summary>
    RejectedJump,

    /// <summary>Several consistent jumped measurements in a row, or the first after Lost: the pose was reset to it.</summary>
    Reacquired,

    /// <summary>A time stamp that is not finite or not after the previous frame's: ignored. (A pose is finite by construction.)</summary>
    RejectedInvalid,

    /// <summary>A pose with an ambiguous tilt while there was no trusted pose to choose between its two solutions: not used to start tracking.</summary>
    RejectedAmbiguous,

    /// <summary>A pose whose predicted error at the targets exceeded the <see cref="PoseUncertaintyGate"/>'s threshold: not used.</summary>
    RejectedUncertain,
}

/// <summary>The tracker's output for one frame. A value type: stepping allocates nothing.</summary>
/// <param name="State">Tracking, Coasting or Lost.</param>
/// <param name="Pose">The filtered pose, when there is one (held while Coasting; kept but not to be used while Lost).</param>
/// <param name="SecondsSinceLastGoodFrame">Time since the last accepted measurement, s; infinity before the first.</param>
/// <param name="Outcome">What happened to this frame's measurement.</param>
public readonly record struct TrackingUpdate(TrackingState State, RigidTransform? Pose, double SecondsSinceLastGoodFrame, MeasurementOutcome Outcome);
