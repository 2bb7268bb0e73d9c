using System.Numerics;
using ArSpine.Core.Meshes;
using Silk.NET.OpenGL;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>A mesh in GPU memory: one vertex array with interleaved position (mm) and normal, and a 32-bit index buffer. Owns its GL objects.</summary>
internal sealed class GpuMesh : IDisposable
{
    private readonly GL gl;
    private readonly uint vertexArray;
    private readonly uint vertexBuffer;
    private readonly uint indexBuffer;

    /// <summary>Uploads positions and <see cref="TriangleMesh.VertexNormals"/>; allocates one staging array. Initialization only.</summary>
    public unsafe GpuMesh(GL gl, TriangleMesh mesh)
    {
        this.gl = gl;
        Vector3[] normals = mesh.VertexNormals();
        var interleaved = new float[mesh.PositionsMm.Length * 6];
        for (int v = 0; v < mesh.PositionsMm.Length; v++)
        {
            Vector3 p = mesh.PositionsMm[v], n = normals[v];
            int o = 6 * v;
            interleaved[o] = p.X;
            interleaved[o + 1] = p.Y;
            interleaved[o + 2] = p.Z;
            interleaved[o + 3] = n.X;
            interleaved[o + 4] = n.Y;
            interleaved[o + 5] = n.Z;
        }

        vertexArray = gl.GenVertexArray();
        gl.BindVertexArray(vertexArray);
        vertexBuffer = gl.GenBuffer();
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, vertexBuffer);
        fixed (float* data = interleaved)
        {
            gl.BufferData(BufferTargetARB.ArrayBuffer, (nuint)(interleaved.Length * sizeof(float)), data, BufferUsageARB.StaticDraw);
        }

        indexBuffer = gl.GenBuffer();
        gl.BindBuffer(BufferTargetARB.ElementArrayBuffer, indexBuffer);
        fixed (int* data = mesh.Indices)
        {
            gl.BufferData(BufferTargetARB.ElementArrayBuffer, (nuint)(mesh.Indices.Length * sizeof(int)), data, BufferUsageARB.StaticDraw);
        }

        const uint stride = 6 * sizeof(float);
        gl.EnableVertexAttribArray(0);
        gl.VertexAttribPointer(0, 3, VertexAttribPointerType.Float, false, stride, (void*)0);
        gl.EnableVertexAttribArray(1);
        gl.VertexAttribPointer(1, 3, VertexAttribPointerType.Float, false, stride, (void*)(3 * sizeof(float)));
        gl.BindVertexArray(0);
        IndexCount = (uint)mesh.Indices.Length;
    }

    /// <summary>The number of indices (three per triangle).</summary>
    public uint IndexCount { get; }

    /// <summary>Draws all triangles with the bound program. Allocates nothing.</summary>
    public unsafe void Draw()
    {
        gl.BindVertexArray(vertexArray);
        gl.DrawElements(PrimitiveType.Triangles, IndexCount, DrawElementsType.UnsignedInt, (void*)0);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        gl.DeleteVertexArray(vertexArray);
        gl.DeleteBuffer(vertexBuffer);
        gl.DeleteBuffer(indexBuffer);
    }
}
