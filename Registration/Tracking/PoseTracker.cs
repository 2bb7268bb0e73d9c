using ArSpine.Core.Geometry;
using ArSpine.Registration.Numerics;

namespace ArSpine.Registration.Tracking;

/// <summary>
/// Filters a stream of rigid poses (for example WorldFromMarker, one per camera frame): One Euro smoothing of position
/// and rotation, rejection of jumps, and the Tracking / Coasting / Lost state with the time since the last good frame.
/// <see cref="Step"/> allocates nothing. Not thread-safe: call from the frame loop only.
/// </summary>
public sealed class PoseTracker
{
    private readonly PoseFilterSettings settings;
    private double lastGoodTimeS = double.NegativeInfinity;
    private double lastFrameTimeS = double.NegativeInfinity;
    private Vector3d positionMm;
    private double qw, qx, qy, qz;
    private RigidTransform? filteredPose;
    private double speedMmPerS;
    private double angularSpeedDegPerS;
    private int jumpCount;
    private Vector3d jumpPositionMm;
    private Matrix3d jumpRotation = Matrix3d.Identity;

    /// <summary>Creates a tracker in the Lost state; throws for invalid settings.</summary>
    public PoseTracker(PoseFilterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        this.settings = settings;
    }

    /// <summary>
    /// Advances to time <paramref name="timeS"/> (seconds, increasing) with this frame's measured pose, or null when
    /// the marker was not detected. <paramref name="ambiguousAlternative"/> is the other solution of a pose whose tilt
    /// is ambiguous (<see cref="Markers.MarkerPose.AmbiguousAlternative"/>): while tracking, the solution nearer the
    /// filtered pose is used; without a trusted pose, an ambiguous measurement never starts tracking. Returns the state and the filtered pose.
    /// </summary>
    public TrackingUpdate Step(double timeS, RigidTransform? measured, RigidTransform? ambiguousAlternative = null)
    {
        MeasurementOutcome outcome = MeasurementOutcome.Missing;
        bool timeValid = double.IsFinite(timeS) && timeS > lastFrameTimeS;
        if (measured is RigidTransform pose)
        {
            // A RigidTransform is finite by construction, so only the time can make a measurement invalid.
            if (!timeValid)
            {
                outcome = MeasurementOutcome.RejectedInvalid;
            }
            else if (ambiguousAlternative is RigidTransform alternative)
            {
                if (IsStale(timeS))
                {
                    outcome = MeasurementOutcome.RejectedAmbiguous;
                }
                else
                {
                    (RigidTransform nearer, double w, double x, double y, double z) = Nearer(pose, alternative);
                    outcome = Measure(timeS, nearer, w, x, y, z, ambiguous: true);
                }
            }
            else
            {
                (double w, double x, double y, double z) = QuaternionD.FromMatrix(pose.Rotation);
                outcome = Measure(timeS, pose, w, x, y, z, ambiguous: false);
            }
        }

        if (timeValid)
        {
            lastFrameTimeS = timeS;
        }

        return Current(timeValid ? timeS : lastFrameTimeS, outcome);
    }

    /// <summary>The state at <paramref name="timeS"/> without a new measurement (for a render loop faster than the camera).</summary>
    public TrackingUpdate Peek(double timeS) => Current(timeS, MeasurementOutcome.Missing);

    private TrackingUpdate Current(double timeS, MeasurementOutcome outcome)
    {
        double age = filteredPose.HasValue ? Math.Max(timeS - lastGoodTimeS, 0) : double.PositiveInfinity;
        TrackingState state = age <= settings.CoastAfterS ? TrackingState.Tracking
            : age <= settings.StalenessLimitS ? TrackingState.Coasting
            : TrackingState.Lost;
        return new TrackingUpdate(state, filteredPose, age, outcome);
    }

    /// <summary>True when there is no pose, or the last good frame is older than the staleness limit at <paramref name="timeS"/>.</summary>
    private bool IsStale(double timeS) => !filteredPose.HasValue || timeS - lastGoodTimeS > settings.StalenessLimitS;

    /// <summary>Of two candidate poses, the one whose rotation is nearer the filtered rotation, with its rotation's quaternion.</summary>
    private (RigidTransform Pose, double W, double X, double Y, double Z) Nearer(RigidTransform a, RigidTransform b)
    {
        (double w1, double x1, double y1, double z1) = QuaternionD.FromMatrix(a.Rotation);
        (double w2, double x2, double y2, double z2) = QuaternionD.FromMatrix(b.Rotation);
        return AngleDeg(qw, qx, qy, qz, w1, x1, y1, z1) <= AngleDeg(qw, qx, qy, qz, w2, x2, y2, z2)
            ? (a, w1, x1, y1, z1)
            : (b, w2, x2, y2, z2);
    }

    /// <summary>Filters in <paramref name="pose"/>, whose rotation is the unit quaternion (w, x, y, z).</summary>
    private MeasurementOutcome Measure(double timeS, RigidTransform pose, double w, double x, double y, double z, bool ambiguous)
    {
        if (IsStale(timeS))
        {
            ResetTo(timeS, pose.TranslationMm, w, x, y, z);
            return MeasurementOutcome.Reacquired;
        }

        double jumpMm = Vector3d.Distance(pose.TranslationMm, positionMm);
        double jumpDeg = AngleDeg(qw, qx, qy, qz, w, x, y, z);
        if (jumpMm > settings.MaxJumpMm || jumpDeg > settings.MaxJumpDeg)
        {
            if (ambiguous)
            {
                // Neither solution fits the track; an ambiguous pose is no evidence that the marker moved.
                return MeasurementOutcome.RejectedJump;
            }

            bool consistent = jumpCount > 0
                && Vector3d.Distance(pose.TranslationMm, jumpPositionMm) <= settings.MaxJumpMm
                && QuaternionD.AngleBetweenDeg(pose.Rotation, jumpRotation) <= settings.MaxJumpDeg;
            jumpCount = consistent ? jumpCount + 1 : 1;
            jumpPositionMm = pose.TranslationMm;
            jumpRotation = pose.Rotation;
            if (jumpCount >= settings.FramesToReacquire)
            {
                ResetTo(timeS, pose.TranslationMm, w, x, y, z);
                return MeasurementOutcome.Reacquired;
            }

            return MeasurementOutcome.RejectedJump;
        }

        jumpCount = 0;
        double dt = timeS - lastGoodTimeS;

        // Position: One Euro with the cut-off raised by the smoothed speed.
        double rawSpeed = jumpMm / dt;
        speedMmPerS += Alpha(settings.DerivativeCutoffHz, dt) * (rawSpeed - speedMmPerS);
        double a = Alpha(settings.MinCutoffHz + settings.PositionBetaPerMmPerS * speedMmPerS, dt);
        positionMm += (pose.TranslationMm - positionMm) * a;

        // Rotation: the same on the angle, applied by spherical interpolation.
        double rawAngular = jumpDeg / dt;
        angularSpeedDegPerS += Alpha(settings.DerivativeCutoffHz, dt) * (rawAngular - angularSpeedDegPerS);
        double b = Alpha(settings.MinCutoffHz + settings.RotationBetaPerDegPerS * angularSpeedDegPerS, dt);
        Slerp(w, x, y, z, b);
        UpdateFilteredPose();
        lastGoodTimeS = timeS;
        return MeasurementOutcome.Accepted;
    }

    private void ResetTo(double timeS, Vector3d p, double w, double x, double y, double z)
    {
        positionMm = p;
        (qw, qx, qy, qz) = (w, x, y, z);
        UpdateFilteredPose();
        speedMmPerS = 0;
        angularSpeedDegPerS = 0;
        jumpCount = 0;
        lastGoodTimeS = timeS;
    }

    /// <summary>Rebuilds the filtered pose from the filtered position and rotation; call wherever they change.</summary>
    private void UpdateFilteredPose() => filteredPose = new RigidTransform(Matrix3d.FromQuaternion(qw, qx, qy, qz), positionMm);

    /// <summary>Moves the filtered rotation a fraction <paramref name="t"/> of the way to (w, x, y, z) along the shorter arc.</summary>
    private void Slerp(double w, double x, double y, double z, double t)
    {
        double dot = qw * w + qx * x + qy * y + qz * z;
        if (dot < 0)
        {
            w = -w; x = -x; y = -y; z = -z; dot = -dot;
        }

        double s0, s1;
        if (dot > 0.9995)
        {
            s0 = 1 - t;
            s1 = t;
        }
        else
        {
            double theta = Math.Acos(dot);
            double sin = Math.Sin(theta);
            s0 = Math.Sin((1 - t) * theta) / sin;
            s1 = Math.Sin(t * theta) / sin;
        }

        double nw = s0 * qw + s1 * w, nx = s0 * qx + s1 * x, ny = s0 * qy + s1 * y, nz = s0 * qz + s1 * z;
        double n = Math.Sqrt(nw * nw + nx * nx + ny * ny + nz * nz);
        (qw, qx, qy, qz) = (nw / n, nx / n, ny / n, nz / n);
    }

    /// <summary>Smoothing factor of a first-order low-pass at <paramref name="cutoffHz"/> for a step of <paramref name="dtS"/>.</summary>
    private static double Alpha(double cutoffHz, double dtS)
    {
        double tau = 1 / (2 * Math.PI * cutoffHz);
        return 1 / (1 + tau / dtS);
    }

    private static double AngleDeg(double aw, double ax, double ay, double az, double bw, double bx, double by, double bz)
    {
        double dot = Math.Abs(aw * bw + ax * bx + ay * by + az * bz);
        return 2 * Math.Acos(Math.Min(1, dot)) * 180 / Math.PI;
    }
}
