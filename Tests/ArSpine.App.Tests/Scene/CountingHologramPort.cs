using System.Numerics;
using ArSpine.App.Scene;
using ArSpine.Core.Meshes;

namespace ArSpine.App.Tests.Scene;

/// <summary>
/// A test double of <see cref="IHologramPort"/> that only counts the calls of a frame, allocating nothing after construction, so an
/// allocation test measures the app's own steps. <see cref="PressOnce"/> scripts a press of the button or toggle whose label
/// starts a later frame's panel row (by row index, no string kept per frame).
/// </summary>
internal sealed class CountingHologramPort : IHologramPort
{
    private int nextId = 1;
    private int panelRow;
    private int pressRow = -1;

    public int Meshes { get; private set; }

    public int Cylinders { get; private set; }

    public int Lines { get; private set; }

    public int Texts { get; private set; }

    public int TextCharacters { get; private set; }

    public int PanelRows { get; private set; }

    public int ImageUpdates { get; private set; }

    /// <summary>Makes the panel row with this index (0-based, counting every Panel* call of a frame) report a press, once.</summary>
    public void PressOnce(int row) => pressRow = row;

    public void NextFrame()
    {
        Meshes = Cylinders = Lines = Texts = TextCharacters = PanelRows = 0;
        panelRow = 0;
    }

    public MeshHandle UploadMesh(TriangleMesh mesh) => new(nextId++);

    public void ReleaseMesh(MeshHandle mesh)
    {
    }

    public void DrawMesh(MeshHandle mesh, Matrix4x4 worldFromMesh, RgbaColor color) => Meshes++;

    public void DrawCylinder(Vector3 fromWorldMm, Vector3 toWorldMm, float diameterMm, RgbaColor color) => Cylinders++;

    public void DrawLine(Vector3 fromWorldMm, Vector3 toWorldMm, float widthMm, RgbaColor color) => Lines++;

    public void DrawText(ReadOnlySpan<char> text, Vector3 anchorWorldMm, float heightMm, RgbaColor color, TextAlignment alignment = TextAlignment.Centre)
    {
        Texts++;
        TextCharacters += text.Length;
    }

    public ImageHandle CreateImage(int widthPx, int heightPx) => new(nextId++);

    public void UpdateImage(ImageHandle image, ReadOnlySpan<byte> grey8TopRowFirst) => ImageUpdates++;

    public void DrawImage(ImageHandle image, Matrix4x4 worldFromQuad, float widthMm, float heightMm)
    {
    }

    public void BeginPanel(ReadOnlySpan<char> title, Matrix4x4 worldFromPanel, float widthMm)
    {
    }

    public void PanelLabel(ReadOnlySpan<char> text, RgbaColor color) => Row();

    public bool PanelButton(ReadOnlySpan<char> label) => Row();

    public bool PanelToggle(ReadOnlySpan<char> label, ref bool value)
    {
        bool press = Row();
        if (press)
        {
            value = !value;
        }

        return press;
    }

    public void PanelImage(ImageHandle image, float heightMm) => Row();

    public void EndPanel()
    {
    }

    private bool Row()
    {
        PanelRows++;
        bool press = panelRow == pressRow;
        if (press)
        {
            pressRow = -1;
        }

        panelRow++;
        return press;
    }
}
