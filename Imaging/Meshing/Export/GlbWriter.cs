using System.Numerics;
using System.Runtime.InteropServices;
using ArSpine.Core.Meshes;
using ArSpine.Core.Serialization;
using SharpGLTF.Schema2;

namespace ArSpine.Imaging.Meshing.Export;

/// <summary>
/// The frame of the <c>.glb</c> files: glTF's right-handed, Y-up metres, with the patient standing upright and facing +Z.
/// <c>x = L / 1000, y = S / 1000, z = A / 1000 = −P / 1000</c> for a Ct point (L, P, S) in mm: a proper rotation (determinant +1)
/// and a scale, so winding and outward normals are kept and the Ct origin maps to the glTF origin.
/// </summary>
public static class GltfFrame
{
    /// <summary>Maps a Ct point (LPS mm) to the glTF frame (metres).</summary>
    public static Vector3 GltfFromCt(Vector3 ctMm) => new(ctMm.X / 1000f, ctMm.Z / 1000f, -ctMm.Y / 1000f);

    /// <summary>Maps a glTF point (metres) back to the Ct frame (LPS mm).</summary>
    public static Vector3 CtFromGltf(Vector3 gltfM) => new(gltfM.X * 1000f, -gltfM.Z * 1000f, gltfM.Y * 1000f);
}

/// <summary>glTF 2.0 binary (<c>.glb</c>) through SharpGLTF: one scene, one node and one mesh named after the vertebra, POSITION and NORMAL (float32) and uint32 indices, in <see cref="GltfFrame"/>.</summary>
public static class GlbWriter
{
    /// <summary>Writes the mesh atomically; positions are converted by <see cref="GltfFrame.GltfFromCt"/>.</summary>
    public static void Write(TriangleMesh mesh, string name, string path)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        if (mesh.TriangleCount == 0)
        {
            throw new ArgumentException("Expected a mesh with triangles. Was empty.", nameof(mesh));
        }

        var positions = new Vector3[mesh.PositionsMm.Length];
        Vector3[] normalsCt = mesh.VertexNormals();
        var normals = new Vector3[normalsCt.Length];
        for (int v = 0; v < positions.Length; v++)
        {
            positions[v] = GltfFrame.GltfFromCt(mesh.PositionsMm[v]);
            Vector3 n = normalsCt[v];
            normals[v] = n == Vector3.Zero ? Vector3.UnitY : new Vector3(n.X, n.Z, -n.Y);
        }

        ModelRoot model = ModelRoot.CreateModel();
        Accessor positionAccessor = VertexAccessor(model, "POSITION", positions);
        positionAccessor.UpdateBounds();
        Accessor normalAccessor = VertexAccessor(model, "NORMAL", normals);
        BufferView indexView = model.UseBufferView(MemoryMarshal.AsBytes(mesh.Indices.AsSpan()).ToArray(), 0, null, 0, BufferMode.ELEMENT_ARRAY_BUFFER);
        Accessor indexAccessor = model.CreateAccessor("indices");
        indexAccessor.SetIndexData(indexView, 0, mesh.Indices.Length, IndexEncodingType.UNSIGNED_INT);

        Mesh gltfMesh = model.CreateMesh(name);
        MeshPrimitive primitive = gltfMesh.CreatePrimitive();
        primitive.SetVertexAccessor("POSITION", positionAccessor);
        primitive.SetVertexAccessor("NORMAL", normalAccessor);
        primitive.SetIndexAccessor(indexAccessor);
        primitive.DrawPrimitiveType = PrimitiveType.TRIANGLES;
        model.UseScene("ArSpine").CreateNode(name).Mesh = gltfMesh;
        AtomicFile.Write(path, stream => model.WriteGLB(stream));
    }

    private static Accessor VertexAccessor(ModelRoot model, string name, Vector3[] values)
    {
        BufferView view = model.UseBufferView(MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), 0, null, 0, BufferMode.ARRAY_BUFFER);
        Accessor accessor = model.CreateAccessor(name);
        accessor.SetVertexData(view, 0, values.Length, new SharpGLTF.Memory.AttributeFormat(DimensionType.VEC3, EncodingType.FLOAT, false));
        return accessor;
    }
}
