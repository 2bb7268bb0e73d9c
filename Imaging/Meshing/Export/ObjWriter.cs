using System.Globalization;
using System.Numerics;
using System.Text;
using ArSpine.Core.Meshes;
using ArSpine.Core.Serialization;

namespace ArSpine.Imaging.Meshing.Export;

/// <summary>Wavefront OBJ: one object with <c>v</c> (LPS mm), <c>vn</c> (unit, outward) and 1-based <c>f v//vn</c> lines, counter-clockwise seen from outside.</summary>
public static class ObjWriter
{
    /// <summary>Writes the mesh atomically as an object named <paramref name="name"/>.</summary>
    public static void Write(TriangleMesh mesh, string name, string path)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var text = new StringBuilder(64 * (mesh.PositionsMm.Length + mesh.TriangleCount));
        CultureInfo inv = CultureInfo.InvariantCulture;
        text.Append("# ArSpine mesh, Ct frame (LPS, mm)\n");
        text.Append(inv, $"o {name}\n");
        foreach (Vector3 p in mesh.PositionsMm)
        {
            text.Append(inv, $"v {p.X:R} {p.Y:R} {p.Z:R}\n");
        }

        foreach (Vector3 n in mesh.VertexNormals())
        {
            text.Append(inv, $"vn {n.X:0.######} {n.Y:0.######} {n.Z:0.######}\n");
        }

        for (int t = 0; t < mesh.Indices.Length; t += 3)
        {
            int a = mesh.Indices[t] + 1, b = mesh.Indices[t + 1] + 1, c = mesh.Indices[t + 2] + 1;
            text.Append(inv, $"f {a}//{a} {b}//{b} {c}//{c}\n");
        }

        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, Encoding.ASCII, leaveOpen: true);
            writer.Write(text);
        });
    }
}
