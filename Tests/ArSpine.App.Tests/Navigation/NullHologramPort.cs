using System.Numerics;
using ArSpine.App.Scene;
using ArSpine.Core.Meshes;

namespace ArSpine.App.Tests.Navigation;

/// <summary>A port that draws nothing and allocates nothing per call: for counting a mode's own allocations.</summary>
internal sealed class NullHologramPort : IHologramPort
{
    private int nextId = 1;

    public int Calls { get; private set; }

    public MeshHandle UploadMesh(TriangleMesh mesh) => new(nextId++);

    public void ReleaseMesh(MeshHandle mesh)
    {
    }

    public void DrawMesh(MeshHandle mesh, Matrix4x4 worldFromMesh, RgbaColor color) => Calls++;

    public void DrawCylinder(Vector3 fromWorldMm, Vector3 toWorldMm, float diameterMm, RgbaColor color) => Calls++;

    public void DrawLine(Vector3 fromWorldMm, Vector3 toWorldMm, float widthMm, RgbaColor color) => Calls++;

    public void DrawText(ReadOnlySpan<char> text, Vector3 anchorWorldMm, float heightMm, RgbaColor color, TextAlignment alignment = TextAlignment.Centre) => Calls++;

    public ImageHandle CreateImage(int widthPx, int heightPx) => new(nextId++);

    public void UpdateImage(ImageHandle image, ReadOnlySpan<byte> grey8TopRowFirst) => Calls++;

    public void DrawImage(ImageHandle image, Matrix4x4 worldFromQuad, float widthMm, float heightMm) => Calls++;

    public void BeginPanel(ReadOnlySpan<char> title, Matrix4x4 worldFromPanel, float widthMm) => Calls++;

    public void PanelLabel(ReadOnlySpan<char> text, RgbaColor color) => Calls++;

    public bool PanelButton(ReadOnlySpan<char> label)
    {
        Calls++;
        return false;
    }

    public bool PanelToggle(ReadOnlySpan<char> label, ref bool value)
    {
        Calls++;
        return false;
    }

    public void PanelImage(ImageHandle image, float heightMm) => Calls++;

    public void EndPanel() => Calls++;
}
