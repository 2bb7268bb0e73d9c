using System.Globalization;

namespace ArSpine.Imaging.Dicom.Series;

/// <summary>
/// The image files of one series of one size and orientation. A SeriesInstanceUID whose files mix sizes or orientations is split into
/// parts, keyed "UID#1", "UID#2", … (largest first); otherwise the key is the UID itself.
/// </summary>
public sealed class DicomSeriesGroup
{
    internal DicomSeriesGroup(string key, string seriesInstanceUid, int partCount, IReadOnlyList<DicomFile> files, int frameCount, int rows, int columns)
    {
        Key = key;
        SeriesInstanceUid = seriesInstanceUid;
        PartCount = partCount;
        Files = files;
        FrameCount = frameCount;
        Rows = rows;
        Columns = columns;
        DicomDataSet first = files[0].DataSet;
        Modality = first.String(DicomTags.Modality) ?? "";
        Description = first.String(DicomTags.SeriesDescription) ?? "";
        SeriesNumber = TryInteger(first, DicomTags.SeriesNumber);
        TransferSyntaxes = files.Select(f => f.TransferSyntaxUid).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The key to choose this group by: the SeriesInstanceUID, or "UID#N" for part N of a split series.</summary>
    public string Key { get; }

    /// <summary>SeriesInstanceUID (0020,000E).</summary>
    public string SeriesInstanceUid { get; }

    /// <summary>How many parts the series was split into (1 when not split).</summary>
    public int PartCount { get; }

    /// <summary>The files, in the order they were found (not sorted by position).</summary>
    public IReadOnlyList<DicomFile> Files { get; }

    /// <summary>The number of image frames (slices) in all files.</summary>
    public int FrameCount { get; }

    /// <summary>Rows (0028,0010) of every image.</summary>
    public int Rows { get; }

    /// <summary>Columns (0028,0011) of every image.</summary>
    public int Columns { get; }

    /// <summary>Modality (0008,0060) of the first file; empty when absent.</summary>
    public string Modality { get; }

    /// <summary>SeriesDescription (0008,103E) of the first file; empty when absent.</summary>
    public string Description { get; }

    /// <summary>SeriesNumber (0020,0011) of the first file, when present and readable.</summary>
    public int? SeriesNumber { get; }

    /// <summary>The distinct transfer syntax UIDs of the files.</summary>
    public IReadOnlyList<string> TransferSyntaxes { get; }

    /// <summary>A one-line summary: key, modality, frames, size and description.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Key} ({(Modality.Length > 0 ? Modality : "no modality")}, {FrameCount} slice(s) of {Columns}x{Rows}{(Description.Length > 0 ? ", \"" + Description + "\"" : "")})");

    private static int? TryInteger(DicomDataSet ds, uint tag)
    {
        try
        {
            return ds.Integer(tag);
        }
        catch (DicomFormatException)
        {
            return null;
        }
    }
}
