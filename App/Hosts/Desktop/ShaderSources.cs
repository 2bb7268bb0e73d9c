using System.Reflection;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>
/// GLSL 330 core sources of the desktop host, kept in <c>Assets/Shaders</c> and embedded in the assembly at build time
/// (so the app finds them wherever it runs).
/// </summary>
internal static class ShaderSources
{
    /// <summary>Vertex stage of the lit shader: attribute 0 position (mesh mm), attribute 1 normal (mesh frame).</summary>
    public static string LitVertex { get; } = Load("lit.vert.glsl");

    /// <summary>Fragment stage of the lit shader: per-draw straight-alpha colour, headlight lighting.</summary>
    public static string LitFragment { get; } = Load("lit.frag.glsl");

    /// <summary>Vertex stage of the unlit shader: attribute 0 position (World mm), 1 colour, 2 texture coordinate.</summary>
    public static string UnlitVertex { get; } = Load("unlit.vert.glsl");

    /// <summary>Fragment stage of the unlit shader: vertex colour, glyph coverage or greyscale image by <c>uMode</c>.</summary>
    public static string UnlitFragment { get; } = Load("unlit.frag.glsl");

    private static string Load(string fileName)
    {
        string name = $"ArSpine.Shaders.{fileName}";
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new DesktopHostException($"The shader '{name}' is not embedded in the app (Assets/Shaders/{fileName} at build time).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
