using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using ArSpine.Core.Serialization;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>The pixel layouts <see cref="PngWriter"/> writes: 8 bits per channel, no palette, no interlace.</summary>
public enum PngColorType
{
    /// <summary>Red, green, blue: 3 bytes a pixel (PNG colour type 2).</summary>
    Rgb8 = 2,

    /// <summary>Red, green, blue, straight alpha: 4 bytes a pixel (PNG colour type 6).</summary>
    Rgba8 = 6,
}

/// <summary>
/// Writes 8-bit RGB or RGBA images as PNG (ISO/IEC 15948): IHDR, zlib-compressed IDAT chunks with a per-row adaptive filter
/// (the minimum-sum-of-absolute-differences choice among the five filter types), IEND. Pixels are top row first, as
/// <see cref="DesktopRenderer.ReadPixels()"/> gives them. Thread-safe; rents its row buffers from the shared array pool.
/// </summary>
public static class PngWriter
{
    private const int DefaultIdatChunkBytes = 1 << 18;
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Saves an image atomically (temporary file, then rename: a crash leaves the old file or none). Throws when the pixel count does not match.</summary>
    public static void Save(string path, ReadOnlyMemory<byte> pixelsTopRowFirst, int width, int height, PngColorType colorType = PngColorType.Rgba8) =>
        AtomicFile.Write(path, stream => Encode(stream, pixelsTopRowFirst.Span, width, height, colorType));

    /// <summary>Writes an image as PNG to <paramref name="destination"/> (left open). Cost: one deflate pass over width × height × channels bytes.</summary>
    public static void Encode(Stream destination, ReadOnlySpan<byte> pixelsTopRowFirst, int width, int height, PngColorType colorType = PngColorType.Rgba8) =>
        Encode(destination, pixelsTopRowFirst, width, height, colorType, DefaultIdatChunkBytes);

    /// <summary>As the public <see cref="Encode(Stream, ReadOnlySpan{byte}, int, int, PngColorType)"/>, splitting the compressed data into IDAT chunks of at most <paramref name="idatChunkBytes"/>.</summary>
    internal static void Encode(Stream destination, ReadOnlySpan<byte> pixels, int width, int height, PngColorType colorType, int idatChunkBytes)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(idatChunkBytes);
        int channels = colorType switch
        {
            PngColorType.Rgb8 => 3,
            PngColorType.Rgba8 => 4,
            _ => throw new ArgumentOutOfRangeException(nameof(colorType), colorType, "Expected Rgb8 or Rgba8."),
        };
        long rowBytesLong = (long)width * channels;
        if (rowBytesLong * height != pixels.Length)
        {
            throw new ArgumentException(
                $"Expected {rowBytesLong * height} bytes for {width} × {height} {colorType} pixels. Was {pixels.Length}.", nameof(pixels));
        }

        destination.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = (byte)colorType;
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        WriteChunk(destination, "IHDR"u8, header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            WriteFilteredRows(zlib, pixels, (int)rowBytesLong, height, channels);
        }

        ReadOnlySpan<byte> data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        for (int offset = 0; offset < data.Length; offset += idatChunkBytes)
        {
            WriteChunk(destination, "IDAT"u8, data.Slice(offset, Math.Min(idatChunkBytes, data.Length - offset)));
        }

        WriteChunk(destination, "IEND"u8, []);
    }

    private static void WriteFilteredRows(Stream zlib, ReadOnlySpan<byte> pixels, int rowBytes, int height, int channels)
    {
        byte[] zeroRow = ArrayPool<byte>.Shared.Rent(rowBytes);
        byte[] candidate = ArrayPool<byte>.Shared.Rent(rowBytes + 1);
        byte[] best = ArrayPool<byte>.Shared.Rent(rowBytes + 1);
        try
        {
            Array.Clear(zeroRow, 0, rowBytes);
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> row = pixels.Slice(y * rowBytes, rowBytes);
                ReadOnlySpan<byte> above = y > 0 ? pixels.Slice((y - 1) * rowBytes, rowBytes) : zeroRow.AsSpan(0, rowBytes);
                long bestScore = long.MaxValue;
                for (byte filter = 0; filter <= 4; filter++)
                {
                    long score = Filter(filter, row, above, channels, candidate.AsSpan(0, rowBytes + 1));
                    if (score < bestScore)
                    {
                        bestScore = score;
                        (best, candidate) = (candidate, best);
                    }
                }

                zlib.Write(best, 0, rowBytes + 1);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(zeroRow);
            ArrayPool<byte>.Shared.Return(candidate);
            ArrayPool<byte>.Shared.Return(best);
        }
    }

    /// <summary>Writes the filter byte and the filtered row into <paramref name="output"/>; returns the sum of the filtered bytes read as signed.</summary>
    private static long Filter(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, int channels, Span<byte> output)
    {
        output[0] = filter;
        long score = 0;
        for (int i = 0; i < row.Length; i++)
        {
            int left = i >= channels ? row[i - channels] : 0;
            int up = above[i];
            int upLeft = i >= channels ? above[i - channels] : 0;
            int predictor = filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) >> 1,
                _ => Paeth(left, up, upLeft),
            };
            byte value = (byte)(row[i] - predictor);
            output[i + 1] = value;
            score += Math.Abs((int)(sbyte)value);
        }

        return score;
    }

    private static int Paeth(int left, int up, int upLeft)
    {
        int estimate = left + up - upLeft;
        int toLeft = Math.Abs(estimate - left), toUp = Math.Abs(estimate - up), toUpLeft = Math.Abs(estimate - upLeft);
        return toLeft <= toUp && toLeft <= toUpLeft ? left : toUp <= toUpLeft ? up : upLeft;
    }

    private static void WriteChunk(Stream destination, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        destination.Write(word);
        destination.Write(type);
        destination.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Finish(Crc32.Append(Crc32.Append(Crc32.Start, type), data)));
        destination.Write(word);
    }
}
