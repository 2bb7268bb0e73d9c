using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Navigation;
using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;

namespace ArSpine.App.Rehearsal;

/// <summary>A deliberate error of the scripted trainee on one screw: a parallel shift toward the midline and a tilt toward it.</summary>
/// <param name="MedialMm">Shift of the whole screw toward the midline (perpendicular to the planned axis, in the plane of the patient's left–right axis), mm; negative: lateral.</param>
/// <param name="MedialTiltDeg">Tilt of the axis about the entry toward the midline, degrees; negative: lateral.</param>
public readonly record struct ScriptedScrewError(double MedialMm = 0, double MedialTiltDeg = 0);

/// <summary>
/// A headless trainee for <see cref="RehearseMode"/>: it holds its head near the room's default pose (a seeded sway), accepts the
/// registration, then for each planned screw in turn steers the probe along what the OVERLAY shows (the estimated WorldFromCt, as
/// a real trainee would), with a seeded hand error of up to <see cref="JitterMm"/> and <see cref="JitterDeg"/> plus any deliberate
/// <see cref="ScriptedScrewError"/>, over <see cref="ApproachFrames"/> frames, and pinches. So a test knows the expected grades.
/// </summary>
public sealed class ScriptedTrainee
{
    private readonly RehearseMode mode;
    private readonly IReadOnlyDictionary<int, ScriptedScrewError> errors;
    private readonly double frameIntervalS;
    private SplitMix64 random;
    private int frame;
    private int approach = -1;
    private int approachScrew = -1;
    private Vector3d jitterOffset;
    private double jitterTilt;
    private double jitterTiltAngle;
    private bool wasPinching;

    /// <summary>Creates the script for <paramref name="mode"/>; <paramref name="errors"/> maps plan indices to deliberate errors.</summary>
    public ScriptedTrainee(RehearseMode mode, int seed = 1, IReadOnlyDictionary<int, ScriptedScrewError>? errors = null, double frameRateHz = 60)
    {
        ArgumentNullException.ThrowIfNull(mode);
        this.mode = mode;
        this.errors = errors ?? new Dictionary<int, ScriptedScrewError>();
        frameIntervalS = 1 / frameRateHz;
        random = SplitMix64.ForStream(seed, 0x7472);
    }

    /// <summary>Frames before the trainee accepts the registration.</summary>
    public int SettleFrames { get; init; } = 15;

    /// <summary>Frames over which the probe moves from behind the entry to the target.</summary>
    public int ApproachFrames { get; init; } = 12;

    /// <summary>Largest random shift of a screw off its aim, mm (uniform in a disc).</summary>
    public double JitterMm { get; init; } = 0.3;

    /// <summary>Largest random tilt of a screw off its aim, degrees.</summary>
    public double JitterDeg { get; init; } = 0.5;

    /// <summary>Amplitude of the head's sway, mm.</summary>
    public double HeadSwayMm { get; init; } = 4;

    /// <summary>Frames produced so far.</summary>
    public int Frame => frame;

    /// <summary>True once every planned screw is placed.</summary>
    public bool Done => mode.Scene is not null && mode.PlacedCount >= mode.Scene.Package.Case.Plan.Screws.Count;

    /// <summary>The next frame's input.</summary>
    public InputFrame Next()
    {
        double timeS = frame * frameIntervalS;
        Matrix4x4 head = mode.Room.DefaultWorldFromHead;
        double phase = 2 * Math.PI * timeS / 3.0;
        head.Translation += new Vector3((float)(HeadSwayMm * Math.Sin(phase)), (float)(0.5 * HeadSwayMm * Math.Sin(2 * phase)), (float)(0.5 * HeadSwayMm * Math.Cos(phase)));
        Vector3 rayOrigin = head.Translation;
        Vector3 rayDirection = -new Vector3(head.M31, head.M32, head.M33);
        float depth = 300;
        AppKeys keys = AppKeys.None;
        bool pinch = false;

        if (mode.Phase == RehearsePhase.Decide)
        {
            if (frame >= SettleFrames - 1)
            {
                keys = AppKeys.Accept;
            }
        }
        else if (!Done && mode.Session.Status is { Navigable: true, WorldFromCt: RigidTransform seen } && mode.Scene is { SelectedScrew: >= 0 } scene)
        {
            if (approachScrew != scene.SelectedScrew)
            {
                approachScrew = scene.SelectedScrew;
                approach = 0;
                double r = JitterMm * Math.Sqrt(random.NextDouble()), a = 2 * Math.PI * random.NextDouble();
                jitterOffset = new Vector3d(r * Math.Cos(a), r * Math.Sin(a), 0);
                jitterTilt = JitterDeg * random.NextDouble();
                jitterTiltAngle = 2 * Math.PI * random.NextDouble();
            }

            ScrewTrajectory planned = scene.Package.Case.Plan.Screws[approachScrew];
            (Vector3d tipCt, Vector3d axisCt) = Aim(planned, errors.TryGetValue(approachScrew, out ScriptedScrewError e) ? e : default);
            double t = Math.Min(1, (approach + 1.0) / ApproachFrames);
            Vector3d startCt = tipCt - axisCt * (planned.LengthMm + 40);
            Vector3d probeCt = Vector3d.Lerp(startCt, tipCt, t);
            Vector3 probeWorld = seen.Apply(probeCt).ToVector3();
            rayDirection = Vector3.Normalize(seen.ApplyToDirection(axisCt).ToVector3());
            rayOrigin = probeWorld - rayDirection * depth;
            pinch = approach + 1 >= ApproachFrames && !wasPinching;
            approach++;
        }

        var input = new InputFrame(timeS, head, rayOrigin, rayDirection, depth, ButtonState.From(wasPinching, pinch), ButtonState.Up, keys);
        wasPinching = pinch;
        frame++;
        return input;
    }

    /// <summary>Where the trainee aims for <paramref name="planned"/> (Ct of the overlay): the tip and the unit axis, with the deliberate and random errors.</summary>
    private (Vector3d TipCt, Vector3d AxisCt) Aim(ScrewTrajectory planned, ScriptedScrewError error)
    {
        Vector3d axis = planned.Direction;
        Vector3d towardMidline = new(planned.Side == BodySide.Left ? -1 : 1, 0, 0);
        Vector3d medial = (towardMidline - axis * Vector3d.Dot(towardMidline, axis)).Normalized();
        Vector3d other = Vector3d.Cross(axis, medial);
        double tilt = error.MedialTiltDeg * Math.PI / 180;
        Vector3d tilted = (axis * Math.Cos(tilt) + medial * Math.Sin(tilt)).Normalized();
        double jitter = jitterTilt * Math.PI / 180;
        Vector3d jitterDirection = medial * Math.Cos(jitterTiltAngle) + other * Math.Sin(jitterTiltAngle);
        tilted = (tilted * Math.Cos(jitter) + jitterDirection * Math.Sin(jitter)).Normalized();
        Vector3d entry = planned.EntryCt + medial * (error.MedialMm + jitterOffset.X) + other * jitterOffset.Y;
        return (entry + tilted * planned.LengthMm, tilted);
    }
}
