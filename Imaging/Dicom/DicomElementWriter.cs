using System.Buffers.Binary;
using System.Globalization;

namespace ArSpine.Imaging.Dicom;

/// <summary>
/// Writes DICOM data elements in Explicit VR Little Endian into a growing buffer, refusing tags out of ascending order and
/// text that its VR does not allow. Values are padded to even length (space for text, NUL for UI, 0 for bytes).
/// Not thread-safe; one instance per data set.
/// </summary>
public sealed class DicomElementWriter
{
    private readonly MemoryStream _buffer = new();
    private uint _lastTag;
    private bool _any;

    /// <summary>The bytes written so far (a copy).</summary>
    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>The number of bytes written so far.</summary>
    public long Length => _buffer.Length;

    /// <summary>Writes a text element (AE, AS, CS, DA, DS, IS, LO, LT, PN, SH, ST, TM, UI); values of a multi-valued element are joined by '\'. Empty means zero length (a type 2 element with no value).</summary>
    public void WriteText(uint tag, string vr, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        CheckText(tag, vr, value);
        int padded = value.Length + (value.Length & 1);
        Span<byte> bytes = padded <= 1024 ? stackalloc byte[padded] : new byte[padded];
        for (int n = 0; n < value.Length; n++)
        {
            bytes[n] = (byte)value[n];
        }

        if (padded > value.Length)
        {
            bytes[^1] = vr == "UI" ? (byte)0 : (byte)' ';
        }

        WriteElement(tag, vr, bytes);
    }

    /// <summary>Writes one US (unsigned 16-bit) value.</summary>
    public void WriteUInt16(uint tag, ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        WriteElement(tag, "US", bytes);
    }

    /// <summary>Writes one UL (unsigned 32-bit) value.</summary>
    public void WriteUInt32(uint tag, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        WriteElement(tag, "UL", bytes);
    }

    /// <summary>Writes an OB or OW element from raw little-endian bytes, padded with a 0 byte to even length.</summary>
    public void WriteBinary(uint tag, string vr, ReadOnlySpan<byte> value)
    {
        if (vr is not ("OB" or "OW"))
        {
            throw new ArgumentException($"Expected VR OB or OW for binary data. Was '{vr}'.", nameof(vr));
        }

        if ((value.Length & 1) == 0)
        {
            WriteElement(tag, vr, value);
            return;
        }

        byte[] padded = new byte[value.Length + 1];
        value.CopyTo(padded);
        WriteElement(tag, vr, padded);
    }

    /// <summary>Writes an element header and its (already even-length) value.</summary>
    private void WriteElement(uint tag, string vr, ReadOnlySpan<byte> value)
    {
        if (_any && tag <= _lastTag)
        {
            throw new InvalidOperationException($"Expected DICOM tags in ascending order. Was {Name(tag)} after {Name(_lastTag)}.");
        }

        if ((value.Length & 1) != 0)
        {
            throw new InvalidOperationException($"Expected an even value length for {Name(tag)}. Was {value.Length}.");
        }

        _any = true;
        _lastTag = tag;
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)(tag >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)tag);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (DicomDataSet.IsLongVr(vr))
        {
            header[6] = 0;
            header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], (uint)value.Length);
            _buffer.Write(header);
        }
        else
        {
            if (value.Length > ushort.MaxValue)
            {
                throw new InvalidOperationException($"Expected at most {ushort.MaxValue} bytes for {Name(tag)} ({vr}). Was {value.Length}.");
            }

            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)value.Length);
            _buffer.Write(header[..8]);
        }

        _buffer.Write(value);
    }

    /// <summary>Checks a text value against its VR: character repertoire (ISO_IR 100 at most), maximum length per value, no '\' in single-valued VRs.</summary>
    private static void CheckText(uint tag, string vr, string value)
    {
        (int maxPerValue, bool multiValued) = vr switch
        {
            "AE" or "CS" or "DS" or "SH" => (16, true),
            "AS" => (4, true),
            "DA" => (8, true),
            "IS" => (12, true),
            "LO" or "UI" => (64, true),
            "PN" => (64 * 3 + 2, true),
            "TM" => (14, true),
            "LT" => (10240, false),
            "ST" => (1024, false),
            _ => throw new ArgumentException($"Expected a text VR. Was '{vr}' for {Name(tag)}.", nameof(vr)),
        };

        foreach (char c in value)
        {
            bool ok = vr switch
            {
                "UI" => c is >= '0' and <= '9' or '.' or '\\',
                "CS" => c is >= 'A' and <= 'Z' or >= '0' and <= '9' or ' ' or '_' or '\\',
                "DS" => c is >= '0' and <= '9' or '+' or '-' or '.' or 'E' or 'e' or ' ' or '\\',
                "IS" => c is >= '0' and <= '9' or '+' or '-' or ' ' or '\\',
                "DA" or "TM" => c is >= '0' and <= '9' or '.' or '\\',
                _ => (c >= 0x20 && c < 0x7f) || (c >= 0xa0 && c <= 0xff),
            };
            if (!ok || (c == '\\' && !multiValued))
            {
                throw new ArgumentException($"Expected characters allowed in VR {vr} for {Name(tag)}. Was '{value}' (character U+{(int)c:X4}).", nameof(value));
            }
        }

        foreach (string part in value.Split('\\'))
        {
            if (part.Length > maxPerValue)
            {
                throw new ArgumentException($"Expected at most {maxPerValue} characters per value of VR {vr} for {Name(tag)}. Was {part.Length}: '{part}'.", nameof(value));
            }
        }
    }

    /// <summary>A tag as "(gggg,eeee)".</summary>
    public static string Name(uint tag) => string.Create(CultureInfo.InvariantCulture, $"({tag >> 16:X4},{tag & 0xffff:X4})");
}
