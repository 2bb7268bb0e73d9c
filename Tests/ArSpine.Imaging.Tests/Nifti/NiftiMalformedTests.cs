using System.Buffers.Binary;
using System.IO.Compression;
using ArSpine.Core.Errors;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Nifti;

/// <summary>A named catalogue of bad NIfTI files, built in memory from a valid one; each must be refused with a message naming the field.</summary>
public sealed class NiftiMalformedTests
{
    private const int ValidLength = 352 + 2 * 7 * 5 * 4;

    /// <summary>Case name → (how to break a valid int16 file, the message after "PATH: ").</summary>
    private static readonly Dictionary<string, (Func<byte[], byte[]> Break, string Message)> Catalogue = new()
    {
        ["short file"] = (b => b[..100], "header: expected at least 348 bytes. Was '100 bytes'."),
        ["empty file"] = (b => [], "header: expected at least 348 bytes. Was '0 bytes'."),
        ["NIfTI-2 sizeof_hdr on a NIfTI-1 header"] = (b => Int32(b, 0, 540), "magic: expected \"n+2\" and its 4 check bytes. Was '\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00'."),
        ["garbage sizeof_hdr"] = (b => Int32(b, 0, 12345), "sizeof_hdr: expected 348 (NIfTI-1) or 540 (NIfTI-2) in either byte order. Was '12345'."),
        ["bad magic"] = (b => Bytes(b, 344, "abc\0"u8), "magic: expected \"n+1\". Was 'abc\\x00'."),
        ["header-pair magic"] = (b => Bytes(b, 344, "ni1\0"u8), "magic: expected \"n+1\" (a single .nii file; header/image pairs are not supported). Was 'ni1\\x00'."),
        ["dim[0] = 2"] = (b => Int16(b, 40, 2), "dim[0]: expected 3 (or 4 with dim[4] = 1): a single 3D volume. Was '2'."),
        ["dim[0] = 5"] = (b => Int16(b, 40, 5), "dim[0]: expected 3 (or 4 with dim[4] = 1): a single 3D volume. Was '5'."),
        ["time series"] = (b => Int16(Int16(b, 40, 4), 48, 3), "dim[4]: expected 1 (a single 3D volume). Was '3'."),
        ["zero size"] = (b => Int16(b, 44, 0), "dim[2]: expected a positive size in voxels. Was '0'."),
        ["negative size"] = (b => Int16(b, 46, -4), "dim[3]: expected a positive size in voxels. Was '-4'."),
        ["RGB datatype"] = (b => Int16(b, 70, 128), "datatype: expected 2 (uint8), 4 (int16), 8 (int32), 16 (float32), 64 (float64), 256 (int8), 512 (uint16) or 768 (uint32). Was '128'."),
        ["bitpix mismatch"] = (b => Int16(b, 72, 8), "bitpix: expected 16 for datatype 4. Was '8'."),
        ["vox_offset inside header"] = (b => Single(b, 108, 100), "vox_offset: expected a whole number of bytes ≥ 352. Was '100'."),
        ["fractional vox_offset"] = (b => Single(b, 108, 352.5f), "vox_offset: expected a whole number of bytes ≥ 352. Was '352.5'."),
        ["metre units"] = (b => Bytes(b, 123, [1]), "xyzt_units: expected spatial unit 2 (mm) or 0 (unknown, read as mm). Was '1'."),
        ["sizes larger than data"] = (b => Int16(b, 42, 8), "data length: expected 320 bytes at vox_offset 352 for dim 8x5x4, datatype 4 (file of 672 bytes). Was 'a file of 632 bytes'."),
        ["truncated data"] = (b => b[..^10], "data length: expected 280 bytes at vox_offset 352 for dim 7x5x4, datatype 4 (file of 632 bytes). Was 'a file of 622 bytes'."),
        ["trailing data"] = (b => [.. b, 1, 2], "data length: expected 280 bytes at vox_offset 352 for dim 7x5x4, datatype 4 (file of 632 bytes). Was 'a file of 634 bytes'."),
        ["no geometry"] = (b => Int16(Int16(b, 252, 0), 254, 0), "sform_code/qform_code: expected sform_code > 0 or qform_code > 0 (the voxel-to-patient geometry). Was 'sform_code 0, qform_code 0'."),
        ["zero sform"] = (b => Bytes(b, 280, new byte[48]), "srow_x/srow_y/srow_z (sform): expected a finite, invertible voxel-to-RAS affine. Was 'determinant 0, translation (0, 0, 0)'."),
        ["qform with zero pixdim"] = (b => Single(Int16(b, 254, 0), 84, 0), "pixdim[2]: expected a positive voxel spacing in mm (the qform needs it). Was '0'."),
        ["huge sizes"] = (b => Int16(Int16(Int16(b, 42, 32767), 44, 32767), 46, 32767), "dim[1..3]: expected at most 2147483591 voxels and data bytes. Was '32767x32767x32767 (70362301923326 bytes)'."),
    };

    public static TheoryData<string> CaseNames => [.. Catalogue.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ReadCt_MalformedFile_ThrowsInvalidInputNamingFileAndField(string caseName)
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("bad.nii");
        (Func<byte[], byte[]> breakIt, string message) = Catalogue[caseName];
        File.WriteAllBytes(path, breakIt(ValidFile()));

        var error = Assert.Throws<InvalidInputException>(() => NiftiReader.ReadCt(path));

        Assert.Equal($"{path}: {message}", error.Message);
    }

    [Fact]
    public void ReadCt_GzipWithTooLittleData_ThrowsAfterReadingWhatIsThere()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("bad.nii.gz");
        File.WriteAllBytes(path, Gzip(Int16(ValidFile(), 42, 30000)));

        var error = Assert.Throws<InvalidInputException>(() => NiftiReader.ReadCt(path));

        Assert.Equal($"{path}: data length: expected 1200000 bytes at vox_offset 352 for dim 30000x5x4, datatype 4. Was '280 bytes'.", error.Message);
    }

    [Fact]
    public void ReadCt_GzipWithTrailingData_Throws()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("bad.nii.gz");
        File.WriteAllBytes(path, Gzip([.. ValidFile(), 0, 0]));

        var error = Assert.Throws<InvalidInputException>(() => NiftiReader.ReadCt(path));

        Assert.Equal($"{path}: data length: expected 280 bytes at vox_offset 352 for dim 7x5x4, datatype 4. Was 'more data after them'.", error.Message);
    }

    [Fact]
    public void ReadCt_CorruptGzip_ThrowsInvalidInput()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("bad.nii.gz");
        byte[] gz = Gzip(ValidFile());
        gz.AsSpan(12, 40).Fill(0xff);
        File.WriteAllBytes(path, gz);

        var error = Assert.Throws<InvalidInputException>(() => NiftiReader.ReadCt(path));

        Assert.StartsWith($"{path}: gzip stream: expected valid gzip-compressed data. Was corrupt", error.Message);
    }

    [Fact]
    public void ReadLabels_ValueAbove255_ThrowsNamingVoxel()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("labels.nii");
        File.WriteAllBytes(path, ValidFile()); // HU -1000 at voxel 0

        var error = Assert.Throws<InvalidInputException>(() => NiftiReader.ReadLabels(path));

        Assert.Equal($"{path}: voxel (0, 0, 0): expected a whole-number label 0–255. Was '-1000'.", error.Message);
    }

    [Fact]
    public void ReadLabels_FractionalValue_ThrowsNamingVoxel()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("labels.nii");
        byte[] file = FileOf(NiftiDataType.Float32, 4, (data, n) => BinaryPrimitives.WriteSingleLittleEndian(data[(4 * n)..], n == 9 ? 2.5f : 3f));
        File.WriteAllBytes(path, file);

        var error = Assert.Throws<InvalidInputException>(() => NiftiReader.ReadLabels(path));

        Assert.Equal($"{path}: voxel (2, 1, 0): expected a whole-number label 0–255. Was '2.5'.", error.Message);
    }

    [Fact]
    public void ReadCt_ValueOutsideInt16_ThrowsNamingVoxel()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("ct.nii");
        File.WriteAllBytes(path, FileOf(NiftiDataType.Int32, 4, (data, n) => BinaryPrimitives.WriteInt32LittleEndian(data[(4 * n)..], n == 139 ? 40000 : -5)));

        var error = Assert.Throws<InvalidInputException>(() => NiftiReader.ReadCt(path));

        Assert.Equal($"{path}: voxel (6, 4, 3): expected a value in [-32768, 32767] HU after scl_slope/scl_inter. Was '40000'.", error.Message);
    }

    [Fact]
    public void ReadCt_FloatWithSlope_RoundsToNearestHu()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("ct.nii");
        byte[] file = FileOf(NiftiDataType.Float32, 4, (data, n) => BinaryPrimitives.WriteSingleLittleEndian(data[(4 * n)..], n + 0.3f));
        Single(file, 112, 2);      // scl_slope
        Single(file, 116, -1024);  // scl_inter
        File.WriteAllBytes(path, file);

        CtVolume ct = NiftiReader.ReadCt(path);

        Assert.Equal(Enumerable.Range(0, 140).Select(n => (short)Math.Round(2 * (n + 0.3f) - 1024.0)), ct.Hu);
    }

    private static byte[] ValidFile() => FileOf(NiftiDataType.Int16, 2, (data, n) => BinaryPrimitives.WriteInt16LittleEndian(data[(2 * n)..], (short)(-1000 + 37 * n)));

    private delegate void SampleWriter(Span<byte> data, int index);

    private static byte[] FileOf(NiftiDataType type, int bytesPerSample, SampleWriter write)
    {
        VolumeGrid grid = TestVolumes.ObliqueGrid();
        NiftiHeader header = NiftiWriter.HeaderFor(grid, type, 0, "test");
        var file = new byte[352 + bytesPerSample * grid.VoxelCount];
        header.WriteLittleEndian(file);
        for (int n = 0; n < grid.VoxelCount; n++)
        {
            write(file.AsSpan(352), n);
        }

        Assert.True(type != NiftiDataType.Int16 || file.Length == ValidLength);
        return file;
    }

    private static byte[] Int16(byte[] b, int offset, short value)
    {
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(offset), value);
        return b;
    }

    private static byte[] Int32(byte[] b, int offset, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(offset), value);
        return b;
    }

    private static byte[] Single(byte[] b, int offset, float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(offset), value);
        return b;
    }

    private static byte[] Bytes(byte[] b, int offset, ReadOnlySpan<byte> value)
    {
        value.CopyTo(b.AsSpan(offset));
        return b;
    }

    private static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(raw);
        }

        return output.ToArray();
    }
}
