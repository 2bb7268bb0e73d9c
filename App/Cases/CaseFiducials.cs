using ArSpine.Core.Cases;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;

namespace ArSpine.App.Cases;

/// <summary>
/// Registration fiducials and the patient marker that a new case gets by default: the tip of each vertebra's spinous process
/// (the surgeon can touch it with the tracked pointer through the incision) and a 2 × 2 AprilTag board 50 mm across.
/// </summary>
public static class CaseFiducials
{
    /// <summary>The default patient reference marker: four 22 mm AprilTag 36h11 markers, 6 mm apart (a board 50 mm square).</summary>
    public static CaseMarker DefaultMarker { get; } = new("DICT_APRILTAG_36h11", 2, 2, 22, 6);

    /// <summary>
    /// One fiducial per vertebra: the most posterior point of its mesh (largest LPS y, the spinous process tip of a prone patient's
    /// spine), named "L3 spinous process tip". <paramref name="vertebrae"/> and <paramref name="meshes"/> pair by index.
    /// Throws for an empty mesh.
    /// </summary>
    public static IReadOnlyList<CaseFiducial> SpinousProcessTips(IReadOnlyList<CaseVertebra> vertebrae, IReadOnlyList<TriangleMesh> meshes)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(meshes.Count, vertebrae.Count);
        var fiducials = new CaseFiducial[vertebrae.Count];
        for (int v = 0; v < vertebrae.Count; v++)
        {
            if (meshes[v].PositionsMm.Length == 0)
            {
                throw new ArgumentException($"Expected a mesh with vertices for {vertebrae[v].Name}. Was empty.", nameof(meshes));
            }

            System.Numerics.Vector3 tip = meshes[v].PositionsMm.MaxBy(p => p.Y);
            fiducials[v] = new CaseFiducial($"{vertebrae[v].Name} spinous process tip", new Vector3d(tip.X, tip.Y, tip.Z));
        }

        return fiducials;
    }
}
