using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.Core.Geometry;
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
/// labels, drawn at a <c>WorldFromCt</c> pose. Upload once; <see cref="Draw"/> allocates nothing.
/// (Interface fixed for the modes; the full drawing is built in the scene work.)
/// </summary>
public sealed class CaseScene
{
    private readonly CasePackage package;
    private readonly MeshHandle[] meshes;

    private CaseScene(CasePackage package, MeshHandle[] meshes)
    {
        this.package = package;
        this.meshes = meshes;
        VertebraVisible = Enumerable.Repeat(true, meshes.Length).ToArray();
        ScrewVisible = Enumerable.Repeat(true, package.Case.Plan.Screws.Count).ToArray();
    }

    /// <summary>The package drawn.</summary>
    public CasePackage Package => package;

    /// <summary>Per vertebra (index order of the case), whether it is drawn; the user toggles these.</summary>
    public bool[] VertebraVisible { get; }

    /// <summary>Per planned screw (plan order), whether it is drawn; the user toggles these.</summary>
    public bool[] ScrewVisible { get; }

    /// <summary>The selected screw (plan order), highlighted and labelled; −1 for none.</summary>
    public int SelectedScrew { get; set; } = -1;

    /// <summary>Uploads the case's meshes to the host. Initialization only.</summary>
    public static CaseScene Upload(IHologramPort port, CasePackage package)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(package);
        return new CaseScene(package, package.VertebraMeshes.Select(port.UploadMesh).ToArray());
    }

    /// <summary>Queues the case at <paramref name="worldFromCt"/> (row-vector matrix, Ct mm to World mm) in the given look.</summary>
    public void Draw(IHologramPort port, Matrix4x4 worldFromCt, OverlayLook look)
    {
        IReadOnlyList<ScrewTrajectory> screws = package.Case.Plan.Screws;
        for (int s = 0; s < screws.Count; s++)
        {
            if (!ScrewVisible[s])
            {
                continue;
            }

            Vector3 entry = Vector3.Transform(screws[s].EntryCt.ToVector3(), worldFromCt);
            Vector3 target = Vector3.Transform(screws[s].TargetCt.ToVector3(), worldFromCt);
            RgbaColor color = look == OverlayLook.NotTracking ? new RgbaColor(0.5f, 0.5f, 0.5f, 0.5f)
                : screws[s].Side == BodySide.Left ? SpineOverview.LeftScrewColor : SpineOverview.RightScrewColor;
            port.DrawCylinder(entry, target, (float)screws[s].DiameterMm, color);
        }

        for (int v = 0; v < meshes.Length; v++)
        {
            if (VertebraVisible[v])
            {
                port.DrawMesh(meshes[v], worldFromCt, new RgbaColor(0.9f, 0.88f, 0.8f, 0.45f));
            }
        }
    }
}
