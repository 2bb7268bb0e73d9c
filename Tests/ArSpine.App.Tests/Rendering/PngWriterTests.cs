using ArSpine.App.Hosts.Desktop;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.Rendering;

public sealed class PngWriterTests
{
    [Fact]
    public void Crc32_StandardCheckString_Is0xCBF43926()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }

    [Theory]
    [InlineData(PngColorType.Rgba8, 37, 23)]
    [InlineData(PngColorType.Rgb8, 37, 23)]
    [InlineData(PngColorType.Rgba8, 1, 1)]
    [InlineData(PngColorType.Rgb8, 64, 1)]
    public void Save_SeededImage_PythonDecodesSamePixelsWithValidCrcs(PngColorType colorType, int width, int height)
    {
        byte[] pixels = SeededImage(width, height, colorType, seed: 20251);
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("image.png");

        PngWriter.Save(path, pixels, width, height, colorType);
        DecodedPng decoded = PngOracle.Decode(path);

        Assert.True(decoded.CrcsMatch);
        Assert.Equal((width, height, (int)colorType), (decoded.Width, decoded.Height, decoded.ColorType));
        Assert.Equal("IHDR", decoded.ChunkTypes[0]);
        Assert.Equal("IEND", decoded.ChunkTypes[^1]);
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void Encode_SmallIdatChunks_SplitsDataAndPythonDecodesSamePixels()
    {
        const int width = 50, height = 40;
        byte[] pixels = SeededImage(width, height, PngColorType.Rgba8, seed: 7);
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("chunked.png");

        using (FileStream file = File.Create(path))
        {
            PngWriter.Encode(file, pixels, width, height, PngColorType.Rgba8, idatChunkBytes: 100);
        }

        DecodedPng decoded = PngOracle.Decode(path);

        Assert.True(decoded.CrcsMatch);
        Assert.True(decoded.IdatChunks > 1, $"Expected several IDAT chunks. Was {decoded.IdatChunks}.");
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void Encode_PixelCountMismatch_ThrowsWithExpectedAndWas()
    {
        var pixels = new byte[4 * 10 * 10 - 1];

        var error = Assert.Throws<ArgumentException>(() => PngWriter.Encode(Stream.Null, pixels, 10, 10, PngColorType.Rgba8));

        Assert.StartsWith("Expected 400 bytes for 10 × 10 Rgba8 pixels. Was 399.", error.Message);
    }

    [Fact]
    public void Save_ExistingFile_IsReplacedAndNoTemporaryFileIsLeft()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("frame.png");
        File.WriteAllText(path, "old");

        PngWriter.Save(path, new byte[] { 1, 2, 3 }, 1, 1, PngColorType.Rgb8);

        Assert.Equal([1, 2, 3], PngOracle.Decode(path).Pixels);
        Assert.Equal(["frame.png"], Directory.GetFiles(folder.FolderPath).Select(Path.GetFileName));
    }

    /// <summary>Smooth gradients (so every filter type wins somewhere) plus seeded noise, and an alpha ramp.</summary>
    private static byte[] SeededImage(int width, int height, PngColorType colorType, int seed)
    {
        int channels = colorType == PngColorType.Rgba8 ? 4 : 3;
        var random = new Random(seed);
        var pixels = new byte[width * height * channels];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int o = (y * width + x) * channels;
                bool noisy = (x / 8 + y / 8) % 3 == 0;
                pixels[o] = noisy ? (byte)random.Next(256) : (byte)(x * 255 / Math.Max(1, width - 1));
                pixels[o + 1] = noisy ? (byte)random.Next(256) : (byte)(y * 255 / Math.Max(1, height - 1));
                pixels[o + 2] = (byte)((x * 7 + y * 13) & 0xFF);
                if (channels == 4)
                {
                    pixels[o + 3] = (byte)(255 - (x + y) % 256);
                }
            }
        }

        return pixels;
    }
}
