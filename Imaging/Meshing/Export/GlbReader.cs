using System.Buffers.Binary;
using System.Numerics;
using ArSpine.Core.Errors;
using ArSpine.Core.Meshes;
using SharpGLTF.Schema2;

namespace ArSpine.Imaging.Meshing.Export;

/// <summary>One triangle mesh as a <c>.glb</c> holds it, in <see cref="GltfFrame"/> (metres, Y up), before any conversion.</summary>
/// <param name="Name">The mesh's name (the vertebra's level, as <see cref="GlbWriter"/> writes it).</param>
/// <param name="PositionsGltfM">POSITION, glTF frame, metres: the float32 values of the file, bit for bit.</param>
/// <param name="Indices">The triangle indices, three per triangle, as stored.</param>
public sealed record GlbMesh(string Name, Vector3[] PositionsGltfM, int[] Indices)
{
    /// <summary>The mesh in the Ct frame (LPS mm) through <see cref="GltfFrame.CtFromGltf"/> (float32 rounding: within 1e-4 mm of what was written for coordinates under 1 m). Allocates the positions.</summary>
    public TriangleMesh ToCtMesh()
    {
        var positions = new Vector3[PositionsGltfM.Length];
        for (int v = 0; v < positions.Length; v++)
        {
            positions[v] = GltfFrame.CtFromGltf(PositionsGltfM[v]);
        }

        return new TriangleMesh(positions, (int[])Indices.Clone());
    }
}

/// <summary>
/// Reads the <c>.glb</c> files that <see cref="GlbWriter"/> writes: glTF 2.0 binary with one mesh of one indexed triangle
/// primitive. The container is checked first (magic, version, declared length against the file's, JSON and BIN chunks), then the
/// document is parsed by SharpGLTF. The positions are used as stored, so every node that places the mesh (and each of its parents) must
/// carry the identity transform, as GlbWriter writes it; a file that moves its mesh by a node's TRS or matrix is refused rather than
/// read at the wrong place (a scene graph is no part of a case package). Every problem is an <see cref="InvalidInputException"/> naming the file, what was expected and
/// what was found. Cost: one read of the file.
/// </summary>
public static class GlbReader
{
    private const uint Magic = 0x46546C67; // "glTF", little-endian
    private const uint JsonChunk = 0x4E4F534A; // "JSON"
    private const uint BinChunk = 0x004E4942; // "BIN\0"
    private const int HeaderBytes = 12, ChunkHeaderBytes = 8;

    /// <summary>Reads the file's single mesh in the glTF frame, exactly as stored.</summary>
    public static GlbMesh Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: expected a glTF binary (.glb) mesh. Was: no such file.");
        }

        byte[] bytes = File.ReadAllBytes(path);
        ValidateContainer(bytes, path);
        ModelRoot model;
        try
        {
            model = ModelRoot.ParseGLB(bytes, new ReadSettings { Validation = SharpGLTF.Validation.ValidationMode.Strict });
        }
        catch (Exception e) when (e is SharpGLTF.Validation.ModelException or InvalidDataException or System.Text.Json.JsonException or ArgumentException or FormatException or EndOfStreamException or InvalidOperationException)
        {
            throw new InvalidInputException($"{path}: expected a valid glTF 2.0 document. Was: {FirstLine(e.Message)}", e);
        }

        if (model.LogicalMeshes.Count != 1 || model.LogicalMeshes[0].Primitives.Count != 1)
        {
            int primitives = model.LogicalMeshes.Sum(m => m.Primitives.Count);
            throw InvalidInputException.Field(path, "meshes", "one mesh with one primitive", $"{model.LogicalMeshes.Count} meshes, {primitives} primitives");
        }

        Mesh mesh = model.LogicalMeshes[0];
        MeshPrimitive primitive = mesh.Primitives[0];
        if (primitive.DrawPrimitiveType != PrimitiveType.TRIANGLES)
        {
            throw InvalidInputException.Field(path, "meshes[0].primitives[0].mode", "TRIANGLES", primitive.DrawPrimitiveType);
        }

        RequireIdentityNodes(model, mesh, path);
        Accessor? positionAccessor = primitive.GetVertexAccessor("POSITION");
        if (positionAccessor is null || positionAccessor.Dimensions != DimensionType.VEC3 || positionAccessor.Encoding != EncodingType.FLOAT || positionAccessor.Normalized)
        {
            string found = positionAccessor is null ? "missing" : $"{positionAccessor.Dimensions} {positionAccessor.Encoding}";
            throw InvalidInputException.Field(path, "meshes[0].primitives[0].attributes.POSITION", "a VEC3 FLOAT accessor", found);
        }

        Accessor? indexAccessor = primitive.IndexAccessor;
        if (indexAccessor is null)
        {
            throw InvalidInputException.Field(path, "meshes[0].primitives[0].indices", "an index accessor", "missing");
        }

        Vector3[] positions = positionAccessor.AsVector3Array().ToArray();
        IList<uint> stored = indexAccessor.AsIndicesArray();
        if (stored.Count % 3 != 0 || stored.Count == 0)
        {
            throw InvalidInputException.Field(path, "meshes[0].primitives[0].indices", "a positive multiple of 3 indices", stored.Count);
        }

        var indices = new int[stored.Count];
        for (int n = 0; n < indices.Length; n++)
        {
            if (stored[n] >= (uint)positions.Length)
            {
                throw InvalidInputException.Field(path, $"indices[{n}]", $"an index below the vertex count {positions.Length}", stored[n]);
            }

            indices[n] = (int)stored[n];
        }

        for (int v = 0; v < positions.Length; v++)
        {
            Vector3 p = positions[v];
            if (!float.IsFinite(p.X) || !float.IsFinite(p.Y) || !float.IsFinite(p.Z))
            {
                throw InvalidInputException.Field(path, $"POSITION[{v}]", "finite coordinates", p);
            }
        }

        return new GlbMesh(mesh.Name ?? string.Empty, positions, indices);
    }

    /// <summary>Reads the file's mesh and converts it to the Ct frame (LPS mm).</summary>
    public static TriangleMesh ReadCtMesh(string path) => Read(path).ToCtMesh();

    /// <summary>
    /// Refuses the file when a node that places <paramref name="mesh"/>, or a parent of one, has a transform other than the identity:
    /// the positions are read as Ct mm (through <see cref="GltfFrame"/>) without a scene graph. Exact comparison: GlbWriter writes no
    /// transform at all, and an explicit identity TRS or matrix reads as the exact identity too.
    /// </summary>
    private static void RequireIdentityNodes(ModelRoot model, Mesh mesh, string path)
    {
        foreach (Node placing in model.LogicalNodes)
        {
            if (placing.Mesh != mesh)
            {
                continue;
            }

            for (Node? node = placing; node is not null; node = node.VisualParent)
            {
                Matrix4x4 local = node.LocalMatrix;
                if (local != Matrix4x4.Identity)
                {
                    throw InvalidInputException.Field(
                        path,
                        $"nodes[{node.LogicalIndex}] ('{node.Name ?? string.Empty}')",
                        "an identity node transform (meshes in Ct mm as GlbWriter writes them)",
                        DescribeTransform(local));
                }
            }
        }
    }

    private static string DescribeTransform(Matrix4x4 m)
    {
        System.Globalization.CultureInfo inv = System.Globalization.CultureInfo.InvariantCulture;
        if (Matrix4x4.Decompose(m, out Vector3 scale, out Quaternion rotation, out Vector3 translation))
        {
            return string.Create(inv, $"translation ({translation.X:G6}, {translation.Y:G6}, {translation.Z:G6}) m, rotation ({rotation.X:G6}, {rotation.Y:G6}, {rotation.Z:G6}, {rotation.W:G6}), scale ({scale.X:G6}, {scale.Y:G6}, {scale.Z:G6})");
        }

        return string.Create(inv, $"the matrix {m}");
    }

    /// <summary>Checks the GLB container: header, declared length, and a JSON chunk followed by a BIN chunk that fit the file.</summary>
    private static void ValidateContainer(byte[] bytes, string path)
    {
        if (bytes.Length < HeaderBytes)
        {
            throw InvalidInputException.Field(path, "header", $"a {HeaderBytes}-byte glTF binary header", $"{bytes.Length} bytes in the file");
        }

        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        if (magic != Magic)
        {
            throw InvalidInputException.Field(path, "magic", "'glTF' (a glTF binary file)", $"0x{magic:X8}");
        }

        uint version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        if (version != 2)
        {
            throw InvalidInputException.Field(path, "version", "glTF binary version 2", version);
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (length != bytes.Length)
        {
            string what = length > bytes.Length ? "the file is truncated" : "the file has trailing bytes";
            throw InvalidInputException.Field(path, "length", $"the declared length {length} bytes", $"{bytes.Length} bytes ({what})");
        }

        int at = HeaderBytes;
        uint[] expected = [JsonChunk, BinChunk];
        for (int c = 0; c < expected.Length; c++)
        {
            string name = c == 0 ? "JSON" : "BIN";
            if (at + ChunkHeaderBytes > bytes.Length)
            {
                throw InvalidInputException.Field(path, $"{name} chunk", "a chunk header", "end of file");
            }

            uint chunkLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
            uint chunkType = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 4));
            if (chunkType != expected[c])
            {
                throw InvalidInputException.Field(path, $"chunk {c} type", $"{name}", $"0x{chunkType:X8}");
            }

            if ((long)at + ChunkHeaderBytes + chunkLength > bytes.Length)
            {
                throw InvalidInputException.Field(path, $"{name} chunk length", $"at most {bytes.Length - at - ChunkHeaderBytes} bytes (the rest of the file)", chunkLength);
            }

            at += ChunkHeaderBytes + (int)chunkLength;
        }
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
