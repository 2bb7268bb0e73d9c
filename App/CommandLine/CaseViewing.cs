using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Scene;

namespace ArSpine.App.CommandLine;

/// <summary>
/// How the case commands (<c>review</c>, <c>rehearse</c>, <c>render</c>, <c>demo</c>) open the desktop host on a case: World is the
/// case's Ct frame (LPS mm, superior up), and the simulated head starts behind the patient, raised and turned toward the patient's
/// right, framing every vertebra: where the surgeon stands for a posterior approach.
/// </summary>
internal static class CaseViewing
{
    /// <summary>The vertical field of view the case commands render with, degrees.</summary>
    public const float VerticalFovDeg = 30f;

    /// <summary>Whether a command renders offscreen only: asked with <c>--headless</c>, or the front-door script runs it under Xvfb.</summary>
    public static bool IsHeadless(bool headlessOption) => headlessOption || Environment.GetEnvironmentVariable(DemoCommand.HeadlessVariable) == "1";

    /// <summary>The camera behind the patient (LPS +Y), raised and turned toward the patient's right, framing every vertebra of the case.</summary>
    public static ViewCamera PosteriorCamera(CasePackage package)
    {
        (Vector3 min, Vector3 max) = CaseScene.BoundsCt(package.VertebraMeshes);
        Vector3 centre = (min + max) / 2;
        float radius = (max - min).Length() / 2;
        var direction = Vector3.Normalize(new Vector3(-0.45f, 1.0f, 0.35f));
        float distance = radius / MathF.Tan(VerticalFovDeg * MathF.PI / 360) * 1.05f;
        return new ViewCamera(centre + direction * distance, centre, Vector3.UnitZ, VerticalFovDeg, distance * 0.2f, distance * 3);
    }

    /// <summary>Desktop host options for a case: LPS with superior up, the head at <see cref="PosteriorCamera"/>, frames written to <paramref name="folder"/> when given.</summary>
    public static DesktopHostOptions HostOptions(CasePackage package, bool headless, int frames, string? folder, int widthPx, int heightPx, string title, int writeEvery = 1)
    {
        ViewCamera camera = PosteriorCamera(package);
        var input = new DesktopInputSettings { WorldUp = Vector3.UnitZ, ReferenceForwardWorld = -Vector3.UnitY, VerticalFovDeg = VerticalFovDeg };
        return new DesktopHostOptions
        {
            Headless = headless,
            Frames = frames,
            OutputFolder = folder,
            WriteEvery = writeEvery,
            WidthPx = widthPx,
            HeightPx = heightPx,
            Title = title,
            NearMm = camera.NearMm,
            FarMm = camera.FarMm * 4,
            Input = input,
            InitialHead = DesktopInputMapping.LookingAt(camera.EyeWorldMm, camera.TargetWorldMm, input),
        };
    }
}
