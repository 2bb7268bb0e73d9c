using System.Text.Json;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.Rendering;

/// <summary>What the independent PNG decoder found in a file.</summary>
internal sealed record DecodedPng(int Width, int Height, int ColorType, int IdatChunks, bool CrcsMatch, string[] ChunkTypes, byte[] Pixels);

/// <summary>An independent PNG decoder in Debian's Python, standard library only (struct, zlib): checks every chunk CRC and undoes the five row filters.</summary>
internal static class PngOracle
{
    private const string Script = """
        import json, struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\x89PNG\r\n\x1a\n', 'bad signature'
        pos, types, crcs_ok, idat = 8, [], True, b''
        while pos < len(data):
            length, = struct.unpack('>I', data[pos:pos + 4])
            kind = data[pos + 4:pos + 8]
            body = data[pos + 8:pos + 8 + length]
            crc, = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
            crcs_ok = crcs_ok and (zlib.crc32(kind + body) & 0xffffffff) == crc
            types.append(kind.decode('ascii'))
            if kind == b'IHDR':
                width, height, depth, color, method, filt, interlace = struct.unpack('>IIBBBBB', body)
                assert (depth, method, filt, interlace) == (8, 0, 0, 0), 'unexpected IHDR'
            elif kind == b'IDAT':
                idat += body
            pos += 12 + length
        channels = {2: 3, 6: 4}[color]
        raw = zlib.decompress(idat)
        stride = width * channels
        assert len(raw) == height * (stride + 1), 'bad decompressed length'
        out = bytearray()
        prev = bytearray(stride)
        for y in range(height):
            f = raw[y * (stride + 1)]
            line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                if f == 0: p = 0
                elif f == 1: p = a
                elif f == 2: p = b
                elif f == 3: p = (a + b) // 2
                elif f == 4:
                    e = a + b - c
                    pa, pb, pc = abs(e - a), abs(e - b), abs(e - c)
                    p = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                else: raise ValueError('bad filter %d' % f)
                line[i] = (line[i] + p) & 0xff
            out += line
            prev = line
        print(json.dumps({'Width': width, 'Height': height, 'ColorType': color, 'IdatChunks': types.count('IDAT'),
                          'CrcsMatch': crcs_ok, 'ChunkTypes': types, 'Pixels': out.hex()}))
        """;

    /// <summary>Decodes a PNG file with the Python oracle.</summary>
    public static DecodedPng Decode(string path)
    {
        using JsonDocument json = JsonDocument.Parse(ExternalTool.RunPython(Script, path));
        JsonElement root = json.RootElement;
        return new DecodedPng(
            root.GetProperty("Width").GetInt32(),
            root.GetProperty("Height").GetInt32(),
            root.GetProperty("ColorType").GetInt32(),
            root.GetProperty("IdatChunks").GetInt32(),
            root.GetProperty("CrcsMatch").GetBoolean(),
            root.GetProperty("ChunkTypes").EnumerateArray().Select(e => e.GetString()!).ToArray(),
            Convert.FromHexString(root.GetProperty("Pixels").GetString()!));
    }
}
