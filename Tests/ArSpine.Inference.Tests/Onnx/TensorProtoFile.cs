using System.Buffers.Binary;

namespace ArSpine.Inference.Tests.Onnx;

/// <summary>A tensor read from an ONNX <c>TensorProto</c> file (the onnx test-data format): its dims, element type and values (float or int64).</summary>
internal sealed record TensorProtoFile(long[] Dims, int DataType, float[] Floats, long[] Int64s)
{
    /// <summary>ONNX's element type code for float32.</summary>
    public const int Float = 1;

    /// <summary>ONNX's element type code for int64.</summary>
    public const int Int64 = 7;

    /// <summary>Parses the protobuf fields dims (1), data_type (2), float_data (4), int64_data (7) and raw_data (9); others are skipped.</summary>
    public static TensorProtoFile Read(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        var dims = new List<long>();
        var floats = new List<float>();
        var longs = new List<long>();
        int type = 0;
        byte[]? raw = null;
        int at = 0;
        while (at < data.Length)
        {
            ulong key = Varint(data, ref at);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    ulong value = Varint(data, ref at);
                    if (field == 1) { dims.Add((long)value); }
                    else if (field == 2) { type = (int)value; }
                    else if (field == 7) { longs.Add((long)value); }
                    break;
                case 1:
                    at += 8;
                    break;
                case 5:
                    if (field == 4) { floats.Add(BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(at))); }
                    at += 4;
                    break;
                case 2:
                    int length = (int)Varint(data, ref at);
                    int end = at + length;
                    if (field == 9) { raw = data[at..end]; }
                    else if (field == 1) { while (at < end) { dims.Add((long)Varint(data, ref at)); } }
                    else if (field == 7) { while (at < end) { longs.Add((long)Varint(data, ref at)); } }
                    else if (field == 4) { for (; at < end; at += 4) { floats.Add(BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(at))); } }
                    at = end;
                    break;
                default:
                    throw new InvalidDataException($"{path}: unsupported protobuf wire type {wire}.");
            }
        }

        if (raw is not null && type == Float)
        {
            floats.Clear();
            for (int n = 0; n < raw.Length; n += 4) { floats.Add(BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(n))); }
        }
        else if (raw is not null && type == Int64)
        {
            longs.Clear();
            for (int n = 0; n < raw.Length; n += 8) { longs.Add(BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(n))); }
        }

        return new TensorProtoFile([.. dims], type, [.. floats], [.. longs]);
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[at++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
    }
}
