using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Rendering;
using ArSpine.Core.Plans;

namespace ArSpine.App.Tests.Scene;

/// <summary>The case scene through the real desktop renderer: what a user sees at the projections of the screws' entry and target points.</summary>
[Collection(GlfwCollection.Name)]
public sealed class CaseSceneRenderTests
{
    private const int Width = 320, Height = 240;
    private static readonly RgbaColor Background = DesktopHostOptions.DefaultBackground;

    /// <summary>Behind the patient (LPS +Y), superior up: the screws lie across the view.</summary>
    private static readonly ViewCamera Camera = new(new Vector3(0, 150, 0), Vector3.Zero, Vector3.UnitZ, VerticalFovDeg: 40, NearMm: 10, FarMm: 1000);

    [DisplayFact]
    public void Draw_Navigable_ScrewColourWithin2PxOfEachEntryAndTargetProjection()
    {
        CasePackage package = TestCases.TwoBoxes();
        byte[] pixels = Render(package, OverlayLook.Navigable, "navigable");

        foreach ((ScrewTrajectory screw, RgbaColor color, Vector2 at) in EntriesAndTargets(package))
        {
            Assert.True(AnyWithin2Px(pixels, at, p => Like(color, p)), $"Expected the {screw.Label} screw's colour within 2 px of {at}. Was {Describe(pixels, at)}.");
        }
    }

    [DisplayFact]
    public void Draw_NotTracking_NoScrewColourWithin2PxOfEntryOrTargetButTheNotTrackingRed()
    {
        CasePackage package = TestCases.TwoBoxes();
        byte[] pixels = Render(package, OverlayLook.NotTracking, "not-tracking");

        foreach ((ScrewTrajectory screw, RgbaColor color, Vector2 at) in EntriesAndTargets(package))
        {
            Assert.False(AnyWithin2Px(pixels, at, p => Like(color, p)), $"Expected no {screw.Label} screw colour within 2 px of {at}. Was {Describe(pixels, at)}.");
            Assert.True(AnyWithin2Px(pixels, at, p => Like(CaseScene.NotTrackingColor, p)), $"Expected the not-tracking red within 2 px of {at}. Was {Describe(pixels, at)}.");
        }

        // Nowhere in the frame is there a screw-coloured pixel.
        int screwPixels = 0;
        for (int n = 0; n < Width * Height; n++)
        {
            byte[] p = pixels[(4 * n)..(4 * n + 4)];
            screwPixels += Like(CaseScene.LeftScrewColor, p) || Like(CaseScene.RightScrewColor, p) ? 1 : 0;
        }

        Assert.Equal(0, screwPixels);
    }

    /// <summary>Each screw's entry and target, projected, with the screw and its colour.</summary>
    private static IEnumerable<(ScrewTrajectory Screw, RgbaColor Color, Vector2 At)> EntriesAndTargets(CasePackage package) =>
        package.Case.Plan.Screws.SelectMany(s => new[] { s.EntryCt, s.TargetCt }.Select(p => (s, CaseScene.ScrewColor(s.Side), Camera.Project(p.ToVector3(), Width, Height))));

    private static byte[] Render(CasePackage package, OverlayLook look, string name)
    {
        using DesktopWindow window = DesktopWindow.Open(64, 64, "test", visible: false);
        using var renderer = new DesktopRenderer(window.Gl, Width, Height);
        CaseScene scene = CaseScene.Upload(renderer, package);
        scene.Draw(renderer, Matrix4x4.Identity, look);
        renderer.RenderFrame(Camera, Background);
        byte[] pixels = renderer.ReadPixels();
        if (Environment.GetEnvironmentVariable("ARSPINE_RENDER_TEST_DIR") is { Length: > 0 } folder)
        {
            PngWriter.Save(Path.Combine(folder, $"case-scene-{name}.png"), pixels, Width, Height);
        }

        return pixels;
    }

    private static bool Like(RgbaColor color, byte[] p) => Hue.Like(color, p[0], p[1], p[2]);

    private static bool AnyWithin2Px(byte[] rgba, Vector2 at, Func<byte[], bool> test)
    {
        int cx = (int)MathF.Floor(at.X), cy = (int)MathF.Floor(at.Y);
        for (int y = cy - 2; y <= cy + 2; y++)
        {
            for (int x = cx - 2; x <= cx + 2; x++)
            {
                if (x >= 0 && y >= 0 && x < Width && y < Height && test(rgba[(4 * (y * Width + x))..(4 * (y * Width + x) + 4)]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static string Describe(byte[] rgba, Vector2 at)
    {
        int x = (int)MathF.Floor(at.X), y = (int)MathF.Floor(at.Y);
        return string.Join(",", rgba[(4 * (y * Width + x))..(4 * (y * Width + x) + 3)]);
    }
}
