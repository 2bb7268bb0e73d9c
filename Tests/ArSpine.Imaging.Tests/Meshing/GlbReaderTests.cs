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
