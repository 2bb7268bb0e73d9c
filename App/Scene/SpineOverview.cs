using System.Numerics;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Plans;

namespace ArSpine.App.Scene;

/// <summary>
/// A planning overview: the vertebra meshes, translucent and tinted per level, with the planned screws inside them as cylinders
/// of their true diameter and length. World is the Ct frame here (LPS mm): <c>WorldFromCt</c> is the identity on the planning
/// station. Upload once with <see cref="Upload"/>; <see cref="Draw"/> queues the frame and allocates nothing.
/// </summary>
public sealed class SpineOverview
{
    /// <summary>Tint of a left-side screw.</summary>
    public static readonly RgbaColor LeftScrewColor = new(0.10f, 0.55f, 1.00f);

    /// <summary>Tint of a right-side screw.</summary>
    public static readonly RgbaColor RightScrewColor = new(1.00f, 0.55f, 0.05f);

    private static readonly RgbaColor[] LevelTints =
    {
        new(0.93f, 0.89f, 0.78f), new(0.86f, 0.90f, 0.80f), new(0.80f, 0.88f, 0.90f), new(0.90f, 0.82f, 0.86f), new(0.88f, 0.86f, 0.74f), new(0.82f, 0.80f, 0.76f),
    };

    private readonly MeshHandle[] _meshes;
    private readonly RgbaColor[] _tints;
    private readonly ScrewTrajectory[] _screws;

    private SpineOverview(MeshHandle[] meshes, RgbaColor[] tints, ScrewTrajectory[] screws, Vector3 centreMm, float radiusMm)
    {
        _meshes = meshes;
        _tints = tints;
        _screws = screws;
        CentreWorldMm = centreMm;
        RadiusMm = radiusMm;
    }

    /// <summary>Centre of the vertebrae's bounding box, World mm.</summary>
    public Vector3 CentreWorldMm { get; }

    /// <summary>Half the diagonal of the vertebrae's bounding box, mm.</summary>
    public float RadiusMm { get; }

    /// <summary>Opacity of the bone, so the screws inside the pedicles show through.</summary>
    public float BoneAlpha { get; init; } = 0.45f;

    /// <summary>Uploads the meshes (Ct mm, superior to inferior) to the host and keeps the screws. Costs one upload per mesh.</summary>
    public static SpineOverview Upload(IHologramPort port, IReadOnlyList<TriangleMesh> vertebraMeshes, SurgicalPlan plan)
    {
        var min = new Vector3(float.MaxValue);
        var max = new Vector3(float.MinValue);
        foreach (TriangleMesh mesh in vertebraMeshes)
        {
            foreach (Vector3 p in mesh.PositionsMm)
            {
                min = Vector3.Min(min, p);
                max = Vector3.Max(max, p);
            }
        }

        MeshHandle[] handles = vertebraMeshes.Select(port.UploadMesh).ToArray();
        RgbaColor[] tints = Enumerable.Range(0, handles.Length).Select(n => LevelTints[n % LevelTints.Length]).ToArray();
        return new SpineOverview(handles, tints, plan.Screws.ToArray(), (min + max) / 2, (max - min).Length() / 2);
    }

    /// <summary>Queues this frame's draws.</summary>
    public void Draw(IHologramPort port)
    {
        foreach (ScrewTrajectory screw in _screws)
        {
            port.DrawCylinder(screw.EntryCt.ToVector3(), screw.TargetCt.ToVector3(), (float)screw.DiameterMm, screw.Side == BodySide.Left ? LeftScrewColor : RightScrewColor);
        }

        for (int n = 0; n < _meshes.Length; n++)
        {
            port.DrawMesh(_meshes[n], Matrix4x4.Identity, _tints[n].WithAlpha(BoneAlpha));
        }
    }

    /// <summary>
    /// A camera behind the patient (posterior, LPS +Y), raised and turned toward the patient's right, looking at the spine with
    /// superior up: the view of a surgeon standing at a prone patient's side. Fits the whole spine in the frame.
    /// </summary>
    public ViewCamera PosteriorObliqueCamera(float verticalFovDeg = 30)
    {
        var direction = Vector3.Normalize(new Vector3(-0.45f, 1.0f, 0.35f));
        float distance = RadiusMm / MathF.Tan(verticalFovDeg * MathF.PI / 360) * 1.05f;
        return new ViewCamera(CentreWorldMm + direction * distance, CentreWorldMm, Vector3.UnitZ, verticalFovDeg, distance * 0.2f, distance * 3);
    }
}
