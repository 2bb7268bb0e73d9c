using System.Numerics;
using ArSpine.App.Scene;

namespace ArSpine.App.Tests.Rendering;

public sealed class ViewCameraTests
{
    private const int Width = 320, Height = 240;

    // Eye on −Y looking at the origin, +Z up: +X is to the right on screen.
    private static readonly ViewCamera Camera = new(new Vector3(0, -500, 0), Vector3.Zero, Vector3.UnitZ, VerticalFovDeg: 40, NearMm: 10, FarMm: 2000);

    [Fact]
    public void Project_Target_LandsAtImageCentre()
    {
        Vector2 pixel = Camera.Project(Vector3.Zero, Width, Height);

        Assert.Equal(Width / 2f, pixel.X, 3);
        Assert.Equal(Height / 2f, pixel.Y, 3);
    }

    [Fact]
    public void Project_PointRightOfAndAboveTarget_LandsRightAndUpInTopLeftPixels()
    {
        Vector2 pixel = Camera.Project(new Vector3(10, 0, 10), Width, Height);

        Assert.True(pixel.X > Width / 2f, $"Expected x > {Width / 2}. Was {pixel.X}.");
        Assert.True(pixel.Y < Height / 2f, $"Expected y < {Height / 2} (up is toward row 0). Was {pixel.Y}.");
    }

    [Fact]
    public void Project_PointsOnFrustumEdges_LandOnImageBorders()
    {
        float halfHeightMm = 500 * MathF.Tan(20 * MathF.PI / 180);
        float halfWidthMm = halfHeightMm * Width / Height;

        Vector2 topRight = Camera.Project(new Vector3(halfWidthMm, 0, halfHeightMm), Width, Height);

        Assert.Equal(Width, topRight.X, 2);
        Assert.Equal(0, topRight.Y, 2);
    }

    [Fact]
    public void ClipFromView_PointsOnNearAndFarPlanes_MapToGlDepthMinusOneAndOne()
    {
        Matrix4x4 clipFromView = Camera.ClipFromView(Width, Height);

        Vector4 near = Vector4.Transform(new Vector4(0, 0, -Camera.NearMm, 1), clipFromView);
        Vector4 far = Vector4.Transform(new Vector4(0, 0, -Camera.FarMm, 1), clipFromView);

        Assert.Equal(-1, near.Z / near.W, 4);
        Assert.Equal(1, far.Z / far.W, 4);
    }

    [Fact]
    public void ClipFromWorld_RowVectorOrder_IsViewFromWorldThenClipFromView()
    {
        var point = new Vector3(12, 30, -7);
        Vector4 twoSteps = Vector4.Transform(Vector4.Transform(new Vector4(point, 1), Camera.ViewFromWorld()), Camera.ClipFromView(Width, Height));

        Vector4 oneStep = Vector4.Transform(new Vector4(point, 1), Camera.ClipFromWorld(Width, Height));

        Assert.True(Vector4.Distance(twoSteps, oneStep) < 1e-3f, $"Expected {twoSteps}. Was {oneStep}.");
    }

    [Fact]
    public void ViewDepthMm_TargetAndPointBehindEye_ArePositiveAndNegative()
    {
        Assert.Equal(500, Camera.ViewDepthMm(Vector3.Zero), 3);
        Assert.True(Camera.ViewDepthMm(new Vector3(0, -600, 0)) < 0);
    }

    [Fact]
    public void ClipFromView_FarNotBeyondNear_ThrowsNamingBoth()
    {
        ViewCamera wrong = Camera with { FarMm = 5 };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => wrong.ClipFromView(Width, Height));

        Assert.Contains("Expected 0 < near < far. Was near 10 mm, far 5 mm.", error.Message);
    }

    [Fact]
    public void FromHead_HeadTurnedAndMoved_EyeAtHeadOriginLookingDownItsMinusZWithItsYUp()
    {
        Matrix4x4 worldFromHead = Matrix4x4.CreateRotationY(0.5f) * Matrix4x4.CreateRotationX(0.2f) * Matrix4x4.CreateTranslation(40, 150, 700);

        ViewCamera camera = ViewCamera.FromHead(worldFromHead, 50, 10, 5000);

        Vector3 ahead = Vector3.Transform(new Vector3(0, 0, -300), worldFromHead);
        Vector3 aboveAhead = Vector3.Transform(new Vector3(0, 50, -300), worldFromHead);
        Vector3 rightAhead = Vector3.Transform(new Vector3(50, 0, -300), worldFromHead);
        Assert.True(Vector3.Distance(worldFromHead.Translation, camera.EyeWorldMm) < 1e-3f);
        Assert.Equal(300, camera.ViewDepthMm(ahead), 2);
        Vector2 centre = camera.Project(ahead, Width, Height);
        Assert.Equal(Width / 2f, centre.X, 2);
        Assert.Equal(Height / 2f, centre.Y, 2);
        Assert.True(camera.Project(aboveAhead, Width, Height).Y < centre.Y - 10, "Expected the head's +Y up on screen.");
        Assert.True(camera.Project(rightAhead, Width, Height).X > centre.X + 10, "Expected the head's +X to the right on screen.");
    }

    [Fact]
    public void StereoPair_Ipd_EyesAreHalfAnIpdEitherSideAlongTheHeadsX()
    {
        Matrix4x4 worldFromHead = Matrix4x4.CreateRotationY(1.1f) * Matrix4x4.CreateTranslation(5, 6, 7);

        (ViewCamera left, ViewCamera right) = ViewCamera.StereoPair(worldFromHead, 50, 10, 5000, ipdMm: 64);

        Vector3 headX = Vector3.TransformNormal(Vector3.UnitX, worldFromHead);
        Assert.True(Vector3.Distance(worldFromHead.Translation - 32 * headX, left.EyeWorldMm) < 1e-3f);
        Assert.True(Vector3.Distance(worldFromHead.Translation + 32 * headX, right.EyeWorldMm) < 1e-3f);
        Assert.True(Vector3.Distance(left.RightWorld, headX) < 1e-4f);
    }
}
