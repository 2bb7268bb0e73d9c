using System.Numerics;
using ArSpine.Core.Cases;

namespace ArSpine.App.Scene;

/// <summary>
/// The patient reference marker as a flat board hologram at its tracked pose: a white board with the black squares of its
/// markers, at true size. The Marker frame is the board's (origin at its centre, +X right, +Y up, +Z out of the printed face, mm),
/// as the registration's <c>MarkerBoard</c> defines it. Made once by <see cref="CaseScene.Upload"/>; <see cref="Draw"/> allocates nothing.
/// </summary>
public sealed class MarkerHologram
{
    /// <summary>White margin around the outer markers, mm.</summary>
    public const float MarginMm = 4;

    /// <summary>Thickness of the board, mm (behind the printed face).</summary>
    public const float ThicknessMm = 2;

    private readonly MeshHandle box;
    private readonly Matrix4x4 markerFromBoard;
    private readonly Matrix4x4[] markerFromSquares;
    private readonly Matrix4x4[] markerFromDots;

    internal MarkerHologram(MeshHandle unitBox, CaseMarker marker)
    {
        box = unitBox;
        Marker = marker;
        float length = (float)marker.MarkerLengthMm, gap = (float)marker.GapMm;
        WidthMm = marker.Columns * length + (marker.Columns - 1) * gap;
        HeightMm = marker.Rows * length + (marker.Rows - 1) * gap;
        markerFromBoard = Matrix4x4.CreateScale(WidthMm + 2 * MarginMm, HeightMm + 2 * MarginMm, ThicknessMm) * Matrix4x4.CreateTranslation(0, 0, -ThicknessMm / 2);
        int count = marker.Columns * marker.Rows;
        markerFromSquares = new Matrix4x4[count];
        markerFromDots = new Matrix4x4[count];
        for (int row = 0; row < marker.Rows; row++)
        {
            for (int column = 0; column < marker.Columns; column++)
            {
                // Row by row from the top left, as the board numbers its markers.
                float x = -WidthMm / 2 + length / 2 + column * (length + gap);
                float y = HeightMm / 2 - length / 2 - row * (length + gap);
                markerFromSquares[row * marker.Columns + column] = Matrix4x4.CreateScale(length, length, 0.4f) * Matrix4x4.CreateTranslation(x, y, 0.2f);
                markerFromDots[row * marker.Columns + column] = Matrix4x4.CreateScale(length / 3, length / 3, 0.2f) * Matrix4x4.CreateTranslation(x, y, 0.5f);
            }
        }
    }

    /// <summary>The board drawn.</summary>
    public CaseMarker Marker { get; }

    /// <summary>Width across the outer marker edges, mm.</summary>
    public float WidthMm { get; }

    /// <summary>Height across the outer marker edges, mm.</summary>
    public float HeightMm { get; }

    /// <summary>Queues the board at <paramref name="worldFromMarker"/> (row-vector, Marker mm to World mm); greyed in the not-tracking look. 1 + 2 × markers mesh draws.</summary>
    public void Draw(IHologramPort port, Matrix4x4 worldFromMarker, OverlayLook look)
    {
        ArgumentNullException.ThrowIfNull(port);
        bool tracking = look != OverlayLook.NotTracking;
        RgbaColor board = tracking ? new RgbaColor(0.95f, 0.95f, 0.95f) : new RgbaColor(0.6f, 0.6f, 0.6f);
        RgbaColor ink = tracking ? new RgbaColor(0.05f, 0.05f, 0.05f) : CaseScene.NotTrackingColor;
        port.DrawMesh(box, markerFromBoard * worldFromMarker, board);
        for (int m = 0; m < markerFromSquares.Length; m++)
        {
            port.DrawMesh(box, markerFromSquares[m] * worldFromMarker, ink);
            port.DrawMesh(box, markerFromDots[m] * worldFromMarker, board);
        }
    }
}
