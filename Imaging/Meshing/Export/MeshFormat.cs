namespace ArSpine.Imaging.Meshing.Export;

/// <summary>The file formats a vertebra mesh can be written in.</summary>
public enum MeshFormat
{
    /// <summary>glTF 2.0 binary, in the headset's metres (<see cref="GltfFrame"/>): what the case package ships.</summary>
    Glb,

    /// <summary>Binary STL, in the Ct frame (LPS mm), for 3D printing and CAD.</summary>
    Stl,

    /// <summary>Wavefront OBJ text with vertex normals, in the Ct frame (LPS mm).</summary>
    Obj,
}

/// <summary>Writes a <see cref="Core.Meshes.TriangleMesh"/> in a <see cref="MeshFormat"/>; every write is atomic.</summary>
public static class MeshWriter
{
    /// <summary>The file extension of a format, with its dot.</summary>
    public static string ExtensionOf(MeshFormat format) => format switch
    {
        MeshFormat.Glb => ".glb",
        MeshFormat.Stl => ".stl",
        MeshFormat.Obj => ".obj",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Expected glb, stl or obj."),
    };

    /// <summary>Writes <paramref name="mesh"/> (Ct frame, LPS mm) named <paramref name="name"/> to <paramref name="path"/> in <paramref name="format"/>.</summary>
    public static void Write(Core.Meshes.TriangleMesh mesh, string name, string path, MeshFormat format)
    {
        switch (format)
        {
            case MeshFormat.Glb:
                GlbWriter.Write(mesh, name, path);
                break;
            case MeshFormat.Stl:
                StlWriter.Write(mesh, name, path);
                break;
            case MeshFormat.Obj:
                ObjWriter.Write(mesh, name, path);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Expected glb, stl or obj.");
        }
    }
}
