using System.Buffers.Binary;
using System.Text;

namespace ArSpine.Registration.OpenIGTLink;

/// <summary>
/// The 58-byte OpenIGTLink message header (big-endian): version (1 or 2), type name (12 bytes), device name (20 bytes),
/// time stamp (64-bit fixed point: seconds in the upper 32 bits, 2⁻³² s in the lower), body size and the body's CRC-64.
/// </summary>
/// <param name="Version">Header version: 1, or 2 for bodies with an extended header and metadata.</param>
/// <param name="TypeName">Message type, such as TRANSFORM.</param>
/// <param name="DeviceName">Sending device, at most 20 ASCII characters.</param>
/// <param name="Timestamp">Time stamp in OpenIGTLink's fixed-point format.</param>
/// <param name="BodySize">Body size, bytes.</param>
/// <param name="Crc">CRC-64 of the body.</param>
public readonly record struct IgtlHeader(ushort Version, string TypeName, string DeviceName, ulong Timestamp, ulong BodySize, ulong Crc)
{
    /// <summary>Header size, bytes.</summary>
    public const int Size = 58;

    /// <summary>The time stamp in seconds since the Unix epoch.</summary>
    public double TimestampS => (Timestamp >> 32) + (Timestamp & 0xFFFFFFFF) / 4294967296.0;

    /// <summary>OpenIGTLink's fixed-point time stamp of <paramref name="seconds"/> since the Unix epoch.</summary>
    public static ulong ToTimestamp(double seconds)
    {
        double whole = Math.Floor(seconds);
        return ((ulong)whole << 32) | (ulong)Math.Min((seconds - whole) * 4294967296.0, uint.MaxValue);
    }

    /// <summary>Parses a header; throws <see cref="IgtlProtocolException"/> for an unknown version or non-ASCII names.</summary>
    public static IgtlHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Size)
        {
            throw new IgtlProtocolException("header", $"{Size} bytes", $"{bytes.Length} bytes");
        }

        ushort version = BinaryPrimitives.ReadUInt16BigEndian(bytes);
        if (version is not (1 or 2))
        {
            throw new IgtlProtocolException("header version", "1 or 2", version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return new IgtlHeader(
            version,
            ReadName(bytes.Slice(2, 12), "type name"),
            ReadName(bytes.Slice(14, 20), "device name"),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[34..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[42..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[50..]));
    }

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination, Version);
        WriteName(destination.Slice(2, 12), TypeName, "type name");
        WriteName(destination.Slice(14, 20), DeviceName, "device name");
        BinaryPrimitives.WriteUInt64BigEndian(destination[34..], Timestamp);
        BinaryPrimitives.WriteUInt64BigEndian(destination[42..], BodySize);
        BinaryPrimitives.WriteUInt64BigEndian(destination[50..], Crc);
    }

    private static string ReadName(ReadOnlySpan<byte> field, string what)
    {
        int end = field.IndexOf((byte)0);
        ReadOnlySpan<byte> text = end < 0 ? field : field[..end];
        foreach (byte b in text)
        {
            if (b is < 0x20 or > 0x7E)
            {
                throw new IgtlProtocolException(what, "printable ASCII", $"byte 0x{b:X2}");
            }
        }

        return Encoding.ASCII.GetString(text);
    }

    private static void WriteName(Span<byte> field, string name, string what)
    {
        if (name.Length > field.Length || name.Any(c => c is < ' ' or > '~'))
        {
            throw new ArgumentException($"Expected a {what} of at most {field.Length} printable ASCII characters. Was '{name}'.", nameof(name));
        }

        Encoding.ASCII.GetBytes(name, field);
    }
}

/// <summary>A malformed OpenIGTLink message: the field, what was expected and what was found.</summary>
public sealed class IgtlProtocolException : ArSpine.Core.Errors.InvalidInputException
{
    /// <summary>Creates the error "OpenIGTLink FIELD: expected X. Was 'Y'."</summary>
    public IgtlProtocolException(string field, string expected, string found)
        : base($"OpenIGTLink {field}: expected {expected}. Was '{found}'.")
    {
    }
}
