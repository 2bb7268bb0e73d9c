using System.Buffers.Binary;
using System.Diagnostics;
using ArSpine.Imaging.Dicom;
using ArSpine.Imaging.Dicom.Pixels;
using ArSpine.TestSupport;
using Xunit.Abstractions;

namespace ArSpine.Imaging.Tests.Dicom;

/// <summary>
/// Seeded mutations of the real files (byte flips, truncations, hostile lengths, insertions and deletions), bounded in count and
/// time: each must parse and decode, or fail with a <see cref="DicomException"/>, allocating no more than about the file plus the
/// volume its header declares.
/// </summary>
public sealed class DicomFuzzTests(ITestOutputHelper output)
{
    private const int MutationsPerFile = 80;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(30);

    private static readonly string[] Files =
    [
        "dicom/pydicom-data/CT_small.dcm", "dicom/pydicom-data/emri_small.dcm", "dicom/pydicom-data/emri_small_big_endian.dcm",
        "dicom/pydicom-data/emri_small_RLE.dcm", "dicom/pydicom-data/emri_small_jpeg_2k_lossless.dcm", "dicom/pydicom-data/emri_small_jpeg_ls_lossless.dcm",
        "dicom/pydicom-data/JPEG-LL.dcm", "dicom/pydicom-data/eCT_Supplemental.dcm", "dicom/wg04/CT1_RLE", "dicom/wg04/CT1_JPLL",
        "dicom/wg04/CT1_JLSL", "dicom/wg04/CT1_J2KR",
    ];

    [SharedDataFact("dicom/wg04")]
    public void ParseAndDecode_MutatedRealFiles_SucceedOrFailCleanlyWithinAllocationBound()
    {
        var clock = Stopwatch.StartNew();
        // A fixed seed keeps the run repeatable; ARSPINE_FUZZ_SEED explores others.
        int seed = int.TryParse(Environment.GetEnvironmentVariable("ARSPINE_FUZZ_SEED"), out int chosen) ? chosen : 20261204;
        var random = new Random(seed);
        int tried = 0, decoded = 0, refused = 0;
        foreach (string relative in Files)
        {
            byte[] original = File.ReadAllBytes(SharedData.PathOf(relative));
            int headerEnd = HeaderEnd(original);
            for (int n = 0; n < MutationsPerFile && clock.Elapsed < TimeLimit; n++)
            {
                (byte[] mutated, string how) = Mutate(original, headerEnd, random);
                string name = $"{relative} mutation {n} ({how})";
                long bound = 4L * mutated.Length + DeclaredVolumeBytes(mutated) + (2 << 20);
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    DicomFile file = DicomFile.Parse(mutated, name);
                    if (file.HasPixelData)
                    {
                        DicomPixels.ReadHu(file);
                        decoded++;
                    }
                }
                catch (DicomException)
                {
                    refused++;
                }
                catch (Exception e)
                {
                    Assert.Fail($"{name}: expected success or a DicomException. Was {e}");
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated <= bound, $"{name}: allocated {allocated} bytes, more than {bound} (4x the file, the declared volume and 2 MiB)");
                tried++;
            }
        }

        output.WriteLine($"seed {seed}: {tried} mutations in {clock.Elapsed.TotalSeconds:0.0} s: {decoded} decoded, {refused} refused cleanly");
        Assert.True(tried >= Files.Length * 10, $"only {tried} mutations ran within {TimeLimit}");
        Assert.True(refused > 0 && decoded > 0, "the mutations should both break files and leave some decodable");
    }

    /// <summary>The offset of the pixel data (mutations favour the header before it).</summary>
    private static int HeaderEnd(byte[] file)
    {
        DicomFile parsed = DicomFile.Parse(file, "original");
        return (int)Math.Min(parsed.PixelData!.Value.Offset + 64, file.Length);
    }

    /// <summary>The bytes of the frames a (mutated) header declares, or 0 when it cannot be read.</summary>
    private static long DeclaredVolumeBytes(byte[] file)
    {
        try
        {
            PixelModule m = PixelModule.Parse(DicomFile.Parse(file, "bound").DataSet);
            return 4L * m.Frames * m.PixelsPerFrame;
        }
        catch (DicomException)
        {
            return 0;
        }
    }

    private static (byte[] Bytes, string How) Mutate(byte[] original, int headerEnd, Random random)
    {
        int limit = random.Next(4) == 0 ? original.Length : headerEnd;
        int at = random.Next(limit);
        switch (random.Next(6))
        {
            case 0:
            {
                byte[] b = (byte[])original.Clone();
                int count = 1 + random.Next(8);
                for (int n = 0; n < count; n++)
                {
                    b[random.Next(limit)] = (byte)random.Next(256);
                }

                return (b, $"{count} random bytes");
            }

            case 1:
                return (original[..at], $"truncated at {at}");
            case 2:
            {
                byte[] b = (byte[])original.Clone();
                uint[] hostile = [0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000, (uint)original.Length, (uint)random.Next()];
                uint value = hostile[random.Next(hostile.Length)];
                int offset = Math.Min(at & ~1, b.Length - 4);
                BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(offset), value);
                return (b, $"0x{value:X8} at {offset}");
            }

            case 3:
            {
                byte[] b = (byte[])original.Clone();
                int offset = Math.Min(at & ~1, b.Length - 2);
                ushort value = (ushort)(random.Next(2) == 0 ? 0xFFFF : random.Next(65536));
                BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(offset), value);
                return (b, $"0x{value:X4} at {offset}");
            }

            case 4:
            {
                int count = 1 + random.Next(16);
                var inserted = new byte[count];
                random.NextBytes(inserted);
                return ([.. original.AsSpan(0, at), .. inserted, .. original.AsSpan(at)], $"{count} bytes inserted at {at}");
            }

            default:
            {
                int count = Math.Min(1 + random.Next(16), original.Length - at);
                return ([.. original.AsSpan(0, at), .. original.AsSpan(at + count)], $"{count} bytes deleted at {at}");
            }
        }
    }
}
