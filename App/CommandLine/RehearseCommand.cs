using System.CommandLine;
using System.Diagnostics;
using ArSpine.App.Cases;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Navigation;
using ArSpine.App.Rehearsal;
using ArSpine.App.Scene;
using ArSpine.Core.Errors;
using ArSpine.Core.Phantom;

namespace ArSpine.App.CommandLine;

/// <summary>
/// <c>arspine rehearse CASE [--headless --frames N -o DIR]</c>: the Rehearse mode for N frames in the desktop host, the scripted
/// trainee steering the probe to each planned screw; writes PNG frames of the head's view, the report's picture and report.json,
/// and prints where they are with the grades. CASE is <c>phantom</c> (the sample phantom) or a phantom folder with its truth.json.
/// </summary>
internal static class RehearseCommand
{
    public static Command Create()
    {
        var caseArgument = new Argument<string>("CASE") { Description = "'phantom' (the sample phantom case) or a folder written by `arspine phantom` or `arspine demo` (with truth.json)" };
        var output = new Option<string>("--output", "-o") { Description = "Folder for frames/, report.json and report.png", DefaultValueFactory = _ => "out/rehearsal" };
        var headless = new Option<bool>("--headless") { Description = "Render offscreen only (no window)" };
        var frames = new Option<int>("--frames") { Description = "Frames to run at 60 Hz of app time", DefaultValueFactory = _ => 240 };
        var every = new Option<int>("--every") { Description = "Write every Kth frame as a PNG (0: none)", DefaultValueFactory = _ => 20 };
        var width = new Option<int>("--width") { Description = "Picture width, pixels", DefaultValueFactory = _ => 960 };
        var height = new Option<int>("--height") { Description = "Picture height, pixels", DefaultValueFactory = _ => 540 };
        var surfacePoints = new Option<int>("--surface-points") { Description = "Points the simulated pointer sweeps over the exposed bone to refine the fiducial registration by surface ICP (0: fiducials only)", DefaultValueFactory = _ => 400 };
        var seed = new Option<int>("--seed") { Description = "Seed of the camera, the pointer and the trainee", DefaultValueFactory = _ => 1 };
        var command = new Command("rehearse", "Rehearse a case in the simulated operating room: simulated camera frames through the real tracking pipeline, a scripted trainee placing every planned screw, graded against the true anatomy")
        {
            caseArgument, output, headless, frames, every, width, height, surfacePoints, seed,
        };
        command.SetAction(parse =>
        {
            int frameCount = parse.GetValue(frames);
            if (frameCount <= 0)
            {
                throw InvalidInputException.Field(null, "--frames", "a positive number of frames", frameCount);
            }

            bool offscreenOnly = parse.GetValue(headless) || Environment.GetEnvironmentVariable(DemoCommand.HeadlessVariable) == "1";
            Run(parse.GetValue(caseArgument)!, parse.GetValue(output)!, offscreenOnly, frameCount, Math.Max(0, parse.GetValue(every)), parse.GetValue(width), parse.GetValue(height), Math.Max(0, parse.GetValue(surfacePoints)), parse.GetValue(seed));
            return 0;
        });
        return command;
    }

    /// <summary>The case to rehearse: the sample phantom for "phantom", or the phantom a folder's truth.json describes.</summary>
    public static CasePackage LoadCase(string caseText, string outputFolder)
    {
        PhantomParameters parameters;
        string folder;
        if (string.Equals(caseText, "phantom", StringComparison.OrdinalIgnoreCase))
        {
            parameters = SampleCase.Parameters;
            folder = Path.Combine(outputFolder, "case");
        }
        else
        {
            string truthPath = Path.Combine(caseText, "truth.json");
            if (!File.Exists(truthPath))
            {
                throw new InvalidInputException($"{caseText}: expected 'phantom' or a phantom folder with truth.json (case packages load once `prepare` writes them). Was: no {truthPath}.");
            }

            parameters = PhantomTruth.Load(truthPath).Parameters;
            folder = caseText;
        }

        PhantomCase phantom = PhantomCommand.Generate(parameters);
        return ConsoleProgress.Run("Meshing the case", _ => PhantomPackage.Create(phantom, folder));
    }

    private static void Run(string caseText, string outputFolder, bool offscreenOnly, int frameCount, int every, int widthPx, int heightPx, int surfacePoints, int seed)
    {
        CasePackage package = LoadCase(caseText, outputFolder);
        string framesFolder = Path.Combine(outputFolder, "frames");
        Directory.CreateDirectory(framesFolder);
        var settings = new RehearsalSettings { Seed = seed, SurfacePoints = surfacePoints, Navigation = new NavigationSettings { Threading = DetectionThreading.Inline } };
        using var mode = new RehearseMode(package, settings);
        (double nearMm, double farMm) = mode.Room.MarkerToTargetsMm();
        Console.WriteLine($"Simulated room: marker clamped to the {mode.Room.MarkerVertebra} spinous process, {nearMm:0} to {farMm:0} mm from the planned targets; headset camera {mode.Room.Camera.ImageWidthPx}x{mode.Room.Camera.ImageHeightPx}");
        var trainee = new ScriptedTrainee(mode, seed);

        using DesktopWindow window = DesktopWindow.Open(widthPx, heightPx, "ArSpine — rehearse", visible: !offscreenOnly);
        using var renderer = new DesktopRenderer(window.Gl, widthPx, heightPx);
        var background = new RgbaColor(0.08f, 0.09f, 0.11f);
        var pixels = new byte[4 * widthPx * heightPx];
        var clock = Stopwatch.StartNew();
        int written = 0;
        for (int f = 0; f < frameCount && !(window.IsVisible && window.ShouldClose); f++)
        {
            InputFrame input = trainee.Next();
            mode.Step(input, renderer);
            renderer.RenderFrame(RehearsalPicture.HeadCamera(input), background);
            if (every > 0 && (f % every == 0 || f == frameCount - 1))
            {
                renderer.ReadPixels(pixels);
                PngWriter.Save(Path.Combine(framesFolder, $"frame_{f:D4}.png"), pixels, widthPx, heightPx);
                written++;
            }

            if (window.IsVisible)
            {
                (int w, int h) = window.FramebufferSize();
                renderer.BlitToFramebuffer(0, w, h);
                window.SwapBuffers();
                window.PollEvents();
            }
        }

        RehearsalReport report = mode.BuildReport();
        string reportPath = Path.Combine(outputFolder, RehearsalReport.FileName);
        report.Save(reportPath);
        RehearsalPicture.Draw(renderer, mode.Scene!, mode.Room.TrueWorldFromCt, report);
        renderer.RenderFrame(RehearsalPicture.OverviewCamera(mode.Room.TrueWorldFromCt, package.Case.Plan.Screws), background);
        string picturePath = Path.Combine(outputFolder, "report.png");
        PngWriter.Save(picturePath, renderer.ReadPixels(), widthPx, heightPx);

        Console.WriteLine($"Rehearsed {frameCount} frames in {clock.Elapsed.TotalSeconds:0.0} s ({window.RendererName}); {report.Tracking.CameraFrames} camera frames, marker found in {report.Tracking.DetectedFrames}, navigable in {report.Tracking.NavigableFrames} frames");
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
        Console.WriteLine($"Frames: {written} PNG in {Path.GetFullPath(framesFolder)}");
    }
}
