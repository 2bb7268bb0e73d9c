using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.Core.Cases;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;

namespace ArSpine.App.Simulation;

/// <summary>The layout of the simulated operating room. Distances mm, angles degrees.</summary>
public sealed record OperatingRoomSettings
{
    /// <summary>Height of the spine's centre (the mean of the planned targets) above the floor, World +Y, mm.</summary>
    public double SpineHeightMm { get; init; } = 950;

    /// <summary>Which vertebra's spinous process the marker is clamped to; null: the one that keeps the marker closest to all targets.</summary>
    public string? MarkerVertebra { get; init; }

    /// <summary>Length of the clamp's post: the marker's centre lies this far behind the spinous process tip (posterior), mm.</summary>
    public double MarkerPostMm { get; init; } = 45;

    /// <summary>Tilt of the marker's face about the patient's long axis toward the surgeon, degrees (0: facing straight up).</summary>
    public double MarkerTiltDeg { get; init; } = 25;

    /// <summary>Distance from the surgeon's eyes to the marker, mm.</summary>
    public double HeadDistanceMm { get; init; } = 550;

    /// <summary>How far the line of sight to the marker is from vertical, degrees (the surgeon leans over the table from the patient's left).</summary>
    public double HeadElevationFromVerticalDeg { get; init; } = 40;

    /// <summary>Horizontal field of view of the headset's photo/video camera, degrees (about that of a HoloLens 2 at 1280x720).</summary>
    public double CameraHorizontalFovDeg { get; init; } = 64.7;

    /// <summary>The camera's image width, pixels.</summary>
    public int CameraWidthPx { get; init; } = 1280;

    /// <summary>The camera's image height, pixels.</summary>
    public int CameraHeightPx { get; init; } = 720;

    /// <summary>Where the photo/video camera sits in the head frame (+X right, +Y up, −Z forward), mm: a little above the eyes and forward.</summary>
    public Vector3d CameraInHeadMm { get; init; } = new(0, 20, -40);
}

/// <summary>
/// The simulated operating room: the patient prone on the table at a known (true) WorldFromCt, the reference marker clamped to a
/// spinous process at a known (true) MarkerFromCt, and the surgeon's head and headset camera. World frame: +Y up, the patient's head
/// toward −Z, mm. Everything here is ground truth; the tracking pipeline sees only camera images.
/// </summary>
public sealed class OperatingRoom
{
    private OperatingRoom(CasePackage package, OperatingRoomSettings settings, RigidTransform worldFromCt, RigidTransform markerFromCt, string markerVertebra, MarkerBoard board, CameraIntrinsics camera, RigidTransform headFromCamera, Matrix4x4 worldFromHead)
    {
        Package = package;
        Settings = settings;
        TrueWorldFromCt = worldFromCt;
        TrueMarkerFromCt = markerFromCt;
        MarkerVertebra = markerVertebra;
        Board = board;
        Camera = camera;
        HeadFromCamera = headFromCamera;
        DefaultWorldFromHead = worldFromHead;
    }

    /// <summary>The case on the table.</summary>
    public CasePackage Package { get; }

    /// <summary>The layout.</summary>
    public OperatingRoomSettings Settings { get; }

    /// <summary>The true pose of the patient's CT in the room, Ct (LPS mm) to World mm.</summary>
    public RigidTransform TrueWorldFromCt { get; }

    /// <summary>The true pose of the CT relative to the clamped marker, Ct to Marker mm (what registration estimates).</summary>
    public RigidTransform TrueMarkerFromCt { get; }

    /// <summary>The marker's true pose in the room, Marker to World mm.</summary>
    public RigidTransform TrueWorldFromMarker => TrueWorldFromCt * TrueMarkerFromCt.Inverse();

    /// <summary>The level whose spinous process holds the marker's clamp.</summary>
    public string MarkerVertebra { get; }

    /// <summary>The marker board (the case's marker).</summary>
    public MarkerBoard Board { get; }

    /// <summary>The headset's photo/video camera model.</summary>
    public CameraIntrinsics Camera { get; }

    /// <summary>Where the camera sits on the head: Camera (OpenCV: +X right, +Y down, +Z forward) to Head (+X right, +Y up, −Z forward), mm.</summary>
    public RigidTransform HeadFromCamera { get; }

    /// <summary>The surgeon's head at the start: the eyes <see cref="OperatingRoomSettings.HeadDistanceMm"/> from the marker, looking at it.</summary>
    public Matrix4x4 DefaultWorldFromHead { get; }

    /// <summary>The camera's pose for a head pose (row-vector matrix, as <see cref="Input.InputFrame.WorldFromHead"/>): Camera to World mm.</summary>
    public RigidTransform WorldFromCamera(Matrix4x4 worldFromHead) => RigidTransform.FromMatrix4x4(worldFromHead) * HeadFromCamera;

    /// <summary>Distances from the marker's centre to the planned targets, mm: the lever arm of the tracking error (smallest, largest).</summary>
    public (double MinMm, double MaxMm) MarkerToTargetsMm()
    {
        RigidTransform ctFromMarker = TrueMarkerFromCt.Inverse();
        Vector3d markerCt = ctFromMarker.TranslationMm;
        double min = double.PositiveInfinity, max = 0;
        foreach (ScrewTrajectory screw in Package.Case.Plan.Screws)
        {
            double d = Vector3d.Distance(markerCt, screw.TargetCt);
            (min, max) = (Math.Min(min, d), Math.Max(max, d));
        }

        return (min, max);
    }

    /// <summary>Lays out the room for <paramref name="package"/>; throws an <see cref="InvalidInputException"/> when the case has no marker, no fiducials or no planned screws.</summary>
    public static OperatingRoom Create(CasePackage package, OperatingRoomSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        settings ??= new OperatingRoomSettings();
        string source = Path.Combine(package.Folder, Core.Cases.SurgicalCase.FileName);
        MarkerBoard board = Navigation.MarkerPipeline.BoardOf(package);
        IReadOnlyList<CaseFiducial> fiducials = package.Case.Fiducials is { Count: > 0 } f ? f : throw InvalidInputException.Field(source, "fiducials", "the spinous-process fiducials the marker is clamped to", "none");
        IReadOnlyList<ScrewTrajectory> screws = package.Case.Plan.Screws;
        if (screws.Count == 0)
        {
            throw InvalidInputException.Field(source, "plan.screws", "at least one planned screw to rehearse", "none");
        }

        // The patient prone: posterior (Ct +Y) up, superior (Ct +Z) toward World −Z, so the patient's left (Ct +X) is World −X.
        Matrix3d worldFromCtRotation = Matrix3d.FromColumns(new Vector3d(-1, 0, 0), new Vector3d(0, 1, 0), new Vector3d(0, 0, -1));
        Vector3d centreCt = Vector3d.Zero;
        foreach (ScrewTrajectory screw in screws)
        {
            centreCt += screw.TargetCt / screws.Count;
        }

        var worldFromCt = new RigidTransform(worldFromCtRotation, new Vector3d(0, settings.SpineHeightMm, 0) - worldFromCtRotation * centreCt);

        // The marker faces back (Marker +Z = Ct +Y), its top toward the head (Marker +Y = Ct +Z), tilted toward the patient's left.
        CaseFiducial clampAt = ChooseClamp(fiducials, screws, settings, source);
        Matrix3d ctFromMarkerUpright = Matrix3d.FromColumns(new Vector3d(-1, 0, 0), new Vector3d(0, 0, 1), new Vector3d(0, 1, 0));
        Matrix3d tilt = Matrix3d.FromAxisAngle(new Vector3d(0, 0, 1), -settings.MarkerTiltDeg * Math.PI / 180);
        Vector3d markerCentreCt = clampAt.PositionCt + new Vector3d(0, settings.MarkerPostMm, 0);
        var ctFromMarker = new RigidTransform(tilt * ctFromMarkerUpright, markerCentreCt);

        CameraIntrinsics camera = CameraIntrinsics.Ideal(settings.CameraWidthPx, settings.CameraHeightPx, settings.CameraHorizontalFovDeg);
        var headFromCamera = new RigidTransform(Matrix3d.Diagonal(1, -1, -1), settings.CameraInHeadMm);

        // The surgeon on the patient's left (World −X), leaning over: eyes up and to the side of the marker, looking at it.
        Vector3d markerWorld = worldFromCt.Apply(markerCentreCt);
        double elevation = settings.HeadElevationFromVerticalDeg * Math.PI / 180;
        Vector3d eye = markerWorld + new Vector3d(-Math.Sin(elevation), Math.Cos(elevation), 0.15) * settings.HeadDistanceMm;
        Vector3 forward = Vector3.Normalize((markerWorld - eye).ToVector3());
        Matrix4x4 worldFromHead = Matrix4x4.CreateWorld(eye.ToVector3(), forward, Vector3.UnitY);
        return new OperatingRoom(package, settings, worldFromCt, ctFromMarker.Inverse(), Level(clampAt.Name), board, camera, headFromCamera, worldFromHead);
    }

    private static CaseFiducial ChooseClamp(IReadOnlyList<CaseFiducial> fiducials, IReadOnlyList<ScrewTrajectory> screws, OperatingRoomSettings settings, string source)
    {
        if (settings.MarkerVertebra is string wanted)
        {
            foreach (CaseFiducial f in fiducials)
            {
                if (string.Equals(Level(f.Name), wanted, StringComparison.OrdinalIgnoreCase))
                {
                    return f;
                }
            }

            throw InvalidInputException.Field(source, "fiducials", $"a spinous-process fiducial of {wanted} to clamp the marker to", string.Join(", ", fiducials.Select(x => x.Name)));
        }

        // The clamp that keeps the farthest planned target nearest.
        CaseFiducial best = fiducials[0];
        double bestFarthest = double.PositiveInfinity;
        foreach (CaseFiducial f in fiducials)
        {
            Vector3d marker = f.PositionCt + new Vector3d(0, settings.MarkerPostMm, 0);
            double farthest = screws.Max(s => Vector3d.Distance(marker, s.TargetCt));
            if (farthest < bestFarthest)
            {
                (best, bestFarthest) = (f, farthest);
            }
        }

        return best;
    }

    private static string Level(string fiducialName)
    {
        int space = fiducialName.IndexOf(' ');
        return space > 0 ? fiducialName[..space] : fiducialName;
    }
}
