using System.Numerics;
using ArSpine.Core.Meshes;

namespace ArSpine.Planning.Tests.Osteotomy;

/// <summary>Closed, outward-wound analytic solids built in memory, LPS mm.</summary>
internal static class TestSolids
{
    /// <summary>An axis-aligned box centred at <paramref name="centre"/> with half-sizes h (12 triangles).</summary>
    public static TriangleMesh Box(Vector3 centre, Vector3 h)
    {
        var p = new Vector3[8];
        for (int c = 0; c < 8; c++)
        {
            p[c] = centre + new Vector3((c & 1) == 0 ? -h.X : h.X, (c & 2) == 0 ? -h.Y : h.Y, (c & 4) == 0 ? -h.Z : h.Z);
        }

        int[] quads =
        [
            0, 2, 3, 1, // -z
            4, 5, 7, 6, // +z
            0, 1, 5, 4, // -y
            2, 6, 7, 3, // +y
            0, 4, 6, 2, // -x
            1, 3, 7, 5, // +x
        ];
        return new TriangleMesh(p, Quads(quads));
    }

    /// <summary>
    /// A square frame (a box with a square hole along z): outer half-size <paramref name="outer"/>, inner half-size
    /// <paramref name="inner"/>, height <paramref name="height"/>, centred at the origin. Volume (4·outer² − 4·inner²)·height.
    /// </summary>
    public static TriangleMesh Frame(float outer, float inner, float height)
    {
        float[] xs = [-1, 1, 1, -1], ys = [-1, -1, 1, 1];
        var p = new Vector3[16];
        for (int c = 0; c < 4; c++)
        {
            p[c] = new Vector3(xs[c] * outer, ys[c] * outer, -height / 2);      // outer bottom
            p[4 + c] = new Vector3(xs[c] * outer, ys[c] * outer, height / 2);   // outer top
            p[8 + c] = new Vector3(xs[c] * inner, ys[c] * inner, -height / 2);  // inner bottom
            p[12 + c] = new Vector3(xs[c] * inner, ys[c] * inner, height / 2);  // inner top
        }

        var quads = new List<int>();
        for (int c = 0; c < 4; c++)
        {
            int d = (c + 1) % 4;
            quads.AddRange([c, d, 4 + d, 4 + c]);            // outer wall, facing out
            quads.AddRange([8 + d, 8 + c, 12 + c, 12 + d]);  // inner wall, facing the hole
            quads.AddRange([4 + c, 4 + d, 12 + d, 12 + c]);  // top
            quads.AddRange([d, c, 8 + c, 8 + d]);            // bottom
        }

        return new TriangleMesh(p, Quads(quads.ToArray()));
    }

    /// <summary>A UV sphere of <paramref name="radius"/> about <paramref name="centre"/>.</summary>
    public static TriangleMesh Sphere(Vector3 centre, float radius, int segments, int rings)
    {
        var p = new List<Vector3> { centre + new Vector3(0, 0, radius), centre - new Vector3(0, 0, radius) };
        for (int r = 1; r < rings; r++)
        {
            double theta = Math.PI * r / rings;
            for (int s = 0; s < segments; s++)
            {
                double phi = 2 * Math.PI * s / segments;
                p.Add(centre + radius * new Vector3((float)(Math.Sin(theta) * Math.Cos(phi)), (float)(Math.Sin(theta) * Math.Sin(phi)), (float)Math.Cos(theta)));
            }
        }

        int Ring(int r, int s) => 2 + (r - 1) * segments + (s % segments);
        var t = new List<int>();
        for (int s = 0; s < segments; s++)
        {
            t.AddRange([0, Ring(1, s), Ring(1, s + 1)]);
            t.AddRange([1, Ring(rings - 1, s + 1), Ring(rings - 1, s)]);
            for (int r = 1; r < rings - 1; r++)
            {
                t.AddRange([Ring(r, s), Ring(r + 1, s), Ring(r + 1, s + 1)]);
                t.AddRange([Ring(r, s), Ring(r + 1, s + 1), Ring(r, s + 1)]);
            }
        }

        return new TriangleMesh(p.ToArray(), t.ToArray());
    }

    /// <summary>A torus about the z axis: tube radius <paramref name="minor"/> around a circle of <paramref name="major"/>, centred at the origin.</summary>
    public static TriangleMesh Torus(float major, float minor, int majorSegments, int minorSegments)
    {
        var p = new Vector3[majorSegments * minorSegments];
        for (int i = 0; i < majorSegments; i++)
        {
            double u = 2 * Math.PI * i / majorSegments;
            for (int j = 0; j < minorSegments; j++)
            {
                double v = 2 * Math.PI * j / minorSegments;
                double r = major + minor * Math.Cos(v);
                p[i * minorSegments + j] = new Vector3((float)(r * Math.Cos(u)), (float)(r * Math.Sin(u)), (float)(minor * Math.Sin(v)));
            }
        }

        int Id(int i, int j) => (i % majorSegments) * minorSegments + (j % minorSegments);
        var t = new List<int>();
        for (int i = 0; i < majorSegments; i++)
        {
            for (int j = 0; j < minorSegments; j++)
            {
                t.AddRange([Id(i, j), Id(i + 1, j), Id(i + 1, j + 1)]);
                t.AddRange([Id(i, j), Id(i + 1, j + 1), Id(i, j + 1)]);
            }
        }

        return new TriangleMesh(p, t.ToArray());
    }

    /// <summary>
    /// A prism over a star with <paramref name="points"/> tips (radii alternating <paramref name="outer"/> and
    /// <paramref name="inner"/>) from z = −height/2 to height/2: a non-convex section of area points·outer·inner·sin(π/points).
    /// </summary>
    public static TriangleMesh StarPrism(int points, float outer, float inner, float height)
    {
        int corners = 2 * points;
        var p = new List<Vector3> { new(0, 0, -height / 2), new(0, 0, height / 2) };
        for (int level = 0; level < 2; level++)
        {
            for (int c = 0; c < corners; c++)
            {
                double angle = Math.PI * c / points;
                float r = c % 2 == 0 ? outer : inner;
                p.Add(new Vector3((float)(r * Math.Cos(angle)), (float)(r * Math.Sin(angle)), level == 0 ? -height / 2 : height / 2));
            }
        }

        int Bottom(int c) => 2 + (c % corners);
        int Top(int c) => 2 + corners + (c % corners);
        var t = new List<int>();
        for (int c = 0; c < corners; c++)
        {
            t.AddRange([0, Bottom(c + 1), Bottom(c)]);
            t.AddRange([1, Top(c), Top(c + 1)]);
            t.AddRange([Bottom(c), Bottom(c + 1), Top(c + 1)]);
            t.AddRange([Bottom(c), Top(c + 1), Top(c)]);
        }

        return new TriangleMesh(p.ToArray(), t.ToArray());
    }

    /// <summary>The union of separate closed meshes, each kept as it is; Inverted turns a part inside out (a cavity).</summary>
    public static TriangleMesh Combine(params (TriangleMesh Mesh, bool Inverted)[] parts)
    {
        var positions = new List<Vector3>();
        var indices = new List<int>();
        foreach ((TriangleMesh mesh, bool inverted) in parts)
        {
            int offset = positions.Count;
            positions.AddRange(mesh.PositionsMm);
            for (int t = 0; t < mesh.Indices.Length; t += 3)
            {
                indices.AddRange(inverted
                    ? [offset + mesh.Indices[t], offset + mesh.Indices[t + 2], offset + mesh.Indices[t + 1]]
                    : [offset + mesh.Indices[t], offset + mesh.Indices[t + 1], offset + mesh.Indices[t + 2]]);
            }
        }

        return new TriangleMesh(positions.ToArray(), indices.ToArray());
    }

    private static int[] Quads(int[] quads)
    {
        var t = new int[quads.Length / 4 * 6];
        for (int q = 0, n = 0; q < quads.Length; q += 4)
        {
            t[n++] = quads[q]; t[n++] = quads[q + 1]; t[n++] = quads[q + 2];
            t[n++] = quads[q]; t[n++] = quads[q + 2]; t[n++] = quads[q + 3];
        }

        return t;
    }
}
