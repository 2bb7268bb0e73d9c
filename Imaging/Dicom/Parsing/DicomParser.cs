using System.Buffers.Binary;
using System.Globalization;

namespace ArSpine.Imaging.Dicom.Parsing;

/// <summary>Where a data set's top-level PixelData element lies: its value's offset and length in the file (or inflated buffer).</summary>
/// <param name="Offset">The byte offset of the value.</param>
/// <param name="Length">The value length in bytes, or -1 for undefined length (encapsulated fragments follow).</param>
/// <param name="Vr">OB or OW.</param>
internal readonly record struct PixelDataLocation(long Offset, long Length, string Vr);

/// <summary>Thrown inside a header scan when the bytes read so far end before the parse does; the reader then reads more of the file.</summary>
internal sealed class NeedMoreBytesException(long required) : Exception
{
    public long Required { get; } = required;
}

/// <summary>
/// Parses DICOM data elements from a buffer that holds the first <c>available</c> bytes of a stream of <c>streamLength</c> bytes.
/// Every declared length is checked against the stream's end before it is used; nesting is limited to <see cref="MaxDepth"/>.
/// </summary>
internal sealed class DicomParser(byte[] buffer, int available, long streamLength, string source, bool bigEndian)
{
    /// <summary>The deepest nesting of sequences accepted.</summary>
    public const int MaxDepth = 24;

    private const uint Undefined = 0xFFFFFFFF;

    /// <summary>The top-level PixelData element, once seen.</summary>
    public PixelDataLocation? PixelData { get; private set; }

    /// <summary>Parses the file meta group (Explicit VR Little Endian, group 0002) from <paramref name="start"/>; returns the position after it.</summary>
    public static long ParseMeta(byte[] buffer, int available, long streamLength, string source, DicomDataSet meta, long start)
    {
        var parser = new DicomParser(buffer, available, streamLength, source, false);
        long pos = start;
        while (pos + 2 <= streamLength)
        {
            parser.Need(pos, 2);
            if (BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan((int)pos)) != 0x0002)
            {
                break;
            }

            pos = parser.ParseElement(meta, pos, streamLength, explicitVr: true, depth: 0, topLevel: false, stopAtPixelData: false, out _);
        }

        return pos;
    }

    /// <summary>Parses a data set from <paramref name="start"/> to the end of the stream; stops at the top-level PixelData when asked.</summary>
    public void ParseDataSet(DicomDataSet target, long start, bool explicitVr, bool stopAtPixelData)
    {
        long pos = start;
        while (pos < streamLength)
        {
            pos = ParseElement(target, pos, streamLength, explicitVr, 0, topLevel: true, stopAtPixelData, out bool stop);
            if (stop)
            {
                return;
            }
        }
    }

    private long ParseElement(DicomDataSet target, long pos, long end, bool explicitVr, int depth, bool topLevel, bool stopAtPixelData, out bool stop)
    {
        stop = false;
        if (end - pos < 8)
        {
            throw Truncated(null, pos, "an element header of 8 bytes", end - pos);
        }

        Need(pos, 8);
        uint tag = ReadTag(pos);
        if (tag is DicomTags.Item or DicomTags.ItemDelimitationItem or DicomTags.SequenceDelimitationItem)
        {
            throw new DicomFormatException(source, tag, "a data element", string.Create(CultureInfo.InvariantCulture, $"an item tag outside a sequence at offset {pos}"));
        }

        ushort vr;
        uint length;
        long valuePos;
        if (explicitVr)
        {
            byte c0 = buffer[pos + 4], c1 = buffer[pos + 5];
            if (c0 is < (byte)'A' or > (byte)'Z' || c1 is < (byte)'A' or > (byte)'Z')
            {
                throw new DicomFormatException(source, tag, "a VR of two capital letters (Explicit VR)", string.Create(CultureInfo.InvariantCulture, $"bytes 0x{c0:X2} 0x{c1:X2} at offset {pos + 4}"));
            }

            vr = (ushort)((c0 << 8) | c1);
            if (DicomDataSet.IsLongVr(DicomDataSet.VrText(vr)))
            {
                if (end - pos < 12)
                {
                    throw Truncated(tag, pos, "an element header of 12 bytes", end - pos);
                }

                Need(pos, 12);
                length = ReadUInt32(pos + 8);
                valuePos = pos + 12;
            }
            else
            {
                length = ReadUInt16(pos + 6);
                valuePos = pos + 8;
            }
        }
        else
        {
            length = ReadUInt32(pos + 4);
            valuePos = pos + 8;
            vr = DicomDataSet.Vr(DicomTags.VrOf(tag) ?? "UN");
        }

        string vrText = DicomDataSet.VrText(vr);
        if (topLevel && tag == DicomTags.PixelData)
        {
            if (length != Undefined && length > end - valuePos)
            {
                throw PastEnd(tag, valuePos, length, end);
            }

            PixelData = new PixelDataLocation(valuePos, length == Undefined ? -1 : length, vrText == "OB" ? "OB" : "OW");
            if (stopAtPixelData)
            {
                stop = true;
                return valuePos;
            }

            return length == Undefined ? SkipFragments(valuePos, end) : valuePos + length;
        }

        if (length == Undefined)
        {
            if (tag == DicomTags.PixelData)
            {
                // Encapsulated pixel data inside an item (an icon image): skipped, never decoded.
                return SkipFragments(valuePos, end);
            }

            if (vrText is "SQ" or "UN" || !explicitVr)
            {
                var items = new List<DicomDataSet>();
                long after = ParseSequence(target, tag, items, valuePos, end, definedEnd: false, explicitVr && vrText != "UN", depth + 1);
                target.AddSequence(tag, items);
                return after;
            }

            throw new DicomFormatException(source, tag, $"a defined length for VR {vrText}", "undefined length (0xFFFFFFFF)");
        }

        if (length > end - valuePos)
        {
            throw PastEnd(tag, valuePos, length, end);
        }

        long valueEnd = valuePos + length;
        if (vrText == "SQ" || (length >= 8 && (vrText == "UN" || !explicitVr) && StartsWithItem(valuePos)))
        {
            var items = new List<DicomDataSet>();
            ParseSequence(target, tag, items, valuePos, valueEnd, definedEnd: true, explicitVr && vrText != "UN", depth + 1);
            target.AddSequence(tag, items);
            return valueEnd;
        }

        Need(valuePos, length);
        target.Add(new DicomElement(tag, vr, (int)valuePos, (int)length));
        return valueEnd;
    }

    private long ParseSequence(DicomDataSet parent, uint sequenceTag, List<DicomDataSet> items, long pos, long end, bool definedEnd, bool explicitVr, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new DicomFormatException(source, sequenceTag, $"sequences nested at most {MaxDepth} deep", $"deeper, at offset {pos}");
        }

        while (true)
        {
            if (definedEnd && pos == end)
            {
                return pos;
            }

            if (end - pos < 8)
            {
                throw Truncated(sequenceTag, pos, "an item header of 8 bytes", end - pos);
            }

            Need(pos, 8);
            uint tag = ReadTag(pos);
            uint length = ReadUInt32(pos + 4);
            if (tag == DicomTags.SequenceDelimitationItem)
            {
                return pos + 8;
            }

            if (tag != DicomTags.Item)
            {
                throw new DicomFormatException(source, sequenceTag, "an Item (FFFE,E000) in the sequence", string.Create(CultureInfo.InvariantCulture, $"tag {DicomTags.Format(tag)} at offset {pos}"));
            }

            var item = new DicomDataSet(source, buffer, bigEndian, parent);
            items.Add(item);
            long itemPos = pos + 8;
            if (length == Undefined)
            {
                pos = ParseUndefinedItem(item, itemPos, end, explicitVr, depth);
                continue;
            }

            if (length > end - itemPos)
            {
                throw PastEnd(sequenceTag, itemPos, length, end);
            }

            long itemEnd = itemPos + length;
            while (itemPos < itemEnd)
            {
                itemPos = ParseElement(item, itemPos, itemEnd, explicitVr, depth, topLevel: false, stopAtPixelData: false, out _);
            }

            pos = itemEnd;
        }
    }

    private long ParseUndefinedItem(DicomDataSet item, long pos, long end, bool explicitVr, int depth)
    {
        while (true)
        {
            if (end - pos < 8)
            {
                throw Truncated(DicomTags.Item, pos, "an element or an ItemDelimitationItem", end - pos);
            }

            Need(pos, 8);
            if (ReadTag(pos) == DicomTags.ItemDelimitationItem)
            {
                return pos + 8;
            }

            pos = ParseElement(item, pos, end, explicitVr, depth, topLevel: false, stopAtPixelData: false, out _);
        }
    }

    /// <summary>Walks the items of encapsulated pixel data up to its SequenceDelimitationItem; returns the position after it.</summary>
    private long SkipFragments(long pos, long end)
    {
        while (true)
        {
            if (end - pos < 8)
            {
                throw Truncated(DicomTags.PixelData, pos, "a fragment item or SequenceDelimitationItem", end - pos);
            }

            Need(pos, 8);
            uint tag = ReadTag(pos);
            uint length = ReadUInt32(pos + 4);
            if (tag == DicomTags.SequenceDelimitationItem)
            {
                return pos + 8;
            }

            if (tag != DicomTags.Item || length > end - pos - 8)
            {
                throw new DicomFormatException(source, DicomTags.PixelData, "fragment items within the file", string.Create(CultureInfo.InvariantCulture, $"tag {DicomTags.Format(tag)}, length {length} at offset {pos}"));
            }

            pos += 8 + length;
        }
    }

    private bool StartsWithItem(long pos)
    {
        Need(pos, 8);
        return ReadTag(pos) == DicomTags.Item;
    }

    /// <summary>Asks for more of the file when the buffer ends before <paramref name="pos"/> + <paramref name="count"/>.</summary>
    private void Need(long pos, long count)
    {
        if (pos + count > available)
        {
            if (pos + count > streamLength)
            {
                throw Truncated(null, pos, $"{count} more bytes", streamLength - pos);
            }

            throw new NeedMoreBytesException(pos + count);
        }
    }

    private uint ReadTag(long pos)
    {
        ReadOnlySpan<byte> b = buffer.AsSpan((int)pos, 4);
        return bigEndian
            ? ((uint)BinaryPrimitives.ReadUInt16BigEndian(b) << 16) | BinaryPrimitives.ReadUInt16BigEndian(b[2..])
            : ((uint)BinaryPrimitives.ReadUInt16LittleEndian(b) << 16) | BinaryPrimitives.ReadUInt16LittleEndian(b[2..]);
    }

    private uint ReadUInt32(long pos) => bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(buffer.AsSpan((int)pos, 4))
        : BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan((int)pos, 4));

    private ushort ReadUInt16(long pos) => bigEndian
        ? BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan((int)pos, 2))
        : BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan((int)pos, 2));


    private DicomFormatException Truncated(uint? tag, long pos, string expected, long remaining) =>
        new(source, tag, string.Create(CultureInfo.InvariantCulture, $"{expected} at offset {pos}"), string.Create(CultureInfo.InvariantCulture, $"end of file after {Math.Max(remaining, 0)} bytes (truncated file)"));

    private DicomFormatException PastEnd(uint tag, long valuePos, uint length, long end) =>
        new(source, tag, string.Create(CultureInfo.InvariantCulture, $"a value length within the {(end == streamLength ? "file" : "enclosing item")} ({end - valuePos} bytes left at offset {valuePos})"),
            string.Create(CultureInfo.InvariantCulture, $"length {length}"));
}
