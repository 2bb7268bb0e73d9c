namespace ArSpine.Imaging.Nifti;

/// <summary>The NIfTI-1 <c>datatype</c> codes this project reads (field at byte 70 of the header).</summary>
public enum NiftiDataType : short
{
    /// <summary>DT_UINT8: unsigned 8-bit integer.</summary>
    UInt8 = 2,

    /// <summary>DT_INT16: signed 16-bit integer.</summary>
    Int16 = 4,

    /// <summary>DT_INT32: signed 32-bit integer.</summary>
    Int32 = 8,

    /// <summary>DT_FLOAT32: IEEE single.</summary>
    Float32 = 16,

    /// <summary>DT_FLOAT64: IEEE double.</summary>
    Float64 = 64,

    /// <summary>DT_INT8: signed 8-bit integer.</summary>
    Int8 = 256,

    /// <summary>DT_UINT16: unsigned 16-bit integer.</summary>
    UInt16 = 512,

    /// <summary>DT_UINT32: unsigned 32-bit integer.</summary>
    UInt32 = 768,
}

/// <summary>Sizes of the supported <see cref="NiftiDataType"/> codes.</summary>
public static class NiftiDataTypes
{
    /// <summary>The bytes per sample of a datatype code, or 0 when the code is not supported.</summary>
    public static int BytesPerSample(short code) => (NiftiDataType)code switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Float64 => 8,
        _ => 0,
    };

    /// <summary>The supported codes, for error messages.</summary>
    public const string SupportedList = "2 (uint8), 4 (int16), 8 (int32), 16 (float32), 64 (float64), 256 (int8), 512 (uint16) or 768 (uint32)";
}
