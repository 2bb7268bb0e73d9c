using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using ArSpine.Core.Meshes;
using ArSpine.Core.Serialization;

namespace ArSpine.Imaging.Meshing.Export;

/// <summary>Binary STL: an 80-byte header, the triangle count, then per triangle its unit normal and three vertices (float32, little-endian), in the Ct frame (LPS mm).</summary>
public static class StlWriter
{
    /// <summary>Writes the mesh atomically; the header carries <paramref name="name"/> (ASCII, cut to 80 bytes, never starting with "solid").</summary>
    public static void Write(TriangleMesh mesh, string name, string path)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        var bytes = new byte[84 + 50 * mesh.TriangleCount];
        string header = $"ArSpine mesh {name} (LPS mm)";
        Encoding.ASCII.GetBytes(header.Length > 80 ? header[..80] : header).CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(80), (uint)mesh.TriangleCount);
        int at = 84;
        for (int t = 0; t < mesh.Indices.Length; t += 3)
        {
            Vector3 a = mesh.PositionsMm[mesh.Indices[t]], b = mesh.PositionsMm[mesh.Indices[t + 1]], c = mesh.PositionsMm[mesh.Indices[t + 2]];
            Vector3 normal = Vector3.Cross(b - a, c - a);
            float length = normal.Length();
            normal = length > 0 ? normal / length : Vector3.Zero;
            foreach (Vector3 v in (ReadOnlySpan<Vector3>)[normal, a, b, c])
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at), v.X);
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at + 4), v.Y);
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(at + 8), v.Z);
                at += 12;
            }

            at += 2;
        }

        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
