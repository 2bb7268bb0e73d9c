using System.Numerics;
using ArSpine.Core.Meshes;

namespace ArSpine.Imaging.Meshing;

/// <summary>
/// Taubin's λ|μ smoothing: alternating a shrinking Laplacian step (weight λ &gt; 0) and an inflating one (μ &lt; −λ), a low-pass
/// filter that removes the voxel staircase without the shrinkage of plain Laplacian smoothing. Uniform (umbrella) weights over
/// each vertex's edge neighbours; connectivity is unchanged, so a watertight mesh stays watertight.
/// </summary>
public static class TaubinSmoothing
{
    /// <summary>Returns a smoothed copy of <paramref name="mesh"/> after <paramref name="iterations"/> λ|μ pairs. Cost: O(iterations · edges).</summary>
    /// <param name="mesh">The mesh to smooth; not changed.</param>
    /// <param name="iterations">Number of λ|μ pairs; 0 returns a copy.</param>
    /// <param name="lambda">The shrinking weight, in (0, 1).</param>
    /// <param name="mu">The inflating weight, below −λ.</param>
    public static TriangleMesh Apply(TriangleMesh mesh, int iterations, double lambda = 0.5, double mu = -0.53)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        if (!(lambda is > 0 and < 1) || !(mu < -lambda))
        {
            throw new ArgumentException($"Expected 0 < λ < 1 and μ < −λ. Was λ = {lambda}, μ = {mu}.");
        }

        int[][] neighbours = Neighbours(mesh);
        var current = (Vector3[])mesh.PositionsMm.Clone();
        var scratch = new Vector3[current.Length];
        for (int n = 0; n < iterations; n++)
        {
            Step(current, scratch, neighbours, (float)lambda);
            Step(scratch, current, neighbours, (float)mu);
        }

        return new TriangleMesh(current, (int[])mesh.Indices.Clone());
    }

    /// <summary>The distinct edge neighbours of every vertex.</summary>
    internal static int[][] Neighbours(TriangleMesh mesh)
    {
        var sets = new List<int>[mesh.PositionsMm.Length];
        int[] tri = mesh.Indices;
        for (int t = 0; t < tri.Length; t += 3)
        {
            for (int e = 0; e < 3; e++)
            {
                int a = tri[t + e], b = tri[t + (e + 1) % 3];
                (sets[a] ??= new List<int>(6)).Add(b);
                (sets[b] ??= new List<int>(6)).Add(a);
            }
        }

        var result = new int[sets.Length][];
        for (int v = 0; v < sets.Length; v++)
        {
            result[v] = sets[v] is null ? [] : sets[v].Distinct().ToArray();
        }

        return result;
    }

    private static void Step(Vector3[] from, Vector3[] to, int[][] neighbours, float weight)
    {
        Parallel.For(0, from.Length, v =>
        {
            int[] around = neighbours[v];
            if (around.Length == 0)
            {
                to[v] = from[v];
                return;
            }

            Vector3 sum = Vector3.Zero;
            foreach (int u in around)
            {
                sum += from[u];
            }

            Vector3 laplacian = sum / around.Length - from[v];
            to[v] = from[v] + weight * laplacian;
        });
    }
}
