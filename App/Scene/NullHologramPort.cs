using System.Numerics;
using ArSpine.Core.Meshes;

namespace ArSpine.App.Scene;

/// <summary>
/// A port that draws nothing and allocates nothing after construction: for timing the app's own work per frame and for runs
/// that need no picture. Buttons and toggles are never pressed. Handles are issued but hold nothing.
/// </summary>
public sealed class NullHologramPort : IHologramPort
{
    private int nextId = 1;

    /// <inheritdoc/>
    public MeshHandle UploadMesh(TriangleMesh mesh) => new(nextId++);

    /// <inheritdoc/>
    public void ReleaseMesh(MeshHandle mesh)
    {
    }

    /// <inheritdoc/>
    public void DrawMesh(MeshHandle mesh, Matrix4x4 worldFromMesh, RgbaColor color)
    {
    }

    /// <inheritdoc/>
    public void DrawCylinder(Vector3 fromWorldMm, Vector3 toWorldMm, float diameterMm, RgbaColor color)
    {
    }

    /// <inheritdoc/>
    public void DrawLine(Vector3 fromWorldMm, Vector3 toWorldMm, float widthMm, RgbaColor color)
    {
    }

    /// <inheritdoc/>
    public void DrawText(ReadOnlySpan<char> text, Vector3 anchorWorldMm, float heightMm, RgbaColor color, TextAlignment alignment = TextAlignment.Centre)
    {
    }

    /// <inheritdoc/>
    public ImageHandle CreateImage(int widthPx, int heightPx) => new(nextId++);

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
}
