using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using ArSpine.Imaging.Dicom.Parsing;

namespace ArSpine.Imaging.Dicom;

/// <summary>
/// One DICOM Part 10 file (with or without the 128-byte preamble and file meta group) whose header is parsed and whose pixel data
/// is read only when asked. Reading a header reads the first 16 KiB (more only while the elements before PixelData need it) and keeps
/// no pixels, except for Deflated files, which are inflated whole. Every declared length is checked against the file's size before it
/// is used. Immutable once read; safe to share between threads.
/// </summary>
public sealed class DicomFile
{
    /// <summary>The largest inflated data set of a Deflated file accepted, in bytes.</summary>
    public const long MaxInflatedBytes = 1L << 30;

    private const int FirstReadBytes = 16 * 1024;

    private readonly byte[]? _whole;

    private DicomFile(string path, long length, DicomDataSet meta, DicomDataSet dataSet, string transferSyntaxUid, PixelDataLocation? pixelData, byte[]? whole)
    {
        Path = path;
        Length = length;
        Meta = meta;
        DataSet = dataSet;
        TransferSyntaxUid = transferSyntaxUid;
        TransferSyntax = DicomTransferSyntax.Find(transferSyntaxUid);
        PixelData = pixelData;
        _whole = whole;
    }

    /// <summary>The file's path (or the name given to bytes parsed in memory).</summary>
    public string Path { get; }

    /// <summary>The file's size in bytes.</summary>
    public long Length { get; }

    /// <summary>The file meta group (group 0002); empty for a file without one.</summary>
    public DicomDataSet Meta { get; }

    /// <summary>The data set, up to (not including) PixelData.</summary>
    public DicomDataSet DataSet { get; }

    /// <summary>The transfer syntax UID (from the meta group; Implicit VR Little Endian for a file without one).</summary>
    public string TransferSyntaxUid { get; }

    /// <summary>The transfer syntax, or null for a UID this reader does not know.</summary>
    public DicomTransferSyntax? TransferSyntax { get; }

    /// <summary>True when the file has a top-level PixelData element.</summary>
    public bool HasPixelData => PixelData is not null;

    internal PixelDataLocation? PixelData { get; }

    /// <summary>Reads and parses the header of a file; throws a <see cref="DicomFormatException"/> for a file that is not well-formed DICOM.</summary>
    public static DicomFile ReadHeader(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        long length = stream.Length;
        int size = (int)Math.Min(length, FirstReadBytes);
        while (true)
        {
            var buffer = new byte[size];
            stream.Position = 0;
            stream.ReadExactly(buffer);
            try
            {
                return Parse(buffer, size, length, path, stopAtPixelData: true);
            }
            catch (NeedMoreBytesException more)
            {
                size = (int)Math.Min(length, Math.Max(4L * size, more.Required + FirstReadBytes));
            }
        }
    }

    /// <summary>Parses a whole file held in memory (<paramref name="bytes"/> is kept, not copied); <paramref name="source"/> names it in messages.</summary>
    public static DicomFile Parse(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Parse(bytes, bytes.Length, bytes.Length, source, stopAtPixelData: false);
    }

    private static DicomFile Parse(byte[] buffer, int available, long length, string source, bool stopAtPixelData)
    {
        bool whole = available == length;
        long pos = 0;
        bool preamble = length >= 132 && Need(buffer, available, 132) && buffer.AsSpan(128, 4).SequenceEqual("DICM"u8);
        if (preamble)
        {
            pos = 132;
        }
        else if (length >= 4 && buffer.AsSpan(0, 4).SequenceEqual("DICM"u8))
        {
            pos = 4;
        }

        var meta = new DicomDataSet(source, buffer, false, null);
        pos = DicomParser.ParseMeta(buffer, available, length, source, meta, pos);
        string? uid = meta.String(DicomTags.TransferSyntaxUid);
        bool hasMeta = meta.Tags.Any();
        if (hasMeta && uid is null)
        {
            throw new DicomFormatException(source, DicomTags.TransferSyntaxUid, "a transfer syntax UID in the file meta group", "missing");
        }

        bool explicitVr;
        if (uid is null)
        {
            explicitVr = GuessExplicitVr(buffer, available, length, pos, source, preamble);
            uid = explicitVr ? DicomTransferSyntax.ExplicitVrLittleEndian.Uid : DicomTransferSyntax.ImplicitVrLittleEndian.Uid;
        }
        else
        {
            explicitVr = DicomTransferSyntax.Find(uid)?.ExplicitVr ?? true;
        }

        DicomTransferSyntax? syntax = DicomTransferSyntax.Find(uid);
        bool bigEndian = syntax?.BigEndian ?? false;
        if (syntax?.Deflated == true)
        {
            if (!whole)
            {
                throw new NeedMoreBytesException(length);
            }

            byte[] inflated = Inflate(buffer, (int)pos, source);
            var deflatedSet = new DicomDataSet(source, inflated, false, null);
            var inflatedParser = new DicomParser(inflated, inflated.Length, inflated.Length, source, false);
            inflatedParser.ParseDataSet(deflatedSet, 0, explicitVr: true, stopAtPixelData: false);
            return new DicomFile(source, length, meta, deflatedSet, uid, inflatedParser.PixelData, inflated);
        }

        var dataSet = new DicomDataSet(source, buffer, bigEndian, null);
        var parser = new DicomParser(buffer, available, length, source, bigEndian);
        parser.ParseDataSet(dataSet, pos, explicitVr, stopAtPixelData);
        return new DicomFile(source, length, meta, dataSet, uid, parser.PixelData, whole ? buffer : null);
    }

    /// <summary>
    /// Reads the pixel data and splits it into frames: for native data, <paramref name="frameCount"/> slices of <paramref name="frameBytes"/>
    /// bytes; for encapsulated data, each frame's compressed bytes (its fragments joined). Reads the file again (the header scan kept no pixels).
    /// </summary>
    internal IReadOnlyList<ReadOnlyMemory<byte>> ReadFrames(int frameCount, long frameBytes, bool encapsulated)
    {
        PixelDataLocation location = PixelData ?? throw new DicomFormatException(Path, DicomTags.PixelData, "pixel data", "missing");
        if (encapsulated != location.Length < 0)
        {
            throw new DicomFormatException(Path, DicomTags.PixelData,
                encapsulated ? $"encapsulated fragments (undefined length) for {TransferSyntax?.Name ?? TransferSyntaxUid}" : $"a defined length for native pixel data ({TransferSyntax?.Name ?? TransferSyntaxUid})",
                encapsulated ? string.Create(CultureInfo.InvariantCulture, $"length {location.Length}") : "undefined length");
        }

        long count = encapsulated ? Length - location.Offset : location.Length;
        ReadOnlyMemory<byte> value = ReadRange(location.Offset, count);
        if (!encapsulated)
        {
            if ((long)frameCount * frameBytes > value.Length)
            {
                throw new DicomFormatException(Path, DicomTags.PixelData,
                    string.Create(CultureInfo.InvariantCulture, $"{(long)frameCount * frameBytes} bytes for {frameCount} frame(s) of {frameBytes} bytes"),
                    string.Create(CultureInfo.InvariantCulture, $"{value.Length} bytes"));
            }

            var frames = new ReadOnlyMemory<byte>[frameCount];
            for (int f = 0; f < frameCount; f++)
            {
                frames[f] = value.Slice((int)(f * frameBytes), (int)frameBytes);
            }

            return frames;
        }

        return EncapsulatedFrames(value, frameCount);
    }

    /// <summary>Reads native frame <paramref name="frameIndex"/> of <paramref name="frameBytes"/> bytes straight into <paramref name="destination"/>.</summary>
    internal void ReadNativeFrame(int frameIndex, long frameBytes, Span<byte> destination)
    {
        PixelDataLocation location = PixelData ?? throw new DicomFormatException(Path, DicomTags.PixelData, "pixel data", "missing");
        long start = location.Offset + frameIndex * frameBytes;
        if (location.Length < (frameIndex + 1) * frameBytes || destination.Length != frameBytes)
        {
            throw new DicomFormatException(Path, DicomTags.PixelData, string.Create(CultureInfo.InvariantCulture, $"{frameBytes} bytes for frame {frameIndex + 1}"),
                string.Create(CultureInfo.InvariantCulture, $"{location.Length} bytes of native pixel data"));
        }

        if (_whole is not null)
        {
            _whole.AsSpan((int)start, (int)frameBytes).CopyTo(destination);
            return;
        }

        using Microsoft.Win32.SafeHandles.SafeFileHandle handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        int filled = 0;
        while (filled < destination.Length)
        {
            int read = RandomAccess.Read(handle, destination[filled..], start + filled);
            if (read == 0)
            {
                throw new DicomFormatException(Path, DicomTags.PixelData, string.Create(CultureInfo.InvariantCulture, $"{frameBytes} bytes of pixel data at offset {start}"),
                    string.Create(CultureInfo.InvariantCulture, $"end of file after {filled} (truncated or changed since its header was read)"));
            }

            filled += read;
        }
    }

    private ReadOnlyMemory<byte> ReadRange(long offset, long count)
    {
        if (_whole is not null)
        {
            return _whole.AsMemory((int)offset, (int)count);
        }

        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        if (stream.Length < offset + count)
        {
            throw new DicomFormatException(Path, DicomTags.PixelData, string.Create(CultureInfo.InvariantCulture, $"{count} bytes of pixel data at offset {offset}"),
                string.Create(CultureInfo.InvariantCulture, $"a file of {stream.Length} bytes (truncated or changed since its header was read)"));
        }

        var bytes = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }

    private List<ReadOnlyMemory<byte>> EncapsulatedFrames(ReadOnlyMemory<byte> value, int frameCount)
    {
        ReadOnlySpan<byte> span = value.Span;
        var fragments = new List<(int ItemOffset, ReadOnlyMemory<byte> Bytes)>();
        ReadOnlyMemory<byte> offsetTable = default;
        int pos = 0;
        bool first = true;
        while (true)
        {
            if (span.Length - pos < 8)
            {
                throw new DicomFormatException(Path, DicomTags.PixelData, "a fragment item or SequenceDelimitationItem", "end of file (truncated encapsulated pixel data)");
            }

            uint tag = ((uint)BinaryPrimitives.ReadUInt16LittleEndian(span[pos..]) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(span[(pos + 2)..]);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(span[(pos + 4)..]);
            if (tag == DicomTags.SequenceDelimitationItem)
            {
                break;
            }

            if (tag != DicomTags.Item || length > span.Length - pos - 8)
            {
                throw new DicomFormatException(Path, DicomTags.PixelData, "fragment items within the file",
                    string.Create(CultureInfo.InvariantCulture, $"tag {DicomTags.Format(tag)}, length {length} with {span.Length - pos - 8} bytes left"));
            }

            ReadOnlyMemory<byte> bytes = value.Slice(pos + 8, (int)length);
            if (first)
            {
                offsetTable = bytes;
                first = false;
            }
            else
            {
                fragments.Add((pos, bytes));
            }

            pos += 8 + (int)length;
        }

        if (fragments.Count == 0)
        {
            throw new DicomFormatException(Path, DicomTags.PixelData, "at least one fragment after the basic offset table", "none");
        }

        if (frameCount == fragments.Count)
        {
            return fragments.Select(f => f.Bytes).ToList();
        }

        if (frameCount == 1)
        {
            return [Join(fragments.Select(f => f.Bytes).ToList())];
        }

        if (offsetTable.Length == 4 * frameCount)
        {
            int firstItem = fragments[0].ItemOffset;
            var starts = new long[frameCount + 1];
            for (int f = 0; f < frameCount; f++)
            {
                starts[f] = BinaryPrimitives.ReadUInt32LittleEndian(offsetTable.Span[(4 * f)..]);
            }

            starts[frameCount] = long.MaxValue;
            var frames = new List<ReadOnlyMemory<byte>>(frameCount);
            for (int f = 0; f < frameCount; f++)
            {
                var parts = fragments.Where(x => x.ItemOffset - firstItem >= starts[f] && x.ItemOffset - firstItem < starts[f + 1]).Select(x => x.Bytes).ToList();
                if (parts.Count == 0)
                {
                    throw new DicomFormatException(Path, DicomTags.PixelData, $"fragments for frame {f + 1} at the basic offset table's offset", string.Create(CultureInfo.InvariantCulture, $"none at offset {starts[f]}"));
                }

                frames.Add(Join(parts));
            }

            return frames;
        }

        throw new DicomFormatException(Path, DicomTags.PixelData, string.Create(CultureInfo.InvariantCulture, $"one fragment per frame ({frameCount}) or a basic offset table of {frameCount} entries"),
            string.Create(CultureInfo.InvariantCulture, $"{fragments.Count} fragments and a table of {offsetTable.Length / 4} entries"));
    }

    private static ReadOnlyMemory<byte> Join(List<ReadOnlyMemory<byte>> parts)
    {
        if (parts.Count == 1)
        {
            return parts[0];
        }

        var joined = new byte[parts.Sum(p => p.Length)];
        int at = 0;
        foreach (ReadOnlyMemory<byte> part in parts)
        {
            part.Span.CopyTo(joined.AsSpan(at));
            at += part.Length;
        }

        return joined;
    }

    private static bool Need(byte[] buffer, int available, int count) =>
        available >= count ? true : throw new NeedMoreBytesException(count);

    /// <summary>Decides Explicit or Implicit VR Little Endian for a data set without a meta group, and refuses bytes that do not start a data set.</summary>
    private static bool GuessExplicitVr(byte[] buffer, int available, long length, long pos, string source, bool preamble)
    {
        if (length - pos < 8)
        {
            throw new DicomFormatException(source, null, "a DICOM file ('DICM' at byte 128, or a data set at byte 0)", string.Create(CultureInfo.InvariantCulture, $"a file of {length} bytes")) { IsNotDicom = true };
        }

        Need(buffer, available, (int)pos + 8);
        ushort group = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan((int)pos));
        if (!preamble && (group > 0x0028 || (group & 1) != 0))
        {
            throw new DicomFormatException(source, null, "a DICOM file ('DICM' at byte 128, or a data set at byte 0)",
                "first bytes " + Convert.ToHexString(buffer.AsSpan((int)pos, 8))) { IsNotDicom = true };
        }

        byte c0 = buffer[pos + 4], c1 = buffer[pos + 5];
        return c0 is >= (byte)'A' and <= (byte)'Z' && c1 is >= (byte)'A' and <= (byte)'Z';
    }

    private static byte[] Inflate(byte[] buffer, int start, string source)
    {
        try
        {
            using var input = new MemoryStream(buffer, start, buffer.Length - start, writable: false);
            using var inflater = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = inflater.Read(chunk)) > 0)
            {
                if (output.Length + read > MaxInflatedBytes)
                {
                    throw new DicomFormatException(source, DicomTags.TransferSyntaxUid, $"a deflated data set of at most {MaxInflatedBytes} bytes", "more");
                }

                output.Write(chunk, 0, read);
            }

            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DicomFormatException(source, DicomTags.TransferSyntaxUid, "a valid deflate stream after the file meta group (Deflated Explicit VR Little Endian)", e.Message, e);
        }
    }
}
