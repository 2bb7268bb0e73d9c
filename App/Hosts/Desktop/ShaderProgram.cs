using Silk.NET.OpenGL;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>A linked GLSL program on the current context. Owns the GL program object; dispose with the context current.</summary>
internal sealed class ShaderProgram : IDisposable
{
    private readonly GL gl;

    /// <summary>Compiles and links two stages; throws <see cref="DesktopHostException"/> with the driver's log on failure. Initialization only.</summary>
    public ShaderProgram(GL gl, string name, string vertexSource, string fragmentSource)
    {
        this.gl = gl;
        uint vertex = Compile(ShaderType.VertexShader, name, vertexSource);
        uint fragment = Compile(ShaderType.FragmentShader, name, fragmentSource);
        Handle = gl.CreateProgram();
        gl.AttachShader(Handle, vertex);
        gl.AttachShader(Handle, fragment);
        gl.LinkProgram(Handle);
        gl.DetachShader(Handle, vertex);
        gl.DetachShader(Handle, fragment);
        gl.DeleteShader(vertex);
        gl.DeleteShader(fragment);
        gl.GetProgram(Handle, ProgramPropertyARB.LinkStatus, out int linked);
        if (linked == 0)
        {
            string log = gl.GetProgramInfoLog(Handle);
            gl.DeleteProgram(Handle);
            throw new DesktopHostException($"Expected the shader program '{name}' to link. Was refused by the driver: {log}");
        }
    }

    /// <summary>The GL program name.</summary>
    public uint Handle { get; }

    /// <summary>The location of a uniform the program must use; throws when the linker dropped or never had it. Initialization only.</summary>
    public int UniformLocation(string uniform)
    {
        int location = gl.GetUniformLocation(Handle, uniform);
        if (location < 0)
        {
            throw new DesktopHostException($"Expected the uniform '{uniform}' in the shader program. Was not found (misspelt, or unused and optimized away).");
        }

        return location;
    }

    /// <inheritdoc/>
    public void Dispose() => gl.DeleteProgram(Handle);

    private uint Compile(ShaderType type, string name, string source)
    {
        uint shader = gl.CreateShader(type);
        gl.ShaderSource(shader, source);
        gl.CompileShader(shader);
        gl.GetShader(shader, ShaderParameterName.CompileStatus, out int compiled);
        if (compiled == 0)
        {
            string log = gl.GetShaderInfoLog(shader);
            gl.DeleteShader(shader);
            throw new DesktopHostException($"Expected the {type} of '{name}' to compile as GLSL 330 core. Was refused by the driver: {log}");
        }

        return shader;
    }
}
