using System.Numerics;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Rendering;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.Hosts;

[Collection(GlfwCollection.Name)]
public sealed class DesktopHostTests
{
    private static readonly SimulatedHead Head = new(new Vector3(0, 0, 450), 0, 0);

    [DisplayFact]
    public void Run_HeadlessSixFramesWriteEveryThird_WritesFrames3And6AsPngs()
    {
        using var folder = new TemporaryFolder();
        var options = new DesktopHostOptions { Headless = true, Frames = 6, WriteEvery = 3, OutputFolder = folder.FolderPath, WidthPx = 160, HeightPx = 100, InitialHead = Head };
        using var host = new DesktopHost(options);
        var mode = new ShowcaseMode(host.Renderer);

        DesktopHostRun run = host.Run(mode);

        Assert.Equal(new DesktopHostRun(6, 2, false), run);
        Assert.Equal(6, mode.Steps);
        Assert.Equal(["frame-00003.png", "frame-00006.png"], Directory.GetFiles(folder.FolderPath).Select(Path.GetFileName).Order());
        DecodedPng png = PngOracle.Decode(folder.PathOf("frame-00006.png"));
        Assert.Equal((160, 100), (png.Width, png.Height));
        Assert.True(png.CrcsMatch);
    }

    [DisplayFact]
    public void Run_ScriptedPinchOnPanelButton_ModeSeesThePressInThatFrameOnly()
    {
        using var host = new DesktopHost(new DesktopHostOptions { Headless = true, Frames = 8, WidthPx = 320, HeightPx = 200, InitialHead = Head });
        var mode = new ShowcaseMode(host.Renderer);
        Matrix4x4 worldFromHead = DesktopInputMapping.WorldFromHead(Head, host.Options.Input);
        Vector3 eye = Head.PositionWorldMm;
        Vector3 button = Vector3.Transform(ShowcaseMode.ButtonCentrePanelMm, ShowcaseMode.WorldFromPanel);
        Vector3 away = new(0, -300, 0);
        InputFrame Script(int frame)
        {
            Vector3 aim = frame is 2 or 3 or 4 ? button : away;
            bool down = frame is 3 or 4 or 6;
            bool wasDown = frame is 4 or 5 or 7;
            return new InputFrame(frame / 60.0, worldFromHead, eye, Vector3.Normalize(aim - eye), 400, ButtonState.From(wasDown, down), ButtonState.Up, AppKeys.None);
        }

        host.Run(mode, Script);

        Assert.Equal([3], mode.ButtonPressFrames);
    }

    [DisplayFact]
    public void Run_ScriptedQuitAndToggleStereo_StopsAtQuitAndSwitchesToStereo()
    {
        using var host = new DesktopHost(new DesktopHostOptions { Headless = true, Frames = 10, WidthPx = 160, HeightPx = 100, InitialHead = Head });
        var mode = new ShowcaseMode(host.Renderer);
        InputFrame Script(int frame) => host.StillInput(frame, Head) with
        {
            KeysPressed = frame == 1 ? AppKeys.ToggleStereo : frame == 4 ? AppKeys.Quit : AppKeys.None,
        };

        DesktopHostRun run = host.Run(mode, Script);

        Assert.Equal(new DesktopHostRun(5, 0, true), run);
        Assert.True(host.Stereo);
    }

    [DisplayFact]
    public void StepAndRender_1000FramesOfMeshesCylindersLinesTextAndAPanelAfterWarmUp_AllocateNothing()
    {
        using var host = new DesktopHost(new DesktopHostOptions { Headless = true, Frames = 1, WidthPx = 64, HeightPx = 40, Samples = 1, InitialHead = Head });
        var mode = new ShowcaseMode(host.Renderer);
        var pixels = new byte[4 * 64 * 40];
        InputFrame input = host.StillInput(0, Head);
        for (int i = 0; i < 5; i++)
        {
            host.StepAndRender(mode, input);
        }

        host.Stereo = true;
        host.StepAndRender(mode, input);
        host.Renderer.ReadPixels(pixels);
        host.Stereo = false;

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            host.Stereo = i % 100 == 0;
            host.StepAndRender(mode, input);
            host.Renderer.ReadPixels(pixels);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, mode.Steps - 6);
        Assert.Equal(0, allocated);
    }

    [DisplayTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_HeadlessShowcase_FrameShowsScrewEndsLabelAndHoveredToggleInEachView(bool stereo)
    {
        const int width = 1280, height = 800;
        string? keep = Environment.GetEnvironmentVariable("ARSPINE_RENDER_TEST_DIR");
        using var folder = new TemporaryFolder();
        string output = keep is null ? folder.FolderPath : Path.Combine(keep, stereo ? "showcase-stereo" : "showcase");
        var options = new DesktopHostOptions { Headless = true, Frames = 1, OutputFolder = output, WidthPx = width, HeightPx = height, Stereo = stereo, InitialHead = Head };
        using var host = new DesktopHost(options);
        var mode = new ShowcaseMode(host.Renderer);
        Vector3 eye = Head.PositionWorldMm;
        Vector3 toggle = Vector3.Transform(ShowcaseMode.ButtonCentrePanelMm - new Vector3(0, 19, 0), ShowcaseMode.WorldFromPanel);
        InputFrame input = host.StillInput(0, Head) with { PointerDirectionWorld = Vector3.Normalize(toggle - eye) };

        host.Run(mode, _ => input);

        var frame = new FramePixels(host.LastPixels.ToArray(), width, height);
        (ViewCamera left, ViewCamera right) = ViewCamera.StereoPair(input.WorldFromHead, options.Input.VerticalFovDeg, options.NearMm, options.FarMm, options.IpdMm);
        var views = stereo ? new[] { (left, 0), (right, width / 2) } : new[] { (host.CameraFor(input), 0) };
        int viewWidth = stereo ? width / 2 : width;
        foreach ((ViewCamera camera, int offsetX) in views)
        {
            var offset = new Vector2(offsetX, 0);
            Assert.True(frame.AnyNear(camera.Project(ShowcaseMode.ScrewEntry, viewWidth, height) + offset, 2, FramePixels.ShadeOf(ShowcaseMode.ScrewColor)), "Expected the screw's entry.");
            Assert.True(frame.AnyNear(camera.Project(ShowcaseMode.ScrewTarget, viewWidth, height) + offset, 2, FramePixels.ShadeOf(ShowcaseMode.ScrewColor)), "Expected the screw's target.");
            Assert.True(frame.AnyNear(camera.Project(toggle, viewWidth, height) + offset + new Vector2(0, 0), 12, FramePixels.Near(PanelBuilder.ButtonHover, 0)), "Expected the hovered toggle.");
        }

        Assert.True(frame.Where(FramePixels.Near(ShowcaseMode.LabelColor, 2)).Count > 50 * views.Length, "Expected the screw's label in each view.");
    }

    [DisplayFact]
    public void Run_InteractiveWindowUnderXvfbWithNoInput_RunsItsFramesWithTheHeadStill()
    {
        using var host = new DesktopHost(new DesktopHostOptions { Frames = 5, WidthPx = 200, HeightPx = 120, InitialHead = Head });
        var mode = new ShowcaseMode(host.Renderer);

        DesktopHostRun run = host.Run(mode);

        Assert.True(host.Window.IsVisible);
        Assert.Equal(new DesktopHostRun(5, 0, false), run);
        Assert.NotNull(host.Input);
        Assert.Equal(Head.PositionWorldMm, host.Input.State.Head.PositionWorldMm);
        Assert.Equal(400, host.Input.State.PointerDepthMm);
    }

    [XdotoolFact]
    public void Run_InteractiveWithXdotoolHoldingWClickingScrollingDraggingAndPressingEscape_HeadMovesAndTurnsPinchAndDepthSeenEscapeEnds()
    {
        const string xdotool = XdotoolFactAttribute.Path;
        using var host = new DesktopHost(new DesktopHostOptions { Frames = 100_000, WidthPx = 200, HeightPx = 120, InitialHead = Head });
        var mode = new ShowcaseMode(host.Renderer);
        // Without a window manager, keys go to the window under the pointer: move it there first.
        using var typist = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            "/bin/sh", ["-c", $"sleep 1; {xdotool} mousemove 100 60; sleep 0.2; {xdotool} keydown w; sleep 0.5; {xdotool} keyup w; {xdotool} click 1; {xdotool} click 4; {xdotool} click 4; sleep 0.2; " +
            $"{xdotool} mousedown 3; sleep 0.2; {xdotool} mousemove 120 60; sleep 0.2; {xdotool} mousemove 140 60; sleep 0.2; {xdotool} mouseup 3; sleep 0.2; {xdotool} key Escape"])
        {
            UseShellExecute = false,
        })!;

        DesktopHostRun run = host.Run(mode);
        typist.WaitForExit();

        Assert.True(run.QuitByUser, "Expected Escape to end the run.");
        Assert.True(run.Frames < 100_000);
        Vector3 moved = host.Input!.State.Head.PositionWorldMm - Head.PositionWorldMm;
        Assert.True(moved.Z < -50 && MathF.Abs(moved.X) < 1 && MathF.Abs(moved.Y) < 1, $"Expected the head to move forward (−Z). Was {moved}.");
        Assert.True(mode.PinchPresses >= 1, "Expected the click as a pinch.");
        Assert.Equal(450, host.Input.State.PointerDepthMm);
        // A 40 px drag to the right with the right button: 0.25° a pixel, a turn to the right.
        Assert.Equal(-10, host.Input.State.Head.YawRad * 180 / MathF.PI, 1);
    }

    /// <summary>A mode that draws one of everything the port offers, as an app mode would, allocating nothing per step.</summary>
    private sealed class ShowcaseMode : IAppMode
    {
        public static readonly Matrix4x4 WorldFromPanel = Matrix4x4.CreateRotationY(0.35f) * Matrix4x4.CreateTranslation(-260, 120, 0);
        public static readonly Vector3 ButtonCentrePanelMm = new(90, -48, 0);
        public static readonly Vector3 ScrewEntry = new(40, 20, 40), ScrewTarget = new(15, -5, -20);
        public static readonly RgbaColor ScrewColor = new(0.10f, 0.55f, 1.00f);
        public static readonly RgbaColor LabelColor = new(1f, 0.95f, 0.3f);
        private readonly MeshHandle bone;
        private readonly ImageHandle slice;
        private readonly char[] buffer = new char[32];
        private bool showBone = true;

        public ShowcaseMode(IHologramPort port)
        {
            bone = port.UploadMesh(PrimitiveMeshes.Box(new Vector3(90, 60, 70)));
            slice = port.CreateImage(64, 64);
            var grey = new byte[64 * 64];
            for (int i = 0; i < grey.Length; i++)
            {
                int x = i % 64 - 32, y = i / 64 - 32;
                grey[i] = (byte)(x * x + y * y < 600 ? 40 + (x * x + y * y) / 4 : 10);
            }

            port.UpdateImage(slice, grey);
        }

        public string Name => "Showcase";

        public int Steps { get; private set; }

        public List<int> ButtonPressFrames { get; } = [];

        public int PinchPresses { get; private set; }

        public void Step(in InputFrame input, IHologramPort port)
        {
            PinchPresses += input.Pinch.JustPressed ? 1 : 0;
            if (showBone)
            {
                port.DrawMesh(bone, Matrix4x4.CreateTranslation(30, 0, 0), new RgbaColor(0.93f, 0.89f, 0.78f, 0.45f));
            }

            port.DrawMesh(bone, Matrix4x4.CreateScale(0.3f) * Matrix4x4.CreateTranslation(160, -80, -50), new RgbaColor(0.6f, 0.6f, 0.6f));
            port.DrawCylinder(ScrewEntry, ScrewTarget, 6.5f, ScrewColor);
            port.DrawLine(ScrewEntry, ScrewEntry + 2.5f * (ScrewEntry - ScrewTarget), 1.5f, new RgbaColor(0.3f, 1f, 0.4f));
            port.DrawLine(new Vector3(-20, -60, 0), new Vector3(100, -60, 0), 2, new RgbaColor(1f, 0.3f, 0.3f, 0.6f));
            port.DrawText("L3 left", ScrewEntry + new Vector3(0, 25, 0), 12, LabelColor);
            Span<char> text = buffer;
            "Depth ".AsSpan().CopyTo(text);
            ((float)input.TimeS * 10).TryFormat(text[6..], out int written, "0.0", System.Globalization.CultureInfo.InvariantCulture);
            " mm".AsSpan().CopyTo(text[(6 + written)..]);
            port.DrawText(text[..(9 + written)], new Vector3(60, -80, 0), 9, RgbaColor.White, TextAlignment.Left);
            port.DrawImage(slice, Matrix4x4.CreateTranslation(220, 90, -60), 100, 100);

            port.BeginPanel("Review L3", WorldFromPanel, 180);
            port.PanelLabel("Screw L3 left: 6.5 x 45 mm", RgbaColor.White);
            if (port.PanelButton("Accept plan"))
            {
                ButtonPressFrames.Add(Steps);
            }

            port.PanelToggle("Show bone", ref showBone);
            port.PanelImage(slice, 60);
            port.EndPanel();
            Steps++;
        }
    }
}
