namespace ArSpine.Imaging.Dicom;

/// <summary>How the pixel data of a transfer syntax is stored.</summary>
public enum PixelEncoding
{
    /// <summary>Native (uncompressed) pixel data.</summary>
    Native,

    /// <summary>RLE Lossless (PS3.5 Annex G).</summary>
    Rle,

    /// <summary>JPEG (ISO 10918-1): baseline, extended or lossless.</summary>
    Jpeg,

    /// <summary>JPEG-LS (ISO 14495-1).</summary>
    JpegLs,

    /// <summary>JPEG 2000 (ISO 15444-1).</summary>
    Jpeg2000,

    /// <summary>A transfer syntax this reader recognises but does not decode (such as MPEG video).</summary>
    Unsupported,
}

/// <summary>A DICOM transfer syntax: its UID, its name, its byte order and VR form, and how its pixel data is encoded.</summary>
public sealed record DicomTransferSyntax(string Uid, string Name, bool ExplicitVr, bool BigEndian, bool Deflated, PixelEncoding Encoding, bool Lossy)
{
#pragma warning disable CS1591 // Names from PS3.6 Annex A.
    public static readonly DicomTransferSyntax ImplicitVrLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, false, PixelEncoding.Native, false);
    public static readonly DicomTransferSyntax ExplicitVrLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, false, PixelEncoding.Native, false);
    public static readonly DicomTransferSyntax DeflatedExplicitVrLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, false, true, PixelEncoding.Native, false);
    public static readonly DicomTransferSyntax ExplicitVrBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, true, false, PixelEncoding.Native, false);
#pragma warning restore CS1591

    private static readonly Dictionary<string, DicomTransferSyntax> All = new DicomTransferSyntax[]
    {
        ImplicitVrLittleEndian, ExplicitVrLittleEndian, DeflatedExplicitVrLittleEndian, ExplicitVrBigEndian,
        new("1.2.840.10008.1.2.5", "RLE Lossless", true, false, false, PixelEncoding.Rle, false),
        new("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, false, PixelEncoding.Jpeg, true),
        new("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, false, PixelEncoding.Jpeg, true),
        new("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, false, PixelEncoding.Jpeg, false),
        new("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", true, false, false, PixelEncoding.Jpeg, false),
        new("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", true, false, false, PixelEncoding.JpegLs, false),
        new("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", true, false, false, PixelEncoding.JpegLs, true),
        new("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", true, false, false, PixelEncoding.Jpeg2000, false),
        new("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", true, false, false, PixelEncoding.Jpeg2000, true),
        new("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)", true, false, false, PixelEncoding.Unsupported, false),
        new("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression", true, false, false, PixelEncoding.Unsupported, true),
        new("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", true, false, false, PixelEncoding.Unsupported, true),
        new("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", true, false, false, PixelEncoding.Unsupported, true),
        new("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", true, false, false, PixelEncoding.Unsupported, false),
        new("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", true, false, false, PixelEncoding.Unsupported, true),
    }.ToDictionary(t => t.Uid);

    /// <summary>The transfer syntax of a UID, or null for a UID this reader does not know.</summary>
    public static DicomTransferSyntax? Find(string uid) => All.GetValueOrDefault(uid);

    /// <summary>True when pixel data is encapsulated (compressed fragments in items).</summary>
    public bool Encapsulated => Encoding != PixelEncoding.Native;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Uid})";
}
