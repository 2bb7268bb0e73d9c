using System.Numerics;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;

namespace ArSpine.Imaging.Meshing;

/// <summary>
/// Iso-surface extraction by marching tetrahedra: each grid cell is split into six tetrahedra around its main diagonal
/// (the same split in every cell, so neighbouring cells agree on shared faces), which has no ambiguous cases and gives a
/// closed, consistently wound surface wherever the field is below the iso-value on the block's border. Vertices on a
/// shared edge are shared. Triangles wind so that their normals point from the inside (values above the iso-value) out.
/// </summary>
public static class MarchingTetrahedra
{
    // Cell corners as (di, dj, dk) bit patterns: bit 0 = i, bit 1 = j, bit 2 = k.
    private static readonly int[] CornerOffsetI = { 0, 1, 1, 0, 0, 1, 1, 0 };
    private static readonly int[] CornerOffsetJ = { 0, 0, 1, 1, 0, 0, 1, 1 };
    private static readonly int[] CornerOffsetK = { 0, 0, 0, 0, 1, 1, 1, 1 };

    // The six tetrahedra of the Freudenthal split around the diagonal from corner 0 to corner 6.
    private static readonly int[,] Tetrahedra = { { 0, 5, 1, 6 }, { 0, 1, 2, 6 }, { 0, 2, 3, 6 }, { 0, 3, 7, 6 }, { 0, 7, 4, 6 }, { 0, 4, 5, 6 } };

    /// <summary>
    /// Extracts the surface <c>field = isoValue</c> from a block of values (i fastest) and maps it to the Ct frame through
    /// <paramref name="ctFromBlockVoxel"/>. Cost: one pass over the block; memory grows with the surface.
    /// </summary>
    public static TriangleMesh Extract(float[] field, int sizeI, int sizeJ, int sizeK, float isoValue, AffineTransform ctFromBlockVoxel)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(field.Length, sizeI * sizeJ * sizeK);
        var positions = new List<Vector3>();
        var indices = new List<int>();
        var vertexOfEdge = new Dictionary<(int, int), int>();
        Span<int> corner = stackalloc int[8];
        Span<int> tetra = stackalloc int[4];

        for (int k = 0; k + 1 < sizeK; k++)
        {
            for (int j = 0; j + 1 < sizeJ; j++)
            {
                for (int i = 0; i + 1 < sizeI; i++)
                {
                    int inside = 0;
                    for (int c = 0; c < 8; c++)
                    {
                        corner[c] = (i + CornerOffsetI[c]) + sizeI * ((j + CornerOffsetJ[c]) + sizeJ * (k + CornerOffsetK[c]));
                        inside += field[corner[c]] > isoValue ? 1 : 0;
                    }

                    if (inside is 0 or 8)
                    {
                        continue;
                    }

                    for (int t = 0; t < 6; t++)
                    {
                        for (int v = 0; v < 4; v++)
                        {
                            tetra[v] = corner[Tetrahedra[t, v]];
                        }

                        EmitTetrahedron(tetra, field, isoValue, sizeI, sizeJ, ctFromBlockVoxel, positions, indices, vertexOfEdge);
                    }
                }
            }
        }

        return new TriangleMesh(positions.ToArray(), indices.ToArray());
    }

    private static void EmitTetrahedron(
        ReadOnlySpan<int> points, float[] field, float iso, int sizeI, int sizeJ, AffineTransform ctFromVoxel,
        List<Vector3> positions, List<int> indices, Dictionary<(int, int), int> vertexOfEdge)
    {
        Span<int> insidePoints = stackalloc int[4];
        Span<int> outsidePoints = stackalloc int[4];
        int insideCount = 0, outsideCount = 0;
        foreach (int p in points)
        {
            if (field[p] > iso)
            {
                insidePoints[insideCount++] = p;
            }
            else
            {
                outsidePoints[outsideCount++] = p;
            }
        }

        if (insideCount is 0 or 4)
        {
            return;
        }

        // The direction from the inside corners' centroid to the outside corners' centroid, in Ct: normals must agree with it.
        Vector3d outward = ctFromVoxel.ApplyToDirection(
            Centroid(outsidePoints[..outsideCount], sizeI, sizeJ) - Centroid(insidePoints[..insideCount], sizeI, sizeJ));
        if (insideCount == 2)
        {
            int a = Vertex(insidePoints[0], outsidePoints[0]), b = Vertex(insidePoints[0], outsidePoints[1]);
            int c = Vertex(insidePoints[1], outsidePoints[1]), d = Vertex(insidePoints[1], outsidePoints[0]);
            AddTriangle(a, b, c);
            AddTriangle(a, c, d);
            return;
        }

        if (insideCount == 1)
        {
            AddTriangle(Vertex(insidePoints[0], outsidePoints[0]), Vertex(insidePoints[0], outsidePoints[1]), Vertex(insidePoints[0], outsidePoints[2]));
        }
        else
        {
            AddTriangle(Vertex(insidePoints[0], outsidePoints[0]), Vertex(insidePoints[1], outsidePoints[0]), Vertex(insidePoints[2], outsidePoints[0]));
        }

        int Vertex(int insidePoint, int outsidePoint)
        {
            var key = (insidePoint, outsidePoint);
            if (!vertexOfEdge.TryGetValue(key, out int index))
            {
                double t = (iso - field[insidePoint]) / (field[outsidePoint] - field[insidePoint]);
                Vector3d at = Vector3d.Lerp(GridPoint(insidePoint, sizeI, sizeJ), GridPoint(outsidePoint, sizeI, sizeJ), t);
                index = positions.Count;
                positions.Add(ctFromVoxel.Apply(at).ToVector3());
                vertexOfEdge[key] = index;
            }

            return index;
        }

        void AddTriangle(int a, int b, int c)
        {
            Vector3 pa = positions[a];
            Vector3d normal = Vector3d.Cross(Vector3d.From(positions[b] - pa), Vector3d.From(positions[c] - pa));
            bool flip = Vector3d.Dot(normal, outward) < 0;
            indices.Add(a);
            indices.Add(flip ? c : b);
            indices.Add(flip ? b : c);
        }
    }

    private static Vector3d GridPoint(int index, int sizeI, int sizeJ) =>
        new(index % sizeI, index / sizeI % sizeJ, index / (sizeI * sizeJ));

    private static Vector3d Centroid(ReadOnlySpan<int> points, int sizeI, int sizeJ)
    {
        Vector3d sum = Vector3d.Zero;
        foreach (int p in points)
        {
            sum += GridPoint(p, sizeI, sizeJ);
        }

        return sum / points.Length;
    }
}
