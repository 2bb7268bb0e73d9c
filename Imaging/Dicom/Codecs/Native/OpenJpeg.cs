using System.Runtime.InteropServices;

namespace ArSpine.Imaging.Dicom.Codecs.Native;

/// <summary>P/Invoke declarations of OpenJPEG 2.x (<c>libopenjp2.so.7</c>, Debian package <c>libopenjp2-7</c>): the decoder and a memory stream.</summary>
internal static unsafe class OpenJpeg
{
    public const string Library = "libopenjp2.so.7";
    public const string DebianPackage = "libopenjp2-7";

    /// <summary>OPJ_CODEC_J2K: a raw JPEG 2000 codestream.</summary>
    public const int CodecJ2k = 0;

    /// <summary>OPJ_CODEC_JP2: a JP2 file (boxes around the codestream).</summary>
    public const int CodecJp2 = 2;

    /// <summary>Bytes reserved for opj_dparameters_t, whose layout is filled by the library (about 8 KiB in 2.5).</summary>
    public const int DecoderParametersBytes = 64 * 1024;

    [DllImport(Library, EntryPoint = "opj_create_decompress")]
    public static extern IntPtr CreateDecompress(int format);

    [DllImport(Library, EntryPoint = "opj_set_default_decoder_parameters")]
    public static extern void SetDefaultDecoderParameters(void* parameters);

    [DllImport(Library, EntryPoint = "opj_setup_decoder")]
    public static extern int SetupDecoder(IntPtr codec, void* parameters);

    [DllImport(Library, EntryPoint = "opj_codec_set_threads")]
    public static extern int CodecSetThreads(IntPtr codec, int threads);

    [DllImport(Library, EntryPoint = "opj_stream_create")]
    public static extern IntPtr StreamCreate(nuint bufferSize, int isInput);

    [DllImport(Library, EntryPoint = "opj_stream_set_read_function")]
    public static extern void StreamSetReadFunction(IntPtr stream, delegate* unmanaged<void*, nuint, void*, nuint> read);

    [DllImport(Library, EntryPoint = "opj_stream_set_skip_function")]
    public static extern void StreamSetSkipFunction(IntPtr stream, delegate* unmanaged<long, void*, long> skip);

    [DllImport(Library, EntryPoint = "opj_stream_set_seek_function")]
    public static extern void StreamSetSeekFunction(IntPtr stream, delegate* unmanaged<long, void*, int> seek);

    [DllImport(Library, EntryPoint = "opj_stream_set_user_data")]
    public static extern void StreamSetUserData(IntPtr stream, void* data, IntPtr freeFunction);

    [DllImport(Library, EntryPoint = "opj_stream_set_user_data_length")]
    public static extern void StreamSetUserDataLength(IntPtr stream, ulong length);

    [DllImport(Library, EntryPoint = "opj_read_header")]
    public static extern int ReadHeader(IntPtr stream, IntPtr codec, out Image* image);

    [DllImport(Library, EntryPoint = "opj_decode")]
    public static extern int Decode(IntPtr codec, IntPtr stream, Image* image);

    [DllImport(Library, EntryPoint = "opj_end_decompress")]
    public static extern int EndDecompress(IntPtr codec, IntPtr stream);

    [DllImport(Library, EntryPoint = "opj_stream_destroy")]
    public static extern void StreamDestroy(IntPtr stream);

    [DllImport(Library, EntryPoint = "opj_destroy_codec")]
    public static extern void DestroyCodec(IntPtr codec);

    [DllImport(Library, EntryPoint = "opj_image_destroy")]
    public static extern void ImageDestroy(Image* image);

    /// <summary>opj_image_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Image
    {
        public uint X0, Y0, X1, Y1, NumComps;
        public int ColorSpace;
        public ImageComponent* Comps;
        public byte* IccProfileBuffer;
        public uint IccProfileLength;
    }

    /// <summary>opj_image_comp_t.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct ImageComponent
    {
        public uint Dx, Dy, W, H, X0, Y0, Prec, Bpp, Sgnd, ResnoDecoded, Factor;
        public int* Data;
        public ushort Alpha;
    }

    /// <summary>The state of a read-only memory stream handed to OpenJPEG's callbacks.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MemoryState
    {
        public byte* Data;
        public long Length;
        public long Position;
    }

    [UnmanagedCallersOnly]
    public static nuint Read(void* buffer, nuint count, void* user)
    {
        var state = (MemoryState*)user;
        long left = state->Length - state->Position;
        if (left <= 0)
        {
            return unchecked((nuint)(-1));
        }

        long n = Math.Min(left, (long)count);
        Buffer.MemoryCopy(state->Data + state->Position, buffer, (long)count, n);
        state->Position += n;
        return (nuint)n;
    }

    [UnmanagedCallersOnly]
    public static long Skip(long count, void* user)
    {
        var state = (MemoryState*)user;
        long target = Math.Clamp(state->Position + count, 0, state->Length);
        long skipped = target - state->Position;
        state->Position = target;
        return skipped;
    }

    [UnmanagedCallersOnly]
    public static int Seek(long position, void* user)
    {
        var state = (MemoryState*)user;
        if (position < 0 || position > state->Length)
        {
            return 0;
        }

        state->Position = position;
        return 1;
    }
}
