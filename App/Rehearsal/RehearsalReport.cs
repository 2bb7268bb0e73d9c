using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Serialization;

namespace ArSpine.App.Rehearsal;

/// <summary>One screw the trainee placed, graded against the TRUE anatomy, in the true Ct frame (LPS mm).</summary>
/// <param name="Screw">The planned screw's label, such as "L3 left".</param>
/// <param name="PlanIndex">The planned screw's index in the plan.</param>
/// <param name="EntryCt">Where the placed screw enters the bone, true Ct mm.</param>
/// <param name="TipCt">The placed screw's tip, true Ct mm.</param>
/// <param name="Grade">Gertzbein–Robbins grade of the placed screw against the case's labels.</param>
/// <param name="BreachMm">Largest breach depth, mm.</param>
/// <param name="BreachDirection">Direction of the largest breach.</param>
/// <param name="MedialBreach">Whether it breaches medially anywhere (toward the canal).</param>
/// <param name="EntryErrorMm">Distance of the placed entry from the planned entry, mm.</param>
/// <param name="TipErrorMm">Distance of the placed tip from the planned target, mm.</param>
/// <param name="AngleErrorDeg">Angle between the placed and the planned axis, degrees.</param>
/// <param name="LateralErrorMm">Distance of the placed tip from the planned line, mm.</param>
/// <param name="MedialShiftMm">The placed tip's offset from the planned line toward the midline (negative: lateral), mm, along the patient's left–right axis.</param>
/// <param name="NavigableWhenPlaced">Whether the overlay was navigable when the screw was placed.</param>
/// <param name="OverlayTreMmWhenPlaced">The overlay's error at this screw's planned target when it was placed, mm (null when there was no overlay).</param>
public sealed record PlacedScrewReport(
    string Screw,
    int PlanIndex,
    Vector3d EntryCt,
    Vector3d TipCt,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<GertzbeinRobbinsGrade>))] GertzbeinRobbinsGrade Grade,
    double BreachMm,
    BreachDirection BreachDirection,
    bool MedialBreach,
    double EntryErrorMm,
    double TipErrorMm,
    double AngleErrorDeg,
    double LateralErrorMm,
    double MedialShiftMm,
    bool NavigableWhenPlaced,
    double? OverlayTreMmWhenPlaced);

/// <summary>The tracking pipeline's error against the truth over a rehearsal: the overlay's TRE at the planned targets, mm.</summary>
/// <param name="Frames">Frames stepped.</param>
/// <param name="NavigableFrames">Frames in which the overlay was navigable.</param>
/// <param name="CameraFrames">Camera frames rendered by the simulated room.</param>
/// <param name="DetectedFrames">Camera frames in which the marker board was found.</param>
/// <param name="OverlayTreMedianMm">Median over navigable frames and planned targets of the overlay TRE, mm; null without a navigable frame.</param>
/// <param name="OverlayTreP95Mm">95th percentile, mm.</param>
/// <param name="OverlayTreMaxMm">Largest, mm.</param>
/// <param name="MarkerToTargetsMinMm">Nearest planned target to the marker's centre, mm.</param>
/// <param name="MarkerToTargetsMaxMm">Farthest planned target from the marker's centre, mm.</param>
public sealed record TrackingErrorReport(int Frames, int NavigableFrames, int CameraFrames, int DetectedFrames, double? OverlayTreMedianMm, double? OverlayTreP95Mm, double? OverlayTreMaxMm, double MarkerToTargetsMinMm, double MarkerToTargetsMaxMm)
{
    /// <summary>
    /// Navigable frames whose overlay TRE was sampled into the median/p95/max: all of them, unless the run was longer than the sample
    /// store holds (<see cref="Modes.RehearseMode.MaxTreSamples"/> samples, about 100 000 frames for ten screws, half an hour at 60 Hz);
    /// frames past it are not sampled.
    /// </summary>
    public int OverlayTreFramesSampled { get; init; }

    /// <summary>Camera frames the pipeline dropped because processing them threw (see <see cref="Navigation.NavigationSession.DroppedFrames"/>).</summary>
    public int DroppedFrames { get; init; }
}

/// <summary>The registration the rehearsal navigated by.</summary>
/// <param name="Method">How it was computed.</param>
/// <param name="FreMm">Fiducial registration error, mm.</param>
/// <param name="MaxPredictedTreMm">Largest predicted TRE at the planned targets, mm.</param>
/// <param name="MaxFreLimitMm">The FRE limit, mm.</param>
/// <param name="MaxPredictedTreLimitMm">The predicted TRE limit, mm.</param>
/// <param name="Accepted">Whether it was accepted.</param>
/// <param name="TrueTreMaxMm">The registration's own error at the planned targets against the true MarkerFromCt (largest), mm.</param>
/// <param name="PointerFleMm">The simulated pointer's fiducial localisation error (RMS), mm.</param>
public sealed record RegistrationReport(string Method, double FreMm, double MaxPredictedTreMm, double MaxFreLimitMm, double MaxPredictedTreLimitMm, bool Accepted, double TrueTreMaxMm, double PointerFleMm);

/// <summary>
/// The rehearsal report (<c>report.json</c>): every placed screw graded against the true anatomy, the planned screws not placed,
/// screws that collide, the registration and the tracking error. No patient identifiers.
/// </summary>
/// <param name="Levels">The case's vertebrae.</param>
/// <param name="Registration">The last registration proposed, accepted or not (its Accepted field says); null when none was proposed.</param>
/// <param name="Tracking">The pipeline's error against the truth.</param>
/// <param name="Screws">The placed screws, in the order placed.</param>
/// <param name="NotPlaced">Labels of planned screws the trainee did not place.</param>
/// <param name="Collisions">Pairs of placed screws (labels) whose cylinders overlap.</param>
public sealed record RehearsalReport(
    IReadOnlyList<string> Levels,
    RegistrationReport? Registration,
    TrackingErrorReport Tracking,
    IReadOnlyList<PlacedScrewReport> Screws,
    IReadOnlyList<string> NotPlaced,
    IReadOnlyList<string> Collisions)
{
    /// <summary>The document format name.</summary>
    public const string Format = "arspine.rehearsal-report";

    /// <summary>The schema version.</summary>
    public const int Version = 1;

    /// <summary>The report's file name in the output folder.</summary>
    public const string FileName = "report.json";

    /// <summary>Saves atomically as versioned JSON at <paramref name="path"/>.</summary>
    public void Save(string path) => VersionedJson.Save(path, this, Format, Version);

    /// <summary>Loads a saved report.</summary>
    public static RehearsalReport Load(string path) => VersionedJson.Load<RehearsalReport>(path, Format, Version);
}
