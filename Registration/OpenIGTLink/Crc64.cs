namespace ArSpine.Registration.OpenIGTLink;

/// <summary>The CRC-64 of OpenIGTLink bodies: ECMA-182 polynomial 0x42F0E1EBA9EA3693, most significant bit first, initial value 0, no final XOR.</summary>
public static class Crc64
{
    private const ulong Polynomial = 0x42F0E1EBA9EA3693;
    private static readonly ulong[] Table = CreateTable();

    /// <summary>The CRC of <paramref name="data"/>, continuing from <paramref name="crc"/> (0 to start).</summary>
    public static ulong Compute(ReadOnlySpan<byte> data, ulong crc = 0)
    {
        foreach (byte b in data)
        {
            crc = Table[(int)(((crc >> 56) ^ b) & 0xFF)] ^ (crc << 8);
        }

        return crc;
    }

    private static ulong[] CreateTable()
    {
        var table = new ulong[256];
        for (int i = 0; i < 256; i++)
        {
            ulong value = (ulong)i << 56;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 0x8000000000000000) != 0 ? (value << 1) ^ Polynomial : value << 1;
            }

            table[i] = value;
        }

        return table;
    }
}
