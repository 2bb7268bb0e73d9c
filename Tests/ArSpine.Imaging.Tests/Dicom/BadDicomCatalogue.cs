using System.Buffers.Binary;
using System.Text;
using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Dicom;
using ArSpine.Imaging.Dicom.Pixels;
using ArSpine.Imaging.Dicom.Series;

namespace ArSpine.Imaging.Tests.Dicom;

/// <summary>
/// A named catalogue of bad DICOM inputs, each built in a temporary folder from a small series our writer makes (axial 7x5x4, slices at
/// z = 40, 41.5, 43, 44.5 mm), with the error it must raise: the exception type and fragments its message must contain.
/// </summary>
internal static class BadDicomCatalogue
{
    /// <summary>One bad input: how to read it, and what the error must say.</summary>
    public sealed record Case(Action Read, Type Expected, string[] MessageParts);

    public static readonly string[] Names =
    [
        "not DICOM", "truncated in the header", "truncated in the pixel data", "length past the end of the file", "huge declared length",
        "sequence item past its sequence", "sequences nested too deep", "undefined length on a text element", "bad VR",
        "unknown transfer syntax", "unsupported transfer syntax", "unsupported photometric interpretation", "BitsStored above BitsAllocated",
        "missing pixel spacing", "missing image position", "orientation not orthonormal", "two series and no choice", "series UID not found",
        "slice of another size", "missing slice", "duplicated slice", "uneven spacing", "gantry tilt", "single slice without thickness",
        "folder without images",
    ];

    public static Case Build(string name, string folder)
    {
        string series = Path.Combine(folder, "series");
        IReadOnlyList<string> slices = WriteSeries(series, "catalogue");
        string first = slices[0];
        byte[] bytes = File.ReadAllBytes(first);
        switch (name)
        {
            case "not DICOM":
            {
                string path = Path.Combine(folder, "notes.txt");
                File.WriteAllText(path, "This is a text file, not a DICOM image.");
                return new(() => DicomFile.ReadHeader(path), typeof(DicomFormatException), [path, "expected a DICOM file", "5468697320697320"]);
            }

            case "truncated in the header":
                File.WriteAllBytes(first, bytes[..600]);
                return new(() => DicomFile.ReadHeader(first), typeof(DicomFormatException), [first, "truncated file"]);
            case "truncated in the pixel data":
                File.WriteAllBytes(first, bytes[..^20]);
                return new(() => DicomFile.ReadHeader(first), typeof(DicomFormatException), [first, "PixelData (7FE0,0010)", "length 70", "50 bytes left"]);
            case "length past the end of the file":
                SetLength16(bytes, 0x0008103E, 0x7FF0);
                File.WriteAllBytes(first, bytes);
                return new(() => DicomFile.ReadHeader(first), typeof(DicomFormatException), [first, "SeriesDescription (0008,103E)", "length 32752"]);
            case "huge declared length":
                SetLength32(bytes, DicomTags.PixelData, 0xFFFFFFF0);
                File.WriteAllBytes(first, bytes);
                return new(() => DicomFile.ReadHeader(first), typeof(DicomFormatException), [first, "PixelData (7FE0,0010)", "length 4294967280"]);
            case "sequence item past its sequence":
            {
                string path = Path.Combine(folder, "item.dcm");
                File.WriteAllBytes(path, DataSetFile(Sequence(0x00081140, Item(Element(0x00081150, "UI", "1.2.3"u8), lengthOverride: 400))));
                return new(() => DicomFile.ReadHeader(path), typeof(DicomFormatException), [path, "(0008,1140)", "length 400"]);
            }

            case "sequences nested too deep":
            {
                string path = Path.Combine(folder, "deep.dcm");
                byte[] nested = Element(0x00081150, "UI", "1.2.3"u8);
                for (int n = 0; n < 40; n++)
                {
                    nested = Sequence(0x00081140, Item(nested));
                }

                File.WriteAllBytes(path, DataSetFile(nested));
                return new(() => DicomFile.ReadHeader(path), typeof(DicomFormatException), [path, "(0008,1140)", $"nested at most {24} deep"]);
            }

            case "undefined length on a text element":
            {
                string path = Path.Combine(folder, "undefined.dcm");
                byte[] element = [0x08, 0x00, 0x00, 0x41, (byte)'U', (byte)'T', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF];
                File.WriteAllBytes(path, DataSetFile(element));
                return new(() => DicomFile.ReadHeader(path), typeof(DicomFormatException), [path, "(0008,4100)", "undefined length", "UT"]);
            }

            case "bad VR":
            {
                int at = Find(bytes, Tag(0x00080060)) + 4;
                bytes[at] = (byte)'c';
                File.WriteAllBytes(first, bytes);
                return new(() => DicomFile.ReadHeader(first), typeof(DicomFormatException), [first, "Modality (0008,0060)", "0x63"]);
            }

            case "unknown transfer syntax":
                ReplaceText(bytes, "1.2.840.10008.1.2.1\0", "1.2.840.10008.1.2.9\0");
                File.WriteAllBytes(first, bytes);
                return new(() => DicomPixels.ReadHu(DicomFile.ReadHeader(first)), typeof(DicomUnsupportedException), [first, "TransferSyntaxUID (0002,0010)", "1.2.840.10008.1.2.9 (unknown)"]);
            case "unsupported transfer syntax":
            {
                string path = Path.Combine(folder, "mpeg.dcm");
                File.WriteAllBytes(path, DataSetFile(Element(0x00080060, "CS", "CT"u8), "1.2.840.10008.1.2.4.100"));
                return new(() => DicomPixels.ReadHu(DicomFile.ReadHeader(path)), typeof(DicomUnsupportedException), [path, "TransferSyntaxUID (0002,0010)", "1.2.840.10008.1.2.4.100 (MPEG2 Main Profile / Main Level)"]);
            }

            case "unsupported photometric interpretation":
                ReplaceText(bytes, "MONOCHROME2 ", "RGB         ");
                File.WriteAllBytes(first, bytes);
                return new(() => DicomPixels.ReadHu(DicomFile.ReadHeader(first)), typeof(DicomUnsupportedException), [first, "PhotometricInterpretation (0028,0004)", "'RGB'"]);
            case "BitsStored above BitsAllocated":
                SetUInt16Value(bytes, DicomTags.BitsStored, 20);
                File.WriteAllBytes(first, bytes);
                return new(() => DicomPixels.ReadHu(DicomFile.ReadHeader(first)), typeof(DicomFormatException), [first, "BitsStored (0028,0101)", "'20'"]);
            case "missing pixel spacing":
                RenameTag(slices, DicomTags.PixelSpacing, 0x00280031);
                return new(() => DicomVolumeReader.Read(series, new DicomReadOptions()), typeof(DicomGeometryException), ["slice000", "PixelSpacing (0028,0030)", "missing"]);
            case "missing image position":
                RenameTag(slices, DicomTags.ImagePositionPatient, 0x00200033);
                return new(() => DicomVolumeReader.Read(series, new DicomReadOptions()), typeof(DicomGeometryException), ["slice000", "ImagePositionPatient (0020,0032)", "missing"]);
            case "orientation not orthonormal":
                ReplaceText(bytes, "1\\0\\0\\0\\1\\0", "2\\0\\0\\0\\1\\0");
                File.WriteAllBytes(first, bytes);
                return new(() => DicomVolumeReader.Read(first, new DicomReadOptions()), typeof(DicomGeometryException), [first, "ImageOrientationPatient (0020,0037)", "2\\0\\0\\0\\1\\0"]);
            case "two series and no choice":
                WriteSeries(Path.Combine(folder, "series2"), "another");
                return new(() => DicomVolumeReader.Read(folder, new DicomReadOptions()), typeof(DicomSeriesChoiceException), [folder, "SeriesInstanceUID (0020,000E)", "2 series of 4 slices", DicomUid.FromSeed("another", "series")]);
            case "series UID not found":
                return new(() => DicomVolumeReader.Read(folder, new DicomReadOptions { Series = "1.2.3.4" }), typeof(DicomSeriesChoiceException), [folder, "SeriesInstanceUID (0020,000E)", "'1.2.3.4'", DicomUid.FromSeed("catalogue", "series")]);
            case "slice of another size":
            {
                CtVolume small = TestVolumes.Ct(VolumeGrid.Axial(6, 5, 1, TestVolumes.SpacingMm, new Vector3d(-2, -1, 46)));
                CtSeriesWriter.Write(small, Path.Combine(folder, "odd"), new DicomSeriesInfo { UidSeed = "catalogue" });
                return new(() => DicomVolumeReader.Read(folder, new DicomReadOptions()), typeof(DicomSeriesChoiceException), ["odd", "Rows (0028,0010)", "'6x5'", "#2"]);
            }

            case "missing slice":
                File.Delete(slices[2]);
                return new(() => DicomVolumeReader.Read(series, new DicomReadOptions()), typeof(DicomGeometryException), [slices[3], "ImagePositionPatient (0020,0032)", "gap of 3 mm", "1 slice(s) missing"]);
            case "duplicated slice":
                File.Copy(slices[1], Path.Combine(series, "copy.dcm"));
                return new(() => DicomVolumeReader.Read(series, new DicomReadOptions()), typeof(DicomGeometryException), ["ImagePositionPatient (0020,0032)", "one slice per position", "-2\\-1\\41.5"]);
            case "uneven spacing":
            {
                byte[] third = File.ReadAllBytes(slices[2]);
                ReplaceText(third, "-2\\-1\\43", "-2\\-1\\44");
                File.WriteAllBytes(slices[2], third);
                return new(() => DicomVolumeReader.Read(series, new DicomReadOptions()), typeof(DicomGeometryException), [slices[2], "ImagePositionPatient (0020,0032)", "gap of 2.5 mm", "uneven spacing"]);
            }

            case "gantry tilt":
            {
                string tilted = Path.Combine(folder, "tilted");
                var shear = new AffineTransform(Matrix3d.FromColumns(new Vector3d(0.7, 0, 0), new Vector3d(0, 0.9, 0), new Vector3d(0, 0.3, 1.5)), new Vector3d(-2, -1, 40));
                CtSeriesWriter.Write(TestVolumes.Ct(new VolumeGrid(7, 5, 4, shear)), tilted, new DicomSeriesInfo { UidSeed = "tilt" });
                return new(() => DicomVolumeReader.Read(tilted, new DicomReadOptions()), typeof(DicomGeometryException), ["slice0004", "ImagePositionPatient (0020,0032)", "11.31", "gantry tilt"]);
            }

            case "single slice without thickness":
                RenameTag([first], DicomTags.SliceThickness, 0x00180051);
                return new(() => DicomVolumeReader.Read(first, new DicomReadOptions()), typeof(DicomGeometryException), [first, "SliceThickness (0018,0050)", "missing"]);
            case "folder without images":
            {
                string empty = Path.Combine(folder, "empty");
                Directory.CreateDirectory(empty);
                File.WriteAllText(Path.Combine(empty, "a.txt"), "nothing");
                return new(() => DicomVolumeReader.Read(empty, new DicomReadOptions()), typeof(DicomSeriesChoiceException), [empty, "at least one DICOM image series", "none among 1 file(s)"]);
            }

            default:
                throw new ArgumentException($"No catalogue entry '{name}'.", nameof(name));
        }
    }

    /// <summary>Writes the catalogue's base series: axial 7x5x4 at z = 40, 41.5, 43, 44.5 mm.</summary>
    public static IReadOnlyList<string> WriteSeries(string folder, string seed) =>
        CtSeriesWriter.Write(TestVolumes.Ct(TestVolumes.AxialGrid()), folder, new DicomSeriesInfo { UidSeed = seed });

    /// <summary>A Part 10 file: preamble, a meta group with <paramref name="transferSyntax"/>, then the given Explicit VR LE data set bytes.</summary>
    public static byte[] DataSetFile(byte[] dataSet, string transferSyntax = "1.2.840.10008.1.2.1")
    {
        var meta = new DicomElementWriter();
        meta.WriteText(0x00020010, "UI", transferSyntax);
        byte[] m = meta.ToArray();
        return [.. new byte[128], .. "DICM"u8, .. m, .. dataSet, .. PixelModule()];
    }

    /// <summary>An Explicit VR LE element with a 2-byte length.</summary>
    public static byte[] Element(uint tag, string vr, ReadOnlySpan<byte> value)
    {
        byte[] padded = value.Length % 2 == 0 ? value.ToArray() : [.. value, 0];
        var e = new byte[8 + padded.Length];
        Tag(tag).CopyTo(e, 0);
        e[4] = (byte)vr[0];
        e[5] = (byte)vr[1];
        BinaryPrimitives.WriteUInt16LittleEndian(e.AsSpan(6), (ushort)padded.Length);
        padded.CopyTo(e, 8);
        return e;
    }

    /// <summary>A sequence of undefined length holding <paramref name="items"/>.</summary>
    public static byte[] Sequence(uint tag, params byte[][] items)
    {
        byte[] header = [.. Tag(tag), (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF];
        byte[] end = [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0];
        return [.. header, .. items.SelectMany(i => i), .. end];
    }

    /// <summary>An item of defined length (or a wrong one) holding <paramref name="content"/>.</summary>
    public static byte[] Item(byte[] content, uint? lengthOverride = null)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 0xE000);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), lengthOverride ?? (uint)content.Length);
        return [.. header, .. content];
    }

    public static byte[] Tag(uint tag)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)(tag >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), (ushort)tag);
        return b;
    }

    public static int Find(byte[] bytes, ReadOnlySpan<byte> pattern)
    {
        int at = bytes.AsSpan().IndexOf(pattern);
        return at >= 0 ? at : throw new InvalidOperationException($"Pattern {Convert.ToHexString(pattern)} not found.");
    }

    private static byte[] PixelModule()
    {
        var w = new DicomElementWriter();
        w.WriteUInt16(0x00280002, 1);
        w.WriteText(0x00280004, "CS", "MONOCHROME2");
        w.WriteUInt16(0x00280010, 2);
        w.WriteUInt16(0x00280011, 2);
        w.WriteUInt16(0x00280100, 16);
        w.WriteUInt16(0x00280101, 16);
        w.WriteUInt16(0x00280102, 15);
        w.WriteUInt16(0x00280103, 1);
        byte[] pixels = [.. Tag(DicomTags.PixelData), (byte)'O', (byte)'B', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0, 0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 1, 2, 3, 4, 0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0];
        return [.. w.ToArray(), .. pixels];
    }

    private static void SetLength16(byte[] bytes, uint tag, ushort length) =>
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(Find(bytes, Tag(tag)) + 6), length);

    private static void SetLength32(byte[] bytes, uint tag, uint length) =>
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(Find(bytes, Tag(tag)) + 8), length);

    private static void SetUInt16Value(byte[] bytes, uint tag, ushort value) =>
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(Find(bytes, Tag(tag)) + 8), value);

    private static void ReplaceText(byte[] bytes, string from, string to)
    {
        int at = Find(bytes, Encoding.Latin1.GetBytes(from));
        Encoding.Latin1.GetBytes(to).CopyTo(bytes, at);
    }

    private static void RenameTag(IEnumerable<string> files, uint from, uint to)
    {
        foreach (string file in files)
        {
            byte[] b = File.ReadAllBytes(file);
            Tag(to).CopyTo(b, Find(b, Tag(from)));
            File.WriteAllBytes(file, b);
        }
    }
}
