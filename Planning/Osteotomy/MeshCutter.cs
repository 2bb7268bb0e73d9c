using System.Numerics;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;

namespace ArSpine.Planning.Osteotomy;

/// <summary>The two pieces of a closed mesh cut by a plane, each closed by a cap in the plane.</summary>
/// <param name="Negative">The piece on the plane's negative side (signed distance below zero), capped; Ct frame, LPS mm.</param>
/// <param name="Positive">The piece on the positive side (signed distance zero or above), capped.</param>
/// <param name="CapAreaMm2">Area of the cut surface (one cap), mm².</param>
/// <param name="CapCentroidCt">Area centroid of the cut surface, LPS mm; the plane's point when nothing was cut.</param>
public sealed record MeshSplit(TriangleMesh Negative, TriangleMesh Positive, double CapAreaMm2, Vector3d CapCentroidCt);

/// <summary>The pieces of a closed mesh cut by the two planes of a wedge whose normals point into it.</summary>
/// <param name="Wedge">The part on the positive side of both planes (the resection), capped.</param>
/// <param name="OutsideFirst">The part on the negative side of the first plane, capped.</param>
/// <param name="OutsideSecondOnly">The part on the positive side of the first plane and the negative side of the second, capped.</param>
public sealed record WedgeCut(TriangleMesh Wedge, TriangleMesh OutsideFirst, TriangleMesh OutsideSecondOnly);

/// <summary>
/// Exact cutting of closed triangle meshes (Ct frame, LPS mm) by planes. Every triangle that crosses the plane is split at
/// the edge crossings, which both pieces share, and each piece is closed by triangulating the cross-section's loops
/// (non-convex, with holes) in the plane, so a watertight input gives watertight pieces whose enclosed volumes add up to
/// the input's. Vertices exactly on the plane count as positive. Cost: linear in the triangles (a watertightness check, a
/// hash per edge crossing) plus the caps' triangulation.
/// </summary>
public static class MeshCutter
{
    /// <summary>Cuts a closed, consistently wound mesh by a plane; returns new meshes and leaves the input untouched.</summary>
    public static MeshSplit Split(TriangleMesh mesh, CutPlane plane)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(plane);
        // A mesh that is not watertight as indexed (separate triangles, as some extractors write them) is welded: vertices
        // at the same position become one. A watertight mesh is left as it is, since it may hold distinct coincident vertices.
        Vector3[] positions = mesh.PositionsMm;
        bool weld = !mesh.IsWatertight();
        var canonical = new int[positions.Length];
        var byPosition = new Dictionary<Vector3, int>();
        var points = new List<Vector3d>(positions.Length + 64);
        for (int v = 0; v < positions.Length; v++)
        {
            if (!weld || !byPosition.TryGetValue(positions[v], out int id))
            {
                id = points.Count;
                if (weld)
                {
                    byPosition[positions[v]] = id;
                }

                points.Add(Vector3d.From(positions[v]));
            }

            canonical[v] = id;
        }

        var negative = new bool[points.Count];
        var distance = new double[points.Count];
        for (int v = 0; v < points.Count; v++)
        {
            distance[v] = plane.SignedDistanceMm(points[v]);
            negative[v] = distance[v] < 0;
        }

        var crossing = new Dictionary<long, int>();
        var negativeTriangles = new List<int>(mesh.Indices.Length);
        var positiveTriangles = new List<int>(mesh.Indices.Length);
        var capNext = new Dictionary<int, int>();
        int[] indices = mesh.Indices;
        for (int t = 0; t < indices.Length; t += 3)
        {
            int i0 = canonical[indices[t]], i1 = canonical[indices[t + 1]], i2 = canonical[indices[t + 2]];
            int negatives = (negative[i0] ? 1 : 0) + (negative[i1] ? 1 : 0) + (negative[i2] ? 1 : 0);
            if (negatives is 0 or 3)
            {
                (negatives == 3 ? negativeTriangles : positiveTriangles).AddRange([i0, i1, i2]);
                continue;
            }

            // Rotate (keeping the winding) so that a is the vertex alone on its side.
            (int a, int b, int c) = negative[i0] != negative[i1] && negative[i0] != negative[i2] ? (i0, i1, i2)
                : negative[i1] != negative[i0] && negative[i1] != negative[i2] ? (i1, i2, i0)
                : (i2, i0, i1);
            int ab = Crossing(a, b), ac = Crossing(a, c);
            List<int> lone = negative[a] ? negativeTriangles : positiveTriangles;
            List<int> pair = negative[a] ? positiveTriangles : negativeTriangles;
            lone.AddRange([a, ab, ac]);
            pair.AddRange([ab, b, c, ab, c, ac]);

            // The negative piece's boundary edge in the plane runs ab→ac when a is negative, else ac→ab; its cap runs the other way.
            if (negative[a])
            {
                AddCapEdge(ac, ab);
            }
            else
            {
                AddCapEdge(ab, ac);
            }
        }

        List<List<int>> loops = Loops(capNext);
        (Vector3d u, Vector3d w) = PlaneBasis(plane.NormalCt);
        var planar = new Dictionary<int, (double X, double Y)>();
        foreach (List<int> loop in loops)
        {
            foreach (int id in loop)
            {
                Vector3d r = points[id] - plane.PointCt;
                planar[id] = (Vector3d.Dot(r, u), Vector3d.Dot(r, w));
            }
        }

        List<int> cap = PolygonTriangulator.Triangulate(loops, planar);
        double capArea = 0;
        Vector3d weighted = Vector3d.Zero;
        for (int t = 0; t < cap.Count; t += 3)
        {
            Vector3d a = points[cap[t]], b = points[cap[t + 1]], c = points[cap[t + 2]];
            double area = 0.5 * Vector3d.Dot(Vector3d.Cross(b - a, c - a), plane.NormalCt);
            capArea += area;
            weighted += (a + b + c) / 3 * area;
            negativeTriangles.AddRange([cap[t], cap[t + 1], cap[t + 2]]);
            positiveTriangles.AddRange([cap[t], cap[t + 2], cap[t + 1]]);
        }

        Vector3d centroid = Math.Abs(capArea) > 1e-12 ? weighted / capArea : plane.PointCt;
        return new MeshSplit(Compact(points, negativeTriangles), Compact(points, positiveTriangles), capArea, centroid);

        int Crossing(int from, int to)
        {
            (int lo, int hi) = from < to ? (from, to) : (to, from);
            long key = ((long)lo << 32) | (uint)hi;
            if (!crossing.TryGetValue(key, out int id))
            {
                double t = distance[lo] / (distance[lo] - distance[hi]);
                id = points.Count;
                points.Add(points[lo] + (points[hi] - points[lo]) * t);
                crossing[key] = id;
            }

            return id;
        }

        void AddCapEdge(int from, int to)
        {
            if (!capNext.TryAdd(from, to))
            {
                throw new ArgumentException("Expected a closed, manifold, consistently wound mesh: a cut edge repeats.", nameof(mesh));
            }
        }
    }

    /// <summary>
    /// Cuts a closed mesh by the two planes of a wedge (both normals pointing into it) into the wedge and the parts outside;
    /// all three pieces are capped and, for a watertight input, watertight.
    /// </summary>
    public static WedgeCut CutWedge(TriangleMesh mesh, CutPlane first, CutPlane second)
    {
        MeshSplit byFirst = Split(mesh, first);
        MeshSplit bySecond = Split(byFirst.Positive, second);
        return new WedgeCut(bySecond.Positive, byFirst.Negative, bySecond.Negative);
    }

    /// <summary>Two unit vectors u, w in the plane with u × w = n, so a loop that turns counter-clockwise in (u, w) faces along n.</summary>
    private static (Vector3d U, Vector3d W) PlaneBasis(Vector3d normal)
    {
        Vector3d helper = Math.Abs(normal.X) < 0.9 ? Vector3d.UnitX : Vector3d.UnitY;
        Vector3d u = Vector3d.Cross(helper, normal).Normalized();
        return (u, Vector3d.Cross(normal, u));
    }

    private static List<List<int>> Loops(Dictionary<int, int> next)
    {
        var loops = new List<List<int>>();
        var visited = new HashSet<int>();
        foreach (int start in next.Keys)
        {
            if (visited.Contains(start))
            {
                continue;
            }

            var loop = new List<int>();
            int current = start;
            while (visited.Add(current))
            {
                loop.Add(current);
                if (!next.TryGetValue(current, out current))
                {
                    throw new ArgumentException("Expected a closed mesh: the cross-section has an open loop.");
                }
            }

            if (current != start)
            {
                throw new ArgumentException("Expected a manifold mesh: the cross-section's loops touch.");
            }

            loops.Add(loop);
        }

        return loops;
    }

    private static TriangleMesh Compact(List<Vector3d> points, List<int> triangles)
    {
        var local = new Dictionary<int, int>();
        var positions = new List<Vector3>();
        var indices = new int[triangles.Count];
        for (int n = 0; n < triangles.Count; n++)
        {
            int id = triangles[n];
            if (!local.TryGetValue(id, out int index))
            {
                index = positions.Count;
                local[id] = index;
                positions.Add(points[id].ToVector3());
            }

            indices[n] = index;
        }

        return new TriangleMesh(positions.ToArray(), indices);
    }
}
