using System.Globalization;
using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.Core.Meshes;
using ArSpine.Core.Plans;

namespace ArSpine.App.Scene;

/// <summary>How the case's holograms are drawn this frame; the look follows the safety state (DESIGN.md, "Safety invariants").</summary>
public enum OverlayLook
{
    /// <summary>On the planning station or in review: nothing is registered to a patient, the plan is shown as a plan.</summary>
    Plan,

    /// <summary>Registration accepted and the marker seen within the staleness limit: trajectories are navigable.</summary>
    Navigable,

    /// <summary>Tracking stale or lost, or registration not accepted: the clearly different "not tracking" look.</summary>
    NotTracking,
}

/// <summary>
/// The case's holograms: vertebrae coloured and named per level, the skin, the planned screws with entry and target marks and
/// labels, drawn at a <c>WorldFromCt</c> pose, plus the tracked marker and instrument for the modes that track. Three looks:
/// <see cref="OverlayLook.Plan"/> (screws solid in their side's colour), <see cref="OverlayLook.Navigable"/> (screws solid
/// over fainter bone, each trajectory continued outward from its entry as the approach line) and <see cref="OverlayLook.NotTracking"/> (bone grey, screws only as thin red and grey dashed axes,
/// never a solid screw: DESIGN.md safety invariant 1). Upload once; <see cref="Draw"/> allocates nothing (every label is made
/// at upload). Call from the frame loop's thread.
/// </summary>
public sealed class CaseScene
{
    /// <summary>The colour of the not-tracking look: its dashes, greyed labels' accents, the tip of an untracked probe.</summary>
    public static readonly RgbaColor NotTrackingColor = new(0.95f, 0.12f, 0.10f);

    /// <summary>The grey of the not-tracking look's bone, labels and second dash colour.</summary>
    public static readonly RgbaColor NotTrackingGrey = new(0.55f, 0.55f, 0.55f);

    /// <summary>The highlight of the selected screw (its marks, sleeve and label).</summary>
    public static readonly RgbaColor SelectedColor = new(1.00f, 0.92f, 0.15f);

    /// <summary>Tint of the semi-transparent skin.</summary>
    public static readonly RgbaColor SkinColor = new(0.93f, 0.76f, 0.66f, 0.12f);

    /// <summary>Length of one dash of a not-tracking screw axis, mm (about; a whole, odd number of dashes fits the screw, red at both ends).</summary>
    public const float DashMm = 3;

    /// <summary>Width of a not-tracking screw's dashed axis, mm.</summary>
    public const float DashWidthMm = 1;

    /// <summary>How far the navigable look continues each trajectory outward from its entry point, mm.</summary>
    public const float ApproachMm = 60;

    /// <summary>Capital-letter height of a vertebra's level label, mm.</summary>
    public const float LevelLabelHeightMm = 7;

    /// <summary>How far a screw's label sits above its entry point (toward the patient's head), mm.</summary>
    public const float ScrewLabelOffsetMm = 8;

    /// <summary>Capital-letter height of a screw's label, mm.</summary>
    public const float ScrewLabelHeightMm = 3.5f;

    private static readonly RgbaColor[] LevelTints =
    {
        new(0.95f, 0.86f, 0.62f), new(0.70f, 0.90f, 0.70f), new(0.66f, 0.84f, 0.95f), new(0.93f, 0.72f, 0.84f), new(0.84f, 0.78f, 0.96f), new(0.90f, 0.80f, 0.66f),
    };

    private readonly CasePackage package;
    private readonly MeshHandle[] meshes;
    private readonly MeshHandle skin;
    private readonly MeshHandle ring;
    private readonly string[] levelLabels;
    private readonly Vector3[] levelLabelAnchorsCt;
    private readonly Vector3[] entriesCt, targetsCt;
    private readonly float[] diametersMm;
    private readonly string[] screwLabels;
    private readonly RgbaColor[] screwColors;
    private readonly int[] dashCounts;

    private CaseScene(CasePackage package, MeshHandle[] meshes, MeshHandle skin, MeshHandle ring, MeshHandle box)
    {
        this.package = package;
        this.meshes = meshes;
        this.skin = skin;
        this.ring = ring;
        VertebraVisible = new bool[meshes.Length];
        Array.Fill(VertebraVisible, true);
        levelLabels = new string[meshes.Length];
        levelLabelAnchorsCt = new Vector3[meshes.Length];
        for (int v = 0; v < meshes.Length; v++)
        {
            levelLabels[v] = package.Case.Vertebrae[v].Name;
            levelLabelAnchorsCt[v] = LevelLabelAnchor(package.VertebraMeshes[v]);
        }

        IReadOnlyList<ScrewTrajectory> screws = package.Case.Plan.Screws;
        ScrewVisible = new bool[screws.Count];
        Array.Fill(ScrewVisible, true);
        entriesCt = new Vector3[screws.Count];
        targetsCt = new Vector3[screws.Count];
        diametersMm = new float[screws.Count];
        screwLabels = new string[screws.Count];
        screwColors = new RgbaColor[screws.Count];
        dashCounts = new int[screws.Count];
        for (int s = 0; s < screws.Count; s++)
        {
            ScrewTrajectory screw = screws[s];
            entriesCt[s] = screw.EntryCt.ToVector3();
            targetsCt[s] = screw.TargetCt.ToVector3();
            diametersMm[s] = (float)screw.DiameterMm;
            screwLabels[s] = ScrewLabel(screw);
            screwColors[s] = ScrewColor(screw.Side);
            int dashes = Math.Max(1, (int)Math.Round(screw.LengthMm / DashMm));
            dashCounts[s] = dashes % 2 == 1 ? dashes : dashes + 1;
        }

        Instrument = new InstrumentHologram(ring);
        Marker = package.Case.Marker is { } marker ? new MarkerHologram(box, marker) : null;
    }

    /// <summary>The package drawn.</summary>
    public CasePackage Package => package;

    /// <summary>Per vertebra (index order of the case), whether it is drawn; the user toggles these.</summary>
    public bool[] VertebraVisible { get; }

    /// <summary>Per planned screw (plan order), whether it is drawn; the user toggles these.</summary>
    public bool[] ScrewVisible { get; }

    /// <summary>The selected screw (plan order), highlighted and labelled; −1 for none.</summary>
    public int SelectedScrew { get; set; } = -1;

    /// <summary>Whether the skin is drawn (when the case has one).</summary>
    public bool SkinVisible { get; set; } = true;

    /// <summary>The case's marker board hologram; null when the case plans no marker.</summary>
    public MarkerHologram? Marker { get; }

    /// <summary>The tracked probe hologram.</summary>
    public InstrumentHologram Instrument { get; }

    /// <summary>Per vertebra, its level label ("L3"), made at upload.</summary>
    public IReadOnlyList<string> LevelLabels => levelLabels;

    /// <summary>Per screw, its label ("L3 left 6.5x45": level, side, diameter × length in mm; ASCII 'x' since labels are ASCII), made at upload.</summary>
    public IReadOnlyList<string> ScrewLabels => screwLabels;

    /// <summary>Tint of a left-side screw.</summary>
    public static readonly RgbaColor LeftScrewColor = new(0.10f, 0.55f, 1.00f);

    /// <summary>Tint of a right-side screw.</summary>
    public static readonly RgbaColor RightScrewColor = new(1.00f, 0.55f, 0.05f);

    /// <summary>The colour of a screw of a side: blue on the patient's left, orange on the right.</summary>
    public static RgbaColor ScrewColor(BodySide side) => side == BodySide.Left ? LeftScrewColor : RightScrewColor;

    /// <summary>A vertebra's tint by its index in the case (superior to inferior).</summary>
    public static RgbaColor LevelTint(int index) => LevelTints[index % LevelTints.Length];

    /// <summary>Uploads the case's meshes (vertebrae, skin, the ring and the box of the marks and the board) to the host. Initialization only.</summary>
    public static CaseScene Upload(IHologramPort port, CasePackage package)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(package);
        var handles = new MeshHandle[package.VertebraMeshes.Count];
        for (int v = 0; v < handles.Length; v++)
        {
            handles[v] = port.UploadMesh(package.VertebraMeshes[v]);
        }

        MeshHandle skin = package.SkinMesh is { } skinMesh ? port.UploadMesh(skinMesh) : default;
        MeshHandle ring = port.UploadMesh(ScrewMarks.UnitRing());
        MeshHandle box = port.UploadMesh(PrimitiveMeshes.Box(Vector3.One));
        return new CaseScene(package, handles, skin, ring, box);
    }

    /// <summary>
    /// Queues the case at <paramref name="worldFromCt"/> (row-vector matrix, Ct mm to World mm) in the given look: screws, their
    /// marks and labels, the vertebrae and their labels, the skin. Allocates nothing.
    /// </summary>
    public void Draw(IHologramPort port, Matrix4x4 worldFromCt, OverlayLook look)
    {
        ArgumentNullException.ThrowIfNull(port);
        bool tracking = look != OverlayLook.NotTracking;
        // Screw labels sit above their entry point (toward the patient's head), off the screw.
        Vector3 superiorWorld = Vector3.TransformNormal(Vector3.UnitZ, worldFromCt);
        superiorWorld = superiorWorld.LengthSquared() > 0 ? Vector3.Normalize(superiorWorld) : Vector3.UnitZ;
        for (int s = 0; s < entriesCt.Length; s++)
        {
            if (!ScrewVisible[s])
            {
                continue;
            }

            Vector3 entry = Vector3.Transform(entriesCt[s], worldFromCt);
            Vector3 target = Vector3.Transform(targetsCt[s], worldFromCt);
            Vector3 axis = Vector3.Normalize(target - entry);
            bool selected = s == SelectedScrew;
            if (tracking)
            {
                DrawSolidScrew(port, s, entry, target, axis, look, selected);
            }
            else
            {
                DrawDashedAxis(port, dashCounts[s], entry, target);
            }

            RgbaColor labelColor = selected ? SelectedColor : tracking ? RgbaColor.White : NotTrackingGrey;
            port.DrawText(screwLabels[s], entry - axis * 4 + superiorWorld * ScrewLabelOffsetMm, selected ? 1.3f * ScrewLabelHeightMm : ScrewLabelHeightMm, labelColor);
        }

        // Fainter bone once the screws are navigable (or shown as not tracking), so the screws stand out.
        float boneAlpha = look == OverlayLook.Plan ? 0.45f : 0.3f;
        for (int v = 0; v < meshes.Length; v++)
        {
            if (!VertebraVisible[v])
            {
                continue;
            }

            RgbaColor tint = tracking ? LevelTint(v) : NotTrackingGrey;
            port.DrawMesh(meshes[v], worldFromCt, tint.WithAlpha(boneAlpha));
            port.DrawText(levelLabels[v], Vector3.Transform(levelLabelAnchorsCt[v], worldFromCt), LevelLabelHeightMm, tint, TextAlignment.Left);
        }

        if (skin.IsValid && SkinVisible)
        {
            port.DrawMesh(skin, worldFromCt, tracking ? SkinColor : NotTrackingGrey.WithAlpha(SkinColor.A));
        }
    }

    /// <summary>Queues one vertebra's mesh (index order of the case) in <paramref name="color"/>, whatever its toggle; for modes that show bone without the plan. Allocates nothing.</summary>
    public void DrawVertebra(IHologramPort port, int index, Matrix4x4 worldFromCt, RgbaColor color)
    {
        ArgumentNullException.ThrowIfNull(port);
        port.DrawMesh(meshes[index], worldFromCt, color);
    }

    /// <summary>Queues the marker board at <paramref name="worldFromMarker"/> when the case has one (see <see cref="MarkerHologram.Draw"/>).</summary>
    public void DrawMarker(IHologramPort port, Matrix4x4 worldFromMarker, OverlayLook look) => Marker?.Draw(port, worldFromMarker, look);

    /// <summary>Queues the probe with its tip at <paramref name="tipWorldMm"/> along <paramref name="axisWorld"/> (see <see cref="InstrumentHologram.Draw"/>).</summary>
    public void DrawInstrument(IHologramPort port, Vector3 tipWorldMm, Vector3 axisWorld, OverlayLook look, RgbaColor? shaftColor = null) => Instrument.Draw(port, tipWorldMm, axisWorld, look, shaftColor);

    private void DrawSolidScrew(IHologramPort port, int s, Vector3 entry, Vector3 target, Vector3 axis, OverlayLook look, bool selected)
    {
        float diameter = diametersMm[s];
        port.DrawCylinder(entry, target, diameter, screwColors[s]);
        RgbaColor mark = selected ? SelectedColor : Lighter(screwColors[s]);
        if (look == OverlayLook.Navigable)
        {
            // The approach: the trajectory continued outward from the entry point, to line the instrument up with.
            port.DrawLine(entry - axis * ApproachMm, entry - axis * (diameter + 3), 1, Lighter(screwColors[s]));
        }

        port.DrawMesh(ring, ScrewMarks.WorldFromUnitRing(entry, axis, diameter + 3), mark);
        port.DrawMesh(ring, ScrewMarks.WorldFromUnitRing(target, axis, diameter + 1.5f), mark);
        if (selected)
        {
            // A translucent sleeve around the selected screw, a little longer than it.
            port.DrawCylinder(entry - axis * 2, target + axis * 2, diameter + 3, SelectedColor.WithAlpha(0.3f));
        }
    }

    /// <summary>An odd number of dashes from entry to target alternating red and grey, red at both ends.</summary>
    private static void DrawDashedAxis(IHologramPort port, int dashes, Vector3 entry, Vector3 target)
    {
        Vector3 step = (target - entry) / dashes;
        for (int d = 0; d < dashes; d++)
        {
            port.DrawLine(entry + step * d, entry + step * (d + 1), DashWidthMm, d % 2 == 0 ? NotTrackingColor : NotTrackingGrey);
        }
    }

    private static RgbaColor Lighter(RgbaColor c) => new(0.5f + 0.5f * c.R, 0.5f + 0.5f * c.G, 0.5f + 0.5f * c.B, c.A);

    private static string ScrewLabel(ScrewTrajectory screw) =>
        string.Format(CultureInfo.InvariantCulture, "{0} {1} {2:0.#}x{3:0}", screw.Vertebra, screw.Side.Name(), screw.DiameterMm, screw.LengthMm);

    /// <summary>The axis-aligned bounding box of the meshes' vertices, Ct mm; both corners zero when there are none. Initialization only (reads every vertex).</summary>
    public static (Vector3 MinCt, Vector3 MaxCt) BoundsCt(IEnumerable<TriangleMesh> meshes)
    {
        ArgumentNullException.ThrowIfNull(meshes);
        var min = new Vector3(float.MaxValue);
        var max = new Vector3(float.MinValue);
        foreach (TriangleMesh mesh in meshes)
        {
            foreach (Vector3 p in mesh.PositionsMm)
            {
                min = Vector3.Min(min, p);
                max = Vector3.Max(max, p);
            }
        }

        return min.X > max.X ? (Vector3.Zero, Vector3.Zero) : (min, max);
    }

    /// <summary>Beside the vertebra on the patient's right (LPS −X), level with the middle of its bounding box.</summary>
    private static Vector3 LevelLabelAnchor(TriangleMesh mesh)
    {
        (Vector3 min, Vector3 max) = BoundsCt([mesh]);
        return new Vector3(min.X - 8, (min.Y + max.Y) / 2, (min.Z + max.Z) / 2);
    }
}
