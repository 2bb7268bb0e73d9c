using System.Globalization;
using System.Numerics;
using ArSpine.Core.Meshes;
using ArSpine.Imaging.Meshing;
using ArSpine.Imaging.Meshing.Export;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Meshing;

/// <summary>The written files read back by independent code (numpy in Debian's Python) and, for glTF, by SharpGLTF's own validating reader.</summary>
public sealed class MeshExportTests
{
    // Prints: triangle count, summed area (mm² or m²), signed volume, then the first vertex, from the file alone.
    private const string StlReader = """
        import sys, struct, numpy as np
        data = open(sys.argv[1], 'rb').read()
        n = struct.unpack_from('<I', data, 80)[0]
        rec = np.frombuffer(data, dtype=np.dtype([('n', '<f4', 3), ('v', '<f4', (3, 3)), ('a', '<u2')]), count=n, offset=84).copy()
        v = rec['v'].astype(np.float64)
        cross = np.cross(v[:, 1] - v[:, 0], v[:, 2] - v[:, 0])
        normals_agree = np.all(np.einsum('ij,ij->i', cross, rec['n']) >= 0)
        print(n, 0.5 * np.linalg.norm(cross, axis=1).sum(), np.einsum('ij,ij->i', v[:, 0], np.cross(v[:, 1], v[:, 2])).sum() / 6, int(normals_agree), len(data))
        """;

    private const string ObjReader = """
        import sys, numpy as np
        vs, fs = [], []
        for line in open(sys.argv[1]):
            p = line.split()
            if p and p[0] == 'v': vs.append([float(x) for x in p[1:4]])
            if p and p[0] == 'f': fs.append([int(x.split('/')[0]) - 1 for x in p[1:4]])
        v, f = np.array(vs), np.array(fs)
        a, b, c = v[f[:, 0]], v[f[:, 1]], v[f[:, 2]]
        cross = np.cross(b - a, c - a)
        print(len(f), 0.5 * np.linalg.norm(cross, axis=1).sum(), np.einsum('ij,ij->i', a, np.cross(b, c)).sum() / 6)
        """;

    private const string GlbReader = """
        import sys, struct, json, numpy as np
        data = open(sys.argv[1], 'rb').read()
        magic, version, length = struct.unpack_from('<4sII', data, 0)
        assert magic == b'glTF' and version == 2 and length == len(data), (magic, version, length)
        jlen, jtype = struct.unpack_from('<I4s', data, 12)
        doc = json.loads(data[20:20 + jlen])
        blen, btype = struct.unpack_from('<I4s', data, 20 + jlen)
        assert jtype == b'JSON' and btype == b'BIN\x00'
        binary = data[28 + jlen:28 + jlen + blen]
        prim = doc['meshes'][0]['primitives'][0]
        def read(i, dtype, width, per=None):
            acc = doc['accessors'][i]; view = doc['bufferViews'][acc['bufferView']]
            off = view.get('byteOffset', 0) + acc.get('byteOffset', 0)
            return np.frombuffer(binary, dtype=dtype, count=acc['count'] * (per or width), offset=off).reshape(-1, width).astype(np.float64 if dtype == '<f4' else np.int64)
        v = read(prim['attributes']['POSITION'], '<f4', 3)
        f = read(prim['indices'], '<u4', 3, 1)
        a, b, c = v[f[:, 0]], v[f[:, 1]], v[f[:, 2]]
        cross = np.cross(b - a, c - a)
        mn = doc['accessors'][prim['attributes']['POSITION']]['min']
        print(len(f), 0.5 * np.linalg.norm(cross, axis=1).sum(), np.einsum('ij,ij->i', a, np.cross(b, c)).sum() / 6, doc['meshes'][0]['name'], *mn)
        """;

    private static TriangleMesh Mesh()
    {
        (Core.Volumes.LabelVolume labels, _) = LabelSurfaceTests.Ball(10);
        return LabelSurface.Extract(labels, 7, new LabelSurfaceOptions(TaubinIterations: 5, MaxTriangles: 1500));
    }

    private static double[] Numbers(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => double.TryParse(t, CultureInfo.InvariantCulture, out _)).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();

    [Fact]
    public void WriteStl_Ball_NumpyReadsTheSameTrianglesAreaVolumeAndNormals()
    {
        TriangleMesh mesh = Mesh();
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("ball.stl");

        MeshWriter.Write(mesh, "ball", path, MeshFormat.Stl);

        double[] read = Numbers(ExternalTool.RunPython(StlReader, path));
        Assert.Equal(mesh.TriangleCount, (int)read[0]);
        Assert.Equal(mesh.SurfaceAreaMm2(), read[1], mesh.SurfaceAreaMm2() * 1e-5);
        Assert.Equal(mesh.EnclosedVolumeMm3(), read[2], mesh.EnclosedVolumeMm3() * 1e-4);
        Assert.Equal(1, read[3]);
        Assert.Equal(84 + 50 * mesh.TriangleCount, read[4]);
    }

    [Fact]
    public void WriteObj_Ball_NumpyReadsTheSameTrianglesAreaAndVolume()
    {
        TriangleMesh mesh = Mesh();
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("ball.obj");

        MeshWriter.Write(mesh, "ball", path, MeshFormat.Obj);

        double[] read = Numbers(ExternalTool.RunPython(ObjReader, path));
        Assert.Equal(mesh.TriangleCount, (int)read[0]);
        Assert.Equal(mesh.SurfaceAreaMm2(), read[1], mesh.SurfaceAreaMm2() * 1e-5);
        Assert.Equal(mesh.EnclosedVolumeMm3(), read[2], mesh.EnclosedVolumeMm3() * 1e-4);
    }

    [Fact]
    public void WriteGlb_Ball_InMetresWithPositiveVolumeAndTheDocumentedAxes()
    {
        TriangleMesh mesh = Mesh();
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("ball.glb");

        MeshWriter.Write(mesh, "L3", path, MeshFormat.Glb);

        string[] parts = ExternalTool.RunPython(GlbReader, path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double[] read = Numbers(string.Join(' ', parts.Where((_, n) => n != 3)));
        Assert.Equal("L3", parts[3]);
        Assert.Equal(mesh.TriangleCount, (int)read[0]);
        Assert.Equal(mesh.SurfaceAreaMm2() * 1e-6, read[1], mesh.SurfaceAreaMm2() * 1e-11);
        // A proper rotation keeps the outward winding: the volume stays positive, in m³.
        Assert.Equal(mesh.EnclosedVolumeMm3() * 1e-9, read[2], mesh.EnclosedVolumeMm3() * 1e-13);
        // x = L, y = S, z = −P, in metres: the minimum corner follows from the Ct bounds.
        float minL = mesh.PositionsMm.Min(p => p.X), minS = mesh.PositionsMm.Min(p => p.Z), maxP = mesh.PositionsMm.Max(p => p.Y);
        Assert.Equal(minL / 1000.0, read[3], 1e-6);
        Assert.Equal(minS / 1000.0, read[4], 1e-6);
        Assert.Equal(-maxP / 1000.0, read[5], 1e-6);

        SharpGLTF.Schema2.ModelRoot model = SharpGLTF.Schema2.ModelRoot.Load(path);
        Vector3 first = model.LogicalMeshes[0].Primitives[0].GetVertexAccessor("POSITION").AsVector3Array()[0];
        Vector3 back = GltfFrame.CtFromGltf(first);
        Assert.True(Vector3.Distance(back, mesh.PositionsMm[0]) < 1e-3f, $"First vertex back in Ct: {back}, written {mesh.PositionsMm[0]}.");
    }

    [Fact]
    public void GltfFrame_IsAProperRotationTakingLeftSuperiorAnteriorToXYZ()
    {
        Assert.Equal(new Vector3(0.001f, 0, 0), GltfFrame.GltfFromCt(new Vector3(1, 0, 0)));
        Assert.Equal(new Vector3(0, 0.001f, 0), GltfFrame.GltfFromCt(new Vector3(0, 0, 1)));
        Assert.Equal(new Vector3(0, 0, 0.001f), GltfFrame.GltfFromCt(new Vector3(0, -1, 0)));
        Vector3 x = GltfFrame.GltfFromCt(Vector3.UnitX), y = GltfFrame.GltfFromCt(Vector3.UnitY), z = GltfFrame.GltfFromCt(Vector3.UnitZ);
        Assert.True(Vector3.Dot(Vector3.Cross(x, y), z) > 0, "Expected determinant +1 (handedness kept).");
    }
}
