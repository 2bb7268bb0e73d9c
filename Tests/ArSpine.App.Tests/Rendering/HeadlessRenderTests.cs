using System.Numerics;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Scene;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.Rendering;

[Collection(GlfwCollection.Name)]
public sealed class HeadlessRenderTests
{
    private const int Width = 320, Height = 240;
    private static readonly RgbaColor Clear = new(0.1f, 0.15f, 0.2f);
    private static readonly RgbaColor Red = new(0.9f, 0.1f, 0.1f);
    private static readonly RgbaColor Grey = new(0.6f, 0.6f, 0.6f);
    private static readonly ViewCamera Camera = new(new Vector3(0, -600, 150), Vector3.Zero, Vector3.UnitZ, VerticalFovDeg: 40, NearMm: 10, FarMm: 2000);
    private static readonly Vector3 A = new(-80, 0, 0), B = new(80, 0, 30);

    [DisplayFact]
    public void RenderFrame_RedCylinderFromAToB_PixelsJustInsideProjectedEndsAreRed()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, Width, Height);
        MeshHandle cube = renderer.UploadMesh(PrimitiveMeshes.Box(new Vector3(60)));
        renderer.DrawMesh(cube, Matrix4x4.CreateTranslation(0, 150, -90), Grey);
        renderer.DrawCylinder(A, B, diameterMm: 16, Red);

        renderer.RenderFrame(Camera, Clear);
        byte[] pixels = renderer.ReadPixels();
        SaveForInspection(pixels);

        Vector2 a = Camera.Project(A, Width, Height), b = Camera.Project(B, Width, Height);
        Vector2 inward = Vector2.Normalize(b - a) * 2;
        AssertRedShade(Pixel(pixels, a + inward), "just inside A");
        AssertRedShade(Pixel(pixels, b - inward), "just inside B");
        AssertRedShade(Pixel(pixels, (a + b) / 2), "the middle");
        Assert.Equal(Bytes(Clear), Pixel(pixels, new Vector2(4.5f, 4.5f)));
    }

    [DisplayFact]
    public void RenderFrame_SavedAsPng_PythonReadsTheRenderedPixels()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, Width, Height);
        renderer.DrawCylinder(A, B, diameterMm: 16, Red);
        renderer.RenderFrame(Camera, Clear);
        byte[] pixels = renderer.ReadPixels();
        using var folder = new TemporaryFolder();

        PngWriter.Save(folder.PathOf("frame.png"), pixels, Width, Height);
        DecodedPng decoded = PngOracle.Decode(folder.PathOf("frame.png"));

        Assert.Equal((Width, Height), (decoded.Width, decoded.Height));
        Assert.Equal(pixels, decoded.Pixels);
    }

    [DisplayFact]
    public void RenderFrame_TranslucentBoxQueuedBeforeOpaqueCubeInFront_BlendsOverTheCube()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, Width, Height);
        MeshHandle cube = renderer.UploadMesh(PrimitiveMeshes.Box(new Vector3(60)));
        MeshHandle pane = renderer.UploadMesh(PrimitiveMeshes.Box(new Vector3(80, 4, 80)));
        var blueHalf = new RgbaColor(0.1f, 0.2f, 0.9f, 0.5f);
        var green = new RgbaColor(0.1f, 0.8f, 0.2f);
        Matrix4x4 cubeAtOrigin = Matrix4x4.Identity, paneInFront = Matrix4x4.CreateTranslation(0, -150, 37.5f);
        Vector2 centre = Camera.Project(Vector3.Zero, Width, Height);

        renderer.DrawMesh(cube, cubeAtOrigin, green);
        renderer.RenderFrame(Camera, Clear);
        byte[] opaqueAlone = Pixel(renderer.ReadPixels(), centre);
        renderer.DrawMesh(pane, paneInFront, blueHalf);
        renderer.RenderFrame(Camera, Clear);
        byte[] translucentAlone = Pixel(renderer.ReadPixels(), centre);
        renderer.DrawMesh(pane, paneInFront, blueHalf);
        renderer.DrawMesh(cube, cubeAtOrigin, green);
        renderer.RenderFrame(Camera, Clear);
        byte[] both = Pixel(renderer.ReadPixels(), centre);

        // The pane's back and front faces each blend "over" at alpha 0.5, so what was behind keeps (1 − 0.5)² of its weight:
        // both = translucentAlone + 0.25 (opaqueAlone − clear).
        byte[] clear = Bytes(Clear);
        for (int c = 0; c < 3; c++)
        {
            float expected = translucentAlone[c] + 0.25f * (opaqueAlone[c] - clear[c]);
            Assert.True(MathF.Abs(both[c] - expected) <= 3, $"Expected channel {c} ≈ {expected}. Was {string.Join(",", both)} (opaque {string.Join(",", opaqueAlone)}, translucent {string.Join(",", translucentAlone)}).");
        }

        Assert.True(both[1] < opaqueAlone[1] && both[1] > clear[1], "Expected green between the cube's and the background's.");
        Assert.True(both[2] > opaqueAlone[2], "Expected more blue than the cube alone.");
    }

    [DisplayFact]
    public void RenderFrame_TranslucentBoxBehindOpaqueCube_IsHiddenByDepthTest()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, Width, Height);
        MeshHandle cube = renderer.UploadMesh(PrimitiveMeshes.Box(new Vector3(60)));
        Vector2 centre = Camera.Project(Vector3.Zero, Width, Height);
        renderer.DrawMesh(cube, Matrix4x4.Identity, Grey);
        renderer.RenderFrame(Camera, Clear);
        byte[] opaqueAlone = Pixel(renderer.ReadPixels(), centre);

        renderer.DrawMesh(cube, Matrix4x4.CreateScale(1.5f) * Matrix4x4.CreateTranslation(0, 200, 0), new RgbaColor(0, 0, 1, 0.5f));
        renderer.DrawMesh(cube, Matrix4x4.Identity, Grey);
        renderer.RenderFrame(Camera, Clear);

        Assert.Equal(opaqueAlone, Pixel(renderer.ReadPixels(), centre));
    }

    [DisplayFact]
    public void RenderFrame_ManyFramesAfterWarmUp_AllocatesNothing()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, 64, 48, samples: 1);
        MeshHandle cube = renderer.UploadMesh(PrimitiveMeshes.Box(new Vector3(60)));
        var pixels = new byte[4 * 64 * 48];
        void Frame()
        {
            renderer.DrawMesh(cube, Matrix4x4.Identity, Grey);
            renderer.DrawCylinder(A, B, 16, Red.WithAlpha(0.5f));
            renderer.DrawCylinder(B, A, 8, Red);
            renderer.RenderFrame(Camera, Clear);
            renderer.ReadPixels(pixels);
        }

        Frame();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            Frame();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [DisplayFact]
    public void DrawMesh_ReleasedHandle_ThrowsNamingTheId()
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, 32, 32);
        MeshHandle cube = renderer.UploadMesh(PrimitiveMeshes.Box(Vector3.One));
        renderer.ReleaseMesh(cube);

        var error = Assert.Throws<ArgumentException>(() => renderer.DrawMesh(cube, Matrix4x4.Identity, Grey));

        Assert.StartsWith($"Expected a mesh handle issued by this renderer and not yet released. Was id {cube.Id}.", error.Message);
    }

    private static void AssertRedShade(byte[] rgba, string where) =>
        Assert.True(rgba[0] > 100 && rgba[1] < 80 && rgba[2] < 80 && rgba[3] == 255, $"Expected the cylinder's red at {where}. Was RGBA {string.Join(", ", rgba)}.");

    private static byte[] Pixel(byte[] rgbaTopRowFirst, Vector2 pixel)
    {
        int column = (int)MathF.Floor(pixel.X), row = (int)MathF.Floor(pixel.Y);
        Assert.InRange(column, 0, Width - 1);
        Assert.InRange(row, 0, Height - 1);
        return rgbaTopRowFirst.AsSpan(4 * (row * Width + column), 4).ToArray();
    }

    private static byte[] Bytes(RgbaColor color) =>
        [RgbaColor.ToByte(color.R), RgbaColor.ToByte(color.G), RgbaColor.ToByte(color.B), RgbaColor.ToByte(color.A)];

    /// <summary>Keeps the frame for a person to look at where ARSPINE_RENDER_TEST_PNG names a file.</summary>
    private static void SaveForInspection(byte[] pixels)
    {
        if (Environment.GetEnvironmentVariable("ARSPINE_RENDER_TEST_PNG") is { Length: > 0 } path)
        {
            PngWriter.Save(path, pixels, Width, Height);
        }
    }
}
