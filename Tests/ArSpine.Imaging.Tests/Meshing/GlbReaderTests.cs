using System.Buffers.Binary;
using System.Numerics;
using System.Text;
using ArSpine.Core.Errors;
using ArSpine.Core.Meshes;
using ArSpine.Imaging.Meshing;
using ArSpine.Imaging.Meshing.Export;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Meshing;

/// <summary>GlbReader reads back exactly what GlbWriter wrote, and refuses truncated and foreign files with a message naming the file and the field.</summary>
public sealed class GlbReaderTests
{
    [Fact]
    public void Read_WhatGlbWriterWrote_PositionsBitExactAndIndicesEqual()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("L3.glb");
        TriangleMesh mesh = LabelSurface.Extract(TestVolumes.Labels(TestVolumes.ObliqueGrid()), 1);
        GlbWriter.Write(mesh, "L3", path);

        GlbMesh read = GlbReader.Read(path);

        Assert.Equal("L3", read.Name);
        Assert.Equal(mesh.Indices, read.Indices);
        Assert.Equal(mesh.PositionsMm.Length, read.PositionsGltfM.Length);
        for (int v = 0; v < mesh.PositionsMm.Length; v++)
        {
            Vector3 written = GltfFrame.GltfFromCt(mesh.PositionsMm[v]), back = read.PositionsGltfM[v];
            Assert.True(Bits(written) == Bits(back), $"vertex {v}: wrote {written}, read {back}");
        }
    }

    [Fact]
    public void ReadCtMesh_WhatGlbWriterWrote_WithinFloatRoundingOfTheCtPositions()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("mesh.glb");
        // An asymmetric tetrahedron far from the origin: a swapped or negated axis would move a vertex by centimetres.
        var mesh = new TriangleMesh([new(-120.25f, 340.5f, -880.125f), new(-90.5f, 341f, -880f), new(-120f, 310.75f, -879f), new(-119f, 339f, -850.5f)], [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3]);
        GlbWriter.Write(mesh, "tetra", path);

        TriangleMesh read = GlbReader.ReadCtMesh(path);

        Assert.Equal(mesh.Indices, read.Indices);
        for (int v = 0; v < mesh.PositionsMm.Length; v++)
        {
            Assert.True(Vector3.Distance(mesh.PositionsMm[v], read.PositionsMm[v]) < 1e-3f, $"vertex {v}: {mesh.PositionsMm[v]} → {read.PositionsMm[v]}");
        }

        Assert.Equal(mesh.EnclosedVolumeMm3(), read.EnclosedVolumeMm3(), 1e-2);
    }

    // Writes a GLB by hand with numpy (no glTF library): a tetrahedron in metres with uint16 indices, once per mesh asked for;
    // argv[3], when given, is JSON merged into each mesh's node (a transform), argv[4] JSON for a parent node above them all.
    private const string PythonGlbWriter = """
        import sys, json, struct, numpy as np
        meshes = int(sys.argv[2])
        positions = np.array([[0.125, -0.5, 0.25], [0.375, -0.5, 0.25], [0.125, -0.25, 0.25], [0.125, -0.5, 0.75]], dtype='<f4')
        indices = np.array([0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3], dtype='<u2')
        binary = positions.tobytes() + indices.tobytes()
        doc = {'asset': {'version': '2.0', 'generator': 'numpy oracle'}, 'scene': 0, 'scenes': [{'nodes': list(range(meshes))}],
               'nodes': [{'mesh': m} for m in range(meshes)], 'buffers': [{'byteLength': len(binary)}],
               'bufferViews': [{'buffer': 0, 'byteOffset': 0, 'byteLength': 48, 'target': 34962}, {'buffer': 0, 'byteOffset': 48, 'byteLength': 24, 'target': 34963}],
               'accessors': [{'bufferView': 0, 'componentType': 5126, 'count': 4, 'type': 'VEC3', 'min': positions.min(0).tolist(), 'max': positions.max(0).tolist()},
                             {'bufferView': 1, 'componentType': 5123, 'count': 12, 'type': 'SCALAR'}],
               'meshes': [{'name': 'tetra%d' % m, 'primitives': [{'attributes': {'POSITION': 0}, 'indices': 1, 'mode': 4}]} for m in range(meshes)]}
        if len(sys.argv) > 3:
            for node in doc['nodes']:
                node.update(json.loads(sys.argv[3]))
        if len(sys.argv) > 4:
            parent = dict(json.loads(sys.argv[4]), name='parent', children=list(range(meshes)))
            doc['nodes'].append(parent)
            doc['scenes'][0]['nodes'] = [meshes]
        text = json.dumps(doc).encode()
        text += b' ' * (-len(text) % 4)
        binary += b'\0' * (-len(binary) % 4)
        out = struct.pack('<4sII', b'glTF', 2, 12 + 8 + len(text) + 8 + len(binary)) + struct.pack('<I4s', len(text), b'JSON') + text + struct.pack('<I4s', len(binary), b'BIN\0') + binary
        open(sys.argv[1], 'wb').write(out)
        """;

    [Fact]
    public void Read_GlbWrittenByNumpyWithUint16Indices_PositionsAndIndicesAsWritten()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("numpy.glb");
        ExternalTool.RunPython(PythonGlbWriter, path, "1");

        GlbMesh read = GlbReader.Read(path);

        Assert.Equal("tetra0", read.Name);
        Assert.Equal([new(0.125f, -0.5f, 0.25f), new(0.375f, -0.5f, 0.25f), new(0.125f, -0.25f, 0.25f), new(0.125f, -0.5f, 0.75f)], read.PositionsGltfM);
        Assert.Equal([0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3], read.Indices);
        // glTF (x, y, z) m = (L, S, −P) / 1000: Ct (L, P, S) = 1000 (x, −z, y).
        Assert.Equal(new Vector3(125, -250, -500), read.ToCtMesh().PositionsMm[0]);
    }

    [Theory]
    [InlineData("{\"name\": \"L3\", \"translation\": [0, 0, 0], \"rotation\": [0, 0, 0, 1], \"scale\": [1, 1, 1]}")]
    [InlineData("{\"name\": \"L3\", \"matrix\": [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]}")]
    public void Read_NodeWithAnExplicitIdentityTransform_PositionsAsWritten(string node)
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("identity.glb");
        ExternalTool.RunPython(PythonGlbWriter, path, "1", node);

        GlbMesh read = GlbReader.Read(path);

        Assert.Equal([new(0.125f, -0.5f, 0.25f), new(0.375f, -0.5f, 0.25f), new(0.125f, -0.25f, 0.25f), new(0.125f, -0.5f, 0.75f)], read.PositionsGltfM);
    }

    [Fact]
    public void Read_NodeTranslatingTheMesh_ThrowsNamingTheFileAndTheNode()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("moved.glb");
        ExternalTool.RunPython(PythonGlbWriter, path, "1", "{\"name\": \"L3\", \"translation\": [0.02, 0, -0.5]}");

        var error = Assert.Throws<InvalidInputException>(() => GlbReader.Read(path));

        Assert.Equal($"{path}: nodes[0] ('L3'): expected an identity node transform (meshes in Ct mm as GlbWriter writes them). Was 'translation (0.02, 0, -0.5) m, rotation (0, 0, 0, 1), scale (1, 1, 1)'.", error.Message);
    }

    [Fact]
    public void Read_NodeMatrixScalingTheMesh_ThrowsNamingTheNode()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("scaled.glb");
        // Millimetres written as if metres and scaled back by the node: the positions alone would be 1000 times too far.
        ExternalTool.RunPython(PythonGlbWriter, path, "1", "{\"name\": \"skin\", \"matrix\": [0.001, 0, 0, 0, 0, 0.001, 0, 0, 0, 0, 0.001, 0, 0, 0, 0, 1]}");

        var error = Assert.Throws<InvalidInputException>(() => GlbReader.Read(path));

        Assert.StartsWith($"{path}: nodes[0] ('skin'): expected an identity node transform", error.Message, StringComparison.Ordinal);
        Assert.Contains("scale (0.001, 0.001, 0.001)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_IdentityNodeUnderARotatedParent_ThrowsNamingTheParent()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("parented.glb");
        // 180° about y (glTF's superior): the mesh's own node is the identity, its parent turns the patient round, left for right.
        ExternalTool.RunPython(PythonGlbWriter, path, "1", "{\"name\": \"L3\"}", "{\"rotation\": [0, 1, 0, 0]}");

        var error = Assert.Throws<InvalidInputException>(() => GlbReader.Read(path));

        Assert.StartsWith($"{path}: nodes[1] ('parent'): expected an identity node transform", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GlbWithTwoMeshes_ThrowsNamingTheMeshes()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("two.glb");
        ExternalTool.RunPython(PythonGlbWriter, path, "2");

        var error = Assert.Throws<InvalidInputException>(() => GlbReader.Read(path));

        Assert.Equal($"{path}: meshes: expected one mesh with one primitive. Was '2 meshes, 2 primitives'.", error.Message);
    }

    [Fact]
    public void Read_TruncatedFile_ThrowsNamingTheFileAndTheLength()
    {
        using var folder = new TemporaryFolder();
        string path = WriteBox(folder);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);

        var error = Assert.Throws<InvalidInputException>(() => GlbReader.Read(path));

        Assert.Equal($"{path}: length: expected the declared length {bytes.Length} bytes. Was '{bytes.Length - 100} bytes (the file is truncated)'.", error.Message);
    }

    [Fact]
    public void Read_FileCutInsideTheHeader_ThrowsNamingTheHeader()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("short.glb");
        File.WriteAllBytes(path, [0x67, 0x6C, 0x54, 0x46, 2, 0]);

        var error = Assert.Throws<InvalidInputException>(() => GlbReader.Read(path));

        Assert.Equal($"{path}: header: expected a 12-byte glTF binary header. Was '6 bytes in the file'.", error.Message);
    }

    [Theory]
    [InlineData("solid ArSpine mesh\nfacet normal 0 0 1\n")]
    [InlineData("{\"asset\":{\"version\":\"2.0\"}}")]
    public void Read_ForeignFile_ThrowsNamingTheMagic(string content)
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("foreign.glb");
        File.WriteAllText(path, content);

        var error = Assert.Throws<InvalidInputException>(() => GlbReader.Read(path));

        Assert.StartsWith($"{path}: magic: expected 'glTF' (a glTF binary file). Was '0x", error.Message);
    }

    [Fact]
    public void Read_GlbVersion1_ThrowsNamingTheVersion()
    {
        using var folder = new TemporaryFolder();
        string path = WriteBox(folder);
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 1);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidInputException>(() => GlbReader.Read(path));

        Assert.Equal($"{path}: version: expected glTF binary version 2. Was '1'.", error.Message);
    }

    [Fact]
    public void Read_JsonChunkLongerThanTheFile_ThrowsNamingTheChunk()
    {
        using var folder = new TemporaryFolder();
        string path = WriteBox(folder);
        byte[] bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)bytes.Length);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidInputException>(() => GlbReader.Read(path));

        Assert.StartsWith($"{path}: JSON chunk length: expected at most {bytes.Length - 20} bytes (the rest of the file). Was '{bytes.Length}'.", error.Message);
    }

    [Fact]
    public void Read_GarbledJsonChunk_ThrowsNamingTheFileAsNotGltf()
    {
        using var folder = new TemporaryFolder();
        string path = WriteBox(folder);
        byte[] bytes = File.ReadAllBytes(path);
        int jsonLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        Encoding.ASCII.GetBytes(new string('#', jsonLength)).CopyTo(bytes, 20);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidInputException>(() => GlbReader.Read(path));

        Assert.StartsWith($"{path}: expected a valid glTF 2.0 document. Was: ", error.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNamingIt()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("absent.glb");

        var error = Assert.Throws<InvalidInputException>(() => GlbReader.Read(path));

        Assert.Equal($"{path}: expected a glTF binary (.glb) mesh. Was: no such file.", error.Message);
    }

    private static string WriteBox(TemporaryFolder folder)
    {
        string path = folder.PathOf("box.glb");
        GlbWriter.Write(LabelSurface.Extract(TestVolumes.Labels(TestVolumes.AxialGrid()), 1), "box", path);
        return path;
    }

    private static (int, int, int) Bits(Vector3 v) => (BitConverter.SingleToInt32Bits(v.X), BitConverter.SingleToInt32Bits(v.Y), BitConverter.SingleToInt32Bits(v.Z));
}
