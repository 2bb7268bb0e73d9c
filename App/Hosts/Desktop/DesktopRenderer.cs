using System.Numerics;
using ArSpine.App.Scene;
using ArSpine.Core.Meshes;
using Silk.NET.OpenGL;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>
/// The desktop host's <see cref="IHologramPort"/>: OpenGL 3.3 core through Silk.NET, drawing into its own offscreen framebuffer
/// (so headless rendering needs no visible window), then read back with <see cref="ReadPixels()"/> or shown with
/// <see cref="BlitToFramebuffer"/>. Opaque draws go first with depth writes and back-face culling; translucent ones follow,
/// farthest first (by their origin's depth), alpha-blended without depth writes, each drawn twice: its back faces, then its
/// front faces, so both show and a convex item blends in order (a closed item at alpha a covers like 1 − (1 − a)²). Every call needs the GL context it was created on current on
/// the calling thread; dispose before the window. After the queues have grown, a frame allocates nothing.
/// </summary>
public sealed class DesktopRenderer : IHologramPort, IDisposable
{
    private readonly GL gl;
    private readonly OffscreenFramebuffer frame;
    private readonly ShaderProgram program;
    private readonly int worldFromMeshLocation, normalWorldFromMeshLocation, clipFromWorldLocation, colorLocation, eyeLocation;
    private readonly Dictionary<int, GpuMesh> meshes = [];
    private readonly GpuMesh cylinder;
    private DrawQueue opaque = new(64);
    private DrawQueue translucent = new(64);
    private byte[] readBack = [];
    private int nextMeshId = 1;
    private bool disposed;

    /// <summary>
    /// Creates the offscreen frame (<paramref name="widthPx"/> × <paramref name="heightPx"/>, RGBA8 + 24-bit depth,
    /// <paramref name="samples"/> MSAA samples clamped to the driver's maximum; 1 for none), compiles the shader and uploads the
    /// cylinder. Throws <see cref="DesktopHostException"/> when the driver refuses any of it. Initialization only.
    /// </summary>
    public DesktopRenderer(GL gl, int widthPx, int heightPx, int samples = 4)
    {
        ArgumentNullException.ThrowIfNull(gl);
        this.gl = gl;
        frame = new OffscreenFramebuffer(gl, widthPx, heightPx, samples);
        program = new ShaderProgram(gl, "lit", ShaderSources.LitVertex, ShaderSources.LitFragment);
        worldFromMeshLocation = program.UniformLocation("uWorldFromMesh");
        normalWorldFromMeshLocation = program.UniformLocation("uNormalWorldFromMesh");
        clipFromWorldLocation = program.UniformLocation("uClipFromWorld");
        colorLocation = program.UniformLocation("uColor");
        eyeLocation = program.UniformLocation("uEyeWorld");
        cylinder = new GpuMesh(gl, PrimitiveMeshes.UnitCylinder(48));
        ThrowOnGlError("creating the renderer");
    }

    /// <summary>Width of the offscreen frame, pixels.</summary>
    public int WidthPx => frame.WidthPx;

    /// <summary>Height of the offscreen frame, pixels.</summary>
    public int HeightPx => frame.HeightPx;

    /// <summary>MSAA samples per pixel in use (1: none).</summary>
    public int Samples => frame.Samples;

    /// <inheritdoc/>
    public MeshHandle UploadMesh(TriangleMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ObjectDisposedException.ThrowIf(disposed, this);
        var handle = new MeshHandle(nextMeshId++);
        meshes.Add(handle.Id, new GpuMesh(gl, mesh));
        return handle;
    }

    /// <inheritdoc/>
    public void ReleaseMesh(MeshHandle mesh)
    {
        if (!meshes.Remove(mesh.Id, out GpuMesh? gpuMesh))
        {
            throw new ArgumentException($"Expected a mesh handle issued by this renderer and not yet released. Was id {mesh.Id}.", nameof(mesh));
        }

        gpuMesh.Dispose();
    }

    /// <inheritdoc/>
    public void DrawMesh(MeshHandle mesh, Matrix4x4 worldFromMesh, RgbaColor color)
    {
        if (!meshes.TryGetValue(mesh.Id, out GpuMesh? gpuMesh))
        {
            throw new ArgumentException($"Expected a mesh handle issued by this renderer and not yet released. Was id {mesh.Id}.", nameof(mesh));
        }

        Enqueue(gpuMesh, worldFromMesh, new Vector3(worldFromMesh.M41, worldFromMesh.M42, worldFromMesh.M43), color);
    }

    /// <inheritdoc/>
    public void DrawCylinder(Vector3 fromWorldMm, Vector3 toWorldMm, float diameterMm, RgbaColor color)
    {
        if (PrimitiveMeshes.TryWorldFromUnitCylinder(fromWorldMm, toWorldMm, diameterMm, out Matrix4x4 worldFromCylinder))
        {
            Enqueue(cylinder, worldFromCylinder, (fromWorldMm + toWorldMm) / 2, color);
        }
    }

    // Placeholders until the desktop host's lines, text, images and panels land: they draw nothing.

    /// <inheritdoc/>
    public void DrawLine(Vector3 fromWorldMm, Vector3 toWorldMm, float widthMm, RgbaColor color) => DrawCylinder(fromWorldMm, toWorldMm, widthMm, color);

    /// <inheritdoc/>
    public void DrawText(ReadOnlySpan<char> text, Vector3 anchorWorldMm, float heightMm, RgbaColor color, TextAlignment alignment = TextAlignment.Centre)
    {
    }

    /// <inheritdoc/>
    public ImageHandle CreateImage(int widthPx, int heightPx) => new(nextMeshId++);

    /// <inheritdoc/>
    public void UpdateImage(ImageHandle image, ReadOnlySpan<byte> grey8TopRowFirst)
    {
    }

    /// <inheritdoc/>
    public void DrawImage(ImageHandle image, Matrix4x4 worldFromQuad, float widthMm, float heightMm)
    {
    }

    /// <inheritdoc/>
    public void BeginPanel(ReadOnlySpan<char> title, Matrix4x4 worldFromPanel, float widthMm)
    {
    }

    /// <inheritdoc/>
    public void PanelLabel(ReadOnlySpan<char> text, RgbaColor color)
    {
    }

    /// <inheritdoc/>
    public bool PanelButton(ReadOnlySpan<char> label) => false;

    /// <inheritdoc/>
    public bool PanelToggle(ReadOnlySpan<char> label, ref bool value) => false;

    /// <inheritdoc/>
    public void PanelImage(ImageHandle image, float heightMm)
    {
    }

    /// <inheritdoc/>
    public void EndPanel()
    {
    }

    /// <summary>
    /// Renders the queued draws as seen by <paramref name="camera"/> into the offscreen frame, cleared to <paramref name="clearColor"/>,
    /// resolves MSAA, and empties the queues. Cost: one GL draw per opaque item, two per translucent one. Allocates nothing.
    /// </summary>
    public unsafe void RenderFrame(ViewCamera camera, RgbaColor clearColor)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        Matrix4x4 clipFromWorld = camera.ClipFromWorld(WidthPx, HeightPx);
        frame.BindForDrawing();
        gl.DepthMask(true);
        gl.ClearColor(clearColor.R, clearColor.G, clearColor.B, clearColor.A);
        gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);
        gl.Enable(EnableCap.DepthTest);
        gl.DepthFunc(DepthFunction.Less);
        gl.UseProgram(program.Handle);
        gl.UniformMatrix4(clipFromWorldLocation, 1, false, &clipFromWorld.M11);
        gl.Uniform3(eyeLocation, camera.EyeWorldMm.X, camera.EyeWorldMm.Y, camera.EyeWorldMm.Z);

        gl.Disable(EnableCap.Blend);
        gl.Enable(EnableCap.CullFace);
        gl.CullFace(TriangleFace.Back);
        for (int i = 0; i < opaque.Count; i++)
        {
            Draw(in opaque.Items[i]);
        }

        // Translucent items: farthest first, blended over what is there, without hiding each other through the depth buffer.
        for (int i = 0; i < translucent.Count; i++)
        {
            translucent.Keys[i] = -camera.ViewDepthMm(translucent.Items[i].CentreWorldMm);
        }

        Array.Sort(translucent.Keys, translucent.Items, 0, translucent.Count);
        gl.Enable(EnableCap.Blend);
        gl.BlendFuncSeparate(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha, BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
        gl.DepthMask(false);
        for (int i = 0; i < translucent.Count; i++)
        {
            // Both faces show; the far (back) faces first, so a convex item blends in the right order.
            gl.CullFace(TriangleFace.Front);
            Draw(in translucent.Items[i]);
            gl.CullFace(TriangleFace.Back);
            Draw(in translucent.Items[i]);
        }

        gl.DepthMask(true);
        gl.Disable(EnableCap.Blend);
        gl.FrontFace(FrontFaceDirection.Ccw);
        gl.BindVertexArray(0);
        frame.Resolve();
        opaque.Clear();
        translucent.Clear();
        ThrowOnGlError("rendering a frame");
    }

    /// <summary>The last rendered frame as RGBA8, top row first, 4 × width × height bytes. Allocates the array; stalls until the GPU is done.</summary>
    public byte[] ReadPixels()
    {
        var pixels = new byte[4 * WidthPx * HeightPx];
        ReadPixels(pixels);
        return pixels;
    }

    /// <summary>Copies the last rendered frame as RGBA8, top row first, into <paramref name="rgbaTopRowFirst"/> (4 × width × height bytes). Allocates nothing after the first call; stalls until the GPU is done.</summary>
    public void ReadPixels(Span<byte> rgbaTopRowFirst)
    {
        int rowBytes = 4 * WidthPx;
        ArgumentOutOfRangeException.ThrowIfNotEqual(rgbaTopRowFirst.Length, rowBytes * HeightPx);
        if (readBack.Length != rgbaTopRowFirst.Length)
        {
            readBack = new byte[rgbaTopRowFirst.Length];
        }

        frame.ReadPixels(readBack);
        for (int row = 0; row < HeightPx; row++)
        {
            readBack.AsSpan((HeightPx - 1 - row) * rowBytes, rowBytes).CopyTo(rgbaTopRowFirst.Slice(row * rowBytes, rowBytes));
        }
    }

    /// <summary>Copies the last rendered frame into another framebuffer (0: the window's back buffer), scaled to its size in pixels. Swap the window's buffers afterwards.</summary>
    public void BlitToFramebuffer(uint framebuffer, int widthPx, int heightPx) => frame.BlitTo(framebuffer, widthPx, heightPx);

    /// <summary>Frees every GL object the renderer made, uploaded meshes included; needs the context current.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        foreach (GpuMesh mesh in meshes.Values)
        {
            mesh.Dispose();
        }

        meshes.Clear();
        cylinder.Dispose();
        program.Dispose();
        frame.Dispose();
    }

    private void Enqueue(GpuMesh mesh, in Matrix4x4 worldFromMesh, Vector3 centreWorldMm, RgbaColor color)
    {
        // A singular placement (a zero scale) has no normal matrix and no area: nothing to draw.
        if (!Matrix4x4.Invert(worldFromMesh, out Matrix4x4 meshFromWorld))
        {
            return;
        }

        var command = new DrawCommand(mesh, worldFromMesh, Matrix4x4.Transpose(meshFromWorld), centreWorldMm, color);
        if (color.IsTranslucent)
        {
            translucent.Add(command);
        }
        else
        {
            opaque.Add(command);
        }
    }

    private unsafe void Draw(in DrawCommand command)
    {
        Matrix4x4 worldFromMesh = command.WorldFromMesh, normalWorldFromMesh = command.NormalWorldFromMesh;
        gl.UniformMatrix4(worldFromMeshLocation, 1, false, &worldFromMesh.M11);
        gl.UniformMatrix4(normalWorldFromMeshLocation, 1, false, &normalWorldFromMesh.M11);
        gl.Uniform4(colorLocation, command.Color.R, command.Color.G, command.Color.B, command.Color.A);
        // A mirroring placement turns counter-clockwise triangles clockwise on screen.
        gl.FrontFace(worldFromMesh.GetDeterminant() < 0 ? FrontFaceDirection.CW : FrontFaceDirection.Ccw);
        command.Mesh.Draw();
    }

    private void ThrowOnGlError(string doing)
    {
        GLEnum error = gl.GetError();
        if (error != GLEnum.NoError)
        {
            throw new DesktopHostException($"Expected no OpenGL error while {doing}. Was {error}.");
        }
    }

    private readonly record struct DrawCommand(GpuMesh Mesh, Matrix4x4 WorldFromMesh, Matrix4x4 NormalWorldFromMesh, Vector3 CentreWorldMm, RgbaColor Color);

    /// <summary>A growable array of draws reused frame after frame, with a sort key per draw.</summary>
    private struct DrawQueue(int capacity)
    {
        public DrawCommand[] Items = new DrawCommand[capacity];
        public float[] Keys = new float[capacity];
        public int Count;

        public void Add(in DrawCommand command)
        {
            if (Count == Items.Length)
            {
                Array.Resize(ref Items, 2 * Items.Length);
                Array.Resize(ref Keys, 2 * Keys.Length);
            }

            Items[Count++] = command;
        }

        public void Clear()
        {
            Array.Clear(Items, 0, Count);
            Count = 0;
        }
    }
}
