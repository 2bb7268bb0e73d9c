using System.Numerics;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;

namespace ArSpine.Imaging.Meshing;

/// <summary>
/// Iso-surface extraction by marching cubes. The 256-case triangle table is derived at start-up from one rule per cube face
/// (on a face whose inside corners lie on a diagonal, the inside corners are kept apart), so neighbouring cells always agree
/// on the segments of their shared face: the surface is closed and manifold wherever the block's border lies outside, and
/// vertices on a shared grid edge are shared. Triangles wind counter-clockwise seen from outside (values at or below the
/// iso-value), so face normals point out of the region above it, in the Ct frame whatever the sign of the grid's determinant.
/// </summary>
public static class MarchingCubes
{
    // Corner c sits at (c & 1, (c >> 1) & 1, (c >> 2) & 1). Edge e joins corners EdgeCorners[e, 0] and EdgeCorners[e, 1],
    // the first with the lower coordinate along EdgeAxis[e].
    private static readonly int[] EdgeAxis = new int[12];
    private static readonly int[,] EdgeCorners = new int[12, 2];

    /// <summary>Triangles of each case, as cube edge numbers, three per triangle.</summary>
    private static readonly int[][] CaseTriangles = BuildTable();

    /// <summary>The triangle count of each of the 256 corner cases (bit c set: corner c inside); for tests and statistics.</summary>
    public static int TrianglesOfCase(int cubeCase) => CaseTriangles[cubeCase].Length / 3;

    /// <summary>
    /// Extracts the surface <c>field = isoValue</c> from a block of values (i fastest) and maps it to the Ct frame through
    /// <paramref name="ctFromBlockVoxel"/>. A corner is inside when its value exceeds the iso-value. Cost: one pass over the
    /// block with O(sizeI · sizeJ) scratch; memory otherwise grows with the surface.
    /// </summary>
    public static TriangleMesh Extract(float[] field, int sizeI, int sizeJ, int sizeK, float isoValue, AffineTransform ctFromBlockVoxel)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentOutOfRangeException.ThrowIfNotEqual(field.Length, sizeI * sizeJ * sizeK);
        var positions = new List<Vector3>();
        var indices = new List<int>();
        bool flip = ctFromBlockVoxel.Linear.Determinant < 0;
        int layer = sizeI * sizeJ;

        // Vertex numbers of the grid edges touched by the current slab between slices k and k + 1; -1 where none yet.
        int[] xEdgesBelow = NewLayer(layer), xEdgesAbove = NewLayer(layer);
        int[] yEdgesBelow = NewLayer(layer), yEdgesAbove = NewLayer(layer);
        int[] zEdges = NewLayer(layer);
        Span<int> cubeVertex = stackalloc int[12];
        Span<float> value = stackalloc float[8];

        for (int k = 0; k + 1 < sizeK; k++)
        {
            for (int j = 0; j + 1 < sizeJ; j++)
            {
                // The four grid rows around this row of cubes; the corners at i + 1 of one cube are those at i of the next.
                int row00 = sizeI * (j + sizeJ * k), row10 = row00 + sizeI, row01 = row00 + layer, row11 = row01 + sizeI;
                int low = Bits(field[row00], field[row10], field[row01], field[row11], isoValue);
                for (int i = 0; i + 1 < sizeI; i++)
                {
                    int high = Bits(field[row00 + i + 1], field[row10 + i + 1], field[row01 + i + 1], field[row11 + i + 1], isoValue) << 1;
                    int cubeCase = low | high;
                    low = high >> 1;
                    int[] triangles = CaseTriangles[cubeCase];
                    if (triangles.Length == 0)
                    {
                        continue;
                    }

                    int origin = row00 + i;
                    for (int c = 0; c < 8; c++)
                    {
                        value[c] = field[origin + (c & 1) + ((c >> 1) & 1) * sizeI + ((c >> 2) & 1) * layer];
                    }

                    cubeVertex.Fill(-1);
                    for (int t = 0; t < triangles.Length; t++)
                    {
                        int e = triangles[t];
                        if (cubeVertex[e] < 0)
                        {
                            cubeVertex[e] = EdgeVertex(e, i, j, k, value);
                        }
                    }

                    for (int t = 0; t < triangles.Length; t += 3)
                    {
                        indices.Add(cubeVertex[triangles[t]]);
                        indices.Add(cubeVertex[triangles[t + (flip ? 2 : 1)]]);
                        indices.Add(cubeVertex[triangles[t + (flip ? 1 : 2)]]);
                    }
                }
            }

            (xEdgesBelow, xEdgesAbove) = (xEdgesAbove, xEdgesBelow);
            (yEdgesBelow, yEdgesAbove) = (yEdgesAbove, yEdgesBelow);
            Array.Fill(xEdgesAbove, -1);
            Array.Fill(yEdgesAbove, -1);
            Array.Fill(zEdges, -1);
        }

        return new TriangleMesh(positions.ToArray(), indices.ToArray());

        int EdgeVertex(int e, int i, int j, int k, ReadOnlySpan<float> value)
        {
            int c0 = EdgeCorners[e, 0], c1 = EdgeCorners[e, 1];
            int bi = c0 & 1, bj = (c0 >> 1) & 1, bk = (c0 >> 2) & 1;
            int[] slot;
            int at;
            switch (EdgeAxis[e])
            {
                case 0:
                    slot = bk == 0 ? xEdgesBelow : xEdgesAbove;
                    at = i + sizeI * (j + bj);
                    break;
                case 1:
                    slot = bk == 0 ? yEdgesBelow : yEdgesAbove;
                    at = i + bi + sizeI * j;
                    break;
                default:
                    slot = zEdges;
                    at = i + bi + sizeI * (j + bj);
                    break;
            }

            if (slot[at] >= 0)
            {
                return slot[at];
            }

            double f0 = value[c0], f1 = value[c1];
            double s = (isoValue - f0) / (f1 - f0);
            var at0 = new Vector3d(i + bi, j + bj, k + bk);
            Vector3d along = EdgeAxis[e] switch { 0 => Vector3d.UnitX, 1 => Vector3d.UnitY, _ => Vector3d.UnitZ };
            positions.Add(ctFromBlockVoxel.Apply(at0 + along * s).ToVector3());
            return slot[at] = positions.Count - 1;
        }
    }

    /// <summary>Case bits 0, 2, 4 and 6 (the corners at the cube's lower i) of four values.</summary>
    private static int Bits(float c0, float c2, float c4, float c6, float iso) =>
        (c0 > iso ? 1 : 0) | (c2 > iso ? 4 : 0) | (c4 > iso ? 16 : 0) | (c6 > iso ? 64 : 0);

    private static int[] NewLayer(int size)
    {
        var layer = new int[size];
        Array.Fill(layer, -1);
        return layer;
    }

    private static Vector3d CornerPoint(int c) => new(c & 1, (c >> 1) & 1, (c >> 2) & 1);

    private static Vector3d EdgeMidpoint(int e) => (CornerPoint(EdgeCorners[e, 0]) + CornerPoint(EdgeCorners[e, 1])) * 0.5;

    /// <summary>The two faces (axis * 2 + side) that contain edge <paramref name="e"/>.</summary>
    private static (int, int) FacesOfEdge(int e)
    {
        int c = EdgeCorners[e, 0], axis = EdgeAxis[e];
        int a1 = (axis + 1) % 3, a2 = (axis + 2) % 3;
        return (a1 * 2 + ((c >> a1) & 1), a2 * 2 + ((c >> a2) & 1));
    }

    private static int[][] BuildTable()
    {
        int n = 0;
        for (int axis = 0; axis < 3; axis++)
        {
            for (int c = 0; c < 8; c++)
            {
                if (((c >> axis) & 1) == 0)
                {
                    EdgeAxis[n] = axis;
                    EdgeCorners[n, 0] = c;
                    EdgeCorners[n, 1] = c | (1 << axis);
                    n++;
                }
            }
        }

        var table = new int[256][];
        for (int cubeCase = 0; cubeCase < 256; cubeCase++)
        {
            table[cubeCase] = TrianglesOf(cubeCase);
        }

        return table;
    }

    /// <summary>
    /// The triangles of one case: directed segments on each face (outside on the segment's right seen from outside the cube),
    /// chained into loops, each loop fanned from a vertex whose diagonals leave the cube's faces.
    /// </summary>
    private static int[] TrianglesOf(int cubeCase)
    {
        bool Inside(int c) => ((cubeCase >> c) & 1) != 0;
        var next = new int[12];
        Array.Fill(next, -1);
        for (int face = 0; face < 6; face++)
        {
            int axis = face / 2, side = face % 2;
            var faceNormal = new Vector3d(axis == 0 ? 2 * side - 1 : 0, axis == 1 ? 2 * side - 1 : 0, axis == 2 ? 2 * side - 1 : 0);
            var crossed = new List<int>();
            for (int e = 0; e < 12; e++)
            {
                if (EdgeAxis[e] != axis && ((EdgeCorners[e, 0] >> axis) & 1) == side && Inside(EdgeCorners[e, 0]) != Inside(EdgeCorners[e, 1]))
                {
                    crossed.Add(e);
                }
            }

            var segments = new List<(int From, int To, int? CutCorner)>();
            if (crossed.Count == 2)
            {
                segments.Add((crossed[0], crossed[1], null));
            }
            else if (crossed.Count == 4)
            {
                // Inside corners on a diagonal: each is cut off by its own segment.
                for (int c = 0; c < 8; c++)
                {
                    if (((c >> axis) & 1) == side && Inside(c))
                    {
                        int[] around = crossed.Where(e => EdgeCorners[e, 0] == c || EdgeCorners[e, 1] == c).ToArray();
                        segments.Add((around[0], around[1], c));
                    }
                }
            }

            foreach ((int from, int to, int? cut) in segments)
            {
                Vector3d p = EdgeMidpoint(from), q = EdgeMidpoint(to);
                Vector3d across = Vector3d.Cross(faceNormal, q - p);
                // Which side of the segment is outside: a corner alone on its side decides (it is the cut corner, or any corner when one segment splits the face).
                int probe = cut ?? Enumerable.Range(0, 8).First(c => ((c >> axis) & 1) == side);
                bool probePositive = Vector3d.Dot(CornerPoint(probe) - p, across) > 0;
                Vector3d outward = probePositive == Inside(probe) ? -across : across;
                Vector3d direction = Vector3d.Cross(outward, faceNormal);
                (int a, int b) = Vector3d.Dot(q - p, direction) >= 0 ? (from, to) : (to, from);
                if (next[a] >= 0)
                {
                    throw new InvalidOperationException($"Marching cubes table: case {cubeCase} gives edge {a} two outgoing segments.");
                }

                next[a] = b;
            }
        }

        var triangles = new List<int>();
        var visited = new bool[12];
        for (int start = 0; start < 12; start++)
        {
            if (next[start] < 0 || visited[start])
            {
                continue;
            }

            var loop = new List<int>();
            for (int e = start; !visited[e]; e = next[e])
            {
                if (e < 0)
                {
                    throw new InvalidOperationException($"Marching cubes table: case {cubeCase} has an open loop.");
                }

                visited[e] = true;
                loop.Add(e);
            }

            Fan(loop, triangles, cubeCase);
        }

        return triangles.ToArray();
    }

    private static void Fan(List<int> loop, List<int> triangles, int cubeCase)
    {
        int count = loop.Count;
        for (int apex = 0; apex < count; apex++)
        {
            bool clear = true;
            for (int d = 2; d <= count - 2 && clear; d++)
            {
                (int f1, int f2) = FacesOfEdge(loop[apex]);
                (int g1, int g2) = FacesOfEdge(loop[(apex + d) % count]);
                clear = f1 != g1 && f1 != g2 && f2 != g1 && f2 != g2;
            }

            if (!clear)
            {
                continue;
            }

            for (int d = 1; d + 1 < count; d++)
            {
                triangles.Add(loop[apex]);
                triangles.Add(loop[(apex + d) % count]);
                triangles.Add(loop[(apex + d + 1) % count]);
            }

            return;
        }

        throw new InvalidOperationException($"Marching cubes table: case {cubeCase} has a loop of {count} edges with no fan that stays off the cube's faces.");
    }
}
