using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ArSpine.Core.Geometry;

namespace ArSpine.Registration.OpenIGTLink;

/// <summary>
/// Packs and unpacks OpenIGTLink messages (header versions 1 and 2; TRANSFORM, POSITION, STATUS, STRING, IMAGE; other
/// types as raw bytes). All numbers are big-endian on the wire. Unpacking checks the CRC and every length before use.
/// </summary>
public static class IgtlCodec
{
    private const int ExtendedHeaderSize = 12;
    private const int ImageHeaderSize = 72;
    private const int StatusFixedSize = 30;

    /// <summary>The complete message (header and body) as bytes.</summary>
    public static byte[] Pack(IgtlMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        byte[] content = PackContent(message.Content);
        byte[] body = message.HeaderVersion switch
        {
            1 => content,
            2 => PackVersion2Body(content, message.Metadata, message.MessageId),
            _ => throw new ArgumentOutOfRangeException(nameof(message), message.HeaderVersion, "Expected header version 1 or 2."),
        };
        var bytes = new byte[IgtlHeader.Size + body.Length];
        var header = new IgtlHeader(message.HeaderVersion, message.Content.TypeName, message.DeviceName, IgtlHeader.ToTimestamp(message.TimestampS), (ulong)body.Length, Crc64.Compute(body));
        header.Write(bytes);
        body.CopyTo(bytes, IgtlHeader.Size);
        return bytes;
    }

    /// <summary>Unpacks a body received under <paramref name="header"/>; throws <see cref="IgtlProtocolException"/> for a CRC mismatch or malformed content.</summary>
    public static IgtlMessage Unpack(IgtlHeader header, ReadOnlySpan<byte> body)
    {
        if ((ulong)body.Length != header.BodySize)
        {
            throw new IgtlProtocolException("body", $"{header.BodySize} bytes as the header says", $"{body.Length} bytes");
        }

        ulong crc = Crc64.Compute(body);
        if (crc != header.Crc)
        {
            throw new IgtlProtocolException($"{header.TypeName} CRC-64", $"0x{header.Crc:X16} as the header says", $"0x{crc:X16}");
        }

        ReadOnlySpan<byte> content = body;
        Dictionary<string, string>? metadata = null;
        uint messageId = 0;
        if (header.Version == 2)
        {
            (int start, int length, metadata, messageId) = UnpackVersion2Body(body);
            content = body.Slice(start, length);
        }

        return new IgtlMessage(header.DeviceName, header.TimestampS, UnpackContent(header.TypeName, content), header.Version, metadata, messageId);
    }

    private static byte[] PackContent(IgtlContent content)
    {
        switch (content)
        {
            case TransformContent t:
            {
                var bytes = new byte[48];
                Matrix3d r = t.Transform.Rotation;
                Vector3d p = t.Transform.TranslationMm;
                double[] values = [r.M11, r.M21, r.M31, r.M12, r.M22, r.M32, r.M13, r.M23, r.M33, p.X, p.Y, p.Z];
                for (int i = 0; i < 12; i++)
                {
                    BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(4 * i), (float)values[i]);
                }

                return bytes;
            }

            case PositionContent p:
            {
                var bytes = new byte[28];
                double[] values = [p.PositionMm.X, p.PositionMm.Y, p.PositionMm.Z, p.Qx, p.Qy, p.Qz, p.Qw];
                for (int i = 0; i < 7; i++)
                {
                    BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(4 * i), (float)values[i]);
                }

                return bytes;
            }

            case StatusContent s:
            {
                byte[] message = Encoding.ASCII.GetBytes(s.Message);
                var bytes = new byte[StatusFixedSize + message.Length + 1];
                BinaryPrimitives.WriteUInt16BigEndian(bytes, s.Code);
                BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(2), s.SubCode);
                if (s.ErrorName.Length > 20)
                {
                    throw new ArgumentException($"Expected an error name of at most 20 characters. Was '{s.ErrorName}'.", nameof(content));
                }

                Encoding.ASCII.GetBytes(s.ErrorName, bytes.AsSpan(10, 20));
                message.CopyTo(bytes, StatusFixedSize);
                return bytes;
            }

            case TextContent s:
            {
                byte[] text = s.Encoding == TextContent.UsAscii ? Encoding.ASCII.GetBytes(s.Text) : Encoding.UTF8.GetBytes(s.Text);
                if (text.Length > ushort.MaxValue)
                {
                    throw new ArgumentException($"Expected a string of at most {ushort.MaxValue} bytes. Was {text.Length}.", nameof(content));
                }

                var bytes = new byte[4 + text.Length];
                BinaryPrimitives.WriteUInt16BigEndian(bytes, s.Encoding);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)text.Length);
                text.CopyTo(bytes, 4);
                return bytes;
            }

            case ImageContent image:
            {
                long expected = (long)image.SizeI * image.SizeJ * image.SizeK * image.Components * ImageContent.BytesPerScalar(image.ScalarType);
                if (image.Pixels.Length != expected || image.SizeI is < 1 or > ushort.MaxValue || image.SizeJ is < 1 or > ushort.MaxValue || image.SizeK is < 1 or > ushort.MaxValue || image.Components is < 1 or > 255)
                {
                    throw new ArgumentException($"Expected {expected} pixel bytes for {image.SizeI}x{image.SizeJ}x{image.SizeK}x{image.Components} {image.ScalarType}. Was {image.Pixels.Length}.", nameof(content));
                }

                var bytes = new byte[ImageHeaderSize + image.Pixels.Length];
                Span<byte> h = bytes;
                BinaryPrimitives.WriteUInt16BigEndian(h, 1);
                h[2] = (byte)image.Components;
                h[3] = (byte)image.ScalarType;
                h[4] = (byte)(image.BigEndian ? 1 : 2);
                h[5] = (byte)(image.Lps ? 2 : 1);
                BinaryPrimitives.WriteUInt16BigEndian(h[6..], (ushort)image.SizeI);
                BinaryPrimitives.WriteUInt16BigEndian(h[8..], (ushort)image.SizeJ);
                BinaryPrimitives.WriteUInt16BigEndian(h[10..], (ushort)image.SizeK);
                Vector3d[] columns = [image.StepI, image.StepJ, image.StepK, image.OriginMm];
                for (int c = 0; c < 4; c++)
                {
                    for (int a = 0; a < 3; a++)
                    {
                        BinaryPrimitives.WriteSingleBigEndian(h[(12 + 4 * (3 * c + a))..], (float)columns[c][a]);
                    }
                }

                // Sub-volume: the whole volume.
                BinaryPrimitives.WriteUInt16BigEndian(h[66..], (ushort)image.SizeI);
                BinaryPrimitives.WriteUInt16BigEndian(h[68..], (ushort)image.SizeJ);
                BinaryPrimitives.WriteUInt16BigEndian(h[70..], (ushort)image.SizeK);
                image.Pixels.CopyTo(bytes, ImageHeaderSize);
                return bytes;
            }

            case RawContent raw:
                return raw.Body.ToArray();

            default:
                throw new ArgumentException($"Expected a known content type. Was {content.GetType().Name}.", nameof(content));
        }
    }

    private static IgtlContent UnpackContent(string type, ReadOnlySpan<byte> c)
    {
        switch (type)
        {
            case "TRANSFORM":
            {
                RequireSize(type, c, 48, exact: true);
                var v = new double[12];
                for (int i = 0; i < 12; i++)
                {
                    v[i] = BinaryPrimitives.ReadSingleBigEndian(c[(4 * i)..]);
                    if (!double.IsFinite(v[i]))
                    {
                        throw new IgtlProtocolException($"TRANSFORM element {i}", "a finite number", v[i].ToString(CultureInfo.InvariantCulture));
                    }
                }

                var rotation = Matrix3d.FromColumns(new Vector3d(v[0], v[1], v[2]), new Vector3d(v[3], v[4], v[5]), new Vector3d(v[6], v[7], v[8]));
                if (!rotation.IsRotation(1e-4))
                {
                    throw new IgtlProtocolException("TRANSFORM rotation", "a rotation matrix (orthonormal, determinant +1) within float precision", $"determinant {rotation.Determinant.ToString("0.######", CultureInfo.InvariantCulture)}");
                }

                return new TransformContent(new RigidTransform(rotation.Orthonormalized(), new Vector3d(v[9], v[10], v[11])));
            }

            case "POSITION":
            {
                RequireSize(type, c, 28, exact: true);
                var v = new double[7];
                for (int i = 0; i < 7; i++)
                {
                    v[i] = BinaryPrimitives.ReadSingleBigEndian(c[(4 * i)..]);
                }

                return new PositionContent(new Vector3d(v[0], v[1], v[2]), v[3], v[4], v[5], v[6]);
            }

            case "STATUS":
            {
                RequireSize(type, c, StatusFixedSize + 1, exact: false);
                ReadOnlySpan<byte> name = c.Slice(10, 20);
                int nameEnd = name.IndexOf((byte)0);
                ReadOnlySpan<byte> text = c[StatusFixedSize..];
                int textEnd = text.IndexOf((byte)0);
                return new StatusContent(
                    BinaryPrimitives.ReadUInt16BigEndian(c),
                    BinaryPrimitives.ReadInt64BigEndian(c[2..]),
                    Encoding.ASCII.GetString(nameEnd < 0 ? name : name[..nameEnd]),
                    Encoding.ASCII.GetString(textEnd < 0 ? text : text[..textEnd]));
            }

            case "STRING":
            {
                RequireSize(type, c, 4, exact: false);
                ushort encoding = BinaryPrimitives.ReadUInt16BigEndian(c);
                int length = BinaryPrimitives.ReadUInt16BigEndian(c[2..]);
                if (c.Length - 4 < length)
                {
                    throw new IgtlProtocolException("STRING length", $"at most the {c.Length - 4} bytes that follow", length.ToString(CultureInfo.InvariantCulture));
                }

                ReadOnlySpan<byte> text = c.Slice(4, length);
                return new TextContent(encoding == TextContent.UsAscii ? Encoding.ASCII.GetString(text) : Encoding.UTF8.GetString(text), encoding);
            }

            case "IMAGE":
            {
                RequireSize(type, c, ImageHeaderSize, exact: false);
                var scalar = (IgtlScalarType)c[3];
                int components = c[2];
                int si = BinaryPrimitives.ReadUInt16BigEndian(c[6..]), sj = BinaryPrimitives.ReadUInt16BigEndian(c[8..]), sk = BinaryPrimitives.ReadUInt16BigEndian(c[10..]);
                var m = new Vector3d[4];
                for (int col = 0; col < 4; col++)
                {
                    m[col] = new Vector3d(
                        BinaryPrimitives.ReadSingleBigEndian(c[(12 + 4 * (3 * col))..]),
                        BinaryPrimitives.ReadSingleBigEndian(c[(12 + 4 * (3 * col + 1))..]),
                        BinaryPrimitives.ReadSingleBigEndian(c[(12 + 4 * (3 * col + 2))..]));
                }

                int subI = BinaryPrimitives.ReadUInt16BigEndian(c[66..]), subJ = BinaryPrimitives.ReadUInt16BigEndian(c[68..]), subK = BinaryPrimitives.ReadUInt16BigEndian(c[70..]);
                long expected = (long)subI * subJ * subK * components * ImageContent.BytesPerScalar(scalar);
                if (c.Length - ImageHeaderSize != expected)
                {
                    throw new IgtlProtocolException("IMAGE pixel data", $"{expected} bytes for a {subI}x{subJ}x{subK} sub-volume of {components} x {scalar}", $"{c.Length - ImageHeaderSize} bytes");
                }

                if (subI != si || subJ != sj || subK != sk)
                {
                    // A sub-volume update: this build handles whole volumes only.
                    throw new IgtlProtocolException("IMAGE sub-volume", $"the whole {si}x{sj}x{sk} volume", $"{subI}x{subJ}x{subK}");
                }

                return new ImageContent(si, sj, sk, scalar, components, m[0], m[1], m[2], m[3], c[5] == 2, c[4] == 1, c[ImageHeaderSize..].ToArray());
            }

            default:
                return new RawContent(type, c.ToArray());
        }
    }

    private static byte[] PackVersion2Body(byte[] content, IReadOnlyDictionary<string, string>? metadata, uint messageId)
    {
        var entries = (metadata ?? new Dictionary<string, string>()).Select(kv => (Key: Encoding.ASCII.GetBytes(kv.Key), Value: Encoding.UTF8.GetBytes(kv.Value))).ToArray();
        int metadataHeaderSize = entries.Length == 0 ? 0 : 2 + 8 * entries.Length;
        int metadataSize = entries.Sum(e => e.Key.Length + e.Value.Length);
        var body = new byte[ExtendedHeaderSize + content.Length + metadataHeaderSize + metadataSize];
        Span<byte> b = body;
        BinaryPrimitives.WriteUInt16BigEndian(b, ExtendedHeaderSize);
        BinaryPrimitives.WriteUInt16BigEndian(b[2..], (ushort)metadataHeaderSize);
        BinaryPrimitives.WriteUInt32BigEndian(b[4..], (uint)metadataSize);
        BinaryPrimitives.WriteUInt32BigEndian(b[8..], messageId);
        content.CopyTo(body, ExtendedHeaderSize);
        int at = ExtendedHeaderSize + content.Length;
        if (entries.Length > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b[at..], (ushort)entries.Length);
            at += 2;
            foreach ((byte[] key, byte[] value) in entries)
            {
                BinaryPrimitives.WriteUInt16BigEndian(b[at..], (ushort)key.Length);
                BinaryPrimitives.WriteUInt16BigEndian(b[(at + 2)..], TextContent.Utf8);
                BinaryPrimitives.WriteUInt32BigEndian(b[(at + 4)..], (uint)value.Length);
                at += 8;
            }

            foreach ((byte[] key, byte[] value) in entries)
            {
                key.CopyTo(body, at);
                at += key.Length;
                value.CopyTo(body, at);
                at += value.Length;
            }
        }

        return body;
    }

    private static (int ContentStart, int ContentLength, Dictionary<string, string> Metadata, uint MessageId) UnpackVersion2Body(ReadOnlySpan<byte> body)
    {
        RequireSize("extended header", body, ExtendedHeaderSize, exact: false);
        int extendedSize = BinaryPrimitives.ReadUInt16BigEndian(body);
        int metadataHeaderSize = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
        long metadataSize = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        uint messageId = BinaryPrimitives.ReadUInt32BigEndian(body[8..]);
        long contentSize = body.Length - (long)extendedSize - metadataHeaderSize - metadataSize;
        if (extendedSize < ExtendedHeaderSize || contentSize < 0)
        {
            throw new IgtlProtocolException("extended header", $"sizes that fit in the {body.Length}-byte body", $"extended header {extendedSize}, metadata header {metadataHeaderSize}, metadata {metadataSize} bytes");
        }

        ReadOnlySpan<byte> metaHeader = body.Slice(extendedSize + (int)contentSize, metadataHeaderSize);
        ReadOnlySpan<byte> meta = body[(extendedSize + (int)contentSize + metadataHeaderSize)..];
        var metadata = new Dictionary<string, string>();
        if (metadataHeaderSize > 0)
        {
            int count = BinaryPrimitives.ReadUInt16BigEndian(metaHeader);
            if (metadataHeaderSize != 2 + 8 * count)
            {
                throw new IgtlProtocolException("metadata header", $"{2 + 8 * count} bytes for {count} entries", $"{metadataHeaderSize} bytes");
            }

            int at = 0;
            for (int e = 0; e < count; e++)
            {
                int keySize = BinaryPrimitives.ReadUInt16BigEndian(metaHeader[(2 + 8 * e)..]);
                long valueSize = BinaryPrimitives.ReadUInt32BigEndian(metaHeader[(6 + 8 * e)..]);
                if (at + keySize + valueSize > meta.Length)
                {
                    throw new IgtlProtocolException($"metadata entry {e}", $"at most the {meta.Length - at} bytes left", $"{keySize + valueSize} bytes");
                }

                string key = Encoding.ASCII.GetString(meta.Slice(at, keySize));
                string value = Encoding.UTF8.GetString(meta.Slice(at + keySize, (int)valueSize));
                metadata[key] = value;
                at += keySize + (int)valueSize;
            }
        }

        return (extendedSize, (int)contentSize, metadata, messageId);
    }

    private static void RequireSize(string type, ReadOnlySpan<byte> content, int size, bool exact)
    {
        if (exact ? content.Length != size : content.Length < size)
        {
            throw new IgtlProtocolException($"{type} body", $"{(exact ? "" : "at least ")}{size} bytes", $"{content.Length} bytes");
        }
    }
}
