using System.Buffers.Binary;
using System.Globalization;

namespace ArSpine.Imaging.Dicom.Codecs;

/// <summary>
/// Decodes one grey-scale JPEG lossless frame (ISO 10918-1 process 14, SOF3, Huffman coded): any predictor (selection value 1–7), any
/// precision from 2 to 16 bits, point transform, restart intervals. Ours, because JpegLibrary 0.4.32 predicts the first line of
/// predictors 2–7 wrongly. Reads only inside the given span; corrupt data is a <see cref="DicomFormatException"/>.
/// </summary>
internal static class LosslessJpegDecoder
{
    /// <summary>True when the stream's frame header is SOF3 (lossless, Huffman): the frames this decoder takes.</summary>
    public static bool IsLossless(ReadOnlySpan<byte> jpeg)
    {
        int pos = 2;
        while (pos + 4 <= jpeg.Length && jpeg[pos] == 0xFF)
        {
            byte marker = jpeg[pos + 1];
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return marker == 0xC3;
            }

            pos += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg[(pos + 2)..]);
        }

        return false;
    }

    /// <summary>Decodes into <paramref name="words"/> (rows × columns), each the sample value shifted left by the point transform.</summary>
    public static void Decode(ReadOnlySpan<byte> jpeg, int rows, int columns, Span<ushort> words, string file)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            throw Error(file, "a JPEG stream starting with SOI (FFD8)", jpeg.Length < 2 ? "too short" : $"{jpeg[0]:X2}{jpeg[1]:X2}");
        }

        var tables = new HuffmanTable?[4];
        int precision = 0, restartInterval = 0, pos = 2;
        while (true)
        {
            if (pos + 4 > jpeg.Length || jpeg[pos] != 0xFF)
            {
                throw Error(file, "a JPEG marker segment", string.Create(CultureInfo.InvariantCulture, $"end of data or a non-marker byte at offset {pos}"));
            }

            byte marker = jpeg[pos + 1];
            if (marker == 0xFF)
            {
                pos++;
                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(pos + 2)..]);
            if (length < 2 || pos + 2 + length > jpeg.Length)
            {
                throw Error(file, "a JPEG segment within the frame", string.Create(CultureInfo.InvariantCulture, $"marker FF{marker:X2} of length {length} at offset {pos}"));
            }

            ReadOnlySpan<byte> segment = jpeg.Slice(pos + 4, length - 2);
            switch (marker)
            {
                case 0xC3:
                    if (segment.Length < 9 || segment[5] != 1)
                    {
                        throw Error(file, "a lossless frame header (SOF3) of one component", string.Create(CultureInfo.InvariantCulture, $"{(segment.Length >= 6 ? segment[5] : 0)} components"));
                    }

                    precision = segment[0];
                    int lines = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]), samples = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                    if (precision is < 2 or > 16 || lines != rows || samples != columns)
                    {
                        throw Error(file, string.Create(CultureInfo.InvariantCulture, $"a lossless JPEG image of {columns}x{rows} (Columns x Rows), 2 to 16 bits"),
                            string.Create(CultureInfo.InvariantCulture, $"{samples}x{lines}, {precision} bits"));
                    }

                    break;
                case 0xC4:
                    ReadTables(segment, tables, file);
                    break;
                case 0xDD:
                    restartInterval = segment.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(segment) : 0;
                    break;
                case 0xDA:
                    if (precision == 0 || segment.Length < 6 || segment[0] != 1)
                    {
                        throw Error(file, "a scan header (SOS) of one component after the frame header", string.Create(CultureInfo.InvariantCulture, $"a scan at offset {pos}"));
                    }

                    HuffmanTable table = tables[(segment[2] >> 4) & 3] ?? throw Error(file, "the Huffman table the scan names", "not defined");
                    int predictor = segment[3], pointTransform = segment[5] & 0x0F;
                    if (predictor is < 1 or > 7 || pointTransform >= precision)
                    {
                        throw Error(file, "a lossless predictor 1–7 and a point transform below the precision", string.Create(CultureInfo.InvariantCulture, $"predictor {predictor}, point transform {pointTransform}"));
                    }

                    DecodeScan(jpeg[(pos + 2 + length)..], table, precision, predictor, pointTransform, restartInterval, rows, columns, words, file);
                    return;
                case 0xD9:
                    throw Error(file, "a scan before EOI", "no scan");
                default:
                    if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                    {
                        throw Error(file, "a lossless frame (SOF3)", string.Create(CultureInfo.InvariantCulture, $"SOF{marker - 0xC0}"));
                    }

                    break;
            }

            pos += 2 + length;
        }
    }

    private static void DecodeScan(ReadOnlySpan<byte> data, HuffmanTable table, int precision, int predictor, int pointTransform, int restartInterval,
        int rows, int columns, Span<ushort> words, string file)
    {
        var reader = new BitReader(data, file);
        var previous = new int[columns];
        var current = new int[columns];
        int initial = 1 << (precision - pointTransform - 1);
        int sinceRestart = 0;
        bool restartLine = true;
        int restartColumn = 0;
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < columns; x++)
            {
                if (restartInterval > 0 && sinceRestart == restartInterval)
                {
                    reader.Restart();
                    sinceRestart = 0;
                    restartLine = true;
                    restartColumn = x;
                }

                int prediction;
                if (restartLine && (y == 0 || x >= restartColumn))
                {
                    prediction = x == restartColumn ? initial : current[x - 1];
                }
                else if (x == 0)
                {
                    prediction = previous[0];
                }
                else
                {
                    int ra = current[x - 1], rb = previous[x], rc = previous[x - 1];
                    prediction = predictor switch
                    {
                        1 => ra,
                        2 => rb,
                        3 => rc,
                        4 => ra + rb - rc,
                        5 => ra + ((rb - rc) >> 1),
                        6 => rb + ((ra - rc) >> 1),
                        _ => (ra + rb) >> 1,
                    };
                }

                int value = (prediction + reader.Difference(table)) & 0xFFFF;
                current[x] = value;
                words[y * columns + x] = (ushort)(value << pointTransform);
                sinceRestart++;
            }

            // Only the line a scan or restart interval begins in is predicted horizontally.
            restartLine = false;
            restartColumn = 0;
            (previous, current) = (current, previous);
        }
    }

    private static void ReadTables(ReadOnlySpan<byte> segment, HuffmanTable?[] tables, string file)
    {
        int pos = 0;
        while (pos < segment.Length)
        {
            if (pos + 17 > segment.Length)
            {
                throw Error(file, "a Huffman table of 16 code-length counts", "a truncated table");
            }

            int id = segment[pos] & 0x0F;
            ReadOnlySpan<byte> counts = segment.Slice(pos + 1, 16);
            int total = 0;
            foreach (byte count in counts)
            {
                total += count;
            }

            if (id > 3 || pos + 17 + total > segment.Length || total > 256)
            {
                throw Error(file, "a Huffman table within its segment", string.Create(CultureInfo.InvariantCulture, $"table {id} of {total} codes"));
            }

            tables[id] = new HuffmanTable(counts, segment.Slice(pos + 17, total));
            pos += 17 + total;
        }
    }

    private static DicomFormatException Error(string file, string expected, string found) => new(file, DicomTags.PixelData, expected, found);

    /// <summary>A canonical Huffman table (ISO 10918-1 Annex C and F.2.2.3): the largest code of each length and where its values start.</summary>
    private sealed class HuffmanTable
    {
        private readonly int[] _maxCode = new int[18];
        private readonly int[] _offset = new int[17];
        private readonly byte[] _values;

        public HuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
        {
            _values = values.ToArray();
            int code = 0, index = 0;
            for (int length = 1; length <= 16; length++)
            {
                int count = counts[length - 1];
                _offset[length] = index - code;
                code += count;
                index += count;
                _maxCode[length] = count > 0 ? code - 1 : -1;
                code <<= 1;
            }

            _maxCode[17] = int.MaxValue;
        }

        public int Decode(ref BitReader reader)
        {
            int code = reader.Bit();
            for (int length = 1; length <= 16; length++)
            {
                if (code <= _maxCode[length])
                {
                    int index = code + _offset[length];
                    return (uint)index < (uint)_values.Length ? _values[index] : -1;
                }

                code = (code << 1) | reader.Bit();
            }

            return -1;
        }
    }

    /// <summary>Reads the entropy-coded bits of a scan, removing stuffed zero bytes after 0xFF and stopping at markers.</summary>
    private ref struct BitReader(ReadOnlySpan<byte> data, string file)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _pos;
        private int _bits;
        private int _count;
        private int _zerosAfterEnd;

        public int Bit()
        {
            if (_count == 0)
            {
                Fill();
            }

            _count--;
            return (_bits >> _count) & 1;
        }

        public int Difference(HuffmanTable table)
        {
            int category = table.Decode(ref this);
            if (category is < 0 or > 16)
            {
                throw Error(file, "a Huffman code of the scan's table", "an undefined code (corrupt data)");
            }

            if (category == 0)
            {
                return 0;
            }

            if (category == 16)
            {
                return 32768;
            }

            int value = 0;
            for (int n = 0; n < category; n++)
            {
                value = (value << 1) | Bit();
            }

            return value < 1 << (category - 1) ? value - (1 << category) + 1 : value;
        }

        /// <summary>Skips to the next byte boundary and over a restart marker RST0–RST7.</summary>
        public void Restart()
        {
            _count = 0;
            while (_pos + 1 < _data.Length && !(_data[_pos] == 0xFF && _data[_pos + 1] is >= 0xD0 and <= 0xD7))
            {
                _pos++;
            }

            if (_pos + 1 >= _data.Length)
            {
                throw Error(file, "a restart marker (RSTn) after each restart interval", "end of data");
            }

            _pos += 2;
        }

        private void Fill()
        {
            byte next = 0;
            if (_pos < _data.Length && !(_data[_pos] == 0xFF && _pos + 1 < _data.Length && _data[_pos + 1] != 0x00))
            {
                next = _data[_pos];
                _pos += next == 0xFF ? 2 : 1;
            }
            else if (++_zerosAfterEnd > 4)
            {
                throw Error(file, "entropy-coded data for every sample", "end of data or a marker before the last sample (truncated scan)");
            }

            _bits = next;
            _count = 8;
        }
    }
}
