namespace ArSpine.App.Hosts.Desktop;

/// <summary>The CRC-32 of PNG and zlib (ISO 3309, reflected polynomial 0xEDB88320), from a 256-entry table. Thread-safe, allocates nothing.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32 of <paramref name="data"/>: <c>Compute("123456789"u8) == 0xCBF43926</c>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    /// <summary>The running state before any byte.</summary>
    public const uint Start = 0xFFFFFFFFu;

    /// <summary>Folds more bytes into a running state from <see cref="Start"/> or an earlier <see cref="Append"/>.</summary>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        foreach (byte b in data)
        {
            state = Table[(state ^ b) & 0xFF] ^ (state >> 8);
        }

        return state;
    }

    /// <summary>The CRC of everything appended to a running state.</summary>
    public static uint Finish(uint state) => state ^ 0xFFFFFFFFu;

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
