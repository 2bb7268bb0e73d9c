using System.CommandLine;
using System.Globalization;
using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Scene;
using ArSpine.Core.Errors;
using ArSpine.Core.Phantom;
using ArSpine.Planning.Osteotomy;

namespace ArSpine.App.CommandLine;

/// <summary>
/// <c>arspine review CASE [--headless --frames N -o DIR]</c>: the Review mode (and, with <c>--osteotomy LEVEL</c>, the Osteotomy
/// mode) in the desktop host. Headless, it renders N frames offscreen, selecting the next screw in each, to PNGs in DIR; with a
/// display it opens a window (Tab / Shift+Tab: next / previous screw, M: next mode, Enter: accept, Backspace: undo, Escape: quit).
/// CASE is a case folder written by <c>prepare</c>, or the word <c>phantom</c> (the sample case's phantom, packaged in memory).
/// </summary>
internal static class ReviewCommand
{
    public static Command Create()
    {
        var caseArgument = new Argument<string>("CASE") { Description = "The case folder (from prepare), or 'phantom' for the sample phantom packaged in memory" };
        var headless = new Option<bool>("--headless") { Description = "Render offscreen to PNG frames (no window to interact with)" };
        var frames = new Option<int>("--frames") { Description = "Frames to render headless (each selects the next screw)", DefaultValueFactory = _ => 3 };
        var output = new Option<string>("--output", "-o") { Description = "Folder of the PNG frames", DefaultValueFactory = _ => "out/review" };
        var width = new Option<int>("--width") { Description = "Frame width, pixels", DefaultValueFactory = _ => 1280 };
        var height = new Option<int>("--height") { Description = "Frame height, pixels", DefaultValueFactory = _ => 800 };
        var osteotomy = new Option<string?>("--osteotomy") { Description = "Add the Osteotomy mode: a 25° pedicle subtraction of this level (L1–L5)" };
        var command = new Command("review", "Review a case in the desktop host: vertebrae, planned screws, the CT resliced along the selected screw")
        {
            caseArgument, headless, frames, output, width, height, osteotomy,
        };
        command.SetAction(parse =>
        {
            int frameCount = parse.GetValue(frames);
            if (frameCount < 1)
            {
                throw InvalidInputException.Field(null, "--frames", "a positive number of frames", frameCount);
            }

            bool offscreenOnly = CaseViewing.IsHeadless(parse.GetValue(headless));
            Run(parse.GetValue(caseArgument)!, offscreenOnly, frameCount, parse.GetValue(output)!, ArgumentParsing.PictureSize("--width", parse.GetValue(width)), ArgumentParsing.PictureSize("--height", parse.GetValue(height)), parse.GetValue(osteotomy));
            return 0;
        });
        return command;
    }

    private static void Run(string caseArgument, bool offscreenOnly, int frameCount, string folder, int widthPx, int heightPx, string? osteotomyLevel)
    {
        CasePackage package = CaseViewing.LoadCase(caseArgument);
        OsteotomyPlan? osteotomy = null;
        if (osteotomyLevel is not null)
        {
            if (package.Labels is null)
            {
                throw InvalidInputException.Field(null, "--osteotomy", "a case with a label volume", "none");
            }

            osteotomy = OsteotomyPlanner.Plan(package.Labels, osteotomyLevel, OsteotomyType.PedicleSubtraction, 25, "--osteotomy");
        }

        using var host = new DesktopHost(CaseViewing.HostOptions(package, offscreenOnly, offscreenOnly ? frameCount : 0, offscreenOnly ? folder : null, widthPx, heightPx, "ArSpine — review"));
        DesktopRenderer renderer = host.Renderer;
        var review = new ReviewMode(renderer, package);
        var modes = new List<IAppMode> { review };
        if (osteotomy is not null)
        {
            modes.Add(new OsteotomyMode(renderer, review.Scene, osteotomy) { PanelPose = review.PanelPose });
        }

        // The mode panel on the patient's left (LPS +X) of the case, the review panel on the right, both facing a surgeon behind the patient.
        (Vector3 _, Vector3 max) = CaseScene.BoundsCt(package.VertebraMeshes);
        var app = new ArSpineApp(modes) { PanelPose = review.PanelPose with { M41 = max.X + 30 + ArSpineApp.PanelWidthMm } };
        Console.WriteLine($"Reviewing {package.Case.Vertebrae.Count} vertebrae and {package.Case.Plan.Screws.Count} planned screws ({host.Window.RendererName})");
        if (offscreenOnly)
        {
            // Each frame after the first selects the next screw, so the frames show the screws one by one.
            host.Run(app, n => host.StillInput(n, host.Options.InitialHead) with { KeysPressed = n == 0 ? AppKeys.None : AppKeys.Next });
            for (int n = 1; n <= frameCount; n++)
            {
                Console.WriteLine($"  {Path.GetFullPath(Path.Combine(folder, DesktopHost.FrameFileName(n)))}");
            }

            int selected = review.Scene.SelectedScrew;
            Console.WriteLine($"Last frame's selection: {(selected >= 0 ? review.Scene.ScrewLabels[selected] : "none")}");
            return;
        }

        Console.WriteLine("Right-drag: look, WASD/QE: move, Tab / Shift+Tab: next / previous screw, M: next mode, Enter: accept, Backspace: undo, F3: stereo; Escape or close the window to finish.");
        host.Run(app);
    }
}
