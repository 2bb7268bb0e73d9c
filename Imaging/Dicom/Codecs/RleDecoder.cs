using System.Buffers.Binary;
using System.Globalization;

namespace ArSpine.Imaging.Dicom.Codecs;

/// <summary>
/// Decodes one RLE Lossless frame (PS3.5 Annex G): a 64-byte header of segment count and offsets, then one PackBits segment per
/// byte plane, most significant plane first. Never reads or writes outside the given spans.
/// </summary>
internal static class RleDecoder
{
    /// <summary>Decodes a frame of <paramref name="words"/>.Length pixels of <paramref name="bytesPerSample"/> bytes (1 or 2) into words.</summary>
    public static void Decode(ReadOnlySpan<byte> frame, int bytesPerSample, Span<ushort> words, string file)
    {
        if (frame.Length < 64)
        {
            throw Error(file, "a 64-byte RLE header", string.Create(CultureInfo.InvariantCulture, $"{frame.Length} bytes"));
        }

        uint segments = BinaryPrimitives.ReadUInt32LittleEndian(frame);
        if (segments != bytesPerSample)
        {
            throw Error(file, string.Create(CultureInfo.InvariantCulture, $"{bytesPerSample} RLE segment(s), one per byte of a grey-scale sample"), segments.ToString(CultureInfo.InvariantCulture));
        }

        words.Clear();
        for (int s = 0; s < segments; s++)
        {
            uint start = BinaryPrimitives.ReadUInt32LittleEndian(frame[(4 + 4 * s)..]);
            uint end = s + 1 < segments ? BinaryPrimitives.ReadUInt32LittleEndian(frame[(8 + 4 * s)..]) : (uint)frame.Length;
            if (start < 64 || start > end || end > frame.Length)
            {
                throw Error(file, string.Create(CultureInfo.InvariantCulture, $"segment {s + 1} within the {frame.Length}-byte frame"), string.Create(CultureInfo.InvariantCulture, $"offsets {start}..{end}"));
            }

            int shift = 8 * (bytesPerSample - 1 - s);
            DecodeSegment(frame[(int)start..(int)end], words, shift, file, s);
        }
    }

    private static void DecodeSegment(ReadOnlySpan<byte> segment, Span<ushort> words, int shift, string file, int index)
    {
        int output = 0, pos = 0;
        while (output < words.Length)
        {
            if (pos >= segment.Length)
            {
                throw Error(file, string.Create(CultureInfo.InvariantCulture, $"segment {index + 1} to hold {words.Length} bytes"), string.Create(CultureInfo.InvariantCulture, $"{output} bytes"));
            }

            sbyte control = (sbyte)segment[pos++];
            if (control >= 0)
            {
                int count = control + 1;
                if (pos + count > segment.Length || output + count > words.Length)
                {
                    throw Error(file, string.Create(CultureInfo.InvariantCulture, $"a literal run within segment {index + 1} and the frame"), string.Create(CultureInfo.InvariantCulture, $"{count} bytes at segment offset {pos - 1}"));
                }

                for (int n = 0; n < count; n++)
                {
                    words[output++] |= (ushort)(segment[pos++] << shift);
                }
            }
            else if (control != -128)
            {
                int count = 1 - control;
                if (pos >= segment.Length || output + count > words.Length)
                {
                    throw Error(file, string.Create(CultureInfo.InvariantCulture, $"a replicate run within segment {index + 1} and the frame"), string.Create(CultureInfo.InvariantCulture, $"{count} bytes at segment offset {pos - 1}"));
                }

                ushort value = (ushort)(segment[pos++] << shift);
                for (int n = 0; n < count; n++)
                {
                    words[output++] |= value;
                }
            }
        }
    }

    private static DicomFormatException Error(string file, string expected, string found) =>
        new(file, DicomTags.PixelData, expected, found);
}
