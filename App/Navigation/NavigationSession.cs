using System.Diagnostics;
using System.Globalization;
using ArSpine.App.Cases;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Registration.Markers;
using ArSpine.Registration.PointRegistration;
using ArSpine.Registration.Tracking;

namespace ArSpine.App.Navigation;

/// <summary>Where marker detection runs.</summary>
public enum DetectionThreading
{
    /// <summary>On a worker thread that takes the latest frame; the frame loop reads the latest result without waiting (the app).</summary>
    Worker,

    /// <summary>In <see cref="NavigationSession.Update"/>, one frame per call at the frame loop's time: deterministic, for headless runs and tests; allocates per frame.</summary>
    Inline,
}

/// <summary>Settings of a <see cref="NavigationSession"/>.</summary>
public sealed record NavigationSettings
{
    /// <summary>The pose filter and the staleness limits (<see cref="PoseFilterSettings.StalenessLimitS"/>).</summary>
    public PoseFilterSettings Filter { get; init; } = new();

    /// <summary>The limits a registration must meet to be accepted.</summary>
    public RegistrationThresholds Thresholds { get; init; } = RegistrationThresholds.Default;

    /// <summary>Where detection runs.</summary>
    public DetectionThreading Threading { get; init; } = DetectionThreading.Worker;

    /// <summary>
    /// Refuses a camera's board pose whose predicted 95% error at the planned targets is over its limit (a near-frontal board's
    /// poorly determined tilt); the banner says why. The limit applies to each frame, before the filter averages frames: 4 mm here
    /// (Registration's study default is 2 mm) because one frame of the case's 50 mm AprilTag board at 55 cm predicts 2–3.5 mm while
    /// the filtered overlay is off by about 1.3 mm (median, rehearsal), and near-frontal boards predict 5–25 mm. Poses from an
    /// external tracker are not gated here.
    /// </summary>
    public PoseUncertaintyGate UncertaintyGate { get; init; } = new() { MaxTargetError95Mm = 4 };
}

/// <summary>Where the registration step stands.</summary>
public enum RegistrationDecision
{
    /// <summary>Nothing registered yet: no overlay.</summary>
    None,

    /// <summary>A registration was computed and awaits the user's accept or reject; shown in the not-tracking look meanwhile.</summary>
    Proposed,

    /// <summary>Accepted by the user, within its thresholds: navigation may proceed while the marker is tracked.</summary>
    Accepted,

    /// <summary>Rejected by the user: shown in the not-tracking look until a new registration is accepted.</summary>
    Rejected,
}

/// <summary>
/// A computed registration (MarkerFromCt) and its quality figures, judged against the thresholds, for the user to accept or reject.
/// </summary>
/// <param name="Method">"fiducials" (paired points) or "fiducials + surface".</param>
/// <param name="MarkerFromCt">The registration, Ct to Marker mm.</param>
/// <param name="FreMm">Fiducial registration error, mm.</param>
/// <param name="PredictedTreMm">Predicted TRE at each planned screw's target (plan order), mm, for the FLE the FRE implies.</param>
/// <param name="Thresholds">The limits it was judged against.</param>
/// <param name="Verdict">Whether every figure is within its limit, and each reason when not.</param>
/// <param name="Fiducials">How many fiducial pairs were used.</param>
/// <param name="SurfaceRmsMm">For a surface refinement: the RMS distance of its inlier points from the bone surface, mm; otherwise null.</param>
/// <param name="SurfacePoints">For a surface refinement: how many surface points were used; otherwise 0.</param>
public sealed record RegistrationProposal(string Method, RigidTransform MarkerFromCt, double FreMm, IReadOnlyList<double> PredictedTreMm, RegistrationThresholds Thresholds, RegistrationAcceptance Verdict, int Fiducials, double? SurfaceRmsMm = null, int SurfacePoints = 0)
{
    /// <summary>The largest predicted TRE over the planned targets, mm.</summary>
    public double MaxPredictedTreMm => PredictedTreMm.Count == 0 ? 0 : PredictedTreMm.Max();

    /// <summary>Whether the figures are within the thresholds (only then may the user accept it).</summary>
    public bool WithinThresholds => Verdict.Accepted;
}

/// <summary>The navigation decision of one frame (safety invariant 1). A value: reading it allocates nothing.</summary>
/// <param name="Navigable">True only while a registration is accepted under its thresholds and the marker was seen within the staleness limit.</param>
/// <param name="WorldFromCt">The patient's CT in the World frame when a registration and a marker pose exist (also when not navigable: the not-tracking look), mm.</param>
/// <param name="State">Tracking, Coasting or Lost (Lost before any registration).</param>
/// <param name="SecondsSinceMarker">Time since the marker was last seen and accepted, s (infinity before).</param>
/// <param name="Banner">Why navigation is off, in words; empty when navigable.</param>
/// <param name="ResultSequence">The detection result this status includes (0: none yet).</param>
public readonly record struct NavigationStatus(bool Navigable, RigidTransform? WorldFromCt, TrackingState State, double SecondsSinceMarker, string Banner, long ResultSequence);

/// <summary>
/// The tracking pipeline behind Navigate and Rehearse: camera frames → <see cref="MarkerPipeline"/> (detector, board pose) →
/// Registration's <see cref="PatientTracker"/> (filter, Tracking/Coasting/Lost, staleness) → WorldFromCt, plus the registration step.
/// With <see cref="DetectionThreading.Worker"/> detection runs on its own thread, which takes the latest frame from the source; the
/// frame loop's <see cref="Update"/> reads the latest result without blocking and, in steady state, without allocating. Takes
/// ownership of the source. Call everything but the worker from the frame loop's thread.
/// </summary>
public sealed class NavigationSession : IDisposable
{
    /// <summary>Shown before any registration.</summary>
    public const string NotRegisteredBanner = "NOT REGISTERED: touch the fiducials, then accept a registration";

    /// <summary>Shown while a registration within its thresholds awaits the user's decision.</summary>
    public const string ProposedBanner = "NOT NAVIGABLE: accept or reject the registration";

    /// <summary>Shown after the user rejected the registration.</summary>
    public const string RejectedBanner = "NOT REGISTERED: registration rejected";

    private readonly CasePackage package;
    private readonly NavigationSettings settings;
    private readonly MarkerPipeline pipeline;
    private readonly AppClock clock = new();
    private readonly Vector3d[] targetsCt;
    private Thread? worker;
    private volatile bool stopping;
    private TrackingResult? latest;
    private string? failureBanner;
    private PatientTracker? tracker;
    private Registration.Icp.SurfaceIcp? surface;
    private readonly PoseTracker markerTracker;
    private double lastMarkerStepTimeS = double.NegativeInfinity;
    private NavigationFrame lastFrame;
    private double lastStepTimeS = double.NegativeInfinity;
    private long consumedSequence;
    private long framesProcessed;
    private long framesWithMarker;
    private long droppedFrames;
    private string? lastFrameError;
    private static int workersRunning;

    /// <summary>Prepares the pipeline for <paramref name="package"/>'s marker seen through <paramref name="source"/> (owned from now on). Call <see cref="Start"/> next.</summary>
    public NavigationSession(CasePackage package, ICameraFrameSource source, NavigationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(source);
        this.package = package;
        Source = source;
        this.settings = settings ?? new NavigationSettings();
        this.settings.Filter.Validate();
        pipeline = new MarkerPipeline(MarkerPipeline.BoardOf(package), source.Camera);
        markerTracker = new PoseTracker(this.settings.Filter);
        IReadOnlyList<ScrewTrajectory> screws = package.Case.Plan.Screws;
        targetsCt = new Vector3d[screws.Count];
        for (int s = 0; s < screws.Count; s++)
        {
            targetsCt[s] = screws[s].TargetCt;
        }

        Status = new NavigationStatus(false, null, TrackingState.Lost, double.PositiveInfinity, NotRegisteredBanner, 0);
    }

    /// <summary>The frame source.</summary>
    public ICameraFrameSource Source { get; }

    /// <summary>The settings.</summary>
    public NavigationSettings Settings => settings;

    /// <summary>Where the registration step stands.</summary>
    public RegistrationDecision Decision { get; private set; }

    /// <summary>The registration proposed last, or null.</summary>
    public RegistrationProposal? Proposal { get; private set; }

    /// <summary>The status of the last <see cref="Update"/>.</summary>
    public NavigationStatus Status { get; private set; }

    /// <summary>The latest detection result (from any thread's point of view, the last one published), or null.</summary>
    public TrackingResult? LatestResult => Volatile.Read(ref latest);

    /// <summary>Why the frame source stopped, or null while it works.</summary>
    public string? Failure => Volatile.Read(ref failureBanner);

    /// <summary>For the last result that an <see cref="Update"/> took in: ms from the frame's arrival to that update (camera frame to overlay pose).</summary>
    public double LastLatencyMs { get; private set; } = double.NaN;

    /// <summary>
    /// The marker's filtered pose in the World frame (Marker to World mm) from the last <see cref="Update"/>, registered or not; null
    /// while it is not seen within the staleness limit. What a touch with the hand's point is measured against.
    /// </summary>
    public RigidTransform? WorldFromMarker { get; private set; }

    /// <summary>The thread's clock that frame sources stamp with.</summary>
    public AppClock Clock => clock;

    /// <summary>
    /// Frames the pipeline turned into a detection result so far (on the worker or inline), counted where they are processed, so
    /// results that a later one replaced before an <see cref="Update"/> took them in are counted too.
    /// </summary>
    public long FramesProcessed => Interlocked.Read(ref framesProcessed);

    /// <summary>Of <see cref="FramesProcessed"/>, those whose result has a marker pose (the board found, or a tracker's pose).</summary>
    public long FramesWithMarker => Interlocked.Read(ref framesWithMarker);

    /// <summary>
    /// Frames dropped because processing them threw (an OpenCV error on a corrupt image, a solver's argument error): each is
    /// skipped and tracking carries on with the next frame. Only a <see cref="NavigationSourceException"/> stops the pipeline.
    /// </summary>
    public long DroppedFrames => Interlocked.Read(ref droppedFrames);

    /// <summary>The message of the last dropped frame's error (for the panel), or null when none was dropped.</summary>
    public string? LastFrameError => Volatile.Read(ref lastFrameError);

    /// <summary>Detection workers of all sessions in this process that are running now (a diagnostic: a leaked worker shows here).</summary>
    public static int WorkersRunning => Volatile.Read(ref workersRunning);

    /// <summary>Stops the detection worker and waits for it to finish its frame, for good (<see cref="Start"/> does not restart it); the counters are final afterwards. Idempotent.</summary>
    public void Stop()
    {
        stopping = true;
        worker?.Join();
    }

    /// <summary>Starts the detection worker (for <see cref="DetectionThreading.Worker"/>); idempotent.</summary>
    public void Start()
    {
        if (settings.Threading != DetectionThreading.Worker || worker is not null)
        {
            return;
        }

        if (stopping)
        {
            return;
        }

        worker = new Thread(WorkerLoop) { IsBackground = true, Name = "ArSpine marker detection" };
        Interlocked.Increment(ref workersRunning);
        try
        {
            worker.Start();
        }
        catch
        {
            Interlocked.Decrement(ref workersRunning);
            throw;
        }
    }

    /// <summary>
    /// Advances to app time <paramref name="nowS"/> (the frame loop's, increasing): takes in the latest detection result if there is a
    /// new one, steps the tracker, and decides whether the overlay is navigable. The staleness limit holds even when no frames come.
    /// </summary>
    public NavigationStatus Update(double nowS)
    {
        clock.Set(nowS);
        if (settings.Threading == DetectionThreading.Inline && Failure is null)
        {
            CaptureOnce();
        }

        TrackingResult? result = Volatile.Read(ref latest);
        bool fresh = result is not null && result.Sequence != consumedSequence;
        if (fresh)
        {
            consumedSequence = result!.Sequence;
            LastLatencyMs = Stopwatch.GetElapsedTime(result.ArrivalTicks).TotalMilliseconds;
        }

        if (fresh && result!.TimeS > lastMarkerStepTimeS)
        {
            RigidTransform? measured = result.CameraFromMarker is RigidTransform c ? PatientPose.WorldFromMarker(result.WorldFromCamera, c) : null;
            RigidTransform? alternative = result.AmbiguousAlternative is RigidTransform a ? PatientPose.WorldFromMarker(result.WorldFromCamera, a) : null;
            markerTracker.Step(result.TimeS, measured, alternative);
            lastMarkerStepTimeS = result.TimeS;
        }

        TrackingUpdate marker = markerTracker.Peek(Math.Max(nowS, lastMarkerStepTimeS));
        WorldFromMarker = marker.State == TrackingState.Lost ? null : marker.Pose;
        if (tracker is null)
        {
            Status = new NavigationStatus(false, null, TrackingState.Lost, double.PositiveInfinity, Failure ?? NotRegisteredBanner, consumedSequence);
            return Status;
        }

        if (fresh && result!.TimeS > lastStepTimeS)
        {
            // A camera's board pose goes through the uncertainty gate at the planned targets; a tracker's measured pose has no image model.
            lastFrame = result.Pose is MarkerPose pose
                ? tracker.Step(result.TimeS, result.WorldFromCamera, pose)
                : tracker.Step(result.TimeS, result.WorldFromCamera, result.CameraFromMarker, result.AmbiguousAlternative);
            lastStepTimeS = result.TimeS;
        }

        // The tracker ages only when stepped; frames that stop coming must not keep the overlay navigable.
        double age = double.IsFinite(lastStepTimeS) ? lastFrame.Tracking.SecondsSinceLastGoodFrame + Math.Max(0, nowS - lastStepTimeS) : double.PositiveInfinity;
        TrackingState state = age <= settings.Filter.CoastAfterS ? TrackingState.Tracking : age <= settings.Filter.StalenessLimitS ? TrackingState.Coasting : TrackingState.Lost;
        RigidTransform? worldFromCt = double.IsFinite(lastStepTimeS) ? lastFrame.WorldFromCt : null;
        string banner = Decision switch
        {
            RegistrationDecision.Rejected => RejectedBanner,
            RegistrationDecision.Proposed => Proposal!.WithinThresholds ? ProposedBanner : PatientTracker.RefusedBanner,
            // Lost because the gate refused the poses says so (tilt the marker), not merely "not seen".
            _ => Failure ?? (state == TrackingState.Lost && lastFrame.Banner != PatientTracker.UncertainBanner ? PatientTracker.LostBanner : lastFrame.Banner ?? ""),
        };
        bool navigable = Decision == RegistrationDecision.Accepted && lastFrame.Navigable && state != TrackingState.Lost && worldFromCt is not null && Failure is null;
        Status = new NavigationStatus(navigable, worldFromCt, state, age, navigable ? "" : banner.Length > 0 ? banner : PatientTracker.LostBanner, consumedSequence);
        return Status;
    }

    /// <summary>
    /// Registers the case's fiducials (Ct) to the points where the tracked pointer touched them (<paramref name="touchedMarkerMm"/>,
    /// Marker frame, in the case's fiducial order) by paired points, with predicted TRE at the planned targets, judged against the
    /// thresholds. The proposal is shown (not navigable) until <see cref="Accept"/> or <see cref="Reject"/>.
    /// </summary>
    public RegistrationProposal ProposeFromFiducials(IReadOnlyList<Vector3d> touchedMarkerMm) => Propose(FiducialRegistration(touchedMarkerMm));

    /// <summary>
    /// Registers by the fiducials (as <see cref="ProposeFromFiducials"/>), then refines by surface ICP: <paramref name="surfaceMarkerMm"/>
    /// are points the tracked pointer swept over the exposed bone (Marker frame), fitted to the case's vertebra meshes. The proposal
    /// carries the refined MarkerFromCt, the fiducials' FRE under it, the paired fit's predicted TRE (the surface does not lower that
    /// bound), the surface RMS, and the verdict of both the paired-point and the surface thresholds. Cost: a k-d tree of the meshes
    /// (once) and the ICP, tens to hundreds of ms.
    /// </summary>
    public RegistrationProposal ProposeFromFiducialsAndSurface(IReadOnlyList<Vector3d> touchedMarkerMm, IReadOnlyList<Vector3d> surfaceMarkerMm)
    {
        ArgumentNullException.ThrowIfNull(surfaceMarkerMm);
        RegistrationProposal paired = FiducialRegistration(touchedMarkerMm);
        surface ??= BoneSurface();
        Registration.Icp.IcpResult icp = surface.Register(surfaceMarkerMm, paired.MarkerFromCt.Inverse(), new Registration.Icp.IcpSettings { MultiStart = false }, "surface points (Marker frame)");
        RigidTransform markerFromCt = icp.FixedFromMoving.Inverse();
        IReadOnlyList<Core.Cases.CaseFiducial> fiducials = package.Case.Fiducials ?? [];
        double sum = 0;
        for (int i = 0; i < fiducials.Count; i++)
        {
            sum += (touchedMarkerMm[i] - markerFromCt.Apply(fiducials[i].PositionCt)).LengthSquared;
        }

        double fre = Math.Sqrt(sum / fiducials.Count);
        RegistrationAcceptance surfaceVerdict = settings.Thresholds.Evaluate(icp);
        var reasons = new List<string>(paired.Verdict.Reasons);
        if (!(fre <= settings.Thresholds.MaxFreMm))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"FRE {fre:0.00} mm after the surface fit is above the limit of {settings.Thresholds.MaxFreMm:0.00} mm"));
        }

        reasons.AddRange(surfaceVerdict.Reasons);
        var verdict = new RegistrationAcceptance(reasons.Count == 0, reasons);
        return Propose(paired with { Method = "fiducials + surface", MarkerFromCt = markerFromCt, FreMm = fre, Verdict = verdict, SurfaceRmsMm = icp.RmsMm, SurfacePoints = surfaceMarkerMm.Count });
    }

    private RegistrationProposal FiducialRegistration(IReadOnlyList<Vector3d> touchedMarkerMm)
    {
        ArgumentNullException.ThrowIfNull(touchedMarkerMm);
        string source = Path.Combine(package.Folder, Core.Cases.SurgicalCase.FileName);
        IReadOnlyList<Core.Cases.CaseFiducial> fiducials = package.Case.Fiducials ?? [];
        var fiducialsCt = new Vector3d[fiducials.Count];
        for (int i = 0; i < fiducialsCt.Length; i++)
        {
            fiducialsCt[i] = fiducials[i].PositionCt;
        }

        PairedPointResult fit = PairedPointRegistration.Register(touchedMarkerMm, fiducialsCt, "touched fiducials (Marker frame)", source + ": fiducials");
        var predicted = new double[targetsCt.Length];
        for (int t = 0; t < predicted.Length; t++)
        {
            predicted[t] = fit.PredictedTreMm(targetsCt[t]);
        }

        RegistrationAcceptance verdict = settings.Thresholds.Evaluate(fit, predicted);
        return new RegistrationProposal("fiducials", fit.FixedFromMoving, fit.FreMm, predicted, settings.Thresholds, verdict, fiducialsCt.Length);
    }

    private Registration.Icp.SurfaceIcp BoneSurface()
    {
        var points = new List<Vector3d>();
        var normals = new List<Vector3d>();
        foreach (Core.Meshes.TriangleMesh mesh in package.VertebraMeshes)
        {
            System.Numerics.Vector3[] n = mesh.VertexNormals();
            for (int v = 0; v < mesh.PositionsMm.Length; v++)
            {
                if (n[v].LengthSquared() > 0.5f)
                {
                    points.Add(Vector3d.From(mesh.PositionsMm[v]));
                    normals.Add(Vector3d.From(n[v]));
                }
            }
        }

        return new Registration.Icp.SurfaceIcp(points, normals, Path.Combine(package.Folder, "vertebra meshes"));
    }

    /// <summary>Makes <paramref name="proposal"/> the one shown (not navigable) until the user decides.</summary>
    private RegistrationProposal Propose(RegistrationProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        Proposal = proposal;
        Decision = RegistrationDecision.Proposed;
        tracker = Tracker(proposal.MarkerFromCt, new RegistrationAcceptance(false, ["awaiting the user's decision"]));
        ResetTracking();
        return proposal;
    }

    /// <summary>The user accepts the proposal; refused (false, nothing changes) when there is none or it is over its thresholds.</summary>
    public bool Accept()
    {
        if (Decision != RegistrationDecision.Proposed || Proposal is not { WithinThresholds: true } proposal)
        {
            return false;
        }

        tracker = Tracker(proposal.MarkerFromCt, proposal.Verdict);
        ResetTracking();
        Decision = RegistrationDecision.Accepted;
        return true;
    }

    /// <summary>The user rejects the proposal (or withdraws an accepted registration): the overlay stays not navigable until another is accepted.</summary>
    public void Reject()
    {
        if (Proposal is null)
        {
            return;
        }

        tracker = Tracker(Proposal.MarkerFromCt, new RegistrationAcceptance(false, ["rejected by the user"]));
        ResetTracking();
        Decision = RegistrationDecision.Rejected;
    }

    /// <summary>The patient tracker for a registration: the session's filter, and the uncertainty gate at the plan's targets.</summary>
    private PatientTracker Tracker(RigidTransform markerFromCt, RegistrationAcceptance acceptance) =>
        new(settings.Filter, markerFromCt, acceptance, targetsCt, settings.UncertaintyGate);

    /// <summary>The proposal's figures in a few lines for a panel or a console (allocates: call on change, not per frame).</summary>
    public static string[] Describe(RegistrationProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Registration by {proposal.Method} ({proposal.Fiducials} points)"),
            string.Create(CultureInfo.InvariantCulture, $"FRE {proposal.FreMm:0.00} mm (limit {proposal.Thresholds.MaxFreMm:0.00} mm)"),
            string.Create(CultureInfo.InvariantCulture, $"Predicted TRE at targets: max {proposal.MaxPredictedTreMm:0.00} mm (limit {proposal.Thresholds.MaxPredictedTreMm:0.00} mm)"),
            proposal.WithinThresholds ? "Within thresholds: accept or reject" : "OVER THRESHOLD: cannot be accepted",
        };
        if (proposal.SurfaceRmsMm is double rms)
        {
            lines.Insert(2, string.Create(CultureInfo.InvariantCulture, $"Surface RMS {rms:0.00} mm over {proposal.SurfacePoints} points (limit {proposal.Thresholds.MaxSurfaceRmsMm:0.00} mm)"));
        }

        lines.AddRange(proposal.Verdict.Reasons);
        return lines.ToArray();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Stop();
        pipeline.Dispose();
        Source.Dispose();
    }

    private void ResetTracking()
    {
        lastFrame = default;
        lastStepTimeS = double.NegativeInfinity;
    }

    private void CaptureOnce()
    {
        try
        {
            CaptureAndProcess();
        }
        catch (NavigationSourceException e)
        {
            Volatile.Write(ref failureBanner, "NOT TRACKING: " + e.Message);
        }
    }

    private void WorkerLoop()
    {
        try
        {
            while (!stopping)
            {
                if (!CaptureAndProcess())
                {
                    Thread.Sleep(1);
                }
            }
        }
        catch (NavigationSourceException e)
        {
            // The source is gone: the failure is shown as the banner and navigation stays off.
            Volatile.Write(ref failureBanner, "NOT TRACKING: " + e.Message);
        }
        finally
        {
            Interlocked.Decrement(ref workersRunning);
        }
    }

    /// <summary>
    /// Takes one frame from the source and publishes its detection result; false when no frame was ready or it was dropped. A frame
    /// whose capture or processing throws anything but a <see cref="NavigationSourceException"/> is dropped and counted: one corrupt
    /// frame must not end tracking. A <see cref="NavigationSourceException"/> propagates (the source is gone).
    /// </summary>
    private bool CaptureAndProcess()
    {
        try
        {
            if (!Source.TryCapture(clock, out CameraFrame? frame) || frame is null)
            {
                return false;
            }

            using (frame)
            {
                TrackingResult result = pipeline.Process(frame);
                Interlocked.Increment(ref framesProcessed);
                if (result.CameraFromMarker is not null)
                {
                    Interlocked.Increment(ref framesWithMarker);
                }

                Volatile.Write(ref latest, result);
            }

            return true;
        }
        catch (Exception e) when (e is not NavigationSourceException)
        {
            Interlocked.Increment(ref droppedFrames);
            Volatile.Write(ref lastFrameError, e.Message);
            return false;
        }
    }
}
