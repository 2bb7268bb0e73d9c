using ArSpine.Core.Geometry;

namespace ArSpine.Registration.OpenIGTLink;

/// <summary>The body of an OpenIGTLink message, by type.</summary>
public abstract record IgtlContent
{
    /// <summary>The header's type name, such as TRANSFORM.</summary>
    public abstract string TypeName { get; }
}

/// <summary>TRANSFORM: a rigid pose; OpenIGTLink sends the upper 3x4 of the matrix as float32, translation in mm.</summary>
/// <param name="Transform">The pose (the frames are the sender's; PLUS and 3D Slicer name them in the device name, such as "MarkerToCamera").</param>
public sealed record TransformContent(RigidTransform Transform) : IgtlContent
{
    /// <inheritdoc/>
    public override string TypeName => "TRANSFORM";
}

/// <summary>POSITION: a position (mm) and a unit quaternion (x, y, z, w), float32 on the wire.</summary>
/// <param name="PositionMm">Position, mm.</param>
/// <param name="Qx">Quaternion x.</param>
/// <param name="Qy">Quaternion y.</param>
/// <param name="Qz">Quaternion z.</param>
/// <param name="Qw">Quaternion w.</param>
public sealed record PositionContent(Vector3d PositionMm, double Qx, double Qy, double Qz, double Qw) : IgtlContent
{
    /// <inheritdoc/>
    public override string TypeName => "POSITION";
}

/// <summary>STATUS: a code (1 = OK, 0 = invalid, …), a device-specific sub-code, an error name (at most 20 characters) and a message.</summary>
/// <param name="Code">Status code as the protocol defines it (1: OK).</param>
/// <param name="SubCode">Device-specific code.</param>
/// <param name="ErrorName">Short error name, at most 20 ASCII characters.</param>
/// <param name="Message">Status text.</param>
public sealed record StatusContent(ushort Code, long SubCode, string ErrorName, string Message) : IgtlContent
{
    /// <inheritdoc/>
    public override string TypeName => "STATUS";
}

/// <summary>STRING: text with its IANA MIBenum encoding (3: US-ASCII, 106: UTF-8). Named TextContent to stay clear of System.Net.Http.StringContent.</summary>
/// <param name="Text">The text.</param>
/// <param name="Encoding">MIBenum of the encoding.</param>
public sealed record TextContent(string Text, ushort Encoding = TextContent.Utf8) : IgtlContent
{
    /// <summary>MIBenum of US-ASCII.</summary>
    public const ushort UsAscii = 3;

    /// <summary>MIBenum of UTF-8.</summary>
    public const ushort Utf8 = 106;

    /// <inheritdoc/>
    public override string TypeName => "STRING";
}

/// <summary>Pixel types of IMAGE.</summary>
public enum IgtlScalarType : byte
{
    /// <summary>Signed 8-bit.</summary>
    Int8 = 2,

    /// <summary>Unsigned 8-bit.</summary>
    UInt8 = 3,

    /// <summary>Signed 16-bit.</summary>
    Int16 = 4,

    /// <summary>Unsigned 16-bit.</summary>
    UInt16 = 5,

    /// <summary>Signed 32-bit.</summary>
    Int32 = 6,

    /// <summary>Unsigned 32-bit.</summary>
    UInt32 = 7,

    /// <summary>32-bit float.</summary>
    Float32 = 10,

    /// <summary>64-bit float.</summary>
    Float64 = 11,
}

/// <summary>
/// IMAGE: a volume (or a 2D image with one slice) with its geometry: voxel counts, the direction and spacing (mm) of
/// each index axis, the origin (the centre of the volume, as OpenIGTLink defines it, mm) and the pixels.
/// </summary>
/// <param name="SizeI">Voxels along i.</param>
/// <param name="SizeJ">Voxels along j.</param>
/// <param name="SizeK">Voxels along k.</param>
/// <param name="ScalarType">Pixel type.</param>
/// <param name="Components">Components per pixel.</param>
/// <param name="StepI">Direction times spacing of the i axis, mm.</param>
/// <param name="StepJ">Direction times spacing of the j axis, mm.</param>
/// <param name="StepK">Direction times spacing of the k axis, mm.</param>
/// <param name="OriginMm">Position of the volume's centre, mm.</param>
/// <param name="Lps">True for LPS coordinates, false for RAS.</param>
/// <param name="BigEndian">Byte order of the pixel data.</param>
/// <param name="Pixels">The pixel bytes, i fastest.</param>
public sealed record ImageContent(
    int SizeI, int SizeJ, int SizeK, IgtlScalarType ScalarType, int Components,
    Vector3d StepI, Vector3d StepJ, Vector3d StepK, Vector3d OriginMm, bool Lps, bool BigEndian, byte[] Pixels) : IgtlContent
{
    /// <inheritdoc/>
    public override string TypeName => "IMAGE";

    /// <summary>Bytes per scalar.</summary>
    public static int BytesPerScalar(IgtlScalarType type) => type switch
    {
        IgtlScalarType.Int8 or IgtlScalarType.UInt8 => 1,
        IgtlScalarType.Int16 or IgtlScalarType.UInt16 => 2,
        IgtlScalarType.Int32 or IgtlScalarType.UInt32 or IgtlScalarType.Float32 => 4,
        IgtlScalarType.Float64 => 8,
        _ => throw new IgtlProtocolException("IMAGE scalar type", "2, 3, 4, 5, 6, 7, 10 or 11", ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };
}

/// <summary>A message of a type this build does not interpret, kept as bytes.</summary>
/// <param name="Type">The header's type name.</param>
/// <param name="Body">The content bytes.</param>
public sealed record RawContent(string Type, byte[] Body) : IgtlContent
{
    /// <inheritdoc/>
    public override string TypeName => Type;
}

/// <summary>One OpenIGTLink message.</summary>
/// <param name="DeviceName">Device name, at most 20 ASCII characters.</param>
/// <param name="TimestampS">Time stamp, seconds since the Unix epoch (0: none).</param>
/// <param name="Content">The body.</param>
/// <param name="HeaderVersion">1, or 2 to send an extended header with metadata.</param>
/// <param name="Metadata">Key-value metadata (header version 2 only), UTF-8 values.</param>
/// <param name="MessageId">Message id of the extended header (header version 2 only).</param>
public sealed record IgtlMessage(string DeviceName, double TimestampS, IgtlContent Content, ushort HeaderVersion = 1, IReadOnlyDictionary<string, string>? Metadata = null, uint MessageId = 0);
