using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using ArSpine.Imaging.Dicom.Codecs;
using ArSpine.Imaging.Dicom.Series;

namespace ArSpine.Imaging.Dicom.Pixels;

/// <summary>
/// Decodes frames to HU: native data of either byte order, RLE Lossless, JPEG (baseline, extended, lossless), JPEG-LS and JPEG 2000.
/// An unsupported transfer syntax is a <see cref="DicomUnsupportedException"/> naming its UID, its name and the file. Thread-safe.
/// </summary>
internal static class FrameDecoder
{
    private const int MaxCachedConverters = 64;

    private static readonly ConcurrentDictionary<(int, int, int, bool, double, double), HuConverter> Converters = new();

    /// <summary>Reads a file's pixel data split into frames (compressed bytes for encapsulated syntaxes); checks the syntax first.</summary>
    internal static IReadOnlyList<ReadOnlyMemory<byte>> ReadFrames(DicomFile file, PixelModule pixels)
    {
        DicomTransferSyntax syntax = SyntaxOf(file);
        return file.ReadFrames(pixels.Frames, syntax.Encapsulated ? 0 : pixels.NativeFrameBytes, syntax.Encapsulated);
    }

    /// <summary>Decodes one frame's bytes to HU with the frame's rescale; <paramref name="words"/> is scratch of one frame's pixel count.</summary>
    internal static int Decode(DicomFrame frame, ReadOnlyMemory<byte> bytes, Span<ushort> words, Span<short> hu)
    {
        PixelModule m = frame.Pixels;
        DicomFile file = frame.File;
        DicomTransferSyntax syntax = SyntaxOf(file);
        (int stored, int high, bool signed) = (m.BitsStored, m.HighBit, m.Signed);
        switch (syntax.Encoding)
        {
            case PixelEncoding.Native:
                Native(bytes.Span, m, syntax.BigEndian || file.DataSet.BigEndian, words, file.Path);
                break;
            case PixelEncoding.Rle:
                RleDecoder.Decode(bytes.Span, m.BitsAllocated / 8, words, file.Path);
                break;
            case PixelEncoding.Jpeg when LosslessJpegDecoder.IsLossless(bytes.Span):
                LosslessJpegDecoder.Decode(bytes.Span, m.Rows, m.Columns, words, file.Path);
                (stored, high) = (m.BitsStored, m.BitsStored - 1);
                break;
            case PixelEncoding.Jpeg:
                JpegFrameDecoder.Decode(bytes, m.Rows, m.Columns, words, file.Path);
                (stored, high) = (m.BitsStored, m.BitsStored - 1);
                break;
            case PixelEncoding.JpegLs:
                JpegLsFrameDecoder.Decode(bytes.Span, m.Rows, m.Columns, m.BitsAllocated, words, file.Path);
                (stored, high) = (m.BitsStored, m.BitsStored - 1);
                break;
            case PixelEncoding.Jpeg2000:
                (int precision, bool codestreamSigned) = Jpeg2000FrameDecoder.Decode(bytes.Span, m.Rows, m.Columns, words, file.Path);
                // The codestream's values are the pixel values: use its precision and signedness (some files' BitsStored disagree).
                (stored, high, signed) = codestreamSigned ? (16, 15, true) : (Math.Max(precision, 1), Math.Max(precision, 1) - 1, false);
                if (m.BitsAllocated == 8 && stored > 8)
                {
                    throw new DicomFormatException(file.Path, DicomTags.BitsAllocated, "a JPEG 2000 precision of at most 8 bits for BitsAllocated 8", precision.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                break;
            default:
                throw Unsupported(file, syntax.Uid, syntax.Name);
        }

        return ConverterFor(m.BitsAllocated, stored, high, signed, frame).Convert(words, hu);
    }

    /// <summary>True when the frame's pixels are native 16-bit words that <see cref="ReadNativeInPlace"/> can read straight into their HU slot.</summary>
    internal static bool CanReadInPlace(DicomFrame frame) =>
        frame.File.TransferSyntax is { Encoding: PixelEncoding.Native } && frame.Pixels.BitsAllocated == 16;

    /// <summary>Reads a native 16-bit frame straight into <paramref name="hu"/> and converts it there; returns the pixels clamped to int16.</summary>
    internal static int ReadNativeInPlace(DicomFrame frame, Span<short> hu)
    {
        PixelModule m = frame.Pixels;
        if (frame.File.PixelData is { Length: < 0 })
        {
            throw new DicomFormatException(frame.File.Path, DicomTags.PixelData, $"a defined length for native pixel data ({frame.File.TransferSyntax!.Name})", "undefined length");
        }

        frame.File.ReadNativeFrame(frame.FrameIndex, m.NativeFrameBytes, MemoryMarshal.AsBytes(hu));
        Span<ushort> words = MemoryMarshal.Cast<short, ushort>(hu);
        if (frame.File.DataSet.BigEndian == BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        return ConverterFor(16, m.BitsStored, m.HighBit, m.Signed, frame).Convert(words, hu);
    }

    /// <summary>The converter for a layout and rescale, cached (up to <see cref="MaxCachedConverters"/> of them: a series has a few).</summary>
    private static HuConverter ConverterFor(int allocated, int stored, int high, bool signed, DicomFrame frame)
    {
        var key = (allocated, stored, high, signed, frame.RescaleSlope, frame.RescaleIntercept);
        if (Converters.TryGetValue(key, out HuConverter? cached))
        {
            return cached;
        }

        var converter = new HuConverter(allocated, stored, high, signed, frame.RescaleSlope, frame.RescaleIntercept);
        if (Converters.Count < MaxCachedConverters)
        {
            Converters.TryAdd(key, converter);
        }

        return converter;
    }

    private static DicomTransferSyntax SyntaxOf(DicomFile file) =>
        file.TransferSyntax is { Encoding: not PixelEncoding.Unsupported } syntax ? syntax : throw Unsupported(file, file.TransferSyntaxUid, file.TransferSyntax?.Name ?? "unknown");

    private static DicomUnsupportedException Unsupported(DicomFile file, string uid, string name) =>
        new(file.Path, DicomTags.TransferSyntaxUid,
            "a transfer syntax this reader decodes (Implicit/Explicit VR Little Endian, Explicit VR Big Endian, Deflated, RLE, JPEG, JPEG-LS, JPEG 2000)",
            $"{uid} ({name})");

    private static void Native(ReadOnlySpan<byte> bytes, PixelModule m, bool bigEndian, Span<ushort> words, string file)
    {
        if (bytes.Length < m.NativeFrameBytes)
        {
            throw new DicomFormatException(file, DicomTags.PixelData, $"{m.NativeFrameBytes} bytes per frame", $"{bytes.Length} bytes");
        }

        if (m.BitsAllocated == 8)
        {
            for (int n = 0; n < words.Length; n++)
            {
                words[n] = bytes[n];
            }

            return;
        }

        ReadOnlySpan<ushort> source = MemoryMarshal.Cast<byte, ushort>(bytes[..(2 * words.Length)]);
        if (bigEndian == BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(source, words);
        }
        else
        {
            source.CopyTo(words);
        }
    }
}
