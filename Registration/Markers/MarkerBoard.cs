using ArSpine.Core.Geometry;
using OpenCvSharp.Aruco;

namespace ArSpine.Registration.Markers;

/// <summary>
/// A planar grid of square markers with consecutive ids, row by row from the top left. The Marker frame has its
/// origin at the board's centre, +X to the right, +Y up, +Z out of the printed face; mm.
/// </summary>
/// <param name="Dictionary">The markers' dictionary.</param>
/// <param name="Columns">Markers across.</param>
/// <param name="Rows">Markers down.</param>
/// <param name="MarkerLengthMm">Side of each marker's black square, mm.</param>
/// <param name="GapMm">White gap between neighbouring markers, mm.</param>
/// <param name="FirstId">Id of the top-left marker.</param>
public sealed record MarkerBoard(PredefinedDictionaryType Dictionary, int Columns, int Rows, double MarkerLengthMm, double GapMm, int FirstId = 0)
{
    /// <summary>Board width across its outer marker edges, mm.</summary>
    public double WidthMm => Columns * MarkerLengthMm + (Columns - 1) * GapMm;

    /// <summary>Board height across its outer marker edges, mm.</summary>
    public double HeightMm => Rows * MarkerLengthMm + (Rows - 1) * GapMm;

    /// <summary>Number of markers.</summary>
    public int Count => Columns * Rows;

    /// <summary>True when <paramref name="id"/> belongs to the board.</summary>
    public bool Contains(int id) => id >= FirstId && id < FirstId + Count;

    /// <summary>A single square marker of side <paramref name="markerLengthMm"/> as a 1x1 board.</summary>
    public static MarkerBoard Single(PredefinedDictionaryType dictionary, double markerLengthMm, int id = 0) => new(dictionary, 1, 1, markerLengthMm, 0, id);

    /// <summary>The four corners of marker <paramref name="id"/> in the Marker frame, mm, in OpenCV's order (top-left, top-right, bottom-right, bottom-left).</summary>
    public Vector3d[] CornersMm(int id)
    {
        if (!Contains(id))
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"Expected an id from {FirstId} to {FirstId + Count - 1}.");
        }

        int index = id - FirstId;
        int column = index % Columns, row = index / Columns;
        double left = -WidthMm / 2 + column * (MarkerLengthMm + GapMm);
        double top = HeightMm / 2 - row * (MarkerLengthMm + GapMm);
        double s = MarkerLengthMm;
        return [new(left, top, 0), new(left + s, top, 0), new(left + s, top - s, 0), new(left, top - s, 0)];
    }
}
