using System.Globalization;
using System.Runtime.InteropServices;
using ArSpine.Imaging.Dicom.Codecs.Native;

namespace ArSpine.Imaging.Dicom.Codecs;

/// <summary>
/// Decodes one JPEG 2000 frame (a raw codestream or a JP2 file) through OpenJPEG into 16-bit words holding the decoded values
/// (two's complement when the codestream is signed). The codestream's own precision and signedness are returned, since some files
/// disagree with their BitsStored. Single-threaded per call; calls may run in parallel.
/// </summary>
internal static unsafe class Jpeg2000FrameDecoder
{
    /// <summary>Decodes into <paramref name="words"/>; returns the codestream's precision in bits and whether it is signed.</summary>
    public static (int Precision, bool Signed) Decode(ReadOnlySpan<byte> frame, int rows, int columns, Span<ushort> words, string file)
    {
        try
        {
            return DecodeCore(frame, rows, columns, words, file);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new DicomCodecUnavailableException(file, OpenJpeg.Library, OpenJpeg.DebianPackage, "JPEG 2000 (OpenJPEG)", e);
        }
    }

    private static (int Precision, bool Signed) DecodeCore(ReadOnlySpan<byte> frame, int rows, int columns, Span<ushort> words, string file)
    {
        bool jp2 = frame.Length >= 12 && frame[..12].SequenceEqual((ReadOnlySpan<byte>)[0, 0, 0, 12, (byte)'j', (byte)'P', (byte)' ', (byte)' ', 13, 10, 0x87, 10]);
        IntPtr codec = OpenJpeg.CreateDecompress(jp2 ? OpenJpeg.CodecJp2 : OpenJpeg.CodecJ2k);
        IntPtr stream = IntPtr.Zero;
        OpenJpeg.Image* image = null;
        void* parameters = NativeMemory.AllocZeroed(OpenJpeg.DecoderParametersBytes);
        try
        {
            fixed (byte* data = frame)
            {
                var state = new OpenJpeg.MemoryState { Data = data, Length = frame.Length, Position = 0 };
                OpenJpeg.SetDefaultDecoderParameters(parameters);
                if (OpenJpeg.SetupDecoder(codec, parameters) == 0)
                {
                    throw Error(file, "OpenJPEG to accept its decoder parameters", "refused");
                }

                OpenJpeg.CodecSetThreads(codec, 1);
                stream = OpenJpeg.StreamCreate(1 << 16, 1);
                OpenJpeg.StreamSetReadFunction(stream, &OpenJpeg.Read);
                OpenJpeg.StreamSetSkipFunction(stream, &OpenJpeg.Skip);
                OpenJpeg.StreamSetSeekFunction(stream, &OpenJpeg.Seek);
                OpenJpeg.StreamSetUserData(stream, &state, IntPtr.Zero);
                OpenJpeg.StreamSetUserDataLength(stream, (ulong)frame.Length);
                if (OpenJpeg.ReadHeader(stream, codec, out image) == 0 || image is null)
                {
                    throw Error(file, "a JPEG 2000 codestream header", "one OpenJPEG cannot read");
                }

                if (OpenJpeg.Decode(codec, stream, image) == 0 || OpenJpeg.EndDecompress(codec, stream) == 0)
                {
                    throw Error(file, "a JPEG 2000 codestream OpenJPEG can decode", "a corrupt or truncated codestream");
                }

                if (image->NumComps != 1)
                {
                    throw Error(file, "a JPEG 2000 image with 1 component", image->NumComps.ToString(CultureInfo.InvariantCulture));
                }

                OpenJpeg.ImageComponent* component = image->Comps;
                if (component->W != columns || component->H != rows || component->Data is null)
                {
                    throw Error(file, string.Create(CultureInfo.InvariantCulture, $"a JPEG 2000 image of {columns}x{rows} (Columns x Rows)"), string.Create(CultureInfo.InvariantCulture, $"{component->W}x{component->H}"));
                }

                int precision = (int)component->Prec;
                bool signed = component->Sgnd != 0;
                if (precision is < 1 or > 16)
                {
                    throw Error(file, "a JPEG 2000 precision of 1 to 16 bits", precision.ToString(CultureInfo.InvariantCulture));
                }

                var values = new ReadOnlySpan<int>(component->Data, rows * columns);
                for (int n = 0; n < values.Length; n++)
                {
                    words[n] = (ushort)values[n];
                }

                return (precision, signed);
            }
        }
        finally
        {
            if (image is not null)
            {
                OpenJpeg.ImageDestroy(image);
            }

            if (stream != IntPtr.Zero)
            {
                OpenJpeg.StreamDestroy(stream);
            }

            if (codec != IntPtr.Zero)
            {
                OpenJpeg.DestroyCodec(codec);
            }

            NativeMemory.Free(parameters);
        }
    }

    private static DicomFormatException Error(string file, string expected, string found) => new(file, DicomTags.PixelData, expected, found);
}
