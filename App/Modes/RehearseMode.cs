using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Input;
using ArSpine.App.Navigation;
using ArSpine.App.Rehearsal;
using ArSpine.App.Scene;
using ArSpine.App.Simulation;
using ArSpine.Core.Cases;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;
using ArSpine.Planning.Screws;
using ArSpine.Registration.Simulation;

namespace ArSpine.App.Modes;

/// <summary>Settings of a rehearsal.</summary>
public sealed record RehearsalSettings
{
    /// <summary>The simulated room's layout.</summary>
    public OperatingRoomSettings Room { get; init; } = new();

    /// <summary>The tracking pipeline's settings (threading, filter, thresholds).</summary>
    public NavigationSettings Navigation { get; init; } = new();

    /// <summary>Fiducial localisation error of the simulated pointer, RMS mm.</summary>
    public double PointerFleMm { get; init; } = 0.5;

    /// <summary>Points the simulated pointer sweeps over the exposed posterior bone to refine the registration by surface ICP; 0: fiducials only.</summary>
    public int SurfacePoints { get; init; }

    /// <summary>Camera frames per second of app time.</summary>
    public double CameraRateHz { get; init; } = 30;

    /// <summary>Seed of the camera's imaging conditions and the pointer's error.</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>Where the rehearsal stands.</summary>
public enum RehearsePhase
{
    /// <summary>The registration (fiducials touched with the simulated pointer) awaits accept or reject.</summary>
    Decide,

    /// <summary>The trainee places screws with the virtual probe.</summary>
    Place,
}

/// <summary>
/// The Rehearse mode: the simulated operating room drives the real pipeline — frames rendered by the room go through the detector,
/// pose solver, filter and registration (never bypassed) — while the trainee steers the virtual pedicle probe (tip at the hand,
/// axis along the pointer ray). Pinch or Accept places a screw of the selected planned screw's size where the probe entered the
/// bone (judged on the true anatomy); Next/Previous select the screw. Each navigable frame records the overlay's TRE at the planned
/// targets against the truth. <see cref="BuildReport"/> grades every placed screw against the TRUE anatomy in the true Ct frame.
/// Steady-state steps allocate nothing (placing a screw does, once).
/// </summary>
public sealed class RehearseMode : IAppMode, IDisposable
{
    /// <summary>Colour of placed screws (physical objects, at their true place).</summary>
    public static readonly RgbaColor PlacedScrewColor = new(0.85f, 0.85f, 0.9f);

    /// <summary>Colour of the clamped reference marker (a physical object, at its true place).</summary>
    public static readonly RgbaColor MarkerColor = new(0.95f, 0.95f, 0.95f);

    /// <summary>The most overlay TRE samples kept (navigable frames × planned targets); frames past it are counted in <see cref="TrackingErrorReport.NavigableFrames"/> but not sampled (see <see cref="TrackingErrorReport.OverlayTreFramesSampled"/>).</summary>
    public const int MaxTreSamples = 1 << 20;
    private readonly CasePackage package;
    private readonly RehearsalSettings settings;
    private readonly LabelVolume labels;
    private readonly SimulatedPointer pointer;
    private readonly NavigationOverlay overlay = new();
    private readonly string[] screwTitles;
    private readonly double[] treSamples;
    private readonly List<(ScrewTrajectory PlacedCt, int PlanIndex, bool Navigable, double TreMm)> placed = [];
    private readonly bool[] isPlaced;
    private readonly RigidTransform trueCtFromWorld;
    private CaseScene? scene;
    private MeshHandle markerMesh;
    private Matrix4x4 worldFromMarkerBox;
    private readonly RegistrationDecisionPanel decision = new();
    private int treCount;
    private int treFrames;
    private IReadOnlyList<Core.Meshes.TriangleMesh>? trueSurfaces;
    private int frames;
    private int navigableFrames;

    /// <summary>
    /// Lays out the room for <paramref name="package"/>, proposes the registration, then starts the pipeline; an
    /// <see cref="InvalidInputException"/> when the case lacks labels, a marker or fiducials. When the registration throws, the
    /// session (and its frame source) is disposed before the exception leaves, and no worker was started.
    /// </summary>
    public RehearseMode(CasePackage package, RehearsalSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        this.package = package;
        this.settings = settings ?? new RehearsalSettings();
        labels = package.Labels ?? throw InvalidInputException.Field(Path.Combine(package.Folder, SurgicalCase.FileName), "labelsFile", "the vertebra labels to grade placed screws against", "none");
        Room = OperatingRoom.Create(package, this.settings.Room);
        trueCtFromWorld = Room.TrueWorldFromCt.Inverse();
        Source = new SimulatedFrameSource(Room, this.settings.CameraRateHz, this.settings.Seed);
        Session = new NavigationSession(package, Source, this.settings.Navigation);
        pointer = new SimulatedPointer(Room.TrueMarkerFromCt, this.settings.PointerFleMm, this.settings.Seed);
        screwTitles = NavigationOverlay.GuidanceTitles(package.Case.Plan);
        isPlaced = new bool[package.Case.Plan.Screws.Count];
        treSamples = new double[MaxTreSamples];
        try
        {
            ProposeRegistration();
            Session.Start();
        }
        catch
        {
            Session.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public string Name => "Rehearse";

    /// <summary>The simulated room (the ground truth).</summary>
    public OperatingRoom Room { get; }

    /// <summary>The simulated headset camera.</summary>
    public SimulatedFrameSource Source { get; }

    /// <summary>The tracking pipeline.</summary>
    public NavigationSession Session { get; }

    /// <summary>The overlay (its look and guidance).</summary>
    public NavigationOverlay Overlay => overlay;

    /// <summary>The case scene once uploaded (first step).</summary>
    public CaseScene? Scene => scene;

    /// <summary>Where the rehearsal stands.</summary>
    public RehearsePhase Phase { get; private set; }

    /// <summary>How many screws were placed.</summary>
    public int PlacedCount => placed.Count;

    /// <summary>The overlay TRE samples recorded so far (navigable frames × planned targets), mm.</summary>
    public ReadOnlySpan<double> OverlayTreSamplesMm => treSamples.AsSpan(0, treCount);

    /// <inheritdoc/>
    public void Step(in InputFrame input, IHologramPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (scene is null)
        {
            scene = CaseScene.Upload(port, package);
            float side = (float)Math.Max(Room.Board.WidthMm, Room.Board.HeightMm) + 10;
            markerMesh = port.UploadMesh(PrimitiveMeshes.Box(new Vector3(side, side, 3)));
            worldFromMarkerBox = Matrix4x4.CreateTranslation(0, 0, -1.5f) * Room.TrueWorldFromMarker.ToMatrix4x4();
        }

        Source.SetHead(input.TimeS, input.WorldFromHead);
        NavigationStatus status = Session.Update(input.TimeS);
        frames++;

        if (status.Navigable && status.WorldFromCt is RigidTransform estimated)
        {
            navigableFrames++;
            RecordOverlayError(estimated);
        }

        NavigationOverlay.SelectScrew(scene, input.KeysPressed);
        (Vector3 tip, Vector3 axis) = VirtualProbe.Pose(input);
        int selected = scene.SelectedScrew;
        overlay.Draw(port, scene, status, input, tip, axis, selected >= 0 ? screwTitles[selected] : "Guidance");
        for (int p = 0; p < placed.Count; p++)
        {
            ScrewTrajectory s = placed[p].PlacedCt;
            port.DrawCylinder(Room.TrueWorldFromCt.Apply(s.EntryCt).ToVector3(), Room.TrueWorldFromCt.Apply(s.TargetCt).ToVector3(), (float)s.DiameterMm, PlacedScrewColor);
        }

        port.DrawMesh(markerMesh, worldFromMarkerBox, MarkerColor);
        Matrix4x4 worldFromPanel = NavigationOverlay.SetUpPanelPose(input.WorldFromHead);
        port.BeginPanel("Rehearse", worldFromPanel, 240);
        if (Phase == RehearsePhase.Decide)
        {
            RegistrationChoice choice = decision.Draw(port, input);
            bool accept = choice == RegistrationChoice.Accept, reject = choice == RegistrationChoice.Reject;
            if (accept && Session.Accept())
            {
                Phase = RehearsePhase.Place;
            }
            else if (reject)
            {
                Session.Reject();
                ProposeRegistration();
            }
        }
        else
        {
            port.PanelLabel(status.Navigable ? "NAVIGABLE" : "NOT NAVIGABLE", status.Navigable ? NavigationOverlay.GreenColor : NavigationOverlay.RedColor);
            port.PanelLabel("Pinch or Enter: place the screw", RgbaColor.White);
            if ((input.Pinch.JustPressed || (input.KeysPressed & AppKeys.Accept) != 0) && selected >= 0)
            {
                Place(selected, tip, axis, status);
            }
        }

        port.EndPanel();
    }

    /// <summary>
    /// Grades every placed screw against the true anatomy and gathers the tracking error. Allocates; call at the end. With the
    /// detection worker, call <see cref="NavigationSession.Stop"/> on <see cref="Session"/> first so that the frame counts are final
    /// (a frame in flight is otherwise rendered but not yet counted as detected).
    /// </summary>
    public RehearsalReport BuildReport()
    {
        IReadOnlyList<ScrewTrajectory> plan = package.Case.Plan.Screws;
        var grader = new BreachGrader(labels);
        var screws = new List<PlacedScrewReport>();
        foreach ((ScrewTrajectory placedCt, int planIndex, bool navigable, double tre) in placed)
        {
            screws.Add(RehearsalGrading.Grade(grader, placedCt, plan[planIndex], planIndex, navigable, tre));
        }

        var notPlaced = new List<string>();
        for (int s = 0; s < plan.Count; s++)
        {
            if (!isPlaced[s])
            {
                notPlaced.Add(plan[s].Label);
            }
        }

        ErrorDistribution overlay = ErrorDistribution.Of(OverlayTreSamplesMm.ToArray());
        (double min, double max) = Room.MarkerToTargetsMm();
        var tracking = new TrackingErrorReport(frames, navigableFrames, Source.FramesRendered, (int)Session.FramesWithMarker,
            overlay.Count == 0 ? null : Math.Round(overlay.P50, 3),
            overlay.Count == 0 ? null : Math.Round(overlay.P95, 3),
            overlay.Count == 0 ? null : Math.Round(overlay.Max, 3),
            Math.Round(min, 1),
            Math.Round(max, 1))
        {
            OverlayTreFramesSampled = treFrames,
            DroppedFrames = (int)Session.DroppedFrames,
        };
        RegistrationReport? registration = null;
        if (Session.Proposal is RegistrationProposal proposal)
        {
            double trueTre = 0;
            foreach (ScrewTrajectory s in plan)
            {
                trueTre = Math.Max(trueTre, Vector3d.Distance(proposal.MarkerFromCt.Apply(s.TargetCt), Room.TrueMarkerFromCt.Apply(s.TargetCt)));
            }

            registration = new RegistrationReport(proposal.Method, Math.Round(proposal.FreMm, 3), Math.Round(proposal.MaxPredictedTreMm, 3), proposal.Thresholds.MaxFreMm, proposal.Thresholds.MaxPredictedTreMm,
                Session.Decision == RegistrationDecision.Accepted, Math.Round(trueTre, 3), settings.PointerFleMm);
        }

        return new RehearsalReport(package.Case.Vertebrae.Select(v => v.Name).ToArray(), registration, tracking, screws, notPlaced, RehearsalGrading.Collisions(PlacedScrewsCt()));
    }

    /// <summary>Camera frames whose marker detection found the board so far (counted where the pipeline processed them, worker or inline).</summary>
    public long DetectedFrames => Session.FramesWithMarker;

    /// <summary>The placed screws so far, true Ct mm, in the order first placed (placing a planned screw again replaces its earlier placement).</summary>
    public IReadOnlyList<ScrewTrajectory> PlacedScrewsCt() => placed.Select(p => p.PlacedCt).ToArray();

    /// <inheritdoc/>
    public void Dispose() => Session.Dispose();

    private void ProposeRegistration()
    {
        IReadOnlyList<CaseFiducial> fiducials = package.Case.Fiducials ?? [];
        var touched = new Vector3d[fiducials.Count];
        for (int i = 0; i < touched.Length; i++)
        {
            touched[i] = pointer.Touch(fiducials[i].PositionCt);
        }

        RegistrationProposal proposal = settings.SurfacePoints > 0
            ? Session.ProposeFromFiducialsAndSurface(touched, pointer.SweepPosteriorSurface(TrueSurfaces(), settings.SurfacePoints))
            : Session.ProposeFromFiducials(touched);
        decision.Show(proposal);
        Phase = RehearsePhase.Decide;
    }

    /// <summary>The true anatomy's surfaces (the package's labels, which <c>rehearse --truth</c> replaces with the truth), meshed once, independently of the case meshes.</summary>
    private IReadOnlyList<Core.Meshes.TriangleMesh> TrueSurfaces()
    {
        if (trueSurfaces is null)
        {
            var ids = new int[package.Case.Vertebrae.Count];
            for (int v = 0; v < ids.Length; v++)
            {
                ids[v] = package.Case.Vertebrae[v].LabelId;
            }

            trueSurfaces = SimulatedPointer.TrueSurfaces(labels, ids);
        }

        return trueSurfaces;
    }

    private void Place(int planIndex, Vector3 tipWorldMm, Vector3 axisWorld, in NavigationStatus status)
    {
        ScrewTrajectory planned = package.Case.Plan.Screws[planIndex];
        int labelId = RehearsalGrading.LabelIdOf(labels, planned.Vertebra);
        ScrewTrajectory placedCt = VirtualProbe.Place(tipWorldMm, axisWorld, planned, trueCtFromWorld, labels, labelId);
        double tre = status.WorldFromCt is RigidTransform estimated
            ? Vector3d.Distance(estimated.Apply(planned.TargetCt), Room.TrueWorldFromCt.Apply(planned.TargetCt))
            : double.NaN;
        int earlier = -1;
        for (int p = 0; p < placed.Count; p++)
        {
            if (placed[p].PlanIndex == planIndex)
            {
                earlier = p;
                break;
            }
        }

        // A planned screw is placed once: placing it again replaces the earlier placement (no duplicate, no self-collision).
        if (earlier >= 0)
        {
            placed[earlier] = (placedCt, planIndex, status.Navigable, tre);
        }
        else
        {
            placed.Add((placedCt, planIndex, status.Navigable, tre));
        }

        isPlaced[planIndex] = true;
        for (int step = 1; step <= isPlaced.Length; step++)
        {
            int next = (planIndex + step) % isPlaced.Length;
            if (!isPlaced[next])
            {
                scene!.SelectedScrew = next;
                return;
            }
        }
    }

    private void RecordOverlayError(RigidTransform estimatedWorldFromCt)
    {
        IReadOnlyList<ScrewTrajectory> plan = package.Case.Plan.Screws;
        if (treCount + plan.Count > treSamples.Length)
        {
            return;
        }

        treFrames++;
        for (int s = 0; s < plan.Count; s++)
        {
            Vector3d target = plan[s].TargetCt;
            treSamples[treCount++] = Vector3d.Distance(estimatedWorldFromCt.Apply(target), Room.TrueWorldFromCt.Apply(target));
        }
    }
}
