using System.CommandLine;
using System.Diagnostics;
using ArSpine.App.Cases;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Scene;
using ArSpine.Core.Meshes;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;
using ArSpine.Imaging.Phantom;

namespace ArSpine.App.CommandLine;

/// <summary>
/// <c>arspine demo</c>: the walking skeleton. Generates (or reuses) the sample case, meshes each vertebra, plans the ideal screws
/// from the phantom's truth, and renders the vertebrae and screw paths with the desktop host to a PNG; with a display and without
/// <c>--headless</c> it also keeps the window open until it is closed.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Set by the front-door script when it runs the app under Xvfb: render offscreen, open no interactive window.</summary>
    public const string HeadlessVariable = "ARSPINE_HEADLESS";

    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder of the sample case", DefaultValueFactory = _ => SampleCase.DefaultFolder };
        var png = new Option<string?>("--png") { Description = "Where to write the picture (default: OUTPUT/demo.png)" };
        var headless = new Option<bool>("--headless") { Description = "Render offscreen only (no window to interact with)" };
        var width = new Option<int>("--width") { Description = "Picture width, pixels", DefaultValueFactory = _ => 1600 };
        var height = new Option<int>("--height") { Description = "Picture height, pixels", DefaultValueFactory = _ => 1000 };
        var command = new Command("demo", "Generate (or reuse) the sample case, mesh its vertebrae and render them with the ideal screw paths to a PNG")
        {
            output, png, headless, width, height,
        };
        command.SetAction(parse =>
        {
            string folder = parse.GetValue(output)!;
            string pngPath = parse.GetValue(png) ?? Path.Combine(folder, "demo.png");
            bool offscreenOnly = parse.GetValue(headless) || Environment.GetEnvironmentVariable(HeadlessVariable) == "1";
            Run(folder, pngPath, offscreenOnly, parse.GetValue(width), parse.GetValue(height));
            return 0;
        });
        return command;
    }

    private static void Run(string folder, string pngPath, bool offscreenOnly, int widthPx, int heightPx)
    {
        (PhantomTruth truth, LabelVolume labels) = LoadOrCreate(folder);
        IReadOnlyList<TriangleMesh> meshes = ConsoleProgress.Run("Meshing vertebrae", progress =>
        {
            var result = new List<TriangleMesh>();
            foreach (VertebraTruth v in truth.Vertebrae)
            {
                result.Add(LabelSurface.Extract(labels, v.LabelId));
                progress.Report((double)result.Count / truth.Vertebrae.Count);
            }

            return result;
        });
        SurgicalPlan plan = truth.ToPlan(SampleCase.ScrewDiameterMm);
        plan.Save(Path.Combine(folder, "plan.json"));
        Console.WriteLine($"Meshed {meshes.Count} vertebrae ({meshes.Sum(m => m.TriangleCount):N0} triangles); {plan.Screws.Count} ideal screws in {Path.GetFullPath(Path.Combine(folder, "plan.json"))}");

        using DesktopWindow window = DesktopWindow.Open(widthPx, heightPx, "ArSpine — sample case", visible: !offscreenOnly);
        using var renderer = new DesktopRenderer(window.Gl, widthPx, heightPx);
        SpineOverview overview = SpineOverview.Upload(renderer, meshes, plan);
        ViewCamera camera = overview.PosteriorObliqueCamera();
        var background = new RgbaColor(0.08f, 0.09f, 0.11f);
        overview.Draw(renderer);
        renderer.RenderFrame(camera, background);
        PngWriter.Save(pngPath, renderer.ReadPixels(), widthPx, heightPx);
        Console.WriteLine($"Rendered the vertebrae and screw paths ({window.RendererName}) to {Path.GetFullPath(pngPath)}");

        if (window.IsVisible)
        {
            Console.WriteLine("Close the window to finish.");
            while (!window.ShouldClose)
            {
                overview.Draw(renderer);
                renderer.RenderFrame(camera, background);
                (int w, int h) = window.FramebufferSize();
                renderer.BlitToFramebuffer(0, w, h);
                window.SwapBuffers();
                window.PollEvents();
            }
        }
    }

    private static (PhantomTruth Truth, LabelVolume Labels) LoadOrCreate(string folder)
    {
        if (PhantomFiles.TryReuse(folder, SampleCase.Parameters) is { } reused)
        {
            Console.WriteLine($"Reusing the sample case in {Path.GetFullPath(folder)}");
            return reused;
        }

        var clock = Stopwatch.StartNew();
        PhantomCase phantom = PhantomCommand.Generate(SampleCase.Parameters);
        ConsoleProgress.Run("Writing DICOM and NIfTI", p => PhantomFiles.Write(phantom, folder, p));
        Console.WriteLine($"Generated the sample case in {Path.GetFullPath(folder)} ({clock.Elapsed.TotalSeconds:0.0} s)");
        return (phantom.Truth, phantom.Labels);
    }
}
