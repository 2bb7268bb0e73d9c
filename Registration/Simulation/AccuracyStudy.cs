using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;
using ArSpine.Registration.Numerics;
using ArSpine.Registration.PointRegistration;
using ArSpine.Registration.Tracking;

namespace ArSpine.Registration.Simulation;

/// <summary>The set-up of a Monte Carlo accuracy study. Distances in mm, angles in degrees.</summary>
public sealed record AccuracyStudySettings
{
    /// <summary>Number of simulated poses.</summary>
    public int Runs { get; init; } = 200;

    /// <summary>Camera frames per pose, filtered by <see cref="PoseTracker"/> (1: single-frame accuracy).</summary>
    public int FramesPerRun { get; init; } = 1;

    /// <summary>Nearest camera-to-board distance, mm.</summary>
    public double MinDistanceMm { get; init; } = 400;

    /// <summary>Farthest camera-to-board distance, mm.</summary>
    public double MaxDistanceMm { get; init; } = 600;

    /// <summary>Largest tilt of the board away from facing the camera, degrees.</summary>
    public double MaxTiltDeg { get; init; } = 40;

    /// <summary>The board's centre stays within this share of the half-image from the image centre.</summary>
    public double MaxOffCentre { get; init; } = 0.5;

    /// <summary>Largest motion blur, pixels.</summary>
    public double MaxBlurPx { get; init; } = 2;

    /// <summary>Sensor noise range, grey levels (uniform between min and max).</summary>
    public double MinNoiseSigma { get; init; } = 1;

    /// <summary>Sensor noise range, grey levels.</summary>
    public double MaxNoiseSigma { get; init; } = 4;

    /// <summary>Share of runs in which an occluder covers part of the board.</summary>
    public double OcclusionProbability { get; init; } = 0.2;

    /// <summary>
    /// Fiducial localisation error of the registration (RMS, mm): when positive, each run registers 6 fiducials with
    /// this error through <see cref="PairedPointRegistration"/>, so the registration's own error is included; 0 uses the true MarkerFromCt.
    /// </summary>
    public double FleMm { get; init; }

    /// <summary>
    /// The pose-uncertainty gate applied to every frame's pose at the study's targets (a refused pose is not given to
    /// the tracker); <see cref="PoseUncertaintyGate.Enabled"/> false measures the prediction without refusing.
    /// </summary>
    public PoseUncertaintyGate UncertaintyGate { get; init; } = new();

    /// <summary>Seed of every random choice.</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>Percentiles of one error measure.</summary>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="Max">Largest.</param>
/// <param name="Count">Number of samples.</param>
public readonly record struct ErrorDistribution(double P50, double P95, double Max, int Count)
{
    /// <summary>The distribution of <paramref name="values"/> (NaN-free); all zeros when empty.</summary>
    public static ErrorDistribution Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return new ErrorDistribution(0, 0, 0, 0);
        }

        double[] sorted = values.Order().ToArray();
        return new ErrorDistribution(Percentile(sorted, 0.5), Percentile(sorted, 0.95), sorted[^1], sorted.Length);
    }

    private static double Percentile(double[] sorted, double p)
    {
        double rank = p * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}

/// <summary>What a Monte Carlo study measured.</summary>
/// <param name="TreMm">Target registration error over every target of every run where the board was found, mm.</param>
/// <param name="AngleErrorDeg">Rotation error of the patient pose per run, degrees (the error of every planned direction is at most this).</param>
/// <param name="PerTargetTreMm">TRE per target, in target order, mm.</param>
/// <param name="TargetDistancesMm">Distance of each target from the board's centre, mm.</param>
/// <param name="RunsDetected">Runs that ended with a trusted pose: the board was found, and not only as an ambiguous pose (which the tracker refuses to start from).</param>
/// <param name="Runs">Runs simulated.</param>
/// <param name="ReprojectionErrorPx">Reprojection error of the board poses, pixels.</param>
public sealed record AccuracyReport(
    ErrorDistribution TreMm,
    ErrorDistribution AngleErrorDeg,
    IReadOnlyList<ErrorDistribution> PerTargetTreMm,
    IReadOnlyList<double> TargetDistancesMm,
    int RunsDetected,
    int Runs,
    ErrorDistribution ReprojectionErrorPx)
{
    /// <summary>What happened in each run, in run order (for finding the worst runs and their causes).</summary>
    public IReadOnlyList<AccuracyRun> RunDetails { get; init; } = [];
}

/// <summary>One camera frame of a Monte Carlo run.</summary>
/// <param name="Conditions">The imaging conditions rendered.</param>
/// <param name="Located">True when the locator returned a pose.</param>
/// <param name="Ambiguous">True when that pose's tilt was flagged ambiguous.</param>
/// <param name="ReprojectionErrorPx">The pose's reprojection error, pixels; NaN when not located.</param>
/// <param name="PositionErrorMm">Distance of the unfiltered pose's board centre from the truth, mm; NaN when not located.</param>
/// <param name="AngleErrorDeg">Rotation error of the unfiltered pose, degrees; NaN when not located.</param>
/// <param name="AlternativeNearerTruth">True when the pose's other tilt was nearer the true rotation than the chosen one (the ambiguity was resolved wrongly).</param>
/// <param name="Outcome">What the tracker did with the measurement.</param>
public sealed record AccuracyFrame(FrameConditions Conditions, bool Located, bool Ambiguous, double ReprojectionErrorPx, double PositionErrorMm, double AngleErrorDeg, bool AlternativeNearerTruth, MeasurementOutcome Outcome)
{
    /// <summary>The pose-uncertainty gate's predicted 95% error at the targets, mm; NaN when not located.</summary>
    public double PredictedError95Mm { get; init; } = double.NaN;

    /// <summary>The largest true error of this frame's unfiltered pose at the targets, mm; NaN when not located.</summary>
    public double TargetErrorMm { get; init; } = double.NaN;

    /// <summary>The unfiltered pose's rotation standard deviation about its worst axis (corner noise floored as the gate does), degrees; NaN when not located.</summary>
    public double RotationSigmaDeg { get; init; } = double.NaN;
}

/// <summary>One Monte Carlo run: the true pose, each frame, and the error of the pose it ended with.</summary>
/// <param name="Index">Run number from 0.</param>
/// <param name="CameraFromMarker">The true board pose, mm.</param>
/// <param name="TiltDeg">Angle between the board's normal and the line of sight to its centre, degrees.</param>
/// <param name="Frames">Every frame of the run.</param>
/// <param name="FinalState">The tracker's state after the last frame.</param>
/// <param name="MaxTreMm">Largest TRE over the targets at the end; null when the run ended without a trusted pose.</param>
/// <param name="AngleErrorDeg">Rotation error at the end, degrees; null when the run ended without a trusted pose.</param>
public sealed record AccuracyRun(int Index, RigidTransform CameraFromMarker, double TiltDeg, IReadOnlyList<AccuracyFrame> Frames, TrackingState FinalState, double? MaxTreMm, double? AngleErrorDeg);

/// <summary>
/// Monte Carlo accuracy of the whole tracking pipeline: for random board poses and imaging conditions it renders
/// frames with <see cref="SimulatedCamera"/>, runs the real detector, pose solver, filter (and optionally registration),
/// and measures the error at the targets against the known truth. Deterministic for a seed. Single-threaded.
/// </summary>
public static class AccuracyStudy
{
    /// <summary>
    /// Runs the study. <paramref name="targetsCt"/> are planned points in the Ct frame (mm); <paramref name="markerFromCt"/>
    /// places the CT relative to the board (the true registration).
    /// </summary>
    public static AccuracyReport Run(CameraIntrinsics camera, MarkerBoard board, RigidTransform markerFromCt, IReadOnlyList<Vector3d> targetsCt, AccuracyStudySettings settings)
    {
        using var simulator = new SimulatedCamera(camera, board);
        using var locator = new MarkerBoardLocator(board, camera);
        return Run(camera, simulator, locator, markerFromCt, targetsCt, settings);
    }

    /// <summary>Runs the study with a ChArUco board as the tracking target.</summary>
    public static AccuracyReport Run(CameraIntrinsics camera, CharucoBoardSpec board, RigidTransform markerFromCt, IReadOnlyList<Vector3d> targetsCt, AccuracyStudySettings settings)
    {
        using var simulator = new SimulatedCamera(camera, board);
        using var locator = new CharucoBoardLocator(board, camera);
        return Run(camera, simulator, locator, markerFromCt, targetsCt, settings);
    }

    private static AccuracyReport Run(CameraIntrinsics camera, SimulatedCamera simulator, IPlanarTargetLocator locator, RigidTransform markerFromCt, IReadOnlyList<Vector3d> targetsCt, AccuracyStudySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.Runs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(settings.FramesPerRun);
        ArgumentNullException.ThrowIfNull(settings.UncertaintyGate);
        settings.UncertaintyGate.Validate();
        if (targetsCt.Count == 0)
        {
            throw new ArgumentException("Expected at least one target.", nameof(targetsCt));
        }

        var random = new Random(settings.Seed);
        Vector3d[] targetsMarker = targetsCt.Select(markerFromCt.Apply).ToArray();
        var tre = new List<double>();
        var angles = new List<double>();
        var reprojection = new List<double>();
        var perTarget = targetsCt.Select(_ => new List<double>()).ToArray();
        int detected = 0;
        var details = new List<AccuracyRun>(settings.Runs);
        for (int run = 0; run < settings.Runs; run++)
        {
            RigidTransform cameraFromMarker = RandomPose(random, camera, simulator, settings);
            RigidTransform usedMarkerFromCt = settings.FleMm > 0 ? Registered(random, markerFromCt, settings.FleMm) : markerFromCt;
            var tracker = new PoseTracker(new PoseFilterSettings());
            bool occluded = random.NextDouble() < settings.OcclusionProbability;
            double occlusion = occluded ? 0.15 + 0.3 * random.NextDouble() : 0;
            TrackingUpdate update = default;
            var frames = new List<AccuracyFrame>(settings.FramesPerRun);
            for (int frame = 0; frame < settings.FramesPerRun; frame++)
            {
                var conditions = new FrameConditions
                {
                    BlurLengthPx = settings.MaxBlurPx * random.NextDouble(),
                    BlurAngleDeg = 180 * random.NextDouble(),
                    NoiseSigma = settings.MinNoiseSigma + (settings.MaxNoiseSigma - settings.MinNoiseSigma) * random.NextDouble(),
                    Gain = 0.7 + 0.5 * random.NextDouble(),
                    LightGradient = 0.6 * (random.NextDouble() - 0.5),
                    OcclusionFraction = occlusion,
                    NoiseSeed = random.Next(),
                };
                using OpenCvSharp.Mat image = simulator.Render(cameraFromMarker, conditions);
                BoardObservation? observation = locator.Locate(image);
                if (observation is not null)
                {
                    reprojection.Add(observation.Pose.ReprojectionErrorPx);
                }

                double predicted = observation is null ? double.NaN : settings.UncertaintyGate.PredictedError95Mm(observation.Pose, targetsMarker);
                bool refused = observation is not null && settings.UncertaintyGate.Refuses(predicted);
                update = refused
                    ? tracker.Step(frame / 30.0, null) with { Outcome = MeasurementOutcome.RejectedUncertain }
                    : tracker.Step(frame / 30.0, observation?.Pose.CameraFromMarker, observation?.Pose.AmbiguousAlternative);
                frames.Add(Frame(conditions, observation, cameraFromMarker, update.Outcome, targetsMarker, settings.UncertaintyGate) with { PredictedError95Mm = predicted });
            }

            double tiltDeg = TiltDeg(cameraFromMarker);
            if (update.Pose is not RigidTransform estimated || update.State == TrackingState.Lost)
            {
                details.Add(new AccuracyRun(run, cameraFromMarker, tiltDeg, frames, update.State, null, null));
                continue;
            }

            detected++;
            // The camera is the world here: WorldFromCamera is the identity.
            RigidTransform truth = PatientPose.WorldFromCt(RigidTransform.Identity, cameraFromMarker, markerFromCt);
            RigidTransform measured = PatientPose.WorldFromCt(RigidTransform.Identity, estimated, usedMarkerFromCt);
            double maxTre = 0;
            for (int t = 0; t < targetsCt.Count; t++)
            {
                double error = Vector3d.Distance(truth.Apply(targetsCt[t]), measured.Apply(targetsCt[t]));
                tre.Add(error);
                perTarget[t].Add(error);
                maxTre = Math.Max(maxTre, error);
            }

            double angle = QuaternionD.AngleBetweenDeg(truth.Rotation, measured.Rotation);
            angles.Add(angle);
            details.Add(new AccuracyRun(run, cameraFromMarker, tiltDeg, frames, update.State, maxTre, angle));
        }

        Vector3d centreCt = markerFromCt.Inverse().Apply(Vector3d.Zero);
        return new AccuracyReport(
            ErrorDistribution.Of(tre),
            ErrorDistribution.Of(angles),
            perTarget.Select(ErrorDistribution.Of).ToArray(),
            targetsCt.Select(t => Vector3d.Distance(t, centreCt)).ToArray(),
            detected,
            settings.Runs,
            ErrorDistribution.Of(reprojection))
        {
            RunDetails = details,
        };
    }

    private static AccuracyFrame Frame(FrameConditions conditions, BoardObservation? observation, RigidTransform truth, MeasurementOutcome outcome, Vector3d[] targetsMarker, PoseUncertaintyGate gate)
    {
        if (observation is null)
        {
            return new AccuracyFrame(conditions, false, false, double.NaN, double.NaN, double.NaN, false, outcome);
        }

        MarkerPose pose = observation.Pose;
        double angle = QuaternionD.AngleBetweenDeg(truth.Rotation, pose.CameraFromMarker.Rotation);
        bool alternativeNearer = pose.AlternativeCameraFromMarker is RigidTransform other && QuaternionD.AngleBetweenDeg(truth.Rotation, other.Rotation) < angle;
        double targetError = 0;
        foreach (Vector3d target in targetsMarker)
        {
            targetError = Math.Max(targetError, Vector3d.Distance(truth.Apply(target), pose.CameraFromMarker.Apply(target)));
        }

        return new AccuracyFrame(conditions, true, pose.Ambiguous, pose.ReprojectionErrorPx, Vector3d.Distance(truth.TranslationMm, pose.CameraFromMarker.TranslationMm), angle, alternativeNearer, outcome)
        {
            TargetErrorMm = targetError,
            RotationSigmaDeg = pose.Uncertainty?.RotationSigmaDeg(gate.CornerSigmaFloorPx) ?? double.NaN,
        };
    }

    /// <summary>Angle between the board's normal and the line of sight to its centre, degrees (0: facing the camera).</summary>
    private static double TiltDeg(RigidTransform cameraFromMarker)
    {
        Vector3d normal = cameraFromMarker.Rotation.Column(3);
        Vector3d toCamera = -cameraFromMarker.TranslationMm.Normalized();
        return Math.Acos(Math.Clamp(Vector3d.Dot(normal, toCamera), -1, 1)) * 180 / Math.PI;
    }

    /// <summary>A random board pose: distance, tilt, spin and position in the view drawn uniformly within the settings.</summary>
    private static RigidTransform RandomPose(Random random, CameraIntrinsics camera, SimulatedCamera simulator, AccuracyStudySettings settings)
    {
        double distance = settings.MinDistanceMm + (settings.MaxDistanceMm - settings.MinDistanceMm) * random.NextDouble();
        double u = camera.CxPx + (2 * random.NextDouble() - 1) * settings.MaxOffCentre * simulator.WidthPx / 2;
        double v = camera.CyPx + (2 * random.NextDouble() - 1) * settings.MaxOffCentre * simulator.HeightPx / 2;
        Vector3d ray = new Vector3d((u - camera.CxPx) / camera.FxPx, (v - camera.CyPx) / camera.FyPx, 1).Normalized();
        // Facing the camera: the board's +Z toward the camera (−ray), then tilted and spun.
        Matrix3d facing = Matrix3d.FromAxisAngle(Vector3d.UnitX, Math.PI);
        double tiltAxisAngle = 2 * Math.PI * random.NextDouble();
        var tiltAxis = new Vector3d(Math.Cos(tiltAxisAngle), Math.Sin(tiltAxisAngle), 0);
        Matrix3d tilt = Matrix3d.FromAxisAngle(tiltAxis, settings.MaxTiltDeg * Math.PI / 180 * Math.Sqrt(random.NextDouble()));
        Matrix3d spin = Matrix3d.FromAxisAngle(Vector3d.UnitZ, 2 * Math.PI * random.NextDouble());
        return new RigidTransform(tilt * facing * spin, ray * distance);
    }

    /// <summary>MarkerFromCt as a paired-point registration of 6 fiducials with localisation error would find it.</summary>
    private static RigidTransform Registered(Random random, RigidTransform markerFromCt, double fleMm)
    {
        Vector3d[] fiducialsMarker = [new(-40, -30, 0), new(40, -30, 0), new(40, 30, 0), new(-40, 30, 0), new(0, 0, -60), new(20, -10, -120)];
        RigidTransform ctFromMarker = markerFromCt.Inverse();
        double sigma = fleMm / Math.Sqrt(3);
        Vector3d Noise() => new(Gaussian(random, sigma), Gaussian(random, sigma), Gaussian(random, sigma));
        Vector3d[] measuredMarker = fiducialsMarker.Select(p => p + Noise()).ToArray();
        Vector3d[] measuredCt = fiducialsMarker.Select(p => ctFromMarker.Apply(p) + Noise()).ToArray();
        return PairedPointRegistration.Register(measuredMarker, measuredCt).FixedFromMoving;
    }

    private static double Gaussian(Random random, double sigma)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
