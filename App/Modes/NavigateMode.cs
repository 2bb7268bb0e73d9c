using ArSpine.App.Cases;
using ArSpine.App.Input;
using ArSpine.App.Navigation;
using ArSpine.App.Scene;
using ArSpine.App.Simulation;
using ArSpine.Core.Cases;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;

namespace ArSpine.App.Modes;

/// <summary>A frame source the user can choose in Navigate: its name, how to open it, and its tracked pointer (null when it has none).</summary>
/// <param name="Name">The button's label.</param>
/// <param name="Open">Opens the source; may throw <see cref="NavigationSourceException"/> or <see cref="InvalidInputException"/>, shown to the user.</param>
/// <param name="Digitizer">The pointer that touches fiducials with this source; null when the source has none.</param>
public sealed record FrameSourceOption(string Name, Func<ICameraFrameSource> Open, Func<ICameraFrameSource, IFiducialDigitizer?> Digitizer);

/// <summary>Where the Navigate mode stands.</summary>
public enum NavigatePhase
{
    /// <summary>Choosing the frame source.</summary>
    ChooseSource,

    /// <summary>Touching the fiducials with the tracked pointer.</summary>
    TouchFiducials,

    /// <summary>A registration awaits accept or reject, with its figures shown.</summary>
    Decide,

    /// <summary>Live guidance (navigable only while the safety conditions hold).</summary>
    Navigate,
}

/// <summary>
/// The Navigate mode: choose a frame source, touch the case's fiducials with the tracked pointer (or, for a source without one, the
/// hand's point, measured against the tracked marker), accept or reject the registration
/// with its figures (FRE, predicted TRE at the planned targets, the thresholds), then live guidance of the instrument (the hand's
/// tip and ray) against the selected trajectory. Not navigable (no registration accepted under its thresholds, or the marker
/// stale): the case in the not-tracking look, no guidance numbers, and the banner in front of the head. Next/Previous select the
/// screw; Accept/Reject (or the panel's buttons) decide. Steady-state steps allocate nothing.
/// </summary>
public sealed class NavigateMode : IAppMode, IDisposable
{
    private readonly CasePackage package;
    private readonly IReadOnlyList<FrameSourceOption> options;
    private readonly NavigationSettings settings;
    private readonly NavigationOverlay overlay = new();
    private readonly string[] screwTitles;
    private readonly TextBuffer touchLine = new(128);
    private CaseScene? scene;
    private NavigationSession? session;
    private IFiducialDigitizer? digitizer;
    private readonly List<Vector3d> touched = [];
    private readonly RegistrationDecisionPanel decision = new();
    private string? trackedInstrumentLabel;
    private string? message;

    /// <summary>Creates the mode for <paramref name="package"/> with the sources the user may choose from.</summary>
    public NavigateMode(CasePackage package, IReadOnlyList<FrameSourceOption> options, NavigationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(options);
        this.package = package;
        this.options = options;
        this.settings = settings ?? new NavigationSettings();
        screwTitles = NavigationOverlay.GuidanceTitles(package.Case.Plan);
    }

    /// <inheritdoc/>
    public string Name => "Navigate";

    /// <summary>
    /// The instrument's label when guidance measures the hand's ray (the virtual probe: on the desktop the mouse, on the headset the
    /// tracked hand): with every source that does not track the instrument itself (<see cref="IInstrumentTracker"/>).
    /// </summary>
    public const string InstrumentLabel = "Virtual probe (hand ray)";

    /// <summary>The label shown, with no instrument and no guidance, while a source that tracks the instrument does not see it.</summary>
    public const string TrackedInstrumentNotSeenLabel = "Tracked instrument not seen";

    /// <summary>Where the mode stands.</summary>
    public NavigatePhase Phase { get; private set; }

    /// <summary>The tracking session once a source is chosen.</summary>
    public NavigationSession? Session => session;

    /// <summary>The overlay (its last look and guidance reading).</summary>
    public NavigationOverlay Overlay => overlay;

    /// <summary>The case scene once uploaded (the first step).</summary>
    public CaseScene? Scene => scene;

    /// <summary>Whether the chosen source has a tracked pointer to touch the fiducials with (false before a source is chosen).</summary>
    public bool HasPointer => digitizer is not null;

    /// <summary>The last error or notice shown on the panel, or null.</summary>
    public string? Message => message;

    /// <summary>
    /// The usual sources: the simulated operating room (with its pointer), webcam 0, a recorded sequence in
    /// <paramref name="recordingFolder"/>, both through the camera calibrated as <paramref name="recordingCamera"/> (each refuses to open
    /// without it), and an OpenIGTLink tracker on <paramref name="igtlPort"/>.
    /// </summary>
    public static IReadOnlyList<FrameSourceOption> DefaultOptions(CasePackage package, string? recordingFolder = null, Registration.Cameras.CameraIntrinsics? recordingCamera = null, int igtlPort = 18944)
    {
        var list = new List<FrameSourceOption>();
        OperatingRoom? room = null;
        list.Add(new FrameSourceOption("Simulated operating room", () => new SimulatedFrameSource(room ??= OperatingRoom.Create(package)), s => new SimulatedDigitizer(new SimulatedPointer(((SimulatedFrameSource)s).Room.TrueMarkerFromCt))));
        // A webcam's poses are only as right as its calibration: without one it is refused, never run on a nominal lens.
        list.Add(new FrameSourceOption("Webcam 0", () => WebcamSource.Open(
            0,
            recordingCamera ?? throw new InvalidInputException("Expected the webcam's calibration (--camera CAM.yml from `arspine calibrate`): poses from a guessed lens are off in scale and depth. Was none given."),
            RigidTransform.Identity), _ => null));
        list.Add(new FrameSourceOption("Recorded sequence", () => new ImageSequenceSource(
            recordingFolder ?? throw new InvalidInputException("Expected a recorded image sequence folder (--recording). Was none given."),
            recordingCamera ?? throw new InvalidInputException("Expected the recording camera's calibration (--camera). Was none given."),
            RigidTransform.Identity), _ => null));
        list.Add(new FrameSourceOption("OpenIGTLink tracker", () => OpenIgtlPoseSource.Start(igtlPort, RigidTransform.Identity), s => new OpenIgtlDigitizer((OpenIgtlPoseSource)s)));
        return list;
    }

    /// <summary>Chooses a source by index of the options (what the panel's buttons do); returns false with <see cref="Message"/> set when it cannot open.</summary>
    public bool ChooseSource(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, options.Count);
        ICameraFrameSource source;
        try
        {
            source = options[index].Open();
        }
        catch (Exception e) when (e is NavigationSourceException or InvalidInputException or OpenCvSharp.OpenCVException)
        {
            message = e.Message;
            return false;
        }

        session?.Dispose();
        session = new NavigationSession(package, source, settings);
        session.Start();
        digitizer = options[index].Digitizer(source);
        message = digitizer is null ? $"{source.Name} has no tracked pointer: touch each fiducial with the hand's point, the marker in view." : null;
        touched.Clear();
        Phase = NavigatePhase.TouchFiducials;
        return true;
    }

    /// <inheritdoc/>
    public void Step(in InputFrame input, IHologramPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        scene ??= CaseScene.Upload(port, package);
        if (session?.Source is SimulatedFrameSource simulated)
        {
            simulated.SetHead(input.TimeS, input.WorldFromHead);
        }

        NavigationStatus status = session?.Update(input.TimeS) ?? new NavigationStatus(false, null, Registration.Tracking.TrackingState.Lost, double.PositiveInfinity, NavigationSession.NotRegisteredBanner, 0);
        NavigationOverlay.SelectScrew(scene, input.KeysPressed);
        (System.Numerics.Vector3 tip, System.Numerics.Vector3 axis) = VirtualProbe.Pose(input);
        string instrument = InstrumentLabel;
        if (session?.Source is IInstrumentTracker tracked)
        {
            // A source that tracks the instrument guides by it, never by the hand: unseen, there is no instrument and no guidance.
            bool seen = tracked.TryInstrument(out Vector3d tipWorld, out Vector3d axisWorld);
            tip = seen ? tipWorld.ToVector3() : new System.Numerics.Vector3(float.NaN);
            axis = seen ? axisWorld.ToVector3() : new System.Numerics.Vector3(float.NaN);
            instrument = seen ? trackedInstrumentLabel ??= tracked.InstrumentName : TrackedInstrumentNotSeenLabel;
        }

        int selected = scene.SelectedScrew;
        overlay.Draw(port, scene, status, input, tip, axis, selected >= 0 ? screwTitles[selected] : "Guidance", session?.WorldFromMarker, instrument);

        System.Numerics.Matrix4x4 worldFromPanel = NavigationOverlay.SetUpPanelPose(input.WorldFromHead);
        port.BeginPanel(Phase == NavigatePhase.Navigate ? "Navigate" : "Navigate: set up", worldFromPanel, 240);
        switch (Phase)
        {
            case NavigatePhase.ChooseSource:
                port.PanelLabel("Choose the frame source", RgbaColor.White);
                for (int i = 0; i < options.Count; i++)
                {
                    if (port.PanelButton(options[i].Name))
                    {
                        ChooseSource(i);
                    }
                }

                break;
            case NavigatePhase.TouchFiducials:
                StepTouch(input, port);
                break;
            case NavigatePhase.Decide:
                RegistrationChoice choice = decision.Draw(port, input);
                bool accept = choice == RegistrationChoice.Accept, reject = choice == RegistrationChoice.Reject;
                if (accept && session!.Accept())
                {
                    Phase = NavigatePhase.Navigate;
                    message = null;
                }
                else if (accept)
                {
                    message = "Over its thresholds: this registration cannot be accepted. Reject it and touch the fiducials again.";
                }
                else if (reject)
                {
                    session!.Reject();
                    touched.Clear();
                    Phase = NavigatePhase.TouchFiducials;
                }

                break;
            default:
                port.PanelLabel(status.Navigable ? "NAVIGABLE" : "NOT NAVIGABLE", status.Navigable ? NavigationOverlay.GreenColor : NavigationOverlay.RedColor);
                if (port.PanelButton("Register again") || (input.KeysPressed & AppKeys.Reject) != 0)
                {
                    session!.Reject();
                    touched.Clear();
                    Phase = NavigatePhase.TouchFiducials;
                }

                break;
        }

        if (message is not null)
        {
            port.PanelLabel(message, NavigationOverlay.AmberColor);
        }

        port.EndPanel();
    }

    /// <inheritdoc/>
    public void Dispose() => session?.Dispose();

    private void StepTouch(in InputFrame input, IHologramPort port)
    {
        IReadOnlyList<CaseFiducial> fiducials = package.Case.Fiducials ?? [];
        if (fiducials.Count < 3)
        {
            port.PanelLabel("The case has fewer than 3 fiducials", NavigationOverlay.RedColor);
            return;
        }

        CaseFiducial next = fiducials[touched.Count];
        port.PanelLabel(touchLine.Clear().Append("Touch ").Append(next.Name).Append(" (").Append(touched.Count + 1, 0).Append(" of ").Append(fiducials.Count, 0).Append(")").Span, RgbaColor.White);
        // Only the Touch button or Accept takes a touch: a pinch may belong to another panel's button.
        if (port.PanelButton("Touch") || (input.KeysPressed & AppKeys.Accept) != 0)
        {
            Vector3d? touch = digitizer is not null ? digitizer.Touch(next)
                : session!.WorldFromMarker is RigidTransform worldFromMarker ? worldFromMarker.Inverse().Apply(Vector3d.From(input.HandWorldMm))
                : null;
            if (touch is Vector3d point)
            {
                touched.Add(point);
                message = null;
            }
            else
            {
                message = "The pointer or the marker is not seen: touch again.";
            }
        }

        if (touched.Count == fiducials.Count)
        {
            try
            {
                RegistrationProposal proposal = session!.ProposeFromFiducials(touched);
                decision.Show(proposal);
                Phase = NavigatePhase.Decide;
            }
            catch (InvalidInputException e)
            {
                message = e.Message;
                touched.Clear();
            }
        }
    }
}
