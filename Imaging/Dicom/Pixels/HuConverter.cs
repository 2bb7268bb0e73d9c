namespace ArSpine.Imaging.Dicom.Pixels;

/// <summary>
/// Maps a frame's stored pixel words to HU through a lookup table built once per (bit layout, slope, intercept): the value is taken
/// from bits HighBit-BitsStored+1..HighBit, sign-extended when signed, then <c>HU = value × RescaleSlope + RescaleIntercept</c>,
/// rounded half away from zero and clamped to the int16 range (the count of clamped pixels is reported). MONOCHROME1 changes only
/// how an image is displayed, not its values, so it is not inverted. Thread-safe.
/// </summary>
internal sealed class HuConverter
{
    private readonly short[] _table;
    private readonly bool[] _clamped;
    private readonly bool _anyClamped;

    /// <summary>Builds the table for words of <paramref name="bitsAllocated"/> bits (8 or 16).</summary>
    public HuConverter(int bitsAllocated, int bitsStored, int highBit, bool signed, double slope, double intercept)
    {
        int size = 1 << bitsAllocated;
        _table = new short[size];
        _clamped = new bool[size];
        int shift = highBit + 1 - bitsStored;
        int mask = (1 << bitsStored) - 1;
        int signBit = 1 << (bitsStored - 1);
        for (int raw = 0; raw < size; raw++)
        {
            int value = (raw >> shift) & mask;
            if (signed && (value & signBit) != 0)
            {
                value -= 1 << bitsStored;
            }

            double hu = Math.Round(value * slope + intercept, MidpointRounding.AwayFromZero);
            if (hu < short.MinValue || hu > short.MaxValue)
            {
                _clamped[raw] = true;
                _anyClamped = true;
                hu = Math.Clamp(hu, short.MinValue, short.MaxValue);
            }

            _table[raw] = (short)hu;
        }

        IsIdentity = size == 65536 && !_anyClamped;
        for (int raw = 0; IsIdentity && raw < size; raw++)
        {
            IsIdentity = _table[raw] == (short)(ushort)raw;
        }
    }

    /// <summary>True when every 16-bit word is its own HU (16 bits stored, signed, slope 1, intercept 0): conversion copies.</summary>
    public bool IsIdentity { get; }

    /// <summary>
    /// Converts <paramref name="words"/> into <paramref name="hu"/> (same length; they may be the same memory); returns how many were
    /// clamped to int16.
    /// </summary>
    public int Convert(ReadOnlySpan<ushort> words, Span<short> hu)
    {
        short[] table = _table;
        int mask = table.Length - 1;
        if (IsIdentity)
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<ushort, short>(words).CopyTo(hu);
            return 0;
        }

        if (!_anyClamped)
        {
            for (int n = 0; n < words.Length; n++)
            {
                hu[n] = table[words[n] & mask];
            }

            return 0;
        }

        bool[] flags = _clamped;
        int clamped = 0;
        for (int n = 0; n < words.Length; n++)
        {
            int word = words[n] & mask;
            clamped += flags[word] ? 1 : 0;
            hu[n] = table[word];
        }

        return clamped;
    }
}
