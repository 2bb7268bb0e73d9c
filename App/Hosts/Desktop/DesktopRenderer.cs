using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Scene;
using ArSpine.Core.Meshes;
using Silk.NET.OpenGL;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>
/// The desktop host's <see cref="IHologramPort"/>: OpenGL 3.3 core through Silk.NET, drawing into its own offscreen framebuffer
/// (so headless rendering needs no visible window), then read back with <see cref="ReadPixels()"/> or shown with
/// <see cref="BlitToFramebuffer"/>. Per view, in this order: opaque meshes (lit, depth-written, back faces culled); images and
/// panels (unlit, depth-tested flat quads in World); opaque lines (unlit ribbons <c>widthMm</c> wide that turn to face the eye);
/// translucent meshes, farthest first (by their origin's depth), alpha-blended without depth writes, each drawn twice: its back
/// faces, then its front faces, so both show and a convex item blends in order (a closed item at alpha a covers like
/// 1 − (1 − a)²); translucent lines; then text labels, facing the viewer, with no depth test, so nothing hides them, each glyph
/// in its exact colour inside a thin translucent dark halo that keeps it readable on light holograms. Glyphs come
/// from an atlas of DejaVu Sans rasterised once by SkiaSharp. Panels are hit-tested with the pointer ray given to
/// <see cref="BeginFrame"/>. Every call needs the GL context it was created on current on the calling thread; dispose before the
/// window. After the queues have grown, a frame allocates nothing.
/// </summary>
public sealed class DesktopRenderer : IHologramPort, IDisposable
{
    private readonly GL gl;
    private readonly OffscreenFramebuffer frame;
    private readonly ShaderProgram program;
    private readonly ShaderProgram unlit;
    private readonly int worldFromMeshLocation, normalWorldFromMeshLocation, clipFromWorldLocation, colorLocation, eyeLocation;
    private readonly int unlitClipFromWorldLocation, unlitModeLocation, unlitTextureLocation;
    private readonly Dictionary<int, GpuMesh> meshes = [];
    private readonly Dictionary<int, ImageTexture> images = [];
    private readonly GpuMesh cylinder;
    private readonly GlyphAtlas atlas;
    private readonly uint atlasTexture;
    private readonly PanelBuilder panels;
    private readonly UnlitGeometry world = new(), viewOpaque = new(), viewTranslucent = new(), overlay = new();
    private readonly UnlitStreamBuffer worldBuffer, viewBuffer;
    private DrawQueue opaque = new(64);
    private DrawQueue translucent = new(64);
    private LineCommand[] lines = new LineCommand[64];
    private LabelCommand[] labels = new LabelCommand[32];
    private char[] labelText = new char[1024];
    private int lineCount, labelCount, labelChars;
    private InputFrame input;
    private byte[] readBack = [];
    private int nextMeshId = 1, nextImageId = 1;
    private bool disposed;

    /// <summary>
    /// Creates the offscreen frame (<paramref name="widthPx"/> × <paramref name="heightPx"/>, RGBA8 + 24-bit depth,
    /// <paramref name="samples"/> MSAA samples clamped to the driver's maximum; 1 for none), compiles the shaders, uploads the
    /// cylinder and rasterises the glyph atlas. Throws <see cref="DesktopHostException"/> when the driver refuses any of it or the
    /// font is missing. Initialization only (tens of milliseconds).
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
        unlit = new ShaderProgram(gl, "unlit", ShaderSources.UnlitVertex, ShaderSources.UnlitFragment);
        unlitClipFromWorldLocation = unlit.UniformLocation("uClipFromWorld");
        unlitModeLocation = unlit.UniformLocation("uMode");
        unlitTextureLocation = unlit.UniformLocation("uTexture");
        cylinder = new GpuMesh(gl, PrimitiveMeshes.UnitCylinder(48));
        atlas = GlyphAtlas.Default;
        atlasTexture = CreateTexture(atlas.WidthPx, atlas.HeightPx, atlas.CoverageAndHalo(), twoChannels: true);
        panels = new PanelBuilder(atlas, atlasTexture);
        worldBuffer = new UnlitStreamBuffer(gl);
        viewBuffer = new UnlitStreamBuffer(gl);
        ThrowOnGlError("creating the renderer");
    }

    /// <summary>Width of the offscreen frame, pixels.</summary>
    public int WidthPx => frame.WidthPx;

    /// <summary>Height of the offscreen frame, pixels.</summary>
    public int HeightPx => frame.HeightPx;

    /// <summary>MSAA samples per pixel in use (1: none).</summary>
    public int Samples => frame.Samples;

    /// <summary>Whether the pointer ray of <see cref="BeginFrame"/> met a panel drawn since (so a mode may leave that pinch to the panel).</summary>
    public bool PointerOverPanel => panels.PointerOverPanel;

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

    /// <inheritdoc/>
    public void DrawLine(Vector3 fromWorldMm, Vector3 toWorldMm, float widthMm, RgbaColor color)
    {
        if (fromWorldMm == toWorldMm || !(widthMm > 0))
        {
            return;
        }

        if (lineCount == lines.Length)
        {
            Array.Resize(ref lines, 2 * lines.Length);
        }

        lines[lineCount++] = new LineCommand(fromWorldMm, toWorldMm, widthMm, color);
    }

    /// <inheritdoc/>
    public void DrawText(ReadOnlySpan<char> text, Vector3 anchorWorldMm, float heightMm, RgbaColor color, TextAlignment alignment = TextAlignment.Centre)
    {
        if (text.IsEmpty || !(heightMm > 0))
        {
            return;
        }

        if (labelChars + text.Length > labelText.Length)
        {
            Array.Resize(ref labelText, Math.Max(labelChars + text.Length, 2 * labelText.Length));
        }

        if (labelCount == labels.Length)
        {
            Array.Resize(ref labels, 2 * labels.Length);
        }

        text.CopyTo(labelText.AsSpan(labelChars));
        labels[labelCount++] = new LabelCommand(labelChars, text.Length, anchorWorldMm, heightMm, color, alignment);
        labelChars += text.Length;
    }

    /// <inheritdoc/>
    public ImageHandle CreateImage(int widthPx, int heightPx)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthPx);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heightPx);
        ObjectDisposedException.ThrowIf(disposed, this);
        uint texture = CreateTexture(widthPx, heightPx, new byte[widthPx * heightPx], twoChannels: false);
        var handle = new ImageHandle(nextImageId++);
        images.Add(handle.Id, new ImageTexture(texture, widthPx, heightPx));
        ThrowOnGlError("creating an image");
        return handle;
    }

    /// <inheritdoc/>
    public unsafe void UpdateImage(ImageHandle image, ReadOnlySpan<byte> grey8TopRowFirst)
    {
        ImageTexture texture = Image(image);
        if (grey8TopRowFirst.Length != texture.WidthPx * texture.HeightPx)
        {
            throw new ArgumentException(
                $"Expected {texture.WidthPx * texture.HeightPx} bytes for the {texture.WidthPx} × {texture.HeightPx} image {image.Id}. Was {grey8TopRowFirst.Length}.",
                nameof(grey8TopRowFirst));
        }

        gl.BindTexture(TextureTarget.Texture2D, texture.Texture);
        gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        fixed (byte* data = grey8TopRowFirst)
        {
            gl.TexSubImage2D(TextureTarget.Texture2D, 0, 0, 0, (uint)texture.WidthPx, (uint)texture.HeightPx, PixelFormat.Red, PixelType.UnsignedByte, data);
        }

        gl.BindTexture(TextureTarget.Texture2D, 0);
    }

    /// <inheritdoc/>
    public void DrawImage(ImageHandle image, Matrix4x4 worldFromQuad, float widthMm, float heightMm)
    {
        ImageTexture texture = Image(image);
        float x = widthMm / 2, y = heightMm / 2;
        world.AddQuad(
            UnlitMode.GreyImage, texture.Texture,
            Vector3.Transform(new Vector3(-x, -y, 0), worldFromQuad), Vector3.Transform(new Vector3(x, -y, 0), worldFromQuad),
            Vector3.Transform(new Vector3(x, y, 0), worldFromQuad), Vector3.Transform(new Vector3(-x, y, 0), worldFromQuad),
            RgbaColor.White, new Vector2(0, 1), new Vector2(1, 0));
    }

    /// <inheritdoc/>
    /// <remarks>Layout (mm, see <see cref="PanelBuilder"/>): a title bar 20 tall, then rows 3 apart with a 6 margin: labels 11, buttons and toggles 16, images their height.</remarks>
    public void BeginPanel(ReadOnlySpan<char> title, Matrix4x4 worldFromPanel, float widthMm) => panels.Begin(world, title, worldFromPanel, widthMm, input);

    /// <inheritdoc/>
    public void PanelLabel(ReadOnlySpan<char> text, RgbaColor color) => panels.Label(text, color);

    /// <inheritdoc/>
    /// <remarks>Pressed when the pinch of <see cref="BeginFrame"/>'s input went down (JustPressed) with its ray on the button; highlighted while the ray is on it.</remarks>
    public bool PanelButton(ReadOnlySpan<char> label) => panels.Button(label);

    /// <inheritdoc/>
    public bool PanelToggle(ReadOnlySpan<char> label, ref bool value) => panels.Toggle(label, ref value);

    /// <inheritdoc/>
    public void PanelImage(ImageHandle image, float heightMm)
    {
        ImageTexture texture = Image(image);
        panels.Image(texture.Texture, texture.WidthPx, texture.HeightPx, heightMm);
    }

    /// <inheritdoc/>
    public void EndPanel() => panels.End();

    /// <summary>
    /// Starts a frame with the user's input: panel buttons and toggles drawn until the next call are hit-tested with its pointer ray
    /// and pinch. Not part of <see cref="IHologramPort"/>: the host calls it before the mode's step. Without it the pointer points
    /// nowhere. Allocates nothing.
    /// </summary>
    public void BeginFrame(in InputFrame input)
    {
        this.input = input;
        panels.ResetFrame();
    }

    /// <summary>
    /// Renders the queued draws as seen by <paramref name="camera"/> into the offscreen frame, cleared to <paramref name="clearColor"/>,
    /// resolves MSAA, and empties the queues (in the order the class summary gives). Cost: one GL draw per opaque mesh, two per
    /// translucent one, one per batch of unlit geometry. Allocates nothing.
    /// </summary>
    public void RenderFrame(ViewCamera camera, RgbaColor clearColor)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ThrowIfPanelOpen();
        frame.BindForDrawing();
        Clear(clearColor);
        RenderView(camera, 0, WidthPx);
        EndFrame();
    }

    /// <summary>
    /// Renders the queued draws side by side: <paramref name="left"/>'s view into the left half of the frame, <paramref name="right"/>'s
    /// into the right half (each <see cref="WidthPx"/>/2 wide, projected with that half's aspect: use
    /// <c>camera.Project(p, WidthPx / 2, HeightPx)</c>, plus <c>WidthPx / 2</c> in x for the right eye), then empties the queues as
    /// <see cref="RenderFrame"/> does. Allocates nothing.
    /// </summary>
    public void RenderStereoFrame(ViewCamera left, ViewCamera right, RgbaColor clearColor)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ThrowIfPanelOpen();
        frame.BindForDrawing();
        Clear(clearColor);
        int half = WidthPx / 2;
        RenderView(left, 0, half);
        RenderView(right, half, half);
        EndFrame();
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

    /// <summary>Frees every GL object the renderer made, uploaded meshes and images included; needs the context current.</summary>
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

        foreach (ImageTexture image in images.Values)
        {
            gl.DeleteTexture(image.Texture);
        }

        meshes.Clear();
        images.Clear();
        gl.DeleteTexture(atlasTexture);
        worldBuffer.Dispose();
        viewBuffer.Dispose();
        cylinder.Dispose();
        program.Dispose();
        unlit.Dispose();
        frame.Dispose();
    }

    private void Clear(RgbaColor clearColor)
    {
        gl.DepthMask(true);
        gl.ClearColor(clearColor.R, clearColor.G, clearColor.B, clearColor.A);
        gl.Clear(ClearBufferMask.ColorBufferBit | ClearBufferMask.DepthBufferBit);
    }

    private void RenderView(ViewCamera camera, int viewportX, int viewportWidth)
    {
        gl.Viewport(viewportX, 0, (uint)viewportWidth, (uint)HeightPx);
        Matrix4x4 clipFromWorld = camera.ClipFromWorld(viewportWidth, HeightPx);
        BuildViewGeometry(camera);

        gl.Enable(EnableCap.DepthTest);
        gl.DepthFunc(DepthFunction.Less);
        gl.Disable(EnableCap.Blend);
        gl.DepthMask(true);
        UseLit(camera, clipFromWorld);
        gl.Enable(EnableCap.CullFace);
        gl.CullFace(TriangleFace.Back);
        for (int i = 0; i < opaque.Count; i++)
        {
            Draw(in opaque.Items[i]);
        }

        // Images, panels and opaque lines: flat, unlit, depth-tested; panel layers sit a fraction of a mm apart (hence Lequal).
        gl.Disable(EnableCap.CullFace);
        gl.DepthFunc(DepthFunction.Lequal);
        gl.Enable(EnableCap.Blend);
        gl.BlendFuncSeparate(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha, BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
        UseUnlit(clipFromWorld);
        DrawUnlit(world, worldBuffer, opaqueLayer: true);
        DrawUnlit(viewOpaque, viewBuffer, opaqueLayer: true);

        // Translucent items: farthest first, blended over what is there, without hiding each other through the depth buffer.
        for (int i = 0; i < translucent.Count; i++)
        {
            translucent.Keys[i] = -camera.ViewDepthMm(translucent.Items[i].CentreWorldMm);
        }

        Array.Sort(translucent.Keys, translucent.Items, 0, translucent.Count);
        gl.DepthFunc(DepthFunction.Less);
        gl.DepthMask(false);
        UseLit(camera, clipFromWorld);
        gl.Enable(EnableCap.CullFace);
        for (int i = 0; i < translucent.Count; i++)
        {
            // Both faces show; the far (back) faces first, so a convex item blends in the right order.
            gl.CullFace(TriangleFace.Front);
            Draw(in translucent.Items[i]);
            gl.CullFace(TriangleFace.Back);
            Draw(in translucent.Items[i]);
        }

        gl.Disable(EnableCap.CullFace);
        gl.FrontFace(FrontFaceDirection.Ccw);
        UseUnlit(clipFromWorld);
        DrawUnlit(viewTranslucent, viewBuffer, opaqueLayer: false);

        // Labels last, over everything.
        gl.Disable(EnableCap.DepthTest);
        DrawUnlit(overlay, viewBuffer, opaqueLayer: false);

        gl.DepthMask(true);
        gl.Disable(EnableCap.Blend);
        gl.BindVertexArray(0);
    }

    private void EndFrame()
    {
        frame.Resolve();
        opaque.Clear();
        translucent.Clear();
        world.Clear();
        lineCount = 0;
        labelCount = 0;
        labelChars = 0;
        ThrowOnGlError("rendering a frame");
    }

    /// <summary>Lines (ribbons turned toward this eye) and labels (facing this view) for one view.</summary>
    private void BuildViewGeometry(in ViewCamera camera)
    {
        viewOpaque.Clear();
        viewTranslucent.Clear();
        overlay.Clear();
        Vector3 eye = camera.EyeWorldMm;
        for (int i = 0; i < lineCount; i++)
        {
            ref readonly LineCommand line = ref lines[i];
            Vector3 along = Vector3.Normalize(line.ToWorldMm - line.FromWorldMm);
            Vector3 sideFrom = Side(along, eye - line.FromWorldMm) * (line.WidthMm / 2);
            Vector3 sideTo = Side(along, eye - line.ToWorldMm) * (line.WidthMm / 2);
            UnlitGeometry into = line.Color.IsTranslucent ? viewTranslucent : viewOpaque;
            into.AddQuad(line.FromWorldMm - sideFrom, line.ToWorldMm - sideTo, line.ToWorldMm + sideTo, line.FromWorldMm + sideFrom, line.Color);
        }

        Vector3 right = camera.RightWorld, up = camera.UpOnScreenWorld, toward = Vector3.Cross(right, up);
        for (int i = 0; i < labelCount; i++)
        {
            ref readonly LabelCommand label = ref labels[i];
            ReadOnlySpan<char> text = labelText.AsSpan(label.Start, label.Length);
            float mmPerPx = label.HeightMm / atlas.CapHeightPx;
            float widthMm = atlas.MeasurePx(text) * mmPerPx;
            float penX = label.Alignment switch { TextAlignment.Left => 0, TextAlignment.Right => -widthMm, _ => -widthMm / 2 };
            Vector3 origin = label.AnchorWorldMm + right * penX - up * (label.HeightMm / 2);
            var worldFromText = new Matrix4x4(
                right.X, right.Y, right.Z, 0,
                up.X, up.Y, up.Z, 0,
                toward.X, toward.Y, toward.Z, 0,
                origin.X, origin.Y, origin.Z, 1);
            overlay.AddText(atlas, atlasTexture, text, worldFromText, mmPerPx, label.Color);
        }
    }

    private static Vector3 Side(Vector3 along, Vector3 toEye)
    {
        Vector3 side = Vector3.Cross(along, toEye);
        if (side.LengthSquared() < 1e-12f)
        {
            side = Vector3.Cross(along, MathF.Abs(along.X) < 0.9f ? Vector3.UnitX : Vector3.UnitY);
        }

        return Vector3.Normalize(side);
    }

    private unsafe void UseLit(in ViewCamera camera, Matrix4x4 clipFromWorld)
    {
        gl.UseProgram(program.Handle);
        gl.UniformMatrix4(clipFromWorldLocation, 1, false, &clipFromWorld.M11);
        gl.Uniform3(eyeLocation, camera.EyeWorldMm.X, camera.EyeWorldMm.Y, camera.EyeWorldMm.Z);
    }

    private unsafe void UseUnlit(Matrix4x4 clipFromWorld)
    {
        gl.UseProgram(unlit.Handle);
        gl.UniformMatrix4(unlitClipFromWorldLocation, 1, false, &clipFromWorld.M11);
        gl.Uniform1(unlitTextureLocation, 0);
        gl.ActiveTexture(TextureUnit.Texture0);
    }

    private void DrawUnlit(UnlitGeometry geometry, UnlitStreamBuffer buffer, bool opaqueLayer)
    {
        if (geometry.VertexCount == 0)
        {
            return;
        }

        buffer.Upload(geometry.Vertices);
        foreach (ref readonly UnlitGeometry.Batch batch in geometry.Batches)
        {
            gl.Uniform1(unlitModeLocation, (int)batch.Mode);
            gl.BindTexture(TextureTarget.Texture2D, batch.Texture);
            // Glyph edges are partly transparent: they must not write depth, or they would cut holes in what follows.
            gl.DepthMask(opaqueLayer && batch.Mode != UnlitMode.Glyphs);
            buffer.Draw(batch.First, batch.Count);
        }

        gl.BindTexture(TextureTarget.Texture2D, 0);
    }

    /// <summary>An 8-bit texture, one channel (R8: a grey image) or two (RG8: the atlas's coverage and halo), linearly filtered, clamped.</summary>
    private unsafe uint CreateTexture(int widthPx, int heightPx, byte[] topRowFirst, bool twoChannels)
    {
        uint texture = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, texture);
        gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        fixed (byte* data = topRowFirst)
        {
            gl.TexImage2D(
                TextureTarget.Texture2D, 0, twoChannels ? InternalFormat.RG8 : InternalFormat.R8, (uint)widthPx, (uint)heightPx, 0,
                twoChannels ? PixelFormat.RG : PixelFormat.Red, PixelType.UnsignedByte, data);
        }

        const int filter = (int)TextureMinFilter.Linear;
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, filter);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, filter);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
        gl.BindTexture(TextureTarget.Texture2D, 0);
        return texture;
    }

    private ImageTexture Image(ImageHandle image) =>
        images.TryGetValue(image.Id, out ImageTexture texture)
            ? texture
            : throw new ArgumentException($"Expected an image handle issued by this renderer. Was id {image.Id}.", nameof(image));

    private void ThrowIfPanelOpen()
    {
        if (panels.IsOpen)
        {
            throw new InvalidOperationException("Expected every panel closed (EndPanel) before the frame renders. Was one still open.");
        }
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

    private readonly record struct LineCommand(Vector3 FromWorldMm, Vector3 ToWorldMm, float WidthMm, RgbaColor Color);

    private readonly record struct LabelCommand(int Start, int Length, Vector3 AnchorWorldMm, float HeightMm, RgbaColor Color, TextAlignment Alignment);

    private readonly record struct ImageTexture(uint Texture, int WidthPx, int HeightPx);

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
