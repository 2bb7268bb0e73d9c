using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;

namespace ArSpine.Imaging.Nifti;

/// <summary>
/// Reads NIfTI-1 and NIfTI-2 single files (<c>.nii</c>, or gzip-compressed <c>.nii.gz</c>, detected from the content), in either byte order.
/// Geometry comes from the sform when <c>sform_code</c> &gt; 0, else from the qform when <c>qform_code</c> &gt; 0, else the file is
/// refused; it is converted from RAS to the Ct frame (LPS mm) through <see cref="PatientAxes"/>. Values are scaled by
/// scl_slope/scl_inter (slope 0 or non-finite: no scaling). Every malformed input throws an <see cref="InvalidInputException"/>
/// naming the file and the field. The data length is checked against the header before the data buffer is allocated
/// (for gzip, the buffer grows only as decompressed data arrives).
/// </summary>
public static class NiftiReader
{
    private const int GrowthChunk = 1 << 20;

    /// <summary>Reads and validates the header alone (the first 352 bytes, or 544 for NIfTI-2).</summary>
    public static NiftiHeader ReadHeader(string path)
    {
        using Stream stream = Open(path, out _);
        NiftiHeader header = ReadHeaderFrom(stream, path, out _);
        header.Validate(path);
        return header;
    }

    /// <summary>Reads a CT volume: values (after scaling) rounded to the nearest HU; a value outside the int16 range, or NaN, is an error.</summary>
    public static CtVolume ReadCt(string path)
    {
        (NiftiHeader header, VolumeGrid grid, byte[] data) = Read(path);
        (double slope, double inter) = Scaling(header, path);
        var hu = new short[grid.VoxelCount];
        for (int n = 0; n < hu.Length; n++)
        {
            double value = Sample(data, n, header) * slope + inter;
            double rounded = Math.Round(value, MidpointRounding.AwayFromZero);
            if (!(rounded >= short.MinValue && rounded <= short.MaxValue))
            {
                throw InvalidInputException.Field(path, $"voxel {VoxelName(grid, n)}", $"a value in [{short.MinValue}, {short.MaxValue}] HU after scl_slope/scl_inter", Format(value));
            }

            hu[n] = (short)rounded;
        }

        return new CtVolume(grid, hu);
    }

    /// <summary>
    /// Reads a label volume: values (after scaling) must be whole numbers 0–255. Labels 1–28 are named as VerSe vertebrae
    /// (<see cref="VertebraLevels.NameOf"/>), others "label N"; pass <paramref name="names"/> for another numbering (such as TotalSegmentator's).
    /// </summary>
    public static LabelVolume ReadLabels(string path, IReadOnlyDictionary<int, string>? names = null)
    {
        (NiftiHeader header, VolumeGrid grid, byte[] data) = Read(path);
        (double slope, double inter) = Scaling(header, path);
        var labels = new byte[grid.VoxelCount];
        Span<bool> seen = stackalloc bool[256];
        for (int n = 0; n < labels.Length; n++)
        {
            double value = Sample(data, n, header) * slope + inter;
            if (!(value >= 0 && value <= 255) || value != Math.Floor(value))
            {
                throw InvalidInputException.Field(path, $"voxel {VoxelName(grid, n)}", "a whole-number label 0–255", Format(value));
            }

            labels[n] = (byte)value;
            seen[labels[n]] = true;
        }

        var allNames = new Dictionary<int, string>();
        for (int id = 1; id < 256; id++)
        {
            if (!seen[id])
            {
                continue;
            }

            allNames[id] = names is not null
                ? (names.TryGetValue(id, out string? name) ? name : throw InvalidInputException.Field(path, $"label {id}", "a label listed in the given names", "not listed"))
                : id <= 28 ? VertebraLevels.NameOf(id) : string.Create(CultureInfo.InvariantCulture, $"label {id}");
        }

        return new LabelVolume(grid, labels, allNames);
    }

    private static (NiftiHeader Header, VolumeGrid Grid, byte[] Data) Read(string path)
    {
        using Stream stream = Open(path, out long? fileLength);
        try
        {
            NiftiHeader header = ReadHeaderFrom(stream, path, out int consumed);
            long offset = header.Validate(path);
            (int sizeI, int sizeJ, int sizeK) = header.Size;
            long voxels = (long)sizeI * sizeJ * sizeK;
            long dataBytes = voxels * NiftiDataTypes.BytesPerSample(header.DataType);
            if (voxels > Array.MaxLength || dataBytes > Array.MaxLength)
            {
                throw InvalidInputException.Field(path, "dim[1..3]", $"at most {Array.MaxLength} voxels and data bytes", $"{sizeI}x{sizeJ}x{sizeK} ({dataBytes} bytes)");
            }

            if (fileLength is long length && length != offset + dataBytes)
            {
                throw InvalidInputException.Field(path, "data length", $"{dataBytes} bytes at vox_offset {offset} for dim {sizeI}x{sizeJ}x{sizeK}, datatype {header.DataType} (file of {offset + dataBytes} bytes)", $"a file of {length} bytes");
            }

            AffineTransform ctFromVoxel = PatientAxes.ToLps(header.RasFromVoxel(path));
            var grid = new VolumeGrid(sizeI, sizeJ, sizeK, ctFromVoxel);
            Skip(stream, offset - consumed, path);
            byte[] data = fileLength is null ? ReadGrowing(stream, (int)dataBytes, path, header, offset) : ReadExact(stream, (int)dataBytes);
            return (header, grid, data);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"{path}: gzip stream: expected valid gzip-compressed data. Was corrupt: {e.Message}", e);
        }
    }

    private static Stream Open(string path, out long? fileLength)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            fileLength = null;
            return new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
        }

        fileLength = file.Length;
        return file;
    }

    private static NiftiHeader ReadHeaderFrom(Stream stream, string path, out int consumed)
    {
        var buffer = new byte[NiftiHeader.Nifti2MinimumDataOffset];
        try
        {
            consumed = stream.ReadAtLeast(buffer.AsSpan(0, NiftiHeader.MinimumDataOffset), NiftiHeader.MinimumDataOffset, throwOnEndOfStream: false);
            bool nifti2 = consumed >= 4 && (BinaryPrimitives.ReadInt32LittleEndian(buffer) == NiftiHeader.Nifti2HeaderSize || BinaryPrimitives.ReadInt32BigEndian(buffer) == NiftiHeader.Nifti2HeaderSize);
            if (nifti2 && consumed == NiftiHeader.MinimumDataOffset)
            {
                consumed += stream.ReadAtLeast(buffer.AsSpan(consumed), buffer.Length - consumed, throwOnEndOfStream: false);
            }
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"{path}: gzip stream: expected valid gzip-compressed data. Was corrupt: {e.Message}", e);
        }

        return NiftiHeader.Parse(buffer.AsSpan(0, consumed), path);
    }

    private static void Skip(Stream stream, long count, string path)
    {
        Span<byte> scratch = stackalloc byte[4096];
        while (count > 0)
        {
            int read = stream.Read(scratch[..(int)Math.Min(count, scratch.Length)]);
            if (read == 0)
            {
                throw InvalidInputException.Field(path, "vox_offset", "data at the offset the header gives", "end of file before it");
            }

            count -= read;
        }
    }

    private static byte[] ReadExact(Stream stream, int count)
    {
        var data = new byte[count];
        stream.ReadExactly(data);
        return data;
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes from a stream of unknown length, growing the buffer as data arrives, then checks that nothing follows.</summary>
    private static byte[] ReadGrowing(Stream stream, int count, string path, NiftiHeader header, long offset)
    {
        var data = new byte[Math.Min(count, GrowthChunk)];
        int filled = 0;
        while (filled < count)
        {
            if (filled == data.Length)
            {
                Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
            }

            int read = stream.Read(data, filled, data.Length - filled);
            if (read == 0)
            {
                (int i, int j, int k) = header.Size;
                throw InvalidInputException.Field(path, "data length", $"{count} bytes at vox_offset {offset} for dim {i}x{j}x{k}, datatype {header.DataType}", $"{filled} bytes");
            }

            filled += read;
        }

        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) != 0)
        {
            (int i, int j, int k) = header.Size;
            throw InvalidInputException.Field(path, "data length", $"{count} bytes at vox_offset {offset} for dim {i}x{j}x{k}, datatype {header.DataType}", "more data after them");
        }

        return data;
    }

    private static (double Slope, double Inter) Scaling(NiftiHeader header, string path)
    {
        double slope = header.SclSlope, inter = header.SclInter;
        if (slope == 0 || !double.IsFinite(slope))
        {
            return (1, 0);
        }

        if (double.IsNaN(inter))
        {
            return (slope, 0);
        }

        return double.IsFinite(inter) ? (slope, inter) : throw InvalidInputException.Field(path, "scl_inter", "a finite intercept", inter);
    }

    private static double Sample(byte[] data, int index, in NiftiHeader header)
    {
        bool big = header.IsBigEndian;
        switch ((NiftiDataType)header.DataType)
        {
            case NiftiDataType.UInt8: return data[index];
            case NiftiDataType.Int8: return (sbyte)data[index];
            case NiftiDataType.Int16:
                ReadOnlySpan<byte> s16 = data.AsSpan(2 * index, 2);
                return big ? BinaryPrimitives.ReadInt16BigEndian(s16) : BinaryPrimitives.ReadInt16LittleEndian(s16);
            case NiftiDataType.UInt16:
                ReadOnlySpan<byte> u16 = data.AsSpan(2 * index, 2);
                return big ? BinaryPrimitives.ReadUInt16BigEndian(u16) : BinaryPrimitives.ReadUInt16LittleEndian(u16);
            case NiftiDataType.Int32:
                ReadOnlySpan<byte> s32 = data.AsSpan(4 * index, 4);
                return big ? BinaryPrimitives.ReadInt32BigEndian(s32) : BinaryPrimitives.ReadInt32LittleEndian(s32);
            case NiftiDataType.UInt32:
                ReadOnlySpan<byte> u32 = data.AsSpan(4 * index, 4);
                return big ? BinaryPrimitives.ReadUInt32BigEndian(u32) : BinaryPrimitives.ReadUInt32LittleEndian(u32);
            case NiftiDataType.Float32:
                ReadOnlySpan<byte> f32 = data.AsSpan(4 * index, 4);
                return big ? BinaryPrimitives.ReadSingleBigEndian(f32) : BinaryPrimitives.ReadSingleLittleEndian(f32);
            case NiftiDataType.Float64:
                ReadOnlySpan<byte> f64 = data.AsSpan(8 * index, 8);
                return big ? BinaryPrimitives.ReadDoubleBigEndian(f64) : BinaryPrimitives.ReadDoubleLittleEndian(f64);
            default:
                throw new InvalidOperationException($"Datatype {header.DataType} passed validation but has no decoder.");
        }
    }

    private static string VoxelName(VolumeGrid grid, int index)
    {
        int i = index % grid.SizeI, j = index / grid.SizeI % grid.SizeJ, k = index / (grid.SizeI * grid.SizeJ);
        return string.Create(CultureInfo.InvariantCulture, $"({i}, {j}, {k})");
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
