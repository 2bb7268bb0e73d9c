using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Scene;
using ArSpine.App.Simulation;
using ArSpine.Core.Errors;
using ArSpine.Core.Meshes;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;

namespace ArSpine.App.CommandLine;

/// <summary>
/// How the case commands (<c>review</c>, <c>rehearse</c>, <c>render</c>, <c>demo</c>) open the desktop host on a case: World is the
/// case's Ct frame (LPS mm, superior up), and the simulated head starts behind the patient, toward the patient's head and right,
/// framing every vertebra: where the surgeon stands for a posterior approach.
/// </summary>
internal static class CaseViewing
{
    /// <summary>The vertical field of view the case commands render with, degrees.</summary>
    public const float VerticalFovDeg = 30f;

    /// <summary>The vertical field of view of the head's view in the operating room (rehearse, navigate), degrees: wide enough for the head-locked panels, 600 mm ahead and up to 420 mm aside.</summary>
    public const float RoomFovDeg = 50f;

    /// <summary>Near clip plane of the head's view in the operating room, mm.</summary>
    public const float RoomNearMm = 50f;

    /// <summary>Far clip plane of the head's view in the operating room, mm.</summary>
    public const float RoomFarMm = 5000f;

    /// <summary>
    /// The case a CASE argument names: a case folder (<see cref="CasePackage.Load"/>), or the word <c>phantom</c> for the sample
    /// case's phantom packaged in memory from its ground truth (<see cref="PhantomPackage"/>).
    /// </summary>
    public static CasePackage LoadCase(string caseArgument)
    {
        if (!string.Equals(caseArgument, "phantom", StringComparison.OrdinalIgnoreCase))
        {
            return CasePackage.Load(caseArgument);
        }

        PhantomCase phantom = ConsoleProgress.Run("Generating the phantom", p => LumbarSpinePhantom.Generate(SampleCase.Parameters, p));
        return ConsoleProgress.Run("Packaging the phantom", _ => PhantomPackage.Create(phantom, "phantom"));
    }

    /// <summary>Whether a command renders offscreen only: asked with <c>--headless</c>, or the front-door script runs it under Xvfb.</summary>
    public static bool IsHeadless(bool headlessOption) => headlessOption || Environment.GetEnvironmentVariable(DemoCommand.HeadlessVariable) == "1";

    /// <summary>
    /// The default view: from behind the patient (posterior, LPS +Y), moved toward the patient's head and right, superior up,
    /// where the surgeon stands for a posterior approach; as close as lets every corner of the box around the vertebrae and screws
    /// fit in both the vertical and the horizontal field of view, with a 5 % margin.
    /// </summary>
    public static ViewCamera PosteriorCamera(CasePackage package, int widthPx, int heightPx)
    {
        (Vector3 min, Vector3 max) = Bounds(package);
        Vector3 centre = (min + max) / 2;
        float radius = MathF.Max(1, (max - min).Length() / 2);
        Vector3 towardEye = Vector3.Normalize(new Vector3(-0.45f, 1.0f, 0.35f)), forward = -towardEye;
        Vector3 right = Vector3.Normalize(Vector3.Cross(forward, Vector3.UnitZ)), up = Vector3.Cross(right, forward);
        float tanVertical = MathF.Tan(VerticalFovDeg * MathF.PI / 360), tanHorizontal = tanVertical * widthPx / heightPx;
        float distance = 0;
        for (int corner = 0; corner < 8; corner++)
        {
            Vector3 c = new Vector3((corner & 1) == 0 ? min.X : max.X, (corner & 2) == 0 ? min.Y : max.Y, (corner & 4) == 0 ? min.Z : max.Z) - centre;
            float along = Vector3.Dot(c, forward);
            distance = MathF.Max(distance, MathF.Max(MathF.Abs(Vector3.Dot(c, right)) / tanHorizontal, MathF.Abs(Vector3.Dot(c, up)) / tanVertical) - along);
        }

        distance *= 1.05f;
        return new ViewCamera(centre + towardEye * distance, centre, Vector3.UnitZ, VerticalFovDeg, MathF.Max(1, distance - 2 * radius), distance + 2 * radius);
    }

    /// <summary>The axis-aligned box (mm) around every vertebra vertex and screw end, Ct frame.</summary>
    public static (Vector3 Min, Vector3 Max) Bounds(CasePackage package)
    {
        if (package.VertebraMeshes.Count == 0 && package.Case.Plan.Screws.Count == 0)
        {
            throw new InvalidInputException($"{package.Folder}: expected a case with vertebrae or screws to frame. Was: none.");
        }

        (Vector3 min, Vector3 max) = package.VertebraMeshes.Count > 0 ? CaseScene.BoundsCt(package.VertebraMeshes) : (new Vector3(float.MaxValue), new Vector3(float.MinValue));
        foreach (ScrewTrajectory screw in package.Case.Plan.Screws)
        {
            min = Vector3.Min(min, Vector3.Min(screw.EntryCt.ToVector3(), screw.TargetCt.ToVector3()));
            max = Vector3.Max(max, Vector3.Max(screw.EntryCt.ToVector3(), screw.TargetCt.ToVector3()));
        }

        return (min, max);
    }

    /// <summary>Desktop host options for a case: LPS with superior up, the head at <see cref="PosteriorCamera"/>, frames written to <paramref name="folder"/> when given.</summary>
    public static DesktopHostOptions HostOptions(CasePackage package, bool headless, int frames, string? folder, int widthPx, int heightPx, string title, int writeEvery = 1)
    {
        ViewCamera camera = PosteriorCamera(package, widthPx, heightPx);
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

    /// <summary>
    /// The head's starting pose and the input mapping to go with it. In the simulated <paramref name="room"/> (World +Y up): where the
    /// room puts the surgeon. With no room, a camera source (WorldFromCamera = identity): the head at the camera, looking along its +Z
    /// with its −Y up, so the overlay lies over the marker as the camera sees it.
    /// </summary>
    public static (DesktopInputSettings Input, SimulatedHead Head) RoomStartingHead(OperatingRoom? room)
    {
        if (room is null)
        {
            var cameraInput = new DesktopInputSettings { WorldUp = -Vector3.UnitY, ReferenceForwardWorld = Vector3.UnitZ, VerticalFovDeg = RoomFovDeg };
            return (cameraInput, DesktopInputMapping.LookingAt(Vector3.Zero, Vector3.UnitZ * 1000, cameraInput));
        }

        Matrix4x4 worldFromHead = room.DefaultWorldFromHead;
        var input = new DesktopInputSettings { VerticalFovDeg = RoomFovDeg };
        Vector3 forward = -new Vector3(worldFromHead.M31, worldFromHead.M32, worldFromHead.M33);
        return (input, DesktopInputMapping.LookingAt(worldFromHead.Translation, worldFromHead.Translation + forward * 1000, input));
    }
}
