using System.CommandLine;
using System.Diagnostics;
using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Navigation;
using ArSpine.App.Rehearsal;
using ArSpine.App.Scene;
using ArSpine.Core.Cases;
using ArSpine.Core.Errors;
using ArSpine.Core.Volumes;
using ArSpine.Core.Phantom;

namespace ArSpine.App.CommandLine;

/// <summary>
/// <c>arspine rehearse CASE [--headless --frames N -o DIR]</c>: the Rehearse mode for N frames in the desktop host, the scripted
/// trainee steering the probe to each planned screw; writes PNG frames of the head's view, the report's picture and report.json,
/// and prints where they are with the grades. CASE is a case folder or <c>phantom</c>; with a display and without
/// <c>--headless</c> the trainee steers the probe with the mouse instead.
/// </summary>
internal static class RehearseCommand
{
    public static Command Create()
    {
        var caseArgument = new Argument<string>("CASE") { Description = "The case folder (from prepare), or 'phantom' for the sample phantom packaged in memory" };
        var output = new Option<string>("--output", "-o") { Description = "Folder for frames/, report.json and report.png", DefaultValueFactory = _ => "out/rehearsal" };
        var headless = new Option<bool>("--headless") { Description = "Render offscreen only (no window)" };
        var frames = new Option<int>("--frames") { Description = "Frames the scripted trainee runs, at 60 Hz of app time (a trainee at the mouse runs until Escape)", DefaultValueFactory = _ => 240 };
        var every = new Option<int>("--every") { Description = "Write every Kth frame as a PNG (0: none)", DefaultValueFactory = _ => 20 };
        var width = new Option<int>("--width") { Description = "Picture width, pixels", DefaultValueFactory = _ => 960 };
        var height = new Option<int>("--height") { Description = "Picture height, pixels", DefaultValueFactory = _ => 540 };
        var surfacePoints = new Option<int>("--surface-points") { Description = "Points the simulated pointer sweeps over the exposed bone to refine the fiducial registration by surface ICP (0: fiducials only)", DefaultValueFactory = _ => 400 };
        var truth = new Option<string?>("--truth") { Description = "The simulated patient's true labels (a NIfTI label file), when they differ from the case's own: the phantom's labels.nii.gz for a case prepared from its CT" };
        var scripted = new Option<bool>("--scripted") { Description = "Let the scripted trainee place the screws in the window too (headless runs always use it)" };
        var seed = new Option<int>("--seed") { Description = "Seed of the camera, the pointer and the trainee", DefaultValueFactory = _ => 1 };
        var command = new Command("rehearse", "Rehearse a case in the simulated operating room: simulated camera frames through the real tracking pipeline, a scripted trainee placing every planned screw, graded against the true anatomy")
        {
            caseArgument, output, headless, frames, every, width, height, surfacePoints, truth, scripted, seed,
        };
        command.SetAction(parse =>
        {
            int frameCount = parse.GetValue(frames);
            if (frameCount <= 0)
            {
                throw InvalidInputException.Field(null, "--frames", "a positive number of frames", frameCount);
            }

            bool offscreenOnly = CaseViewing.IsHeadless(parse.GetValue(headless));
            var run = new RehearsalRun(parse.GetValue(output)!, offscreenOnly, offscreenOnly || parse.GetValue(scripted), frameCount, Math.Max(0, parse.GetValue(every)), ArgumentParsing.PictureSize("--width", parse.GetValue(width)), ArgumentParsing.PictureSize("--height", parse.GetValue(height)), Math.Max(0, parse.GetValue(surfacePoints)), parse.GetValue(seed));
            Rehearse(LoadCase(parse.GetValue(caseArgument)!, parse.GetValue(truth)), run);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The case to rehearse (<see cref="CaseViewing.LoadCase"/>), its anatomy replaced by <paramref name="truthLabelsPath"/> when
    /// given: the simulated patient, whose anatomy the probe meets and the screws are graded against, may differ from the case's
    /// segmentation (the phantom's true labels against the labels <c>prepare</c> segmented). Every case vertebra must be in the truth.
    /// </summary>
    public static CasePackage LoadCase(string caseText, string? truthLabelsPath) => WithTruth(CaseViewing.LoadCase(caseText), truthLabelsPath);

    /// <summary><paramref name="package"/> with its anatomy replaced by <paramref name="truthLabelsPath"/> when given (see <see cref="LoadCase"/>); refuses a package left without labels.</summary>
    public static CasePackage WithTruth(CasePackage package, string? truthLabelsPath)
    {
        if (truthLabelsPath is not null)
        {
            LabelVolume truth = VolumeInputs.ReadLabels("--truth", truthLabelsPath);
            HashSet<int> present = truth.PresentLabels().ToHashSet();
            foreach (CaseVertebra vertebra in package.Case.Vertebrae)
            {
                if (!present.Contains(vertebra.LabelId))
                {
                    throw InvalidInputException.Field(truthLabelsPath, "labels", $"label {vertebra.LabelId} ({vertebra.Name}), a vertebra of the case", $"labels {string.Join(", ", present.Order())}");
                }
            }

            package = package with { Labels = truth };
        }

        if (package.Labels is null)
        {
            throw InvalidInputException.Field(Path.Combine(package.Folder, SurgicalCase.FileName), "labelsFile", "a label volume to grade the rehearsal against (or --truth LABELS)", "none");
        }

        return package;
    }

    /// <summary>
    /// Rehearses <paramref name="package"/> as <paramref name="run"/> says, writes the frames, report.json and report.png into its
    /// output folder, prints the registration, the overlay TRE and each screw's grade, and returns the report.
    /// </summary>
    public static RehearsalReport Rehearse(CasePackage package, RehearsalRun run)
    {
        (string outputFolder, bool offscreenOnly, bool scripted, int frameCount, int every, int widthPx, int heightPx, int surfacePoints, int seed) = run;
        string framesFolder = Path.Combine(outputFolder, "frames");
        var settings = new RehearsalSettings { Seed = seed, SurfacePoints = surfacePoints, Navigation = new NavigationSettings { Threading = scripted ? DetectionThreading.Inline : DetectionThreading.Worker } };
        using var mode = new RehearseMode(package, settings);
        (double nearMm, double farMm) = mode.Room.MarkerToTargetsMm();
        Console.WriteLine($"Simulated room: marker clamped to the {mode.Room.MarkerVertebra} spinous process, {nearMm:0} to {farMm:0} mm from the planned targets; headset camera {mode.Room.Camera.ImageWidthPx}x{mode.Room.Camera.ImageHeightPx}");
        var trainee = new ScriptedTrainee(mode, seed);

        (DesktopInputSettings input, SimulatedHead head) = CaseViewing.RoomStartingHead(mode.Room);
        var options = new DesktopHostOptions
        {
            Headless = offscreenOnly,
            // The scripted trainee runs for the frames asked; a trainee at the mouse until Escape or the window closes.
            Frames = scripted ? frameCount : 0,
            OutputFolder = every > 0 ? framesFolder : null,
            WriteEvery = Math.Max(1, every),
            WidthPx = widthPx,
            HeightPx = heightPx,
            Title = "ArSpine — rehearse",
            NearMm = CaseViewing.RoomNearMm,
            FarMm = CaseViewing.RoomFarMm,
            Input = input,
            InitialHead = head,
        };
        using var host = new DesktopHost(options);
        var clock = Stopwatch.StartNew();
        DesktopHostRun ran;
        if (scripted)
        {
            ran = host.Run(mode, _ => trainee.Next());
        }
        else
        {
            Console.WriteLine("Enter: accept the registration; then aim the probe with the mouse (scroll: depth), click to place the selected screw, Tab: next screw; Escape to finish.");
            ran = host.Run(mode);
        }

        DesktopRenderer renderer = host.Renderer;
        // The worker's frame in flight is counted once it is done.
        mode.Session.Stop();
        RehearsalReport report = mode.BuildReport();
        Directory.CreateDirectory(outputFolder);
        string reportPath = Path.Combine(outputFolder, RehearsalReport.FileName);
        report.Save(reportPath);
        RehearsalPicture.Draw(renderer, mode.Scene!, mode.Room.TrueWorldFromCt, report);
        renderer.RenderFrame(RehearsalPicture.OverviewCamera(mode.Room.TrueWorldFromCt, package.Case.Plan.Screws), host.Options.Background);
        string picturePath = Path.Combine(outputFolder, "report.png");
        PngWriter.Save(picturePath, renderer.ReadPixels(), widthPx, heightPx);

        Console.WriteLine($"Rehearsed {ran.Frames} frames in {clock.Elapsed.TotalSeconds:0.0} s ({host.Window.RendererName}); {report.Tracking.CameraFrames} camera frames, marker found in {report.Tracking.DetectedFrames}, navigable in {report.Tracking.NavigableFrames} frames");
        if (report.Registration is RegistrationReport registration)
        {
            Console.WriteLine($"Registration by {registration.Method}: FRE {registration.FreMm:0.00} mm, {registration.TrueTreMaxMm:0.00} mm from the truth at the targets, predicted TRE at the targets up to {registration.MaxPredictedTreMm:0.00} mm (limits {registration.MaxFreLimitMm:0.0} and {registration.MaxPredictedTreLimitMm:0.0} mm), {(registration.Accepted ? "accepted" : "not accepted")}");
        }

        Console.WriteLine(report.Tracking.OverlayTreMedianMm is double median
            ? $"Overlay TRE at the planned targets against the truth: median {median:0.00} mm, 95th percentile {report.Tracking.OverlayTreP95Mm:0.00} mm, max {report.Tracking.OverlayTreMaxMm:0.00} mm"
            : "Overlay TRE: no navigable frame");
        foreach (PlacedScrewReport screw in report.Screws)
        {
            string breach = screw.BreachMm > 0 ? $", breach {screw.BreachMm:0.00} mm {screw.BreachDirection.ToString().ToLowerInvariant()}" : "";
            string medial = screw.MedialBreach ? ", MEDIAL" : "";
            Console.WriteLine($"  {screw.Screw,-9} grade {screw.Grade}{breach}{medial}; entry {screw.EntryErrorMm:0.0} mm, angle {screw.AngleErrorDeg:0.0} deg from plan");
        }

        if (report.NotPlaced.Count > 0)
        {
            Console.WriteLine($"Not placed (more --frames needed): {string.Join(", ", report.NotPlaced)}");
        }

        Console.WriteLine($"Report: {Path.GetFullPath(reportPath)}");
        Console.WriteLine($"Picture: {Path.GetFullPath(picturePath)}");
        Console.WriteLine($"Frames: {ran.FramesWritten} PNG in {Path.GetFullPath(framesFolder)}");
        return report;
    }
}

/// <summary>How a rehearsal runs: where it writes, headless or in a window, who steers, how long, and the picture size.</summary>
/// <param name="OutputFolder">Folder for frames/, report.json and report.png.</param>
/// <param name="Headless">Render offscreen only.</param>
/// <param name="Scripted">The scripted trainee steers the probe (otherwise the mouse, in the window).</param>
/// <param name="Frames">Frames to run, at 60 Hz of app time.</param>
/// <param name="WriteEvery">Write every Kth frame as a PNG; 0: none.</param>
/// <param name="WidthPx">Frame width, pixels.</param>
/// <param name="HeightPx">Frame height, pixels.</param>
/// <param name="SurfacePoints">Surface points for the ICP refinement of the registration; 0: fiducials only.</param>
/// <param name="Seed">Seed of the camera, the pointer and the trainee.</param>
internal sealed record RehearsalRun(string OutputFolder, bool Headless, bool Scripted, int Frames, int WriteEvery, int WidthPx, int HeightPx, int SurfacePoints, int Seed);
