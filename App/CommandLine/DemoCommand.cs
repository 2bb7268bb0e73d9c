using System.CommandLine;
using System.Diagnostics;
using ArSpine.App.Cases;
using ArSpine.App.Rehearsal;
using ArSpine.Core.Cases;
using ArSpine.Core.Phantom;
using ArSpine.Imaging.Phantom;
using ArSpine.Planning.Screws;

namespace ArSpine.App.CommandLine;

/// <summary>
/// <c>arspine demo</c>, the README's main job: generates (or reuses) the sample phantom's DICOM series, prepares its case package
/// the real way (segment, mesh, plan), renders the plan from behind the patient, and rehearses the case in the simulated operating
/// room — simulated camera frames through the real tracking pipeline, the scripted trainee placing every planned screw — graded
/// against the phantom's true anatomy; ends with where the report and pictures are. Headless without a display; with one, the
/// rehearsal plays in a window.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Set by the front-door script when it runs the app under Xvfb: render offscreen, open no interactive window.</summary>
    public const string HeadlessVariable = "ARSPINE_HEADLESS";

    /// <summary>Frames of the demo's rehearsal: enough for the scripted trainee to place all ten screws of the sample case.</summary>
    public const int RehearsalFrames = 300;

    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder of the sample case", DefaultValueFactory = _ => SampleCase.DefaultFolder };
        var headless = new Option<bool>("--headless") { Description = "Render offscreen only (no window)" };
        var width = new Option<int>("--width") { Description = "Picture width, pixels", DefaultValueFactory = _ => 1280 };
        var height = new Option<int>("--height") { Description = "Picture height, pixels", DefaultValueFactory = _ => 720 };
        var frames = new Option<int>("--frames") { Description = "Frames of the rehearsal (60 per second of app time)", DefaultValueFactory = _ => RehearsalFrames };
        var command = new Command("demo", "Generate the sample phantom CT, prepare its case (segment, mesh, plan), render the plan and rehearse it in the simulated operating room")
        {
            output, headless, width, height, frames,
        };
        command.SetAction(parse =>
        {
            int frameCount = parse.GetValue(frames);
            if (frameCount <= 0)
            {
                throw Core.Errors.InvalidInputException.Field(null, "--frames", "a positive number of frames", frameCount);
            }

            Run(parse.GetValue(output)!, CaseViewing.IsHeadless(parse.GetValue(headless)), frameCount, ArgumentParsing.PictureSize("--width", parse.GetValue(width)), ArgumentParsing.PictureSize("--height", parse.GetValue(height)));
            return 0;
        });
        return command;
    }

    private static void Run(string folder, bool offscreenOnly, int frameCount, int widthPx, int heightPx)
    {
        var clock = Stopwatch.StartNew();
        bool regenerated = EnsureSampleCase(folder);
        string caseFolder = Path.Combine(folder, "case");
        CasePackage package = !regenerated && File.Exists(Path.Combine(caseFolder, SurgicalCase.FileName))
            ? Reuse(caseFolder)
            : PrepareCommand.Prepare(Path.Combine(folder, PhantomFiles.DicomFolder), caseFolder, null, null, null, "sample phantom", new ScrewPlanningOptions { Catalogue = ScrewCatalogue.Load(ScrewCatalogue.DefaultPath) });

        string planPicture = Path.Combine(folder, "plan.png");
        string rendererName = RenderCommand.Render(package, CaseViewing.PosteriorCamera(package, widthPx, heightPx), widthPx, heightPx, planPicture);
        Console.WriteLine($"Rendered the plan from behind the patient ({rendererName}) to {Path.GetFullPath(planPicture)}");

        // The simulated patient is the phantom itself: the probe meets, and the grades judge, its true labels, not the segmentation.
        CasePackage rehearsed = RehearseCommand.WithTruth(package, Path.Combine(folder, PhantomFiles.LabelsFile));
        string rehearsalFolder = Path.Combine(folder, "rehearsal");
        RehearsalReport report = RehearseCommand.Rehearse(rehearsed, new RehearsalRun(rehearsalFolder, offscreenOnly, Scripted: true, frameCount, WriteEvery: 30, widthPx, heightPx, SurfacePoints: 400, Seed: 1));
        Console.WriteLine();
        Console.WriteLine($"Demo done in {clock.Elapsed.TotalSeconds:0} s: {report.Screws.Count} screws placed and graded against the phantom's true anatomy.");
        Console.WriteLine($"  case package:       {Path.GetFullPath(caseFolder)}");
        Console.WriteLine($"  plan picture:       {Path.GetFullPath(planPicture)}");
        Console.WriteLine($"  rehearsal report:   {Path.GetFullPath(Path.Combine(rehearsalFolder, RehearsalReport.FileName))}");
        Console.WriteLine($"  rehearsal picture:  {Path.GetFullPath(Path.Combine(rehearsalFolder, "report.png"))}");
        Console.WriteLine($"  rehearsal frames:   {Path.GetFullPath(Path.Combine(rehearsalFolder, "frames"))}");
    }

    /// <summary>Writes the sample phantom into <paramref name="folder"/> unless an up-to-date one is there; true when it wrote one.</summary>
    private static bool EnsureSampleCase(string folder)
    {
        if (PhantomFiles.TryReuse(folder, SampleCase.Parameters) is not null)
        {
            Console.WriteLine($"Reusing the sample case in {Path.GetFullPath(folder)}");
            return false;
        }

        var clock = Stopwatch.StartNew();
        PhantomCase phantom = PhantomCommand.Generate(SampleCase.Parameters);
        ConsoleProgress.Run("Writing DICOM and NIfTI", p => PhantomFiles.Write(phantom, folder, p));
        Console.WriteLine($"Generated the sample case in {Path.GetFullPath(folder)} ({clock.Elapsed.TotalSeconds:0.0} s)");
        return true;
    }

    private static CasePackage Reuse(string caseFolder)
    {
        Console.WriteLine($"Reusing the prepared case in {Path.GetFullPath(caseFolder)}");
        return CasePackage.Load(caseFolder);
    }
}
