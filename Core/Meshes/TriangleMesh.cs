using System.Numerics;

namespace ArSpine.Core.Meshes;

/// <summary>
/// An indexed triangle mesh in the Ct frame (LPS mm). Triangles wind counter-clockwise seen from outside,
/// so face normals <c>(b − a) × (c − a)</c> point outward.
/// </summary>
public sealed class TriangleMesh
{
    /// <summary>Wraps positions and indices (owned by the mesh from here on); throws for an index count that is not a multiple of 3 or an index out of range.</summary>
    public TriangleMesh(Vector3[] positionsMm, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(positionsMm);
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Length % 3 != 0)
        {
            throw new ArgumentException($"Expected a multiple of 3 indices. Was {indices.Length}.", nameof(indices));
        }

        foreach (int index in indices)
        {
            if ((uint)index >= (uint)positionsMm.Length)
            {
                throw new ArgumentException($"Expected indices in [0, {positionsMm.Length}). Was {index}.", nameof(indices));
            }
        }

        PositionsMm = positionsMm;
        Indices = indices;
    }

    /// <summary>Vertex positions, LPS mm.</summary>
    public Vector3[] PositionsMm { get; }

    /// <summary>Three vertex indices per triangle.</summary>
    public int[] Indices { get; }

    /// <summary>The number of triangles.</summary>
    public int TriangleCount => Indices.Length / 3;

    /// <summary>Total surface area, in mm² (accumulated in double).</summary>
    public double SurfaceAreaMm2()
    {
        double area = 0;
        for (int t = 0; t < Indices.Length; t += 3)
        {
            Vector3 a = PositionsMm[Indices[t]], b = PositionsMm[Indices[t + 1]], c = PositionsMm[Indices[t + 2]];
            area += 0.5 * Vector3.Cross(b - a, c - a).Length();
        }

        return area;
    }

    /// <summary>
    /// Enclosed volume in mm³ by the divergence theorem (accumulated in double); positive for a closed mesh with outward
    /// winding, meaningless for an open one.
    /// </summary>
    public double EnclosedVolumeMm3()
    {
        double sixVolume = 0;
        for (int t = 0; t < Indices.Length; t += 3)
        {
            Vector3 a = PositionsMm[Indices[t]], b = PositionsMm[Indices[t + 1]], c = PositionsMm[Indices[t + 2]];
            sixVolume += (double)a.X * ((double)b.Y * c.Z - (double)b.Z * c.Y)
                - (double)a.Y * ((double)b.X * c.Z - (double)b.Z * c.X)
                + (double)a.Z * ((double)b.X * c.Y - (double)b.Y * c.X);
        }

        return sixVolume / 6;
    }

    /// <summary>Per-vertex normals: the area-weighted mean of the adjacent face normals, unit length (zero for an isolated vertex). Allocates one array.</summary>
    public Vector3[] VertexNormals()
    {
        var normals = new Vector3[PositionsMm.Length];
        for (int t = 0; t < Indices.Length; t += 3)
        {
            int ia = Indices[t], ib = Indices[t + 1], ic = Indices[t + 2];
            Vector3 faceTimesTwoArea = Vector3.Cross(PositionsMm[ib] - PositionsMm[ia], PositionsMm[ic] - PositionsMm[ia]);
            normals[ia] += faceTimesTwoArea;
            normals[ib] += faceTimesTwoArea;
            normals[ic] += faceTimesTwoArea;
        }

        for (int v = 0; v < normals.Length; v++)
        {
            float length = normals[v].Length();
            normals[v] = length > 0 ? normals[v] / length : Vector3.Zero;
        }

        return normals;
    }

    /// <summary>True when every edge is shared by exactly two triangles in opposite directions (closed, consistently wound, manifold).</summary>
    public bool IsWatertight()
    {
        var directedEdges = new HashSet<(int, int)>();
        for (int t = 0; t < Indices.Length; t += 3)
        {
            for (int e = 0; e < 3; e++)
            {
                int from = Indices[t + e], to = Indices[t + (e + 1) % 3];
                if (!directedEdges.Add((from, to)))
                {
                    return false;
                }
            }
        }

        foreach ((int from, int to) in directedEdges)
        {
            if (!directedEdges.Contains((to, from)))
            {
                return false;
            }
        }

        return true;
    }
}
