using System.Globalization;
using JpegLibrary;

namespace ArSpine.Imaging.Dicom.Codecs;

/// <summary>
/// Decodes one JPEG baseline or extended frame (ISO 10918-1, lossy DCT) with JpegLibrary into grey-scale words, samples clamped to their
/// precision as decoders do. Lossless frames go to <see cref="LosslessJpegDecoder"/> (JpegLibrary 0.4.32 predicts the first line of
/// lossless predictors 2–7 wrongly, checked against dcmtk's decoder).
/// </summary>
internal static class JpegFrameDecoder
{
    /// <summary>Decodes <paramref name="frame"/> into <paramref name="words"/> (rows × columns); throws when its size or components differ from the data set's.</summary>
    public static void Decode(ReadOnlyMemory<byte> frame, int rows, int columns, Span<ushort> words, string file)
    {
        var decoder = new JpegDecoder();
        try
        {
            decoder.SetInput(frame);
            decoder.Identify();
            if (decoder.Width != columns || decoder.Height != rows || decoder.NumberOfComponents != 1)
            {
                throw new DicomFormatException(file, DicomTags.PixelData, string.Create(CultureInfo.InvariantCulture, $"a JPEG image of {columns}x{rows} with 1 component (Columns x Rows)"),
                    string.Create(CultureInfo.InvariantCulture, $"{decoder.Width}x{decoder.Height} with {decoder.NumberOfComponents} components"));
            }

            // Lossless (SOF3) streams go to LosslessJpegDecoder (see FrameDecoder); this one decodes the DCT processes only.
            var output = new ushort[words.Length];
            decoder.SetOutputWriter(new GreyWriter(output, columns, rows, (1 << decoder.Precision) - 1));
            decoder.Decode();
            output.CopyTo(words);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or NotSupportedException or IndexOutOfRangeException or ArgumentException)
        {
            throw new DicomFormatException(file, DicomTags.PixelData, "a JPEG stream JpegLibrary can decode", e.Message, e);
        }
    }

    /// <summary>Receives 8x8 blocks of decoded samples and stores them, clipped to the image, as words.</summary>
    private sealed class GreyWriter(ushort[] output, int width, int height, int maximum) : JpegBlockOutputWriter
    {
        public override void WriteBlock(ref short blockRef, int componentIndex, int x, int y)
        {
            int rows = Math.Min(8, height - y), columns = Math.Min(8, width - x);
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    short sample = System.Runtime.CompilerServices.Unsafe.Add(ref blockRef, r * 8 + c);
                    // Lossy samples are clamped to the precision's range.
                    output[(y + r) * width + x + c] = (ushort)Math.Clamp((int)sample, 0, maximum);
                }
            }
        }
    }
}
