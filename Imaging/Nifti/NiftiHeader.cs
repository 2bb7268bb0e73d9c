using System.Buffers.Binary;
using System.Text;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;

namespace ArSpine.Imaging.Nifti;

/// <summary>
/// The fields of a NIfTI-1 (348-byte) or NIfTI-2 (540-byte) single-file header, then 4 extension bytes, that this project reads and
/// writes, held at NIfTI-2's widths (64-bit sizes, double geometry). Geometry fields are in NIfTI's RAS frame, mm. Parse with
/// <see cref="Parse"/>, then <see cref="Validate"/>.
/// </summary>
public readonly struct NiftiHeader
{
    /// <summary>The header size, <c>sizeof_hdr</c>, of NIfTI-1.</summary>
    public const int HeaderSize = 348;

    /// <summary>The smallest data offset of a NIfTI-1 single file: the header plus the 4 extension-flag bytes.</summary>
    public const int MinimumDataOffset = 352;

    /// <summary>The header size, <c>sizeof_hdr</c>, of NIfTI-2.</summary>
    public const int Nifti2HeaderSize = 540;

    /// <summary>The smallest data offset of a NIfTI-2 single file.</summary>
    public const int Nifti2MinimumDataOffset = 544;

    /// <summary><c>xyzt_units</c> code for millimetres.</summary>
    public const byte UnitsMm = 2;

    /// <summary>True when the file's numbers are big-endian (detected from <c>sizeof_hdr</c>).</summary>
    public bool IsBigEndian { get; init; }

    /// <summary><c>dim[0..7]</c>: dim[0] is the number of dimensions, dim[1..3] the sizes along i, j, k in voxels.</summary>
    public long[] Dim { get; init; }

    /// <summary><c>intent_code</c> (1002 = NIFTI_INTENT_LABEL).</summary>
    public short IntentCode { get; init; }

    /// <summary><c>datatype</c>: a <see cref="NiftiDataType"/> code.</summary>
    public short DataType { get; init; }

    /// <summary><c>bitpix</c>: bits per sample.</summary>
    public short BitPix { get; init; }

    /// <summary><c>pixdim[0..7]</c>: pixdim[0] is qfac (±1), pixdim[1..3] the voxel spacing in mm.</summary>
    public double[] PixDim { get; init; }

    /// <summary><c>vox_offset</c>: the byte offset of the data in the file.</summary>
    public double VoxOffset { get; init; }

    /// <summary><c>scl_slope</c>: 0 or non-finite means no scaling.</summary>
    public double SclSlope { get; init; }

    /// <summary><c>scl_inter</c>, added after the slope.</summary>
    public double SclInter { get; init; }

    /// <summary><c>xyzt_units</c>: bits 0–2 the spatial unit (0 unknown, 1 m, 2 mm, 3 µm).</summary>
    public byte XyztUnits { get; init; }

    /// <summary><c>descrip</c>, at most 79 ASCII characters.</summary>
    public string Description { get; init; }

    /// <summary><c>qform_code</c>: 0 none, 1 scanner, 2 aligned, 3 talairach, 4 mni.</summary>
    public short QformCode { get; init; }

    /// <summary><c>sform_code</c>, with the same codes as <see cref="QformCode"/>.</summary>
    public short SformCode { get; init; }

    /// <summary><c>quatern_b, quatern_c, quatern_d</c> of the qform rotation.</summary>
    public Vector3d Quatern { get; init; }

    /// <summary><c>qoffset_x, y, z</c>: the qform translation, RAS mm.</summary>
    public Vector3d QOffsetMm { get; init; }

    /// <summary><c>srow_x, srow_y, srow_z</c>: the sform rows (12 values), RAS mm.</summary>
    public double[] Srow { get; init; }

    /// <summary><c>magic</c>: "n+1" for a NIfTI-1 single file, "n+2" for NIfTI-2.</summary>
    public string Magic { get; init; }

    /// <summary>1 or 2, from <see cref="Magic"/>.</summary>
    public int Version => Magic == "n+2" ? 2 : 1;

    /// <summary>The smallest data offset for this header's version.</summary>
    public int FirstDataOffset => Version == 2 ? Nifti2MinimumDataOffset : MinimumDataOffset;

    /// <summary>The voxel size along i, j, k, from dim[1..3] (meaningful after <see cref="Validate"/>).</summary>
    public (int I, int J, int K) Size => ((int)Dim[1], (int)Dim[2], (int)Dim[3]);

    /// <summary>
    /// Reads the header from the first 348 (NIfTI-1) or 540 (NIfTI-2) bytes of a file, in either byte order; throws when it is too short,
    /// neither version, or not a single file.
    /// </summary>
    public static NiftiHeader Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < HeaderSize)
        {
            throw InvalidInputException.Field(source, "header", $"at least {HeaderSize} bytes", $"{bytes.Length} bytes");
        }

        int sizeLittle = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        int sizeBig = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (sizeLittle == Nifti2HeaderSize || sizeBig == Nifti2HeaderSize)
        {
            return ParseNifti2(bytes, source, sizeLittle != Nifti2HeaderSize);
        }

        if (sizeLittle != HeaderSize && sizeBig != HeaderSize)
        {
            throw InvalidInputException.Field(source, "sizeof_hdr", $"{HeaderSize} (NIfTI-1) or {Nifti2HeaderSize} (NIfTI-2) in either byte order", sizeLittle);
        }

        bool big = sizeLittle != HeaderSize;
        string magic = Encoding.ASCII.GetString(bytes.Slice(344, 4)).TrimEnd('\0');
        if (magic != "n+1")
        {
            string expected = magic == "ni1" ? "\"n+1\" (a single .nii file; header/image pairs are not supported)" : "\"n+1\"";
            throw InvalidInputException.Field(source, "magic", expected, Printable(bytes.Slice(344, 4)));
        }

        var reader = new FieldReader(bytes, big);
        var dim = new long[8];
        var pixdim = new double[8];
        var srow = new double[12];
        for (int n = 0; n < 8; n++)
        {
            dim[n] = reader.Int16(40 + 2 * n);
            pixdim[n] = reader.Single(76 + 4 * n);
        }

        for (int n = 0; n < 12; n++)
        {
            srow[n] = reader.Single(280 + 4 * n);
        }

        return new NiftiHeader
        {
            IsBigEndian = big,
            Dim = dim,
            IntentCode = reader.Int16(68),
            DataType = reader.Int16(70),
            BitPix = reader.Int16(72),
            PixDim = pixdim,
            VoxOffset = reader.Single(108),
            SclSlope = reader.Single(112),
            SclInter = reader.Single(116),
            XyztUnits = bytes[123],
            Description = Encoding.ASCII.GetString(bytes.Slice(148, 80)).Split('\0')[0],
            QformCode = reader.Int16(252),
            SformCode = reader.Int16(254),
            Quatern = new(reader.Single(256), reader.Single(260), reader.Single(264)),
            QOffsetMm = new(reader.Single(268), reader.Single(272), reader.Single(276)),
            Srow = srow,
            Magic = magic,
        };
    }

    private static NiftiHeader ParseNifti2(ReadOnlySpan<byte> bytes, string source, bool big)
    {
        if (bytes.Length < Nifti2HeaderSize)
        {
            throw InvalidInputException.Field(source, "header", $"at least {Nifti2HeaderSize} bytes (NIfTI-2)", $"{bytes.Length} bytes");
        }

        if (!bytes.Slice(4, 8).SequenceEqual("n+2\0\r\n\u001a\n"u8))
        {
            string expected = bytes.Slice(4, 3).SequenceEqual("ni2"u8) ? "\"n+2\" (a single .nii file; header/image pairs are not supported)" : "\"n+2\" and its 4 check bytes";
            throw InvalidInputException.Field(source, "magic", expected, Printable(bytes.Slice(4, 8)));
        }

        var reader = new FieldReader(bytes, big);
        var dim = new long[8];
        var pixdim = new double[8];
        var srow = new double[12];
        for (int n = 0; n < 8; n++)
        {
            dim[n] = reader.Int64(16 + 8 * n);
            pixdim[n] = reader.Double(104 + 8 * n);
        }

        for (int n = 0; n < 12; n++)
        {
            srow[n] = reader.Double(400 + 8 * n);
        }

        return new NiftiHeader
        {
            IsBigEndian = big,
            Dim = dim,
            IntentCode = (short)Math.Clamp(reader.Int32(504), short.MinValue, short.MaxValue),
            DataType = reader.Int16(12),
            BitPix = reader.Int16(14),
            PixDim = pixdim,
            VoxOffset = reader.Int64(168),
            SclSlope = reader.Double(176),
            SclInter = reader.Double(184),
            XyztUnits = (byte)Math.Clamp(reader.Int32(500), 0, 255),
            Description = Encoding.ASCII.GetString(bytes.Slice(240, 80)).Split('\0')[0],
            QformCode = (short)Math.Clamp(reader.Int32(344), short.MinValue, short.MaxValue),
            SformCode = (short)Math.Clamp(reader.Int32(348), short.MinValue, short.MaxValue),
            Quatern = new(reader.Double(352), reader.Double(360), reader.Double(368)),
            QOffsetMm = new(reader.Double(376), reader.Double(384), reader.Double(392)),
            Srow = srow,
            Magic = "n+2",
        };
    }

    /// <summary>Checks dimensions, datatype, data offset and units; returns the data offset in bytes. Throws an <see cref="InvalidInputException"/> naming the field.</summary>
    public long Validate(string source)
    {
        if (Dim[0] is not (3 or 4))
        {
            throw InvalidInputException.Field(source, "dim[0]", "3 (or 4 with dim[4] = 1): a single 3D volume", Dim[0]);
        }

        if (Dim[0] == 4 && Dim[4] != 1)
        {
            throw InvalidInputException.Field(source, "dim[4]", "1 (a single 3D volume)", Dim[4]);
        }

        for (int axis = 1; axis <= 3; axis++)
        {
            if (Dim[axis] <= 0 || Dim[axis] > int.MaxValue)
            {
                throw InvalidInputException.Field(source, $"dim[{axis}]", "a positive size in voxels", Dim[axis]);
            }
        }

        int bytesPerSample = NiftiDataTypes.BytesPerSample(DataType);
        if (bytesPerSample == 0)
        {
            throw InvalidInputException.Field(source, "datatype", NiftiDataTypes.SupportedList, DataType);
        }

        if (BitPix != 8 * bytesPerSample)
        {
            throw InvalidInputException.Field(source, "bitpix", $"{8 * bytesPerSample} for datatype {DataType}", BitPix);
        }

        // vox_offset 0 is a legacy way of saying "right after the header"; nibabel and niftilib read it as 352 (544 for NIfTI-2).
        double offset = VoxOffset == 0 ? FirstDataOffset : VoxOffset;
        if (!double.IsFinite(offset) || offset < FirstDataOffset || offset != Math.Floor(offset) || offset > int.MaxValue)
        {
            throw InvalidInputException.Field(source, "vox_offset", $"a whole number of bytes ≥ {FirstDataOffset}", VoxOffset);
        }

        int spatialUnit = XyztUnits & 0x07;
        if (spatialUnit is not (0 or UnitsMm))
        {
            throw InvalidInputException.Field(source, "xyzt_units", "spatial unit 2 (mm) or 0 (unknown, read as mm)", spatialUnit);
        }

        return (long)offset;
    }

    /// <summary>
    /// <c>RasFromVoxel</c> (RAS mm): the sform when <c>sform_code</c> &gt; 0, else the qform when <c>qform_code</c> &gt; 0;
    /// throws when neither is set, or the chosen one is not finite and invertible. Geometry is never defaulted.
    /// </summary>
    public AffineTransform RasFromVoxel(string source)
    {
        AffineTransform rasFromVoxel;
        string field;
        if (SformCode > 0)
        {
            field = "srow_x/srow_y/srow_z (sform)";
            double[] s = Srow;
            rasFromVoxel = new AffineTransform(new Matrix3d(s[0], s[1], s[2], s[4], s[5], s[6], s[8], s[9], s[10]), new Vector3d(s[3], s[7], s[11]));
        }
        else if (QformCode > 0)
        {
            field = "quatern/qoffset/pixdim (qform)";
            rasFromVoxel = QformAffine(source);
        }
        else
        {
            throw InvalidInputException.Field(source, "sform_code/qform_code", "sform_code > 0 or qform_code > 0 (the voxel-to-patient geometry)", $"sform_code {SformCode}, qform_code {QformCode}");
        }

        double det = rasFromVoxel.Linear.Determinant;
        if (!rasFromVoxel.TranslationMm.IsFinite || !double.IsFinite(det) || Math.Abs(det) < 1e-9)
        {
            throw InvalidInputException.Field(source, field, "a finite, invertible voxel-to-RAS affine", $"determinant {det}, translation {rasFromVoxel.TranslationMm}");
        }

        return rasFromVoxel;
    }

    /// <summary>
    /// Writes this header, little-endian, into the first <see cref="FirstDataOffset"/> bytes of <paramref name="destination"/> (extension
    /// flag 0): the NIfTI-1 layout (values narrowed to int16 and float32) or, when <see cref="Magic"/> is "n+2", the NIfTI-2 layout.
    /// </summary>
    public void WriteLittleEndian(Span<byte> destination)
    {
        if (Version == 2)
        {
            WriteNifti2LittleEndian(destination);
            return;
        }

        Span<byte> h = destination[..MinimumDataOffset];
        h.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(h, HeaderSize);
        h[38] = (byte)'r';
        for (int n = 0; n < 8; n++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(h[(40 + 2 * n)..], checked((short)Dim[n]));
            BinaryPrimitives.WriteSingleLittleEndian(h[(76 + 4 * n)..], (float)PixDim[n]);
        }

        BinaryPrimitives.WriteInt16LittleEndian(h[68..], IntentCode);
        BinaryPrimitives.WriteInt16LittleEndian(h[70..], DataType);
        BinaryPrimitives.WriteInt16LittleEndian(h[72..], BitPix);
        BinaryPrimitives.WriteSingleLittleEndian(h[108..], (float)VoxOffset);
        BinaryPrimitives.WriteSingleLittleEndian(h[112..], (float)SclSlope);
        BinaryPrimitives.WriteSingleLittleEndian(h[116..], (float)SclInter);
        h[123] = XyztUnits;
        Encoding.ASCII.GetBytes(Description.AsSpan(0, Math.Min(Description.Length, 79)), h.Slice(148, 79));
        BinaryPrimitives.WriteInt16LittleEndian(h[252..], QformCode);
        BinaryPrimitives.WriteInt16LittleEndian(h[254..], SformCode);
        BinaryPrimitives.WriteSingleLittleEndian(h[256..], (float)Quatern.X);
        BinaryPrimitives.WriteSingleLittleEndian(h[260..], (float)Quatern.Y);
        BinaryPrimitives.WriteSingleLittleEndian(h[264..], (float)Quatern.Z);
        BinaryPrimitives.WriteSingleLittleEndian(h[268..], (float)QOffsetMm.X);
        BinaryPrimitives.WriteSingleLittleEndian(h[272..], (float)QOffsetMm.Y);
        BinaryPrimitives.WriteSingleLittleEndian(h[276..], (float)QOffsetMm.Z);
        for (int n = 0; n < 12; n++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(h[(280 + 4 * n)..], (float)Srow[n]);
        }

        "n+1\0"u8.CopyTo(h[344..]);
    }

    private void WriteNifti2LittleEndian(Span<byte> destination)
    {
        Span<byte> h = destination[..Nifti2MinimumDataOffset];
        h.Clear();
        BinaryPrimitives.WriteInt32LittleEndian(h, Nifti2HeaderSize);
        "n+2\0\r\n\u001a\n"u8.CopyTo(h[4..]);
        BinaryPrimitives.WriteInt16LittleEndian(h[12..], DataType);
        BinaryPrimitives.WriteInt16LittleEndian(h[14..], BitPix);
        for (int n = 0; n < 8; n++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(h[(16 + 8 * n)..], Dim[n]);
            BinaryPrimitives.WriteDoubleLittleEndian(h[(104 + 8 * n)..], PixDim[n]);
        }

        BinaryPrimitives.WriteInt64LittleEndian(h[168..], (long)VoxOffset);
        BinaryPrimitives.WriteDoubleLittleEndian(h[176..], SclSlope);
        BinaryPrimitives.WriteDoubleLittleEndian(h[184..], SclInter);
        Encoding.ASCII.GetBytes(Description.AsSpan(0, Math.Min(Description.Length, 79)), h.Slice(240, 79));
        BinaryPrimitives.WriteInt32LittleEndian(h[344..], QformCode);
        BinaryPrimitives.WriteInt32LittleEndian(h[348..], SformCode);
        BinaryPrimitives.WriteDoubleLittleEndian(h[352..], Quatern.X);
        BinaryPrimitives.WriteDoubleLittleEndian(h[360..], Quatern.Y);
        BinaryPrimitives.WriteDoubleLittleEndian(h[368..], Quatern.Z);
        BinaryPrimitives.WriteDoubleLittleEndian(h[376..], QOffsetMm.X);
        BinaryPrimitives.WriteDoubleLittleEndian(h[384..], QOffsetMm.Y);
        BinaryPrimitives.WriteDoubleLittleEndian(h[392..], QOffsetMm.Z);
        for (int n = 0; n < 12; n++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(h[(400 + 8 * n)..], Srow[n]);
        }

        BinaryPrimitives.WriteInt32LittleEndian(h[500..], XyztUnits);
        BinaryPrimitives.WriteInt32LittleEndian(h[504..], IntentCode);
    }

    /// <summary>The qform affine (RAS mm) from quatern_b/c/d, qoffset, pixdim[1..3] and qfac = pixdim[0] (0 read as 1), as the NIfTI-1 standard defines it.</summary>
    private AffineTransform QformAffine(string source)
    {
        double b = Quatern.X, c = Quatern.Y, d = Quatern.Z;
        double aSquared = 1 - (b * b + c * c + d * d);
        if (!(aSquared > -1e-6))
        {
            throw InvalidInputException.Field(source, "quatern_b/c/d", "b² + c² + d² ≤ 1", $"{b}, {c}, {d}");
        }

        double a = aSquared > 0 ? Math.Sqrt(aSquared) : 0;
        double qfac = PixDim[0] < 0 ? -1 : 1;
        for (int axis = 1; axis <= 3; axis++)
        {
            if (!(PixDim[axis] > 0) || !double.IsFinite(PixDim[axis]))
            {
                throw InvalidInputException.Field(source, $"pixdim[{axis}]", "a positive voxel spacing in mm (the qform needs it)", PixDim[axis]);
            }
        }

        var rotation = new Matrix3d(
            a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c),
            2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b),
            2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b);
        Matrix3d linear = rotation * Matrix3d.Diagonal(PixDim[1], PixDim[2], qfac * PixDim[3]);
        return new AffineTransform(linear, QOffsetMm);
    }

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (byte b in bytes)
        {
            text.Append(b is >= 0x20 and < 0x7f ? (char)b : $"\\x{b:x2}");
        }

        return text.ToString();
    }

    private readonly ref struct FieldReader(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public short Int16(int offset) => bigEndian
            ? BinaryPrimitives.ReadInt16BigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadInt16LittleEndian(_bytes[offset..]);

        public float Single(int offset) => bigEndian
            ? BinaryPrimitives.ReadSingleBigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadSingleLittleEndian(_bytes[offset..]);

        public int Int32(int offset) => bigEndian
            ? BinaryPrimitives.ReadInt32BigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadInt32LittleEndian(_bytes[offset..]);

        public long Int64(int offset) => bigEndian
            ? BinaryPrimitives.ReadInt64BigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadInt64LittleEndian(_bytes[offset..]);

        public double Double(int offset) => bigEndian
            ? BinaryPrimitives.ReadDoubleBigEndian(_bytes[offset..])
            : BinaryPrimitives.ReadDoubleLittleEndian(_bytes[offset..]);
    }
}
