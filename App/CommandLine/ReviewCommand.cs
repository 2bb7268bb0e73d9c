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
/// CASE is the word <c>phantom</c> (the sample case's phantom, built in memory) until case folders can be loaded.
/// </summary>
internal static class ReviewCommand
{
    private const int KeyTab = 258, KeyEnter = 257, KeyBackspace = 259, KeyM = 77, KeyEscape = 256, KeyLeftShift = 340;

    public static Command Create()
    {
        var caseArgument = new Argument<string>("CASE") { Description = "The case: 'phantom' (the sample phantom, made in memory)" };
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

            bool offscreenOnly = parse.GetValue(headless) || Environment.GetEnvironmentVariable(DemoCommand.HeadlessVariable) == "1";
            Run(parse.GetValue(caseArgument)!, offscreenOnly, frameCount, parse.GetValue(output)!, parse.GetValue(width), parse.GetValue(height), parse.GetValue(osteotomy));
            return 0;
        });
        return command;
    }

    /// <summary>The case package a CASE argument names.</summary>
    public static CasePackage LoadCase(string caseArgument)
    {
        if (!string.Equals(caseArgument, "phantom", StringComparison.OrdinalIgnoreCase))
        {
            throw InvalidInputException.Field(null, "CASE", "the word 'phantom' (loading a case folder comes with the case package reader)", caseArgument);
        }

        PhantomCase phantom = ConsoleProgress.Run("Generating the phantom", p => LumbarSpinePhantom.Generate(SampleCase.Parameters, p));
        return PhantomPackage.Create(phantom, "phantom");
    }

    /// <summary>A camera behind the patient (LPS +Y), raised and turned toward the patient's right, framing every vertebra.</summary>
    public static ViewCamera PosteriorCamera(CasePackage package, float verticalFovDeg = 30)
    {
        (Vector3 min, Vector3 max) = CaseScene.BoundsCt(package.VertebraMeshes);
        Vector3 centre = (min + max) / 2;
        float radius = (max - min).Length() / 2;
        var direction = Vector3.Normalize(new Vector3(-0.45f, 1.0f, 0.35f));
        float distance = radius / MathF.Tan(verticalFovDeg * MathF.PI / 360) * 1.05f;
        return new ViewCamera(centre + direction * distance, centre, Vector3.UnitZ, verticalFovDeg, distance * 0.2f, distance * 3);
    }

    /// <summary>The input of a frame with the head at the camera's eye, the pointer along its view, and these keys.</summary>
    public static InputFrame HeadAt(ViewCamera camera, double timeS, AppKeys keys)
    {
        Matrix4x4.Invert(camera.ViewFromWorld(), out Matrix4x4 worldFromHead);
        Vector3 forward = Vector3.Normalize(camera.TargetWorldMm - camera.EyeWorldMm);
        return new InputFrame(timeS, worldFromHead, camera.EyeWorldMm, forward, Vector3.Distance(camera.EyeWorldMm, camera.TargetWorldMm), ButtonState.Up, ButtonState.Up, keys);
    }

    private static void Run(string caseArgument, bool offscreenOnly, int frameCount, string folder, int widthPx, int heightPx, string? osteotomyLevel)
    {
        CasePackage package = LoadCase(caseArgument);
        OsteotomyPlan? osteotomy = null;
        if (osteotomyLevel is not null)
        {
            if (package.Labels is null)
            {
                throw InvalidInputException.Field(null, "--osteotomy", "a case with a label volume", "none");
            }

            osteotomy = OsteotomyPlanner.Plan(package.Labels, osteotomyLevel, OsteotomyType.PedicleSubtraction, 25, "--osteotomy");
        }

        using DesktopWindow window = DesktopWindow.Open(widthPx, heightPx, "ArSpine — review", visible: !offscreenOnly);
        using var renderer = new DesktopRenderer(window.Gl, widthPx, heightPx);
        var review = new ReviewMode(renderer, package);
        var modes = new List<IAppMode> { review };
        if (osteotomy is not null)
        {
            modes.Add(new OsteotomyMode(renderer, review.Scene, osteotomy) { PanelPose = review.PanelPose });
        }

        // The mode panel on the patient's left (LPS +X) of the case, the review panel on the right, both facing a surgeon behind the patient.
        (Vector3 _, Vector3 max) = CaseScene.BoundsCt(package.VertebraMeshes);
        var app = new ArSpineApp(modes) { PanelPose = review.PanelPose with { M41 = max.X + 30 + ArSpineApp.PanelWidthMm } };
        ViewCamera camera = PosteriorCamera(package);
        var background = new RgbaColor(0.08f, 0.09f, 0.11f);
        Console.WriteLine($"Reviewing {package.Case.Vertebrae.Count} vertebrae and {package.Case.Plan.Screws.Count} planned screws ({window.RendererName})");
        if (!window.IsVisible)
        {
            Directory.CreateDirectory(folder);
            var pixels = new byte[4 * widthPx * heightPx];
            for (int n = 0; n < frameCount; n++)
            {
                app.Step(HeadAt(camera, n / 60.0, n == 0 ? AppKeys.None : AppKeys.Next), renderer);
                renderer.RenderFrame(camera, background);
                renderer.ReadPixels(pixels);
                string path = Path.Combine(folder, string.Format(CultureInfo.InvariantCulture, "review-{0:000}.png", n));
                PngWriter.Save(path, pixels, widthPx, heightPx);
                int selected = review.Scene.SelectedScrew;
                Console.WriteLine($"  {Path.GetFullPath(path)}  (selected: {(selected >= 0 ? review.Scene.ScrewLabels[selected] : "none")})");
            }

            return;
        }

        Console.WriteLine("Tab / Shift+Tab: next / previous screw, M: next mode, Enter: accept, Backspace: undo; close the window or press Escape to finish.");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        bool tab = false, enter = false, back = false, m = false;
        while (!window.ShouldClose && !window.IsKeyDown(KeyEscape))
        {
            window.PollEvents();
            AppKeys keys = AppKeys.None;
            bool shift = window.IsKeyDown(KeyLeftShift);
            keys |= Edge(window, KeyTab, ref tab) ? (shift ? AppKeys.Previous : AppKeys.Next) : AppKeys.None;
            keys |= Edge(window, KeyEnter, ref enter) ? AppKeys.Accept : AppKeys.None;
            keys |= Edge(window, KeyBackspace, ref back) ? AppKeys.Reject : AppKeys.None;
            keys |= Edge(window, KeyM, ref m) ? AppKeys.NextMode : AppKeys.None;
            app.Step(HeadAt(camera, clock.Elapsed.TotalSeconds, keys), renderer);
            renderer.RenderFrame(camera, background);
            (int w, int h) = window.FramebufferSize();
            renderer.BlitToFramebuffer(0, w, h);
            window.SwapBuffers();
        }
    }

    private static bool Edge(DesktopWindow window, int key, ref bool wasDown)
    {
        bool down = window.IsKeyDown(key);
        bool pressed = down && !wasDown;
        wasDown = down;
        return pressed;
    }
}
