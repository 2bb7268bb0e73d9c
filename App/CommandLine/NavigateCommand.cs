using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Navigation;
using ArSpine.App.Scene;
using ArSpine.App.Simulation;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.PointRegistration;

namespace ArSpine.App.CommandLine;

/// <summary>
/// <c>arspine navigate CASE [--source simulated|webcam|recording|igtl] [--recording DIR --camera CAM.yml] [--igtl-port N]
/// [--headless --frames N --every K -o DIR] [--width --height]</c>: the Navigate mode in the desktop host. Headless (or with
/// <c>--scripted</c>) a scripted surgeon chooses the source, touches every fiducial with the tracked pointer, accepts the
/// registration and holds the instrument along each planned screw in turn; interactively the user drives it with the mouse and
/// keyboard. Prints the registration's figures, the frames navigable, the last guidance numbers and where the frames are.
/// </summary>
internal static class NavigateCommand
{
    /// <summary>The source names <c>--source</c> takes, in the order of <see cref="NavigateMode.DefaultOptions"/>.</summary>
    public static readonly string[] SourceNames = ["simulated", "webcam", "recording", "igtl"];

    public static Command Create()
    {
        var caseArgument = new Argument<string>("CASE") { Description = "The case folder (from prepare), or 'phantom' for the sample phantom packaged in memory" };
        var source = new Option<string?>("--source") { Description = "The frame source to start with: simulated, webcam, recording or igtl (default: choose on the panel; headless: simulated)" };
        var recording = new Option<string?>("--recording") { Description = "Folder of a recorded image sequence (PNG/JPEG) for --source recording" };
        var camera = new Option<string?>("--camera") { Description = "The camera's calibration (CAM.yml from calibrate), for --source webcam or recording" };
        var igtlPort = new Option<int>("--igtl-port") { Description = "TCP port to listen on for an OpenIGTLink tracker (--source igtl)", DefaultValueFactory = _ => 18944 };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the PNG frames", DefaultValueFactory = _ => "out/navigate" };
        var headless = new Option<bool>("--headless") { Description = "Render offscreen only (no window); the scripted surgeon drives" };
        var scripted = new Option<bool>("--scripted") { Description = "Let the scripted surgeon drive in the window too (headless runs always use it)" };
        var frames = new Option<int?>("--frames") { Description = "Frames to run at 60 Hz of app time (default: 240 headless; interactive: until Escape)" };
        var every = new Option<int>("--every") { Description = "Write every Kth frame as a PNG (0: none)", DefaultValueFactory = _ => 20 };
        var width = new Option<int>("--width") { Description = "Picture width, pixels", DefaultValueFactory = _ => 960 };
        var height = new Option<int>("--height") { Description = "Picture height, pixels", DefaultValueFactory = _ => 540 };
        var maxFre = new Option<double?>("--max-fre") { Description = "The registration's FRE limit, mm (default: the navigation thresholds')" };
        var pointerError = new Option<double>("--pointer-error") { Description = "The simulated pointer's fiducial localisation error, mm RMS (simulated source)", DefaultValueFactory = _ => 0.5 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated pointer", DefaultValueFactory = _ => 1 };
        var command = new Command("navigate", "Navigate a case: choose a frame source, register by touching the fiducials, accept, then live instrument guidance against the planned screws")
        {
            caseArgument, source, recording, camera, igtlPort, output, headless, scripted, frames, every, width, height, maxFre, pointerError, seed,
        };
        command.SetAction(parse =>
        {
            bool offscreenOnly = CaseViewing.IsHeadless(parse.GetValue(headless));
            int? sourceIndex = SourceIndex(parse.GetValue(source));
            int frameCount = parse.GetValue(frames) ?? (offscreenOnly ? 240 : 0);
            if (frameCount < 0 || (offscreenOnly && frameCount == 0))
            {
                throw InvalidInputException.Field(null, "--frames", offscreenOnly ? "a positive number of frames for a headless run" : "a positive number of frames, or 0 for until Escape", frameCount);
            }

            int port = parse.GetValue(igtlPort);
            if (port is < 0 or > 65535)
            {
                throw InvalidInputException.Field(null, "--igtl-port", "a TCP port from 0 to 65535", port);
            }

            double? freLimit = parse.GetValue(maxFre);
            if (freLimit is double limit && !(limit > 0))
            {
                throw InvalidInputException.Field(null, "--max-fre", "a positive FRE limit in mm", limit);
            }

            double fle = parse.GetValue(pointerError);
            if (!(fle >= 0) || double.IsInfinity(fle))
            {
                throw InvalidInputException.Field(null, "--pointer-error", "a non-negative error in mm", fle);
            }

            int widthPx = ArgumentParsing.PictureSize("--width", parse.GetValue(width)), heightPx = ArgumentParsing.PictureSize("--height", parse.GetValue(height));

            string? recordingFolder = parse.GetValue(recording);
            string? cameraPath = parse.GetValue(camera);
            if (sourceIndex == 2 && recordingFolder is null)
            {
                throw new InvalidInputException("--source recording: expected the recorded sequence's folder (--recording DIR). Was: none given.");
            }

            if (sourceIndex is 1 or 2 && cameraPath is null)
            {
                throw new InvalidInputException($"--source {SourceNames[sourceIndex.Value]}: expected the camera's calibration (--camera CAM.yml). Was: none given.");
            }

            CameraIntrinsics? recordingCamera = cameraPath is null ? null : CameraCalibrationFile.Read(cameraPath);
            CasePackage package = CaseViewing.LoadCase(parse.GetValue(caseArgument)!);
            var run = new NavigationRun(
                parse.GetValue(output)!, offscreenOnly, offscreenOnly || parse.GetValue(scripted), frameCount, Math.Max(0, parse.GetValue(every)), widthPx, heightPx,
                sourceIndex, recordingFolder, recordingCamera, port, freLimit, fle, parse.GetValue(seed));
            return Navigate(package, run).ExitCode;
        });
        return command;
    }

    /// <summary>The index in <see cref="SourceNames"/> of <c>--source</c>'s value (null when not given); an unknown name is an <see cref="InvalidInputException"/>.</summary>
    public static int? SourceIndex(string? name)
    {
        if (name is null)
        {
            return null;
        }

        int index = Array.FindIndex(SourceNames, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw InvalidInputException.Field(null, "--source", "one of " + string.Join(", ", SourceNames), name);
    }

    /// <summary>
    /// Runs Navigate on <paramref name="package"/> as <paramref name="run"/> says and prints what happened; returns the outcome,
    /// with exit code 1 when the chosen source could not open (an absent webcam, a refused port).
    /// </summary>
    public static NavigationOutcome Navigate(CasePackage package, NavigationRun run)
    {
        string framesFolder = Path.GetFullPath(run.OutputFolder);
        var thresholds = run.MaxFreMm is double maxFre ? RegistrationThresholds.Default with { MaxFreMm = maxFre } : RegistrationThresholds.Default;
        var settings = new NavigationSettings { Thresholds = thresholds, Threading = run.Scripted ? DetectionThreading.Inline : DetectionThreading.Worker };

        // The simulated room is made up front when it may be used: the head starts where it puts the surgeon.
        OperatingRoom? room = run.SourceIndex is null or 0 ? OperatingRoom.Create(package) : null;
        Exception? openFailure = null;
        var options = new List<FrameSourceOption>();
        IReadOnlyList<FrameSourceOption> defaults = NavigateMode.DefaultOptions(package, run.RecordingFolder, run.RecordingCamera, run.IgtlPort);
        for (int i = 0; i < defaults.Count; i++)
        {
            FrameSourceOption option = defaults[i];
            if (i == 0 && room is not null)
            {
                OperatingRoom simulatedRoom = room;
                option = new FrameSourceOption(option.Name, () => new SimulatedFrameSource(simulatedRoom, seed: run.Seed), _ => new SimulatedDigitizer(new SimulatedPointer(simulatedRoom.TrueMarkerFromCt, run.PointerErrorMm, run.Seed)));
            }

            Func<ICameraFrameSource> open = option.Open;
            options.Add(option with
            {
                Open = () =>
                {
                    try
                    {
                        return open();
                    }
                    catch (Exception e)
                    {
                        openFailure = e;
                        throw;
                    }
                },
            });
        }

        using var mode = new NavigateMode(package, options, settings);
        if (run.SourceIndex is int chosen && !mode.ChooseSource(chosen))
        {
            if (openFailure is InvalidInputException invalid)
            {
                throw invalid;
            }

            Console.Error.WriteLine($"arspine: {mode.Message}");
            return new NavigationOutcome(ArSpineCommandLine.FailureExitCode, mode.Session?.Proposal, false, 0, 0, null);
        }

        // Simulated room: World +Y up, the head where the room puts the surgeon. Camera sources (WorldFromCamera = identity): the head
        // at the camera looking along its +Z with its -Y up, so the overlay lies over the marker as the camera sees it.
        bool cameraSource = run.SourceIndex is int s && s != 0;
        (DesktopInputSettings input, SimulatedHead head) = CaseViewing.RoomStartingHead(cameraSource ? null : room);

        var hostOptions = new DesktopHostOptions
        {
            Headless = run.Headless,
            Frames = run.Frames,
            OutputFolder = run.WriteEvery > 0 ? framesFolder : null,
            WriteEvery = Math.Max(1, run.WriteEvery),
            WidthPx = run.WidthPx,
            HeightPx = run.HeightPx,
            Title = "ArSpine — navigate",
            NearMm = CaseViewing.RoomNearMm,
            FarMm = CaseViewing.RoomFarMm,
            Input = input,
            InitialHead = head,
        };
        using var host = new DesktopHost(hostOptions);
        var counter = new CountingMode(mode);
        Console.WriteLine($"Navigating {package.Case.Plan.Screws.Count} planned screws with {package.Case.Fiducials?.Count ?? 0} fiducials ({host.Window.RendererName}); source: {(mode.Session is { } chosenSession ? chosenSession.Source.Name : "choose on the panel")}");
        var clock = Stopwatch.StartNew();
        DesktopHostRun result;
        if (run.Scripted)
        {
            var surgeon = new ScriptedSurgeon(mode, DesktopInputMapping.WorldFromHead(head, input));
            result = host.Run(counter, surgeon.Next);
        }
        else
        {
            Console.WriteLine("Right-drag: look, WASD/QE: move (Shift: faster); the mouse ray is the instrument (scroll: depth); click a panel button to choose the source;");
            Console.WriteLine("Enter or click: touch the next fiducial, then Enter: accept, Backspace: reject / register again; Tab / Shift+Tab: next / previous screw; F3: stereo; Escape or close the window to finish.");
            result = host.Run(counter);
        }

        Console.WriteLine($"Ran {result.Frames} frames in {clock.Elapsed.TotalSeconds:0.0} s; navigable in {counter.NavigableFrames} frames");
        RegistrationProposal? proposal = mode.Session?.Proposal;
        bool accepted = mode.Session?.Decision == RegistrationDecision.Accepted;
        if (proposal is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Registration by {proposal.Method} ({proposal.Fiducials} points): FRE {proposal.FreMm:0.00} mm, predicted TRE at the targets up to {proposal.MaxPredictedTreMm:0.00} mm (limits {proposal.Thresholds.MaxFreMm:0.00} and {proposal.Thresholds.MaxPredictedTreMm:0.00} mm), {(accepted ? "accepted" : proposal.WithinThresholds ? "not accepted" : "over its thresholds: not accepted")}"));
        }
        else
        {
            Console.WriteLine("Registration: none proposed");
        }

        if (counter.LastGuidance is GuidanceReading g)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Last guidance ({counter.LastGuidanceScrew}): offset from plan {g.LateralOffsetMm:0.0} mm, angle {g.AngleDeg:0.0} deg, depth to target {g.DepthToTargetMm:0.0} mm, tip to entry {g.TipToEntryMm:0.0} mm, band {g.Band.ToString().ToLowerInvariant()}"));
        }
        else
        {
            Console.WriteLine("Last guidance: none (never navigable)");
        }

        if (mode.Message is { } message)
        {
            Console.WriteLine($"Panel message: {message}");
        }

        Console.WriteLine(result.FramesWritten > 0 ? $"Frames: {result.FramesWritten} PNG in {framesFolder}" : "Frames: none written");
        return new NavigationOutcome(0, proposal, accepted, result.Frames, counter.NavigableFrames, counter.LastGuidance);
    }

    /// <summary>Steps the mode and counts the frames drawn navigable, keeping the last valid guidance reading. Allocates nothing per frame.</summary>
    private sealed class CountingMode(NavigateMode mode) : IAppMode
    {
        public string Name => mode.Name;

        public int NavigableFrames { get; private set; }

        public GuidanceReading? LastGuidance { get; private set; }

        public string? LastGuidanceScrew { get; private set; }

        public void Step(in InputFrame input, IHologramPort port)
        {
            mode.Step(input, port);
            if (mode.Overlay.Look == OverlayLook.Navigable)
            {
                NavigableFrames++;
            }

            if (mode.Overlay.GuidanceValid)
            {
                LastGuidance = mode.Overlay.Reading;
                LastGuidanceScrew = mode.Scene is { SelectedScrew: >= 0 } scene ? scene.ScrewLabels[scene.SelectedScrew] : null;
            }
        }
    }
}

/// <summary>
/// The scripted surgeon of a headless navigate run: from a still head, chooses the simulated source (when none was chosen), touches
/// a fiducial every few frames, looks at the registration's figures a moment and accepts, then holds the instrument along the
/// selected planned screw, a little off its line and short of its entry, pressing Next every <see cref="FramesPerScrew"/> frames.
/// </summary>
internal sealed class ScriptedSurgeon(NavigateMode mode, Matrix4x4 worldFromHead)
{
    /// <summary>Frames on each screw before Next.</summary>
    public const int FramesPerScrew = 20;

    /// <summary>The instrument tip's offset from the planned line, mm.</summary>
    public const double OffsetMm = 1.5;

    /// <summary>How far short of the planned entry the tip is held, mm (along the trajectory, outside the bone).</summary>
    public const double ShortOfEntryMm = 8;

    private const int ChooseAtFrame = 3, TouchEveryFrames = 3, DecideFrames = 12;
    private int phaseFrames;
    private NavigatePhase lastPhase = (NavigatePhase)(-1);

    /// <summary>The input of 0-based frame <paramref name="frame"/>.</summary>
    public InputFrame Next(int frame)
    {
        if (mode.Phase != lastPhase)
        {
            lastPhase = mode.Phase;
            phaseFrames = 0;
        }

        phaseFrames++;
        Vector3 forward = -new Vector3(worldFromHead.M31, worldFromHead.M32, worldFromHead.M33);
        var still = new InputFrame(frame / 60.0, worldFromHead, worldFromHead.Translation, Vector3.Normalize(forward), 400, ButtonState.Up, ButtonState.Up, AppKeys.None);
        switch (mode.Phase)
        {
            case NavigatePhase.ChooseSource:
                if (phaseFrames == ChooseAtFrame)
                {
                    mode.ChooseSource(0);
                }

                return still;
            case NavigatePhase.TouchFiducials:
                // Without a tracked pointer (a webcam, a recording) the script cannot know where the fiducials are: it holds still.
                return still with { KeysPressed = mode.HasPointer && phaseFrames % TouchEveryFrames == 0 ? AppKeys.Accept : AppKeys.None };
            case NavigatePhase.Decide:
                return still with { KeysPressed = phaseFrames % DecideFrames == 0 ? AppKeys.Accept : AppKeys.None };
            default:
                return Instrument(still, phaseFrames);
        }
    }

    private InputFrame Instrument(in InputFrame still, int navigateFrame)
    {
        AppKeys keys = navigateFrame % FramesPerScrew == 0 ? AppKeys.Next : AppKeys.None;
        if (mode.Session?.Status.WorldFromCt is not RigidTransform worldFromCt || mode.Scene is not { SelectedScrew: >= 0 } scene)
        {
            return still with { KeysPressed = keys };
        }

        ScrewTrajectory screw = scene.Package.Case.Plan.Screws[scene.SelectedScrew];
        Vector3d side = Vector3d.Cross(screw.Direction, Math.Abs(screw.Direction.X) < 0.9 ? Vector3d.UnitX : Vector3d.UnitY).Normalized();
        Vector3d tipCt = screw.EntryCt - screw.Direction * ShortOfEntryMm + side * OffsetMm;
        Vector3 tip = worldFromCt.Apply(tipCt).ToVector3();
        Vector3 axis = Vector3.Normalize(worldFromCt.ApplyToDirection(screw.Direction).ToVector3());
        const float reachMm = 300;
        return still with { PointerOriginWorldMm = tip - axis * reachMm, PointerDirectionWorld = axis, PointerDepthMm = reachMm, KeysPressed = keys };
    }
}

/// <summary>How a navigate run goes: where it writes, headless or in a window, who drives, how long, the picture, the source and its inputs.</summary>
/// <param name="OutputFolder">Folder for the PNG frames.</param>
/// <param name="Headless">Render offscreen only.</param>
/// <param name="Scripted">The scripted surgeon drives (otherwise the mouse and keyboard, in the window).</param>
/// <param name="Frames">Frames to run at 60 Hz of app time; 0 until Escape (interactive only).</param>
/// <param name="WriteEvery">Write every Kth frame as a PNG; 0: none.</param>
/// <param name="WidthPx">Frame width, pixels.</param>
/// <param name="HeightPx">Frame height, pixels.</param>
/// <param name="SourceIndex">The source chosen at the start (index of <see cref="NavigateCommand.SourceNames"/>); null: the panel offers the choice.</param>
/// <param name="RecordingFolder">A recorded image sequence's folder, or null.</param>
/// <param name="RecordingCamera">The recording camera's intrinsics, or null.</param>
/// <param name="IgtlPort">The OpenIGTLink server's TCP port.</param>
/// <param name="MaxFreMm">The FRE limit, mm; null: the default thresholds.</param>
/// <param name="PointerErrorMm">The simulated pointer's FLE, mm RMS.</param>
/// <param name="Seed">Seed of the simulated pointer and camera.</param>
internal sealed record NavigationRun(
    string OutputFolder, bool Headless, bool Scripted, int Frames, int WriteEvery, int WidthPx, int HeightPx,
    int? SourceIndex, string? RecordingFolder, CameraIntrinsics? RecordingCamera, int IgtlPort, double? MaxFreMm, double PointerErrorMm, int Seed);

/// <summary>What a navigate run did.</summary>
/// <param name="ExitCode">0, or 1 when the chosen source could not open.</param>
/// <param name="Proposal">The last registration proposed, or null.</param>
/// <param name="Accepted">Whether a registration was accepted.</param>
/// <param name="Frames">Frames run.</param>
/// <param name="NavigableFrames">Frames drawn in the navigable look.</param>
/// <param name="LastGuidance">The last valid guidance reading, or null.</param>
internal sealed record NavigationOutcome(int ExitCode, RegistrationProposal? Proposal, bool Accepted, int Frames, int NavigableFrames, GuidanceReading? LastGuidance);
