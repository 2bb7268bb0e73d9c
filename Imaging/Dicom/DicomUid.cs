using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace ArSpine.Imaging.Dicom;

/// <summary>DICOM UIDs this project writes: well-known ones, and deterministic ones derived from a seed.</summary>
public static class DicomUid
{
    /// <summary>CT Image Storage SOP class.</summary>
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>Explicit VR Little Endian transfer syntax.</summary>
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";

    /// <summary>The implementation class UID of ArSpine's DICOM writer (fixed; derived like the others from a constant seed).</summary>
    public static string ImplementationClass { get; } = FromSeed("ArSpine", "implementation class");

    /// <summary>
    /// A UID under the UUID root <c>2.25</c> (at most 44 characters): the decimal of a 128-bit value taken from SHA-256 of
    /// <paramref name="seed"/> and <paramref name="purpose"/>, with the version bits of an RFC 9562 version-8 UUID.
    /// The same inputs always give the same UID; different inputs give different ones (with hash certainty).
    /// </summary>
    public static string FromSeed(string seed, string purpose)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(purpose);
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed.Length}:{seed}|{purpose}"));
        Span<byte> uuid = hash.AsSpan(0, 16);
        uuid[6] = (byte)((uuid[6] & 0x0f) | 0x80);
        uuid[8] = (byte)((uuid[8] & 0x3f) | 0x80);
        var value = new BigInteger(uuid, isUnsigned: true, isBigEndian: true);
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }
}
