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
    /// Sweeps the pointer over the bone exposed through a posterior incision: <paramref name="count"/> points drawn uniformly (by
    /// area) on the triangles of <paramref name="surfacesCt"/> (Ct mm) whose corners' normals face back (mean normal's Ct +Y above
    /// 0.6), each at random barycentric coordinates — on the surface, not at its vertices — and measured in the Marker frame with the
    /// localisation error. Pass the TRUE anatomy's surface (<see cref="TrueSurfaces"/>), not the case meshes that surface ICP fits
    /// to, so the registration is not handed its own target points. Cost: one pass over the triangles, then O(log n) per point.
    /// </summary>
    public IReadOnlyList<Vector3d> SweepPosteriorSurface(IReadOnlyList<Core.Meshes.TriangleMesh> surfacesCt, int count)
    {
        ArgumentNullException.ThrowIfNull(surfacesCt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var corners = new List<(Vector3d A, Vector3d B, Vector3d C)>();
        var cumulativeArea = new List<double>();
        double total = 0;
        foreach (Core.Meshes.TriangleMesh mesh in surfacesCt)
        {
            System.Numerics.Vector3[] normals = mesh.VertexNormals();
            int[] indices = mesh.Indices;
            for (int t = 0; t + 2 < indices.Length; t += 3)
            {
                int ia = indices[t], ib = indices[t + 1], ic = indices[t + 2];
                System.Numerics.Vector3 mean = normals[ia] + normals[ib] + normals[ic];
                float length = mean.Length();
                if (!(length > 0) || mean.Y / length <= 0.6f)
                {
                    continue;
                }

                Vector3d a = Vector3d.From(mesh.PositionsMm[ia]), b = Vector3d.From(mesh.PositionsMm[ib]), c = Vector3d.From(mesh.PositionsMm[ic]);
                double area = Vector3d.Cross(b - a, c - a).Length / 2;
                if (!(area > 0))
                {
                    continue;
                }

                total += area;
                corners.Add((a, b, c));
                cumulativeArea.Add(total);
            }
        }

        if (corners.Count == 0)
        {
            throw new ArgumentException("Expected surfaces with posterior-facing triangles.", nameof(surfacesCt));
        }

        var touched = new Vector3d[count];
        for (int i = 0; i < count; i++)
        {
            int found = cumulativeArea.BinarySearch(random.NextDouble() * total);
            int triangle = Math.Min(found >= 0 ? found : ~found, corners.Count - 1);
            double u = random.NextDouble(), v = random.NextDouble();
            if (u + v > 1)
            {
                (u, v) = (1 - u, 1 - v);
            }

            (Vector3d a, Vector3d b, Vector3d c) = corners[triangle];
            touched[i] = Touch(a + (b - a) * u + (c - a) * v);
        }

        return touched;
    }

    /// <summary>
    /// The true anatomy's bone surfaces to sweep: the raw marching-cubes boundary (no smoothing, no decimation) of each of
    /// <paramref name="labelIds"/> in <paramref name="trueLabels"/> (Ct mm), meshed here independently of the case's vertebra meshes.
    /// Cost: one marching cubes per label, about a hundred ms each.
    /// </summary>
    public static IReadOnlyList<Core.Meshes.TriangleMesh> TrueSurfaces(Core.Volumes.LabelVolume trueLabels, IReadOnlyList<int> labelIds)
    {
        ArgumentNullException.ThrowIfNull(trueLabels);
        ArgumentNullException.ThrowIfNull(labelIds);
        var surfaces = new Core.Meshes.TriangleMesh[labelIds.Count];
        for (int i = 0; i < surfaces.Length; i++)
        {
            surfaces[i] = Imaging.Meshing.LabelSurface.Extract(trueLabels, labelIds[i], Imaging.Meshing.LabelSurfaceOptions.Raw);
        }

        return surfaces;
    }

    /// <summary>Touches <paramref name="pointCt"/> (Ct mm) and returns where the pointer's tip measured it, Marker mm.</summary>
    public Vector3d Touch(Vector3d pointCt)
    {
        double sigma = FleMm / Math.Sqrt(3);
        return trueMarkerFromCt.Apply(pointCt) + new Vector3d(random.NextGaussian(), random.NextGaussian(), random.NextGaussian()) * sigma;
    }
}
