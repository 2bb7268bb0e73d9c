using System.Numerics;
using ArSpine.App.Scene;
using ArSpine.Core.Meshes;

namespace ArSpine.App.Tests.Fakes;

/// <summary>
/// A test double of <see cref="IHologramPort"/> that records the current frame's draws instead of rendering them, so a test can
/// check what a mode drew (which screws, in which colour, which labels and banners). <see cref="PressButton"/> scripts a user's
/// press of a panel button or toggle by its label. Call <see cref="NextFrame"/> between frames. Allocates: tests only.
/// </summary>
internal sealed class RecordingHologramPort : IHologramPort
{
    private readonly HashSet<string> pressed = [];
    private int nextId = 1;

    public record MeshDraw(MeshHandle Mesh, Matrix4x4 WorldFromMesh, RgbaColor Color);

    public record CylinderDraw(Vector3 FromWorldMm, Vector3 ToWorldMm, float DiameterMm, RgbaColor Color);

    public record LineDraw(Vector3 FromWorldMm, Vector3 ToWorldMm, float WidthMm, RgbaColor Color);

    public record TextDraw(string Text, Vector3 AnchorWorldMm, float HeightMm, RgbaColor Color);

    public record ImageDraw(ImageHandle Image, Matrix4x4 WorldFromQuad, float WidthMm, float HeightMm);

    public Dictionary<int, TriangleMesh> Meshes { get; } = [];

    public Dictionary<int, (int Width, int Height, byte[] Pixels)> Images { get; } = [];

    public List<MeshDraw> MeshDraws { get; } = [];

    public List<CylinderDraw> Cylinders { get; } = [];

    public List<LineDraw> Lines { get; } = [];

    public List<TextDraw> Texts { get; } = [];

    public List<ImageDraw> ImageDraws { get; } = [];

    /// <summary>Every panel row this frame as text: "panel:TITLE", "label:TEXT", "button:LABEL", "toggle:LABEL=on|off", "image:ID".</summary>
    public List<string> PanelRows { get; } = [];

    /// <summary>Makes the button or toggle with this label report a press in the next frame that draws it (once).</summary>
    public void PressButton(string label) => pressed.Add(label);

    /// <summary>Forgets this frame's draws.</summary>
    public void NextFrame()
    {
        MeshDraws.Clear();
        Cylinders.Clear();
        Lines.Clear();
        Texts.Clear();
        ImageDraws.Clear();
        PanelRows.Clear();
    }

    public MeshHandle UploadMesh(TriangleMesh mesh)
    {
        var handle = new MeshHandle(nextId++);
        Meshes.Add(handle.Id, mesh);
        return handle;
    }

    public void ReleaseMesh(MeshHandle mesh)
    {
        if (!Meshes.Remove(mesh.Id))
        {
            throw new ArgumentException($"Unknown mesh {mesh.Id}.");
        }
    }

    public void DrawMesh(MeshHandle mesh, Matrix4x4 worldFromMesh, RgbaColor color)
    {
        if (!Meshes.ContainsKey(mesh.Id))
        {
            throw new ArgumentException($"Unknown mesh {mesh.Id}.");
        }

        MeshDraws.Add(new MeshDraw(mesh, worldFromMesh, color));
    }

    public void DrawCylinder(Vector3 fromWorldMm, Vector3 toWorldMm, float diameterMm, RgbaColor color) => Cylinders.Add(new CylinderDraw(fromWorldMm, toWorldMm, diameterMm, color));

    public void DrawLine(Vector3 fromWorldMm, Vector3 toWorldMm, float widthMm, RgbaColor color) => Lines.Add(new LineDraw(fromWorldMm, toWorldMm, widthMm, color));

    public void DrawText(ReadOnlySpan<char> text, Vector3 anchorWorldMm, float heightMm, RgbaColor color, TextAlignment alignment = TextAlignment.Centre) =>
        Texts.Add(new TextDraw(text.ToString(), anchorWorldMm, heightMm, color));

    public ImageHandle CreateImage(int widthPx, int heightPx)
    {
        var handle = new ImageHandle(nextId++);
        Images.Add(handle.Id, (widthPx, heightPx, new byte[widthPx * heightPx]));
        return handle;
    }

    public void UpdateImage(ImageHandle image, ReadOnlySpan<byte> grey8TopRowFirst)
    {
        (int width, int height, byte[] pixels) = Images[image.Id];
        if (grey8TopRowFirst.Length != width * height)
        {
            throw new ArgumentException($"Expected {width * height} bytes. Was {grey8TopRowFirst.Length}.");
        }

        grey8TopRowFirst.CopyTo(pixels);
    }

    public void DrawImage(ImageHandle image, Matrix4x4 worldFromQuad, float widthMm, float heightMm) => ImageDraws.Add(new ImageDraw(image, worldFromQuad, widthMm, heightMm));

    public void BeginPanel(ReadOnlySpan<char> title, Matrix4x4 worldFromPanel, float widthMm) => PanelRows.Add("panel:" + title.ToString());

    public void PanelLabel(ReadOnlySpan<char> text, RgbaColor color) => PanelRows.Add("label:" + text.ToString());

    public bool PanelButton(ReadOnlySpan<char> label)
    {
        PanelRows.Add("button:" + label.ToString());
        return pressed.Remove(label.ToString());
    }

    public bool PanelToggle(ReadOnlySpan<char> label, ref bool value)
    {
        bool press = pressed.Remove(label.ToString());
        if (press)
        {
            value = !value;
        }

        PanelRows.Add($"toggle:{label.ToString()}={(value ? "on" : "off")}");
        return press;
    }

    public void PanelImage(ImageHandle image, float heightMm) => PanelRows.Add($"image:{image.Id}");

    public void EndPanel()
    {
    }
}
