using System.Globalization;

namespace ArSpine.Imaging.Dicom.Pixels;

/// <summary>
/// The Image Pixel module of a data set, validated for a grey-scale volume: one sample per pixel, MONOCHROME1 or MONOCHROME2,
/// 8 or 16 bits allocated, BitsStored and HighBit consistent with them.
/// </summary>
public sealed record PixelModule(int Rows, int Columns, int BitsAllocated, int BitsStored, int HighBit, bool Signed, string Photometric, int Frames)
{
    /// <summary>The number of pixels in one frame.</summary>
    public int PixelsPerFrame => Rows * Columns;

    /// <summary>The bytes of one native (uncompressed) frame.</summary>
    public long NativeFrameBytes => (long)PixelsPerFrame * (BitsAllocated / 8);

    /// <summary>Reads and validates the module; throws a <see cref="DicomException"/> naming the file, the tag and the value found.</summary>
    public static PixelModule Parse(DicomDataSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        string file = ds.Source;
        int rows = Required(ds, DicomTags.Rows);
        int columns = Required(ds, DicomTags.Columns);
        if (rows is <= 0 or > ushort.MaxValue)
        {
            throw new DicomFormatException(file, DicomTags.Rows, "a positive number of rows", Text(rows));
        }

        if (columns is <= 0 or > ushort.MaxValue)
        {
            throw new DicomFormatException(file, DicomTags.Columns, "a positive number of columns", Text(columns));
        }

        int samples = ds.Integer(DicomTags.SamplesPerPixel) ?? 1;
        if (samples != 1)
        {
            throw new DicomUnsupportedException(file, DicomTags.SamplesPerPixel, "1 (a grey-scale image)", Text(samples));
        }

        string photometric = ds.String(DicomTags.PhotometricInterpretation) ?? throw new DicomFormatException(file, DicomTags.PhotometricInterpretation, "MONOCHROME1 or MONOCHROME2", "missing");
        if (photometric is not ("MONOCHROME1" or "MONOCHROME2"))
        {
            throw new DicomUnsupportedException(file, DicomTags.PhotometricInterpretation, "MONOCHROME1 or MONOCHROME2", photometric);
        }

        int allocated = Required(ds, DicomTags.BitsAllocated);
        if (allocated is not (8 or 16))
        {
            throw new DicomUnsupportedException(file, DicomTags.BitsAllocated, "8 or 16", Text(allocated));
        }

        int stored = ds.Integer(DicomTags.BitsStored) ?? allocated;
        if (stored < 1 || stored > allocated)
        {
            throw new DicomFormatException(file, DicomTags.BitsStored, $"1 to BitsAllocated ({allocated})", Text(stored));
        }

        int highBit = ds.Integer(DicomTags.HighBit) ?? stored - 1;
        if (highBit < stored - 1 || highBit >= allocated)
        {
            throw new DicomFormatException(file, DicomTags.HighBit, $"BitsStored - 1 ({stored - 1}) to BitsAllocated - 1 ({allocated - 1})", Text(highBit));
        }

        int representation = ds.Integer(DicomTags.PixelRepresentation) ?? throw new DicomFormatException(file, DicomTags.PixelRepresentation, "0 (unsigned) or 1 (signed)", "missing");
        if (representation is not (0 or 1))
        {
            throw new DicomFormatException(file, DicomTags.PixelRepresentation, "0 (unsigned) or 1 (signed)", Text(representation));
        }

        int frames = ds.Integer(DicomTags.NumberOfFrames) ?? 1;
        if (frames < 1 || (long)frames * rows * columns > Array.MaxLength)
        {
            throw new DicomFormatException(file, DicomTags.NumberOfFrames, $"1 to {Array.MaxLength / ((long)rows * columns)} frames of {rows}x{columns}", Text(frames));
        }

        return new PixelModule(rows, columns, allocated, stored, highBit, representation == 1, photometric, frames);
    }

    private static int Required(DicomDataSet ds, uint tag) =>
        ds.Integer(tag) ?? throw new DicomFormatException(ds.Source, tag, "a value", "missing");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
