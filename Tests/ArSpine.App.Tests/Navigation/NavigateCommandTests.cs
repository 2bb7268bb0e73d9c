using System.Numerics;
using ArSpine.App.CommandLine;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Navigation;
using ArSpine.App.Scene;
using ArSpine.App.Simulation;
using ArSpine.App.Tests.Rendering;
using ArSpine.Core.Plans;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.Navigation;

/// <summary><c>arspine navigate</c> as a user runs it: headless with the scripted surgeon in the simulated room, and bad arguments.</summary>
[Collection(GlfwCollection.Name)]
public sealed class NavigateCommandTests
{
    private const int Width = 480, Height = 270;
    private static readonly Lazy<SampleCaseFixture> Sample = new(() => new SampleCaseFixture());

    [DisplayFact]
    public void Navigate_PhantomHeadless_AcceptsTheRegistrationAndWritesNavigableFramesWithGuidance()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("navigate", "phantom", "--headless", "--frames", "60", "--every", "30", "-o", folder.FolderPath, "--width", $"{Width}", "--height", $"{Height}");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains("Registration by fiducials (6 points): FRE ", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("), accepted", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("offset from plan 1.5 mm", result.StandardOutput, StringComparison.Ordinal); // the surgeon's offset, through the estimated registration
        Assert.Contains("band green", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Frames: 2 PNG in {folder.FolderPath}", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("navigable in 0 frames", result.StandardOutput, StringComparison.Ordinal);

        // The last frame: the screws in their side's colour at their projected midpoints (true registration; the estimate is within
        // a millimetre), and the guidance panel's numbers in green.
        DecodedPng png = PngOracle.Decode(folder.PathOf(DesktopHost.FrameFileName(60)));
        Assert.Equal((Width, Height), (png.Width, png.Height));
        SampleCaseFixture fixture = Sample.Value;
        OperatingRoom room = OperatingRoom.Create(fixture.Package);
        ViewCamera camera = HeadCamera(room);
        Matrix4x4 worldFromCt = room.TrueWorldFromCt.ToMatrix4x4();
        int found = 0;
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        foreach (ScrewTrajectory screw in fixture.Package.Case.Plan.Screws)
        {
            min = Vector2.Min(min, Vector2.Min(camera.Project(Vector3.Transform(screw.EntryCt.ToVector3(), worldFromCt), Width, Height), camera.Project(Vector3.Transform(screw.TargetCt.ToVector3(), worldFromCt), Width, Height)));
            max = Vector2.Max(max, Vector2.Max(camera.Project(Vector3.Transform(screw.EntryCt.ToVector3(), worldFromCt), Width, Height), camera.Project(Vector3.Transform(screw.TargetCt.ToVector3(), worldFromCt), Width, Height)));
            Vector3 middle = Vector3.Transform(((screw.EntryCt + screw.TargetCt) * 0.5).ToVector3(), worldFromCt);
            Vector2 at = camera.Project(middle, Width, Height);
            RgbaColor colour = CaseScene.ScrewColor(screw.Side);
            found += AnyNear(png, at, 3, p => Scene.Hue.Like(colour, p.R, p.G, p.B, tolerance: 0.15f)) ? 1 : 0;
        }

        Assert.True(found >= 7, $"{found} of 10 screws in their colour at their projected midpoints");
        (int c0, int r0, int c1, int r1) = ((int)min.X - 6, (int)min.Y - 6, (int)max.X + 6, (int)max.Y + 6);
        int left = Count(png, CaseScene.LeftScrewColor, c0, r0, c1, r1, 0.08f), right = Count(png, CaseScene.RightScrewColor, c0, r0, c1, r1, 0.08f);
        Assert.True(left > 20 && right > 20, $"{left} left-screw and {right} right-screw pixels around the screws (the tight tolerance of the refused run's check)");
        int green = Count(png, NavigationOverlay.GreenColor, 2 * Width / 3, 0, Width, Height / 2);
        Assert.True(green > 30, $"{green} guidance-green pixels in the top right (the guidance panel)");
    }

    [DisplayFact]
    public void Navigate_FreOverItsLimit_RefusesTheRegistrationAndNeverShowsTheNavigableColours()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("navigate", "phantom", "--headless", "--frames", "48", "--every", "48", "--max-fre", "0.05", "-o", folder.FolderPath, "--width", $"{Width * 2}", "--height", $"{Height * 2}");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains("over its thresholds: not accepted", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("navigable in 0 frames", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Last guidance: none", result.StandardOutput, StringComparison.Ordinal);
        // The last frame: the case drawn in the not-tracking look (red-and-grey dashed axes along each projected screw), and no
        // screw in its navigable colour and no guidance green anywhere in the box around the projected screws.
        DecodedPng png = PngOracle.Decode(folder.PathOf(DesktopHost.FrameFileName(48)));
        SampleCaseFixture fixture = Sample.Value;
        OperatingRoom room = OperatingRoom.Create(fixture.Package);
        ViewCamera camera = HeadCamera(room);
        Matrix4x4 worldFromCt = room.TrueWorldFromCt.ToMatrix4x4();
        var min = new Vector2(float.MaxValue);
        var max = new Vector2(float.MinValue);
        int dashed = 0;
        foreach (ScrewTrajectory screw in fixture.Package.Case.Plan.Screws)
        {
            Vector2 entry = camera.Project(Vector3.Transform(screw.EntryCt.ToVector3(), worldFromCt), 2 * Width, 2 * Height);
            Vector2 target = camera.Project(Vector3.Transform(screw.TargetCt.ToVector3(), worldFromCt), 2 * Width, 2 * Height);
            min = Vector2.Min(min, Vector2.Min(entry, target));
            max = Vector2.Max(max, Vector2.Max(entry, target));
            bool red = false;
            for (int k = 0; k <= 8 && !red; k++)
            {
                red = AnyNear(png, Vector2.Lerp(entry, target, k / 8f), 2, p => Scene.Hue.Like(CaseScene.NotTrackingColor, p.R, p.G, p.B, tolerance: 0.15f));
            }

            dashed += red ? 1 : 0;
        }

        Assert.True(dashed >= 6, $"{dashed} of 10 screws with the not-tracking red along their projected axes");
        (int c0, int r0, int c1, int r1) = ((int)min.X - 6, (int)min.Y - 6, (int)max.X + 6, (int)max.Y + 6);
        // A tighter hue tolerance than elsewhere: the amber of the panel's message, which runs across the box, is near the right screws' orange.
        int left = Count(png, CaseScene.LeftScrewColor, c0, r0, c1, r1, 0.08f), right = Count(png, CaseScene.RightScrewColor, c0, r0, c1, r1, 0.08f);
        int green = Count(png, NavigationOverlay.GreenColor);
        Assert.True(left + right + green == 0, $"{left} left-screw and {right} right-screw pixels around the screws, {green} green pixels, in a frame that is not navigable");
    }

    [Fact]
    public void Navigate_UnknownSource_ExitsTwoNamingTheChoicesWithoutAStackTrace()
    {
        ToolResult result = ArSpineProcess.Run("navigate", "phantom", "--headless", "--source", "xray");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--source: expected one of simulated, webcam, recording, igtl. Was 'xray'.", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError + result.StandardOutput));
    }

    [Fact]
    public void Navigate_RecordingWithoutCamera_ExitsTwoAskingForTheCalibration()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("navigate", "phantom", "--headless", "--source", "recording", "--recording", folder.FolderPath);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--camera CAM.yml", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError + result.StandardOutput));
    }

    [Fact]
    public void StartingHead_CameraSource_LooksAlongTheCameraZWithItsMinusYUp()
    {
        (DesktopInputSettings input, SimulatedHead head) = CaseViewing.RoomStartingHead(null);
        Matrix4x4 worldFromHead = DesktopInputMapping.WorldFromHead(head, input);

        Vector3 forward = -new Vector3(worldFromHead.M31, worldFromHead.M32, worldFromHead.M33);
        Vector3 up = new(worldFromHead.M21, worldFromHead.M22, worldFromHead.M23);
        Vector3 right = new(worldFromHead.M11, worldFromHead.M12, worldFromHead.M13);
        Assert.True(Vector3.Distance(forward, Vector3.UnitZ) < 1e-5f, $"forward {forward}");
        Assert.True(Vector3.Distance(up, -Vector3.UnitY) < 1e-5f, $"up {up}");
        Assert.True(Vector3.Distance(right, Vector3.UnitX) < 1e-5f, $"right {right}"); // the image's +x to the right
        Assert.Equal(Vector3.Zero, worldFromHead.Translation);
    }

    [Fact]
    public void StartingHead_SimulatedRoom_IsWhereTheRoomPutsTheSurgeon()
    {
        OperatingRoom room = OperatingRoom.Create(Sample.Value.Package);
        (DesktopInputSettings input, SimulatedHead head) = CaseViewing.RoomStartingHead(room);
        Matrix4x4 worldFromHead = DesktopInputMapping.WorldFromHead(head, input);

        Matrix4x4 expected = room.DefaultWorldFromHead;
        Vector3 forward = -new Vector3(worldFromHead.M31, worldFromHead.M32, worldFromHead.M33);
        Vector3 expectedForward = -new Vector3(expected.M31, expected.M32, expected.M33);
        Assert.True(Vector3.Distance(worldFromHead.Translation, expected.Translation) < 1e-3f);
        Assert.True(Vector3.Dot(forward, Vector3.Normalize(expectedForward)) > 0.99999f, $"forward {forward}, room's {expectedForward}");
        Assert.True(worldFromHead.M22 > 0, "World +Y up");
    }

    private static ViewCamera HeadCamera(OperatingRoom room)
    {
        (DesktopInputSettings input, SimulatedHead head) = CaseViewing.RoomStartingHead(room);
        return ViewCamera.FromHead(DesktopInputMapping.WorldFromHead(head, input), CaseViewing.RoomFovDeg, CaseViewing.RoomNearMm, CaseViewing.RoomFarMm);
    }

    private static bool AnyNear(DecodedPng png, Vector2 at, int radiusPx, Func<(byte R, byte G, byte B), bool> test)
    {
        int channels = png.ColorType == 6 ? 4 : 3, c0 = (int)MathF.Floor(at.X), r0 = (int)MathF.Floor(at.Y);
        for (int r = r0 - radiusPx; r <= r0 + radiusPx; r++)
        {
            for (int c = c0 - radiusPx; c <= c0 + radiusPx; c++)
            {
                int o = channels * (r * png.Width + c);
                if (c >= 0 && c < png.Width && r >= 0 && r < png.Height && test((png.Pixels[o], png.Pixels[o + 1], png.Pixels[o + 2])))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Pixels of the colour's hue in any shade in columns [c0, c1) and rows [r0, r1) (clamped to the image), each channel's share within <paramref name="tolerance"/>.</summary>
    private static int Count(DecodedPng png, RgbaColor color, int c0 = 0, int r0 = 0, int c1 = int.MaxValue, int r1 = int.MaxValue, float tolerance = 0.15f)
    {
        int channels = png.ColorType == 6 ? 4 : 3, count = 0;
        for (int r = Math.Max(0, r0); r < Math.Min(png.Height, r1); r++)
        {
            for (int c = Math.Max(0, c0); c < Math.Min(png.Width, c1); c++)
            {
                int at = channels * (r * png.Width + c);
                count += Scene.Hue.Like(color, png.Pixels[at], png.Pixels[at + 1], png.Pixels[at + 2], tolerance) ? 1 : 0;
            }
        }

        return count;
    }
}
