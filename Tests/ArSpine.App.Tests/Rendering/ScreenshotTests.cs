using System.Numerics;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Input;
using ArSpine.App.Scene;

namespace ArSpine.App.Tests.Rendering;

/// <summary>
/// Screenshot tests of the desktop renderer: a known scene rendered offscreen from a head pose, then the pixels at the projections
/// of known points. Set ARSPINE_RENDER_TEST_DIR to keep the frames as PNGs.
/// </summary>
[Collection(GlfwCollection.Name)]
public sealed class ScreenshotTests
{
    private const int Width = 640, Height = 400;
    private const float FovDeg = 50;
    private static readonly RgbaColor Clear = new(0.1f, 0.1f, 0.1f);
    private static readonly RgbaColor Blue = new(0.10f, 0.55f, 1.00f);
    private static readonly RgbaColor Orange = new(1.00f, 0.55f, 0.05f);
    private static readonly RgbaColor Grey = new(0.6f, 0.6f, 0.6f);

    // The head 600 mm in front of the World origin (+Z), looking at it down −Z, +Y up: OpenXR's rest orientation.
    private static readonly Matrix4x4 WorldFromHead = Matrix4x4.CreateTranslation(0, 0, 600);
    private static readonly ViewCamera Camera = ViewCamera.FromHead(WorldFromHead, FovDeg, 10, 5000);

    [DisplayFact]
    public void RenderFrame_TwoScrews_EntryAndTargetPixelsHaveEachScrewsColourWithin2Px()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, Width, Height);
        MeshHandle cube = renderer.UploadMesh(PrimitiveMeshes.Box(new Vector3(300, 200, 20)));
        Vector3 leftEntry = new(-90, 40, 0), leftTarget = new(-30, -20, -45), rightEntry = new(90, 40, 0), rightTarget = new(30, -20, -45);
        renderer.DrawMesh(cube, Matrix4x4.CreateTranslation(0, 0, -120), Grey);
        renderer.DrawCylinder(leftEntry, leftTarget, 6, Blue);
        renderer.DrawCylinder(rightEntry, rightTarget, 6, Orange);

        renderer.RenderFrame(Camera, Clear);
        FramePixels frame = FramePixels.Read(renderer);
        frame.SaveForInspection("screws");

        foreach ((Vector3 point, RgbaColor own, RgbaColor other, string name) in new[]
                 {
                     (leftEntry, Blue, Orange, "left entry"), (leftTarget, Blue, Orange, "left target"),
                     (rightEntry, Orange, Blue, "right entry"), (rightTarget, Orange, Blue, "right target"),
                 })
        {
            Vector2 at = Camera.Project(point, Width, Height);
            Assert.True(frame.AnyNear(at, 2, FramePixels.ShadeOf(own)), $"Expected the screw's colour within 2 px of the {name} at {at}. Was {frame.At(at)}.");
            Assert.False(frame.AnyNear(at, 2, FramePixels.ShadeOf(other)), $"Expected none of the other screw's colour near the {name}.");
        }

        Assert.True(FramePixels.Near(Clear, 1)(frame.At(3, 3)), "Expected the background in the corner.");
    }

    [DisplayFact]
    public void DrawText_LabelBehindAnOpaqueBox_IsDrawnOverItWhereItsAnchorProjectsAndNowhereElse()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, Width, Height);
        MeshHandle wall = renderer.UploadMesh(PrimitiveMeshes.Box(new Vector3(400, 300, 10)));
        var magenta = new RgbaColor(1f, 0.2f, 0.8f);
        var anchor = new Vector3(40, 30, 0);
        const float heightMm = 40;
        renderer.DrawMesh(wall, Matrix4x4.CreateTranslation(0, 0, 150), Grey);
        renderer.DrawText("L3", anchor, heightMm, magenta);

        renderer.RenderFrame(Camera, Clear);
        FramePixels frame = FramePixels.Read(renderer);
        frame.SaveForInspection("label");

        float widthMm = GlyphAtlas.Default.MeasurePx("L3") * heightMm / GlyphAtlas.Default.CapHeightPx;
        Vector2 topLeft = Camera.Project(anchor + new Vector3(-widthMm / 2, heightMm / 2, 0), Width, Height);
        Vector2 bottomRight = Camera.Project(anchor + new Vector3(widthMm / 2, -heightMm / 2, 0), Width, Height);
        List<(int Column, int Row)> label = frame.Where(FramePixels.Near(magenta, 2));
        Assert.True(label.Count > 100, $"Expected the label's colour over the box. Was {label.Count} pixels.");
        foreach ((int column, int row) in label)
        {
            Assert.InRange(column, topLeft.X - 3, bottomRight.X + 3);
            Assert.InRange(row, topLeft.Y - 3, bottomRight.Y + 3);
        }

        Vector2 anchorPx = Camera.Project(anchor, Width, Height);
        Assert.InRange(label.Average(p => p.Column + 0.5), anchorPx.X - 6, anchorPx.X + 6);
        Assert.InRange(label.Average(p => p.Row + 0.5), anchorPx.Y - 4, anchorPx.Y + 4);
    }

    [DisplayFact]
    public void DrawText_LeftAligned_StartsAtItsAnchor()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, Width, Height);
        var green = new RgbaColor(0.2f, 1f, 0.3f);
        var anchor = new Vector3(-150, -60, 0);
        renderer.DrawText("ENTRY 4.2 mm", anchor, 20, green, TextAlignment.Left);

        renderer.RenderFrame(Camera, Clear);
        List<(int Column, int Row)> label = FramePixels.Read(renderer).Where(FramePixels.Near(green, 2));

        Vector2 anchorPx = Camera.Project(anchor, Width, Height);
        Assert.True(label.Count > 50, $"Expected the label. Was {label.Count} pixels.");
        Assert.InRange(label.Min(p => p.Column), anchorPx.X - 1, anchorPx.X + 5);
        Assert.True(label.Max(p => p.Column) > anchorPx.X + 60, "Expected the text to run to the right of its anchor.");
    }

    [DisplayFact]
    public void DrawImage_KnownGreyBlocks_ShowExactGreysAtProjectedBlockCentresTopRowUp()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, Width, Height);
        // 8 × 4 texels in 2 × 2 blocks, so a linear filter at a block's centre mixes only equal texels.
        byte[,] blocks = { { 16, 64, 128, 250 }, { 200, 8, 100, 181 } };
        var pixels = new byte[8 * 4];
        for (int row = 0; row < 4; row++)
        {
            for (int column = 0; column < 8; column++)
            {
                pixels[row * 8 + column] = blocks[row / 2, column / 2];
            }
        }

        ImageHandle image = renderer.CreateImage(8, 4);
        renderer.UpdateImage(image, pixels);
        Matrix4x4 worldFromQuad = Matrix4x4.CreateRotationZ(0.2f) * Matrix4x4.CreateTranslation(10, -5, 0);
        renderer.DrawImage(image, worldFromQuad, 240, 120);

        renderer.RenderFrame(Camera, Clear);
        FramePixels frame = FramePixels.Read(renderer);
        frame.SaveForInspection("image");

        for (int blockRow = 0; blockRow < 2; blockRow++)
        {
            for (int blockColumn = 0; blockColumn < 4; blockColumn++)
            {
                var centreQuad = new Vector3(-90 + 60 * blockColumn, 30 - 60 * blockRow, 0);
                Vector2 at = Camera.Project(Vector3.Transform(centreQuad, worldFromQuad), Width, Height);
                byte grey = blocks[blockRow, blockColumn];
                Assert.Equal((grey, grey, grey), frame.At(at));
            }
        }
    }

    [DisplayFact]
    public void PanelButton_PointerRayOnIt_PressesOnlyInThePinchFrameAndNotWhenTheRayMisses()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, Width, Height);
        // Rows (panel mm, see PanelBuilder): title bar to −20, label row −26..−37, button −40..−56, toggle −59..−75.
        Matrix4x4 worldFromPanel = Matrix4x4.CreateTranslation(-100, 80, 0);
        Vector3 buttonCentre = Vector3.Transform(new Vector3(100, -48, 0), worldFromPanel);
        Vector3 buttonRightPart = Vector3.Transform(new Vector3(185, -48, 0), worldFromPanel);
        Vector3 toggleCentre = Vector3.Transform(new Vector3(100, -67, 0), worldFromPanel);
        bool shown = false;
        (bool Button, bool Toggle) Frame(Vector3 aimWorldMm, ButtonState pinch, string? keep = null)
        {
            Vector3 eye = WorldFromHead.Translation;
            renderer.BeginFrame(new InputFrame(0, WorldFromHead, eye, Vector3.Normalize(aimWorldMm - eye), 400, pinch, ButtonState.Up, AppKeys.None));
            renderer.BeginPanel("Plan", worldFromPanel, 200);
            renderer.PanelLabel("L3 left 6.5 x 45 mm", RgbaColor.White);
            bool button = renderer.PanelButton("Accept");
            bool toggle = renderer.PanelToggle("Show L3", ref shown);
            renderer.EndPanel();
            renderer.RenderFrame(Camera, Clear);
            if (keep is not null)
            {
                FramePixels.Read(renderer).SaveForInspection(keep);
            }

            return (button, toggle);
        }

        var pressed = new ButtonState(true, true, false);
        var held = new ButtonState(true, false, false);
        Assert.Equal((false, false), Frame(buttonCentre, ButtonState.Up, keep: "panel-hover"));
        Assert.Equal(
            (RgbaColor.ToByte(PanelBuilder.ButtonHover.R), RgbaColor.ToByte(PanelBuilder.ButtonHover.G), RgbaColor.ToByte(PanelBuilder.ButtonHover.B)),
            FramePixels.Read(renderer).At(Camera.Project(buttonRightPart, Width, Height)));
        Assert.Equal((true, false), Frame(buttonCentre, pressed));
        Assert.Equal((false, false), Frame(buttonCentre, held));
        Assert.Equal((false, false), Frame(new Vector3(0, -150, 0), pressed));
        Assert.False(shown);
        Assert.Equal((false, true), Frame(toggleCentre, pressed, keep: "panel-toggled"));
        Assert.True(shown);
        Assert.Equal(
            (RgbaColor.ToByte(PanelBuilder.ButtonIdle.R), RgbaColor.ToByte(PanelBuilder.ButtonIdle.G), RgbaColor.ToByte(PanelBuilder.ButtonIdle.B)),
            FramePixels.Read(renderer).At(Camera.Project(buttonRightPart, Width, Height)));
    }

    [DisplayFact]
    public void RenderStereoFrame_PointAhead_HalvesDifferByTheExpectedDisparity()
    {
        const int stereoWidth = 800, half = stereoWidth / 2;
        const float depthMm = 500, ipdMm = 63;
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, stereoWidth, Height);
        MeshHandle tile = renderer.UploadMesh(PrimitiveMeshes.Box(new Vector3(10, 10, 0.5f)));
        Vector3 point = Vector3.Transform(new Vector3(0, 0, -depthMm), WorldFromHead);
        var red = new RgbaColor(1f, 0.1f, 0.1f);
        (ViewCamera left, ViewCamera right) = ViewCamera.StereoPair(WorldFromHead, FovDeg, 10, 5000, ipdMm);
        renderer.DrawMesh(tile, Matrix4x4.CreateTranslation(point), red);

        renderer.RenderStereoFrame(left, right, Clear);
        FramePixels frame = FramePixels.Read(renderer);
        frame.SaveForInspection("stereo");

        List<(int Column, int Row)> tilePixels = frame.Where(FramePixels.ShadeOf(red));
        double leftX = tilePixels.Where(p => p.Column < half).Average(p => p.Column + 0.5);
        double rightX = tilePixels.Where(p => p.Column >= half).Average(p => p.Column + 0.5 - half);
        double focalPx = Height / 2 / Math.Tan(FovDeg / 2 * Math.PI / 180);
        double expected = focalPx * ipdMm / depthMm;
        Assert.Equal(expected, leftX - rightX, 0.5);
        Assert.Equal(left.Project(point, half, Height).X, leftX, 0.5);
        Assert.Equal(right.Project(point, half, Height).X, rightX, 0.5);
    }

    [DisplayFact]
    public void DrawLine_WidthInMm_CoversThatWidthUnlitInItsColour()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, Width, Height);
        var yellow = new RgbaColor(1f, 0.9f, 0.1f);
        renderer.DrawLine(new Vector3(-150, 0, 0), new Vector3(150, 0, 0), 20, yellow);

        renderer.RenderFrame(Camera, Clear);
        FramePixels frame = FramePixels.Read(renderer);

        // Unlit: the exact colour. 20 mm across at 600 mm: from y = −10 to +10.
        Assert.True(FramePixels.Near(yellow, 1)(frame.At(Camera.Project(new Vector3(0, 0, 0), Width, Height))));
        Assert.True(FramePixels.Near(yellow, 1)(frame.At(Camera.Project(new Vector3(100, 8, 0), Width, Height))));
        Assert.True(FramePixels.Near(Clear, 1)(frame.At(Camera.Project(new Vector3(100, 13, 0), Width, Height))));
        Assert.True(FramePixels.Near(Clear, 1)(frame.At(Camera.Project(new Vector3(160, 0, 0), Width, Height))));
    }
}
