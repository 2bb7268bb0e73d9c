using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ArSpine.Imaging.Dicom;

/// <summary>One element of a parsed data set: its tag, VR and where its value lies in the data set's buffer.</summary>
internal readonly record struct DicomElement(uint Tag, ushort Vr, int Offset, int Length);

/// <summary>
/// A parsed DICOM data set (or sequence item): elements by tag, their values read on demand from the buffer they were parsed from.
/// Text is decoded with the data set's SpecificCharacterSet (inherited by sequence items). Readers that return null mean "absent or
/// empty"; the <c>Require…</c> readers throw a <see cref="DicomFormatException"/> naming the file and the tag. Not thread-safe to build;
/// safe to read from several threads once parsed.
/// </summary>
public sealed class DicomDataSet
{
    private readonly Dictionary<uint, DicomElement> _elements = [];
    private readonly Dictionary<uint, List<DicomDataSet>> _sequences = [];
    private readonly byte[] _buffer;
    private readonly DicomDataSet? _parent;
    private Encoding? _encoding;

    internal DicomDataSet(string source, byte[] buffer, bool bigEndian, DicomDataSet? parent)
    {
        Source = source;
        _buffer = buffer;
        BigEndian = bigEndian;
        _parent = parent;
    }

    /// <summary>The file this data set was read from, for messages.</summary>
    public string Source { get; }

    /// <summary>True for Explicit VR Big Endian data.</summary>
    public bool BigEndian { get; }

    /// <summary>The tags present (elements and sequences), in no particular order.</summary>
    public IEnumerable<uint> Tags => _elements.Keys.Concat(_sequences.Keys);

    internal void Add(DicomElement element) => _elements[element.Tag] = element;

    internal void AddSequence(uint tag, List<DicomDataSet> items) => _sequences[tag] = items;

    /// <summary>True when the element or sequence is present (possibly empty).</summary>
    public bool Contains(uint tag) => _elements.ContainsKey(tag) || _sequences.ContainsKey(tag);

    /// <summary>The VR of an element as two letters, or null when absent.</summary>
    public string? VrOf(uint tag) => _elements.TryGetValue(tag, out DicomElement e) ? VrText(e.Vr) : _sequences.ContainsKey(tag) ? "SQ" : null;

    /// <summary>The raw bytes of an element's value (a view of the parse buffer), or empty when absent.</summary>
    public ReadOnlySpan<byte> Bytes(uint tag) =>
        _elements.TryGetValue(tag, out DicomElement e) ? _buffer.AsSpan(e.Offset, e.Length) : ReadOnlySpan<byte>.Empty;

    /// <summary>The items of a sequence; empty when absent.</summary>
    public IReadOnlyList<DicomDataSet> Sequence(uint tag) => _sequences.TryGetValue(tag, out List<DicomDataSet>? items) ? items : [];

    /// <summary>The first item of a sequence, or null.</summary>
    public DicomDataSet? FirstItem(uint tag) => Sequence(tag) is { Count: > 0 } items ? items[0] : null;

    /// <summary>An element's text, decoded and trimmed of padding; null when absent or empty.</summary>
    public string? String(uint tag)
    {
        if (!_elements.TryGetValue(tag, out DicomElement e) || e.Length == 0)
        {
            return null;
        }

        ReadOnlySpan<byte> bytes = _buffer.AsSpan(e.Offset, e.Length);
        string text = IsTextVr(e.Vr) && !IsAsciiVr(e.Vr) ? Encoding.GetString(bytes) : System.Text.Encoding.Latin1.GetString(bytes);
        text = text.Trim(' ', '\0');
        return text.Length == 0 ? null : text;
    }

    /// <summary>The values of a multi-valued text element (split at '\'), each trimmed; empty when absent.</summary>
    public string[] Strings(uint tag) => String(tag) is string text ? text.Split('\\', StringSplitOptions.TrimEntries) : [];

    /// <summary>The numbers of a DS element; null when absent or empty; throws for text that is not a number.</summary>
    public double[]? Decimals(uint tag)
    {
        string[] parts = Strings(tag);
        if (parts.Length == 0)
        {
            return null;
        }

        var values = new double[parts.Length];
        for (int n = 0; n < parts.Length; n++)
        {
            if (!double.TryParse(parts[n], NumberStyles.Float, CultureInfo.InvariantCulture, out values[n]) || !double.IsFinite(values[n]))
            {
                throw new DicomFormatException(Source, tag, "decimal numbers (DS)", String(tag)!);
            }
        }

        return values;
    }

    /// <summary>The first integer of an IS, US, SS, UL or SL element; null when absent or empty; throws for a malformed value.</summary>
    public int? Integer(uint tag)
    {
        if (!_elements.TryGetValue(tag, out DicomElement e) || e.Length == 0)
        {
            return null;
        }

        string vr = VrText(e.Vr);
        ReadOnlySpan<byte> b = _buffer.AsSpan(e.Offset, e.Length);
        switch (vr)
        {
            case "US" when b.Length >= 2: return BigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b);
            case "SS" when b.Length >= 2: return BigEndian ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b);
            case "SL" when b.Length >= 4: return BigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b);
            case "UL" when b.Length >= 4:
                uint u = BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b);
                return u <= int.MaxValue ? (int)u : throw new DicomFormatException(Source, tag, $"at most {int.MaxValue}", u.ToString(CultureInfo.InvariantCulture));
            case "IS" or "DS":
                string text = Strings(tag) is [string first, ..] ? first : "";
                if (text.Length == 0)
                {
                    return null;
                }

                return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value)
                    ? value
                    : throw new DicomFormatException(Source, tag, "an integer string (IS)", String(tag)!);
            default:
                throw new DicomFormatException(Source, tag, "an integer (IS, US, SS, UL or SL)", $"VR {vr}, {b.Length} bytes");
        }
    }

    private Encoding Encoding => _encoding ??= ResolveEncoding();

    private Encoding ResolveEncoding()
    {
        if (!_elements.ContainsKey(DicomTags.SpecificCharacterSet))
        {
            return _parent?.Encoding ?? System.Text.Encoding.Latin1;
        }

        string[] sets = Strings(DicomTags.SpecificCharacterSet);
        string last = sets.LastOrDefault(s => s.Length > 0) ?? "";
        return last switch
        {
            "ISO_IR 192" => System.Text.Encoding.UTF8,
            "" or "ISO_IR 6" or "ISO 2022 IR 6" => System.Text.Encoding.ASCII,
            // ISO_IR 100 (Latin-1) and, as the nearest readable fallback for names, the other single-byte sets.
            _ => System.Text.Encoding.Latin1,
        };
    }

    internal static ushort Vr(string text) => (ushort)((text[0] << 8) | text[1]);

    internal static string VrText(ushort vr) => new([(char)(vr >> 8), (char)(vr & 0xff)]);

    /// <summary>True for the VRs that Explicit VR encodes with two reserved bytes and a 32-bit length (PS3.5 7.1.2).</summary>
    internal static bool IsLongVr(string vr) => vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV";

    private static bool IsTextVr(ushort vr) => VrText(vr) is "AE" or "AS" or "CS" or "DA" or "DS" or "DT" or "IS" or "LO" or "LT" or "PN" or "SH" or "ST" or "TM" or "UC" or "UI" or "UR" or "UT";

    private static bool IsAsciiVr(ushort vr) => VrText(vr) is "AE" or "AS" or "CS" or "DA" or "DS" or "DT" or "IS" or "TM" or "UI" or "UR";
}
