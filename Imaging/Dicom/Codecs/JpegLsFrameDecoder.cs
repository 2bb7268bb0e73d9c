using System.Globalization;
using System.Runtime.InteropServices;
using ArSpine.Imaging.Dicom.Codecs.Native;

namespace ArSpine.Imaging.Dicom.Codecs;

/// <summary>Decodes one JPEG-LS frame (lossless or near-lossless) through CharLS into grey-scale words. Calls may run in parallel.</summary>
internal static unsafe class JpegLsFrameDecoder
{
    /// <summary>Decodes into <paramref name="words"/>; throws when the frame's size, components or bit depth differ from the data set's.</summary>
    public static void Decode(ReadOnlySpan<byte> frame, int rows, int columns, int bitsAllocated, Span<ushort> words, string file)
    {
        try
        {
            DecodeCore(frame, rows, columns, bitsAllocated, words, file);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new DicomCodecUnavailableException(file, CharLs.Library, CharLs.DebianPackage, "JPEG-LS (CharLS)", e);
        }
    }

    private static void DecodeCore(ReadOnlySpan<byte> frame, int rows, int columns, int bitsAllocated, Span<ushort> words, string file)
    {
        IntPtr decoder = CharLs.DecoderCreate();
        if (decoder == IntPtr.Zero)
        {
            throw new OutOfMemoryException("CharLS could not create a decoder.");
        }

        try
        {
            fixed (byte* source = frame)
            {
                Check(CharLs.SetSourceBuffer(decoder, source, (nuint)frame.Length), file);
                Check(CharLs.ReadHeader(decoder), file);
                Check(CharLs.GetFrameInfo(decoder, out CharLs.FrameInfo info), file);
                if (info.Width != columns || info.Height != rows || info.ComponentCount != 1 || info.BitsPerSample is < 2 or > 16)
                {
                    throw new DicomFormatException(file, DicomTags.PixelData, string.Create(CultureInfo.InvariantCulture, $"a JPEG-LS image of {columns}x{rows}, 1 component, 2 to 16 bits"),
                        string.Create(CultureInfo.InvariantCulture, $"{info.Width}x{info.Height}, {info.ComponentCount} components, {info.BitsPerSample} bits"));
                }

                int bytesPerSample = info.BitsPerSample > 8 ? 2 : 1;
                nuint size = (nuint)(rows * columns * bytesPerSample);
                if (bytesPerSample == 2)
                {
                    fixed (ushort* destination = words)
                    {
                        Check(CharLs.DecodeToBuffer(decoder, destination, size, 0), file);
                    }
                }
                else
                {
                    byte* bytes = (byte*)NativeMemory.Alloc(size);
                    try
                    {
                        Check(CharLs.DecodeToBuffer(decoder, bytes, size, 0), file);
                        for (int n = 0; n < words.Length; n++)
                        {
                            words[n] = bytes[n];
                        }
                    }
                    finally
                    {
                        NativeMemory.Free(bytes);
                    }
                }
            }
        }
        finally
        {
            CharLs.DecoderDestroy(decoder);
        }
    }

    private static void Check(int error, string file)
    {
        if (error != 0)
        {
            throw new DicomFormatException(file, DicomTags.PixelData, "a JPEG-LS stream CharLS can decode", CharLs.Message(error));
        }
    }
}
