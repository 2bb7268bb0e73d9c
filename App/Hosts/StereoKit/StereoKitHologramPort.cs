using System.Numerics;
using ArSpine.App.Scene;
using ArSpine.Core.Meshes;

namespace ArSpine.App.Hosts.StereoKit;

using global::StereoKit;

/// <summary>
/// <see cref="IHologramPort"/> on StereoKit: meshes become StereoKit meshes (converted from mm to metres once, at upload), draws
/// become <c>Mesh.Draw</c>, lines <c>Lines.Add</c>, labels <c>Text.Add</c>, images textures and sprites, panels StereoKit UI
/// windows. StereoKit keeps its own per-frame render queue and sorts translucent draws, so this port only converts. Every position
/// goes through the frame's <see cref="XrWorldFrame"/> (the world anchor). Create it after <c>SK.Initialize</c>; call it from
/// StereoKit's step only. Steady-state draws allocate nothing here except one string per text not seen before (StereoKit's text
/// and UI take strings; see <see cref="SpanStringCache"/>).
/// </summary>
public sealed class StereoKitHologramPort : IHologramPort
{
    /// <summary>The capital-letter height the one text style is made with, mm; labels scale it.</summary>
    private const float StyleHeightMm = 10f;

    private readonly List<Mesh?> meshes = [];
    private readonly List<SkImage> images = [];
    private readonly SpanStringCache strings = new();
    private readonly Mesh unitCylinder;
    private readonly Mesh unitQuad;
    private readonly Material opaque;
    private readonly Material translucent;
    private readonly TextStyle labelStyle;
    private XrWorldFrame frame = XrWorldFrame.Identity;
    private Vec3 headSk;
    private bool panelOpen;

    /// <summary>Makes the shared meshes, materials and text style. Needs an initialised StereoKit.</summary>
    public StereoKitHologramPort()
    {
        unitCylinder = ToSkMesh(PrimitiveMeshes.UnitCylinder());
        unitQuad = UnitQuad();
        opaque = Material.Default;
        translucent = Material.Default.Copy();
        translucent.Transparency = Transparency.Blend;
        translucent.DepthWrite = false;

        // Labels and banners are drawn over the 3D content (the port's contract): a font material that ignores depth, drawn late.
        Material onTop = Default.MaterialFont.Copy();
        onTop.DepthTest = DepthTest.Always;
        onTop.DepthWrite = false;
        onTop.QueueOffset = 100;
        labelStyle = Text.MakeStyle(Font.Default, StyleHeightMm * XrUnits.MetresPerMm, onTop, Color.White);
    }

    /// <summary>Sets this frame's world anchor placement and the head's position (StereoKit world, metres) that labels face.</summary>
    internal void BeginFrame(in XrWorldFrame worldFrame, Vector3 headSkWorldM)
    {
        frame = worldFrame;
        headSk = headSkWorldM.ToSk();
    }

    /// <inheritdoc />
    public MeshHandle UploadMesh(TriangleMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        meshes.Add(ToSkMesh(mesh));
        return new MeshHandle(meshes.Count);
    }

    /// <inheritdoc />
    public void ReleaseMesh(MeshHandle mesh)
    {
        _ = MeshOf(mesh);
        // StereoKit frees the GPU mesh when its last reference goes.
        meshes[mesh.Id - 1] = null;
    }

    /// <inheritdoc />
    public void DrawMesh(MeshHandle mesh, Matrix4x4 worldFromMesh, RgbaColor color) =>
        MeshOf(mesh).Draw(MaterialFor(color), frame.SkDrawMatrix(worldFromMesh).ToSk(), color.ToSkLinear());

    /// <inheritdoc />
    public void DrawCylinder(Vector3 fromWorldMm, Vector3 toWorldMm, float diameterMm, RgbaColor color)
    {
        if (PrimitiveMeshes.TryWorldFromUnitCylinder(fromWorldMm, toWorldMm, diameterMm, out Matrix4x4 worldFromCylinder))
        {
            unitCylinder.Draw(MaterialFor(color), frame.SkDrawMatrix(worldFromCylinder).ToSk(), color.ToSkLinear());
        }
    }

    /// <inheritdoc />
    public void DrawLine(Vector3 fromWorldMm, Vector3 toWorldMm, float widthMm, RgbaColor color) =>
        Lines.Add(frame.SkPointFromApp(fromWorldMm).ToSk(), frame.SkPointFromApp(toWorldMm).ToSk(), color.ToSk32(), widthMm * XrUnits.MetresPerMm);

    /// <inheritdoc />
    public void DrawText(ReadOnlySpan<char> text, Vector3 anchorWorldMm, float heightMm, RgbaColor color, TextAlignment alignment = TextAlignment.Centre)
    {
        if (text.IsEmpty || !(heightMm > 0))
        {
            return;
        }

        Vec3 at = frame.SkPointFromApp(anchorWorldMm).ToSk();
        // StereoKit text reads from the side its forward (−Z) points to: turn it toward the head.
        Matrix place = Matrix.TRS(at, Quat.LookAt(at, headSk), heightMm / StyleHeightMm);
        TextAlign align = alignment.ToSk();
        Text.Add(strings.Get(text), place, labelStyle, color.ToSkLinear(), align, align);
    }

    /// <inheritdoc />
    public ImageHandle CreateImage(int widthPx, int heightPx)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(widthPx);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(heightPx);
        // Rgba32 rather than R8: StereoKit's unlit and UI shaders would show a one-channel texture as red. Grey is copied to all
        // three channels at update, into this buffer.
        var pixels = new Color32[widthPx * heightPx];
        Array.Fill(pixels, new Color32(0, 0, 0, 255));
        var tex = new Tex(TexType.ImageNomips | TexType.Dynamic, TexFormat.Rgba32) { AddressMode = TexAddress.Clamp };
        tex.SetColors(widthPx, heightPx, pixels);
        Material material = Material.Unlit.Copy();
        material[MatParamName.DiffuseTex] = tex;
        images.Add(new SkImage(widthPx, heightPx, pixels, tex, Sprite.FromTex(tex, SpriteType.Single), material));
        return new ImageHandle(images.Count);
    }

    /// <inheritdoc />
    public void UpdateImage(ImageHandle image, ReadOnlySpan<byte> grey8TopRowFirst)
    {
        SkImage target = ImageOf(image);
        Color32[] pixels = target.Pixels;
        if (grey8TopRowFirst.Length != pixels.Length)
        {
            throw new ArgumentException(
                $"Expected {target.WidthPx} × {target.HeightPx} = {pixels.Length} bytes for image {image.Id}. Was {grey8TopRowFirst.Length}.",
                nameof(grey8TopRowFirst));
        }

        for (int i = 0; i < pixels.Length; i++)
        {
            byte g = grey8TopRowFirst[i];
            pixels[i] = new Color32(g, g, g, 255);
        }

        target.Tex.SetColors(target.WidthPx, target.HeightPx, pixels);
    }

    /// <inheritdoc />
    public void DrawImage(ImageHandle image, Matrix4x4 worldFromQuad, float widthMm, float heightMm)
    {
        Matrix4x4 worldFromUnitQuad = Matrix4x4.CreateScale(widthMm, heightMm, 1) * worldFromQuad;
        unitQuad.Draw(ImageOf(image).Material, frame.SkDrawMatrix(worldFromUnitQuad).ToSk());
    }

    /// <inheritdoc />
    public void BeginPanel(ReadOnlySpan<char> title, Matrix4x4 worldFromPanel, float widthMm)
    {
        if (panelOpen)
        {
            throw new InvalidOperationException("Expected no open panel at BeginPanel (panels are not nested). Was one open: call EndPanel first.");
        }

        // The app places the panel every frame; StereoKit's UI must not move it.
        Pose pose = frame.SkWindowPose(worldFromPanel, widthMm).ToSk();
        UI.WindowBegin(strings.Get(title), ref pose, new Vec2(widthMm * XrUnits.MetresPerMm, 0), UIWin.Normal, UIMove.None);
        panelOpen = true;
    }

    /// <inheritdoc />
    public void PanelLabel(ReadOnlySpan<char> text, RgbaColor color)
    {
        RequireOpenPanel();
        UI.PushTint(color.ToSkGamma());
        UI.Label(strings.Get(text));
        UI.PopTint();
    }

    /// <inheritdoc />
    public bool PanelButton(ReadOnlySpan<char> label)
    {
        RequireOpenPanel();
        return UI.Button(strings.Get(label));
    }

    /// <inheritdoc />
    public bool PanelToggle(ReadOnlySpan<char> label, ref bool value)
    {
        RequireOpenPanel();
        return UI.Toggle(strings.Get(label), ref value);
    }

    /// <inheritdoc />
    public void PanelImage(ImageHandle image, float heightMm)
    {
        RequireOpenPanel();
        // A zero width lets StereoKit follow the image's aspect ratio.
        UI.Image(ImageOf(image).Sprite, new Vec2(0, heightMm * XrUnits.MetresPerMm));
    }

    /// <inheritdoc />
    public void EndPanel()
    {
        RequireOpenPanel();
        UI.WindowEnd();
        panelOpen = false;
    }

    private Material MaterialFor(RgbaColor color) => color.IsTranslucent ? translucent : opaque;

    private Mesh MeshOf(MeshHandle handle) =>
        handle.Id >= 1 && handle.Id <= meshes.Count && meshes[handle.Id - 1] is { } mesh
            ? mesh
            : throw new ArgumentException($"Expected a mesh this port uploaded and has not released. Was mesh {handle.Id}.", nameof(handle));

    private SkImage ImageOf(ImageHandle handle) =>
        handle.Id >= 1 && handle.Id <= images.Count
            ? images[handle.Id - 1]
            : throw new ArgumentException($"Expected an image this port created. Was image {handle.Id}.", nameof(handle));

    private void RequireOpenPanel()
    {
        if (!panelOpen)
        {
            throw new InvalidOperationException("Expected an open panel (BeginPanel first). Was none.");
        }
    }

    /// <summary>A StereoKit mesh of <paramref name="mesh"/>, vertices in metres with the mesh's vertex normals, white vertex colour.</summary>
    private static Mesh ToSkMesh(TriangleMesh mesh)
    {
        Vector3[] positionsMm = mesh.PositionsMm;
        Vector3[] normals = mesh.VertexNormals();
        var vertices = new Vertex[positionsMm.Length];
        for (int i = 0; i < vertices.Length; i++)
        {
            vertices[i] = new Vertex(XrUnits.MetresFromMm(positionsMm[i]).ToSk(), normals[i].ToSk());
        }

        int[] indices = mesh.Indices;
        var skIndices = new uint[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            skIndices[i] = (uint)indices[i];
        }

        var skMesh = new Mesh();
        skMesh.SetData(vertices, skIndices);
        return skMesh;
    }

    /// <summary>
    /// A 1 mm × 1 mm quad (in metres) centred on its origin in its XY plane, facing +Z, the texture's top row toward +Y, wound
    /// counter-clockwise seen from +Z (StereoKit's front face).
    /// </summary>
    private static Mesh UnitQuad()
    {
        const float h = 0.5f * XrUnits.MetresPerMm;
        var normal = new Vec3(0, 0, 1);
        Vertex[] vertices =
        [
            new(new Vec3(-h, -h, 0), normal, new Vec2(0, 1)),
            new(new Vec3(h, -h, 0), normal, new Vec2(1, 1)),
            new(new Vec3(h, h, 0), normal, new Vec2(1, 0)),
            new(new Vec3(-h, h, 0), normal, new Vec2(0, 0)),
        ];
        var quad = new Mesh();
        quad.SetData(vertices, [0, 1, 2, 0, 2, 3]);
        return quad;
    }

    private sealed record SkImage(int WidthPx, int HeightPx, Color32[] Pixels, Tex Tex, Sprite Sprite, Material Material);
}
