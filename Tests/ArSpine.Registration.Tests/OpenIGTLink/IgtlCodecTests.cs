using System.Buffers.Binary;
using System.Text;
using ArSpine.Core.Geometry;
using ArSpine.Registration.OpenIGTLink;

namespace ArSpine.Registration.Tests.OpenIGTLink;

public class IgtlCodecTests
{
    private static readonly RigidTransform Pose = RigidTransform.FromAxisAngle(new Vector3d(0.3, -0.5, 0.8), 37, new Vector3d(12.5, -40.25, 300));

    [Fact]
    public void Crc64_StandardCheckString_MatchesEcma182CheckValue()
    {
        Assert.Equal(0x6C40DF5F0B497347UL, Crc64.Compute("123456789"u8));
    }

    public static TheoryData<IgtlContent> Contents => new()
    {
        new TransformContent(Pose),
        new PositionContent(new Vector3d(1.5, -2, 3), 0, 0.6, 0, 0.8),
        new StatusContent(1, -42, "OK", "tracking"),
        new TextContent("Grüße, L4 links", TextContent.Utf8),
        new ImageContent(3, 2, 1, IgtlScalarType.Int16, 1, new Vector3d(0.8, 0, 0), new Vector3d(0, 0.8, 0), new Vector3d(0, 0, 2), new Vector3d(10, 20, 30), true, true, Enumerable.Range(0, 12).Select(i => (byte)i).ToArray()),
        new RawContent("GET_CAPABIL", []),
    };

    [Theory]
    [MemberData(nameof(Contents))]
    public void PackUnpack_EachTypeAndBothHeaderVersions_RoundTrips(IgtlContent content)
    {
        foreach (ushort version in new ushort[] { 1, 2 })
        {
            var metadata = version == 2 ? new Dictionary<string, string> { ["Units"] = "mm", ["Frame"] = "MarkerFromCt" } : null;
            var message = new IgtlMessage("ArSpine", 1_700_000_000.25, content, version, metadata, version == 2 ? 7u : 0u);

            byte[] bytes = IgtlCodec.Pack(message);
            IgtlHeader header = IgtlHeader.Parse(bytes);
            IgtlMessage back = IgtlCodec.Unpack(header, bytes.AsSpan(IgtlHeader.Size));

            Assert.Equal(version, header.Version);
            Assert.Equal(content.TypeName, header.TypeName);
            Assert.Equal("ArSpine", back.DeviceName);
            Assert.Equal(1_700_000_000.25, back.TimestampS, 6);
            AssertSameContent(content, back.Content);
            if (version == 2)
            {
                Assert.Equal(metadata, back.Metadata);
                Assert.Equal(7u, back.MessageId);
            }
        }
    }

    [Fact]
    public void Pack_Transform_WritesColumnMajorUpperThreeByFourAsBigEndianFloats()
    {
        byte[] bytes = IgtlCodec.Pack(new IgtlMessage("T", 0, new TransformContent(Pose)));

        var wire = Enumerable.Range(0, 12).Select(i => BinaryPrimitives.ReadSingleBigEndian(bytes.AsSpan(IgtlHeader.Size + 4 * i))).ToArray();
        Matrix3d r = Pose.Rotation;
        Assert.Equal((float)r.M11, wire[0]);
        Assert.Equal((float)r.M21, wire[1]);
        Assert.Equal((float)r.M12, wire[3]);
        Assert.Equal((float)r.M33, wire[8]);
        Assert.Equal((float)Pose.TranslationMm.Z, wire[11]);
        Assert.Equal(48UL, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(42)));
    }

    [Fact]
    public void Unpack_FlippedBodyBit_ThrowsCrcMismatch()
    {
        byte[] bytes = IgtlCodec.Pack(new IgtlMessage("T", 0, new TransformContent(Pose)));
        bytes[IgtlHeader.Size + 5] ^= 0x10;

        var e = Assert.Throws<IgtlProtocolException>(() => IgtlCodec.Unpack(IgtlHeader.Parse(bytes), bytes.AsSpan(IgtlHeader.Size)));

        Assert.StartsWith("OpenIGTLink TRANSFORM CRC-64: expected 0x", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> MalformedBodies => new()
    {
        { "TRANSFORM", new byte[47], "OpenIGTLink TRANSFORM body: expected 48 bytes. Was '47 bytes'." },
        { "TRANSFORM", new byte[48], "OpenIGTLink TRANSFORM rotation: expected a rotation matrix" },
        { "STRING", [0, 106, 0, 9, (byte)'a'], "OpenIGTLink STRING length: expected at most the 1 bytes that follow. Was '9'." },
        { "STATUS", new byte[10], "OpenIGTLink STATUS body: expected at least 31 bytes. Was '10 bytes'." },
        { "IMAGE", new byte[72], "OpenIGTLink IMAGE scalar type: expected 2, 3, 4, 5, 6, 7, 10 or 11. Was '0'." },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void Unpack_MalformedContent_ThrowsNamingField(string type, byte[] body, string message)
    {
        var header = new IgtlHeader(1, type, "X", 0, (ulong)body.Length, Crc64.Compute(body));

        var e = Assert.Throws<IgtlProtocolException>(() => IgtlCodec.Unpack(header, body));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownHeaderVersion_Throws()
    {
        byte[] bytes = IgtlCodec.Pack(new IgtlMessage("T", 0, new TextContent("x")));
        bytes[1] = 9;

        var e = Assert.Throws<IgtlProtocolException>(() => IgtlHeader.Parse(bytes));

        Assert.Equal("OpenIGTLink header version: expected 1 or 2. Was '9'.", e.Message);
    }

    [Fact]
    public void Unpack_Version2MetadataLongerThanBody_Throws()
    {
        byte[] bytes = IgtlCodec.Pack(new IgtlMessage("T", 0, new TextContent("x"), 2, new Dictionary<string, string> { ["k"] = "v" }));
        byte[] body = bytes[IgtlHeader.Size..];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(4), 1000);
        var header = IgtlHeader.Parse(bytes) with { Crc = Crc64.Compute(body) };

        var e = Assert.Throws<IgtlProtocolException>(() => IgtlCodec.Unpack(header, body));

        Assert.StartsWith("OpenIGTLink extended header: expected sizes that fit", e.Message, StringComparison.Ordinal);
    }

    internal static void AssertSameContent(IgtlContent expected, IgtlContent actual)
    {
        switch (expected)
        {
            case TransformContent t:
                RigidTransform back = Assert.IsType<TransformContent>(actual).Transform;
                Assert.True(Vector3d.Distance(back.TranslationMm, t.Transform.TranslationMm) < 1e-4);
                Assert.True(ArSpine.Registration.Numerics.QuaternionD.AngleBetweenDeg(back.Rotation, t.Transform.Rotation) < 1e-3);
                break;
            case ImageContent i:
                var image = Assert.IsType<ImageContent>(actual);
                Assert.Equal(i.Pixels, image.Pixels);
                Assert.Equal((i.SizeI, i.SizeJ, i.SizeK, i.ScalarType, i.Components, i.Lps, i.BigEndian), (image.SizeI, image.SizeJ, image.SizeK, image.ScalarType, image.Components, image.Lps, image.BigEndian));
                Assert.True(Vector3d.Distance(i.StepI, image.StepI) + Vector3d.Distance(i.StepJ, image.StepJ) + Vector3d.Distance(i.StepK, image.StepK) + Vector3d.Distance(i.OriginMm, image.OriginMm) < 1e-5);
                break;
            case PositionContent p:
                var position = Assert.IsType<PositionContent>(actual);
                Assert.True(Vector3d.Distance(p.PositionMm, position.PositionMm) < 1e-5);
                Assert.Equal(p.Qy, position.Qy, 6);
                Assert.Equal(p.Qw, position.Qw, 6);
                break;
            case RawContent r:
                var raw = Assert.IsType<RawContent>(actual);
                Assert.Equal(r.Type, raw.Type);
                Assert.Equal(r.Body, raw.Body);
                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }
}
