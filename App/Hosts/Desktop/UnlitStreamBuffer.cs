using Silk.NET.OpenGL;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>
/// A vertex array and vertex buffer for <see cref="UnlitGeometry"/>'s vertices, refilled every frame (stream draw): the buffer
/// grows to the largest upload and is orphaned on each one. Owns its GL objects; allocates no managed memory.
/// </summary>
internal sealed class UnlitStreamBuffer : IDisposable
{
    private readonly GL gl;
    private readonly uint vertexArray;
    private readonly uint vertexBuffer;
    private nuint capacityBytes;

    /// <summary>Creates the vertex array with the unlit shader's three attributes. Initialization only.</summary>
    public unsafe UnlitStreamBuffer(GL gl)
    {
        this.gl = gl;
        vertexArray = gl.GenVertexArray();
        gl.BindVertexArray(vertexArray);
        vertexBuffer = gl.GenBuffer();
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, vertexBuffer);
        const uint stride = UnlitGeometry.FloatsPerVertex * sizeof(float);
        gl.EnableVertexAttribArray(0);
        gl.VertexAttribPointer(0, 3, VertexAttribPointerType.Float, false, stride, (void*)0);
        gl.EnableVertexAttribArray(1);
        gl.VertexAttribPointer(1, 4, VertexAttribPointerType.Float, false, stride, (void*)(3 * sizeof(float)));
        gl.EnableVertexAttribArray(2);
        gl.VertexAttribPointer(2, 2, VertexAttribPointerType.Float, false, stride, (void*)(7 * sizeof(float)));
        gl.BindVertexArray(0);
    }

    /// <summary>Uploads the vertices and leaves the vertex array bound, ready for <see cref="Draw"/>.</summary>
    public unsafe void Upload(ReadOnlySpan<float> vertices)
    {
        gl.BindVertexArray(vertexArray);
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, vertexBuffer);
        var bytes = (nuint)(vertices.Length * sizeof(float));
        if (bytes > capacityBytes)
        {
            capacityBytes = Math.Max(bytes, 2 * capacityBytes);
        }

        // Orphan the old storage, so the driver need not wait for last frame's draws.
        gl.BufferData(BufferTargetARB.ArrayBuffer, capacityBytes, null, BufferUsageARB.StreamDraw);
        fixed (float* data = vertices)
        {
            gl.BufferSubData(BufferTargetARB.ArrayBuffer, 0, bytes, data);
        }
    }

    /// <summary>Draws vertices [first, first + count) as triangles with the bound program; call after <see cref="Upload"/>.</summary>
    public void Draw(int first, int count) => gl.DrawArrays(PrimitiveType.Triangles, first, (uint)count);

    /// <inheritdoc/>
    public void Dispose()
    {
        gl.DeleteVertexArray(vertexArray);
        gl.DeleteBuffer(vertexBuffer);
    }
}
