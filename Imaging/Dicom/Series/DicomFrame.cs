using System.Globalization;
using ArSpine.Core.Geometry;
using ArSpine.Imaging.Dicom.Pixels;

namespace ArSpine.Imaging.Dicom.Series;

/// <summary>
/// One image plane: a single-frame file, or one frame of a multi-frame (enhanced) file, with its geometry in the Ct frame (LPS mm).
/// </summary>
/// <param name="File">The file holding the frame.</param>
/// <param name="FrameIndex">The 0-based frame within the file.</param>
/// <param name="Pixels">The validated Image Pixel module.</param>
/// <param name="PositionMm">ImagePositionPatient: the centre of the first pixel, LPS mm.</param>
/// <param name="RowDirection">The unit direction along a row (increasing column index), from ImageOrientationPatient.</param>
/// <param name="ColumnDirection">The unit direction down a column (increasing row index).</param>
/// <param name="RowSpacingMm">PixelSpacing[0]: between the centres of adjacent rows, mm.</param>
/// <param name="ColumnSpacingMm">PixelSpacing[1]: between the centres of adjacent columns, mm.</param>
/// <param name="SliceThicknessMm">SliceThickness (or SpacingBetweenSlices), mm, when given.</param>
/// <param name="RescaleSlope">RescaleSlope (1 when absent).</param>
/// <param name="RescaleIntercept">RescaleIntercept (0 when absent).</param>
public sealed record DicomFrame(
    DicomFile File, int FrameIndex, PixelModule Pixels, Vector3d PositionMm, Vector3d RowDirection, Vector3d ColumnDirection,
    double RowSpacingMm, double ColumnSpacingMm, double? SliceThicknessMm, double RescaleSlope, double RescaleIntercept)
{
    /// <summary>The unit slice normal, RowDirection × ColumnDirection.</summary>
    public Vector3d Normal => Vector3d.Cross(RowDirection, ColumnDirection);

    /// <summary>The frame named for messages: the file, and "frame N" for multi-frame files.</summary>
    public string Name => Pixels.Frames > 1 ? string.Create(CultureInfo.InvariantCulture, $"{File.Path} frame {FrameIndex + 1}") : File.Path;

    /// <summary>
    /// The frames of a file, with geometry from the top level (classic images) or from the shared and per-frame functional groups
    /// (enhanced multi-frame images). Throws a <see cref="DicomGeometryException"/> for missing or malformed position, orientation or spacing.
    /// </summary>
    public static IReadOnlyList<DicomFrame> Of(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        DicomDataSet ds = file.DataSet;
        if (!file.HasPixelData)
        {
            throw new DicomFormatException(file.Path, DicomTags.PixelData, "an image with pixel data", "none");
        }

        PixelModule pixels = PixelModule.Parse(ds);
        DicomDataSet? shared = ds.FirstItem(DicomTags.SharedFunctionalGroupsSequence);
        IReadOnlyList<DicomDataSet> perFrame = ds.Sequence(DicomTags.PerFrameFunctionalGroupsSequence);
        bool enhanced = shared is not null || perFrame.Count > 0;
        if (enhanced && perFrame.Count != pixels.Frames)
        {
            throw new DicomGeometryException(file.Path, DicomTags.PerFrameFunctionalGroupsSequence,
                string.Create(CultureInfo.InvariantCulture, $"one item per frame (NumberOfFrames {pixels.Frames})"), string.Create(CultureInfo.InvariantCulture, $"{perFrame.Count} items"));
        }

        if (!enhanced && pixels.Frames > 1)
        {
            throw new DicomGeometryException(file.Path, DicomTags.PerFrameFunctionalGroupsSequence,
                string.Create(CultureInfo.InvariantCulture, $"a position for each of the {pixels.Frames} frames (per-frame functional groups)"), "missing");
        }

        var frames = new DicomFrame[pixels.Frames];
        for (int f = 0; f < frames.Length; f++)
        {
            DicomDataSet? own = enhanced ? perFrame[f] : null;
            DicomDataSet positionSet = enhanced ? Macro(own, shared, DicomTags.PlanePositionSequence) ?? MissingMacro(file, DicomTags.PlanePositionSequence, f) : ds;
            DicomDataSet orientationSet = enhanced ? Macro(own, shared, DicomTags.PlaneOrientationSequence) ?? MissingMacro(file, DicomTags.PlaneOrientationSequence, f) : ds;
            DicomDataSet measuresSet = enhanced ? Macro(own, shared, DicomTags.PixelMeasuresSequence) ?? MissingMacro(file, DicomTags.PixelMeasuresSequence, f) : ds;

            Vector3d position = Triple(positionSet, DicomTags.ImagePositionPatient, file, f, pixels.Frames);
            (Vector3d row, Vector3d column) = Orientation(orientationSet, file, f, pixels.Frames);
            double[] spacing = measuresSet.Decimals(DicomTags.PixelSpacing) ?? throw Missing(file, DicomTags.PixelSpacing, "the spacing between rows and between columns, mm", f, pixels.Frames);
            if (spacing.Length != 2 || !(spacing[0] > 0) || !(spacing[1] > 0))
            {
                throw new DicomGeometryException(file.Path, DicomTags.PixelSpacing, "two positive spacings (mm)", measuresSet.String(DicomTags.PixelSpacing)!);
            }

            double? thickness = First(measuresSet, DicomTags.SpacingBetweenSlices) ?? First(measuresSet, DicomTags.SliceThickness);
            (double slope, double intercept) = Rescale(file, own, enhanced ? shared : null);
            frames[f] = new DicomFrame(file, f, pixels, position, row, column, spacing[0], spacing[1], thickness is > 0 ? thickness : null, slope, intercept);
        }

        return frames;
    }

    /// <summary>
    /// RescaleSlope and RescaleIntercept of one frame (1 and 0 when absent): from the Pixel Value Transformation macro of the frame's
    /// own or the shared functional groups when given, else from the data set; a zero slope is refused.
    /// </summary>
    internal static (double Slope, double Intercept) Rescale(DicomFile file, DicomDataSet? perFrame, DicomDataSet? shared)
    {
        DicomDataSet set = Macro(perFrame, shared, DicomTags.PixelValueTransformationSequence) ?? file.DataSet;
        double slope = First(set, DicomTags.RescaleSlope) ?? 1;
        double intercept = First(set, DicomTags.RescaleIntercept) ?? 0;
        return slope != 0 ? (slope, intercept) : throw new DicomFormatException(file.Path, DicomTags.RescaleSlope, "a non-zero slope", "0");
    }

    private static DicomDataSet? Macro(DicomDataSet? own, DicomDataSet? shared, uint sequence) =>
        own?.FirstItem(sequence) ?? shared?.FirstItem(sequence);

    private static DicomDataSet MissingMacro(DicomFile file, uint sequence, int frame) =>
        throw new DicomGeometryException(file.Path, sequence, string.Create(CultureInfo.InvariantCulture, $"the macro in the shared or per-frame functional groups of frame {frame + 1}"), "missing");

    private static double? First(DicomDataSet ds, uint tag) => ds.Decimals(tag) is [double value, ..] ? value : null;

    private static Vector3d Triple(DicomDataSet ds, uint tag, DicomFile file, int frame, int frames)
    {
        double[] v = ds.Decimals(tag) ?? throw Missing(file, tag, "three coordinates (LPS mm)", frame, frames);
        return v.Length == 3 ? new Vector3d(v[0], v[1], v[2]) : throw new DicomGeometryException(file.Path, tag, "three coordinates (LPS mm)", ds.String(tag)!);
    }

    private static (Vector3d Row, Vector3d Column) Orientation(DicomDataSet ds, DicomFile file, int frame, int frames)
    {
        double[] v = ds.Decimals(DicomTags.ImageOrientationPatient) ?? throw Missing(file, DicomTags.ImageOrientationPatient, "six direction cosines", frame, frames);
        if (v.Length != 6)
        {
            throw new DicomGeometryException(file.Path, DicomTags.ImageOrientationPatient, "six direction cosines", ds.String(DicomTags.ImageOrientationPatient)!);
        }

        var row = new Vector3d(v[0], v[1], v[2]);
        var column = new Vector3d(v[3], v[4], v[5]);
        if (Math.Abs(row.Length - 1) > 1e-3 || Math.Abs(column.Length - 1) > 1e-3 || Math.Abs(Vector3d.Dot(row, column)) > 1e-3)
        {
            throw new DicomGeometryException(file.Path, DicomTags.ImageOrientationPatient, "two orthogonal unit vectors", ds.String(DicomTags.ImageOrientationPatient)!);
        }

        row = row.Normalized();
        column = (column - row * Vector3d.Dot(row, column)).Normalized();
        return (row, column);
    }

    private static DicomGeometryException Missing(DicomFile file, uint tag, string expected, int frame, int frames) =>
        new(file.Path, tag, frames > 1 ? string.Create(CultureInfo.InvariantCulture, $"{expected} for frame {frame + 1}") : expected, "missing");
}
