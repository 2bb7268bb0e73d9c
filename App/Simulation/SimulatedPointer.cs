using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;

namespace ArSpine.App.Simulation;

/// <summary>
/// The tracked pointer of the simulated room: touching a point of the anatomy measures it in the Marker frame, with a seeded
/// isotropic fiducial localisation error of <see cref="FleMm"/> (RMS over the three axes, mm). Not thread-safe.
/// </summary>
public sealed class SimulatedPointer(RigidTransform trueMarkerFromCt, double fleMm = 0.5, int seed = 7)
{
    private SplitMix64 random = SplitMix64.ForStream(seed, 0x7061);

    /// <summary>The fiducial localisation error, RMS mm.</summary>
    public double FleMm { get; } = fleMm >= 0 ? fleMm : throw new ArgumentOutOfRangeException(nameof(fleMm), fleMm, "Expected a non-negative FLE in mm.");

    /// <summary>
    /// Sweeps the pointer over the bone exposed through a posterior incision: <paramref name="count"/> vertices of the meshes (Ct mm)
    /// whose normals face back (Ct +Y), drawn at random, each measured in the Marker frame with the localisation error.
    /// </summary>
    public IReadOnlyList<Vector3d> SweepPosteriorSurface(IReadOnlyList<Core.Meshes.TriangleMesh> meshesCt, int count)
    {
        ArgumentNullException.ThrowIfNull(meshesCt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var candidates = new List<Vector3d>();
        foreach (Core.Meshes.TriangleMesh mesh in meshesCt)
        {
            System.Numerics.Vector3[] normals = mesh.VertexNormals();
            for (int v = 0; v < normals.Length; v++)
            {
                if (normals[v].Y > 0.6f)
                {
                    candidates.Add(Vector3d.From(mesh.PositionsMm[v]));
                }
            }
        }

        if (candidates.Count == 0)
        {
            throw new ArgumentException("Expected meshes with posterior-facing surface.", nameof(meshesCt));
        }

        var touched = new Vector3d[count];
        for (int i = 0; i < count; i++)
        {
            touched[i] = Touch(candidates[(int)(random.NextDouble() * candidates.Count) % candidates.Count]);
        }

        return touched;
    }

    /// <summary>Touches <paramref name="pointCt"/> (Ct mm) and returns where the pointer's tip measured it, Marker mm.</summary>
    public Vector3d Touch(Vector3d pointCt)
    {
        double sigma = FleMm / Math.Sqrt(3);
        return trueMarkerFromCt.Apply(pointCt) + new Vector3d(random.NextGaussian(), random.NextGaussian(), random.NextGaussian()) * sigma;
    }
}
