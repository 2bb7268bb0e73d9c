using System.Runtime.InteropServices;

namespace ArSpine.Imaging.Dicom.Codecs.Native;

/// <summary>P/Invoke declarations of CharLS 2.x's C API (<c>libcharls.so.2</c>, Debian package <c>libcharls2</c>): the JPEG-LS decoder.</summary>
internal static unsafe class CharLs
{
    public const string Library = "libcharls.so.2";
    public const string DebianPackage = "libcharls2";

    [DllImport(Library, EntryPoint = "charls_jpegls_decoder_create")]
    public static extern IntPtr DecoderCreate();

    [DllImport(Library, EntryPoint = "charls_jpegls_decoder_destroy")]
    public static extern void DecoderDestroy(IntPtr decoder);

    [DllImport(Library, EntryPoint = "charls_jpegls_decoder_set_source_buffer")]
    public static extern int SetSourceBuffer(IntPtr decoder, void* source, nuint size);

    [DllImport(Library, EntryPoint = "charls_jpegls_decoder_read_header")]
    public static extern int ReadHeader(IntPtr decoder);

    [DllImport(Library, EntryPoint = "charls_jpegls_decoder_get_frame_info")]
    public static extern int GetFrameInfo(IntPtr decoder, out FrameInfo info);

    [DllImport(Library, EntryPoint = "charls_jpegls_decoder_decode_to_buffer")]
    public static extern int DecodeToBuffer(IntPtr decoder, void* destination, nuint size, uint stride);

    [DllImport(Library, EntryPoint = "charls_get_error_message")]
    public static extern IntPtr GetErrorMessage(int error);

    /// <summary>charls_frame_info.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FrameInfo
    {
        public uint Width, Height;
        public int BitsPerSample, ComponentCount;
    }

    /// <summary>The library's message for an error code.</summary>
    public static string Message(int error) => Marshal.PtrToStringUTF8(GetErrorMessage(error)) ?? $"error {error}";
}
