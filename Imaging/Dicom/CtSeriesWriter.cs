using System.Buffers.Binary;
using System.Globalization;
using ArSpine.Core.Geometry;
using ArSpine.Core.Serialization;
using ArSpine.Core.Volumes;

namespace ArSpine.Imaging.Dicom;

/// <summary>
/// Writes a <see cref="CtVolume"/> as a DICOM CT Image series: one Part 10 file per slice k (<c>slice0001.dcm</c>, …), Explicit VR
/// Little Endian, int16 HU pixels (rescale slope 1, intercept 0). Columns run along the grid's i axis, rows along j; each slice's
/// ImagePositionPatient is the LPS centre of voxel (0, 0, k). Each file is written atomically.
/// </summary>
public static class CtSeriesWriter
{
    /// <summary>ImplementationVersionName (0002,0013).</summary>
    public const string ImplementationVersionName = "ARSPINE_1";

    /// <summary>The bone window written as WindowCenter/WindowWidth, in HU.</summary>
    public const double BoneWindowCenterHu = 400, BoneWindowWidthHu = 1800;

    /// <summary>
    /// Writes the series into <paramref name="folder"/> (created if needed) and returns the file paths in slice order.
    /// Throws when the grid's i and j axes are not orthogonal or its slices are not stacked along their normal, when a text
    /// value does not fit its VR, or when the folder already holds other .dcm files (a series is never mixed with another).
    /// </summary>
    public static IReadOnlyList<string> Write(CtVolume ct, string folder, DicomSeriesInfo info)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(info);
        VolumeGrid grid = ct.Grid;
        if (grid.SizeI > ushort.MaxValue || grid.SizeJ > ushort.MaxValue)
        {
            throw new ArgumentException($"Expected at most {ushort.MaxValue} rows and columns. Was {grid.SizeJ} rows, {grid.SizeI} columns.", nameof(ct));
        }

        SliceGeometry geometry = SliceGeometry.Of(grid);
        var names = Enumerable.Range(1, grid.SizeK).Select(FileName).ToList();
        Directory.CreateDirectory(folder);
        var ours = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        string? foreign = Directory.EnumerateFiles(folder, "*.dcm").Select(Path.GetFileName).FirstOrDefault(name => !ours.Contains(name!));
        if (foreign is not null)
        {
            throw new IOException($"{folder}: expected no .dcm files other than this series' {names[0]}..{names[^1]}. Was '{foreign}': remove it or choose an empty folder.");
        }

        string studyUid = DicomUid.FromSeed(info.UidSeed, "study");
        string seriesUid = DicomUid.FromSeed(info.UidSeed, "series");
        string frameUid = DicomUid.FromSeed(info.UidSeed, "frame of reference");
        var paths = new List<string>(grid.SizeK);
        for (int k = 0; k < grid.SizeK; k++)
        {
            string sopUid = DicomUid.FromSeed(info.UidSeed, string.Create(CultureInfo.InvariantCulture, $"sop instance {k}"));
            byte[] dataSet = DataSet(ct, k, geometry, info, studyUid, seriesUid, frameUid, sopUid);
            byte[] file = PartTen(sopUid, dataSet);
            string path = Path.Combine(folder, names[k]);
            AtomicFile.WriteAllBytes(path, file);
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>The file name of 1-based slice number <paramref name="number"/>: slice0001.dcm.</summary>
    public static string FileName(int number) => string.Create(CultureInfo.InvariantCulture, $"slice{number:D4}.dcm");

    private static byte[] PartTen(string sopUid, byte[] dataSet)
    {
        var meta = new DicomElementWriter();
        meta.WriteBinary(0x00020001, "OB", [0x00, 0x01]);                       // FileMetaInformationVersion
        meta.WriteText(DicomTags.MediaStorageSopClassUid, "UI", DicomUid.CtImageStorage);
        meta.WriteText(0x00020003, "UI", sopUid);                              // MediaStorageSOPInstanceUID
        meta.WriteText(DicomTags.TransferSyntaxUid, "UI", DicomUid.ExplicitVrLittleEndian);
        meta.WriteText(0x00020012, "UI", DicomUid.ImplementationClass);        // ImplementationClassUID
        meta.WriteText(0x00020013, "SH", ImplementationVersionName);           // ImplementationVersionName
        byte[] metaBytes = meta.ToArray();

        var groupLength = new DicomElementWriter();
        groupLength.WriteUInt32(DicomTags.FileMetaInformationGroupLength, (uint)metaBytes.Length);
        byte[] lengthBytes = groupLength.ToArray();

        var file = new byte[128 + 4 + lengthBytes.Length + metaBytes.Length + dataSet.Length];
        "DICM"u8.CopyTo(file.AsSpan(128));
        lengthBytes.CopyTo(file.AsSpan(132));
        metaBytes.CopyTo(file.AsSpan(132 + lengthBytes.Length));
        dataSet.CopyTo(file.AsSpan(132 + lengthBytes.Length + metaBytes.Length));
        return file;
    }

    private static byte[] DataSet(CtVolume ct, int k, SliceGeometry g, DicomSeriesInfo info, string studyUid, string seriesUid, string frameUid, string sopUid)
    {
        VolumeGrid grid = ct.Grid;
        Vector3d positionMm = grid.CtFromVoxel.Apply(new Vector3d(0, 0, k));
        string date = info.StudyDateTime?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? "";
        string time = info.StudyDateTime?.ToString("HHmmss", CultureInfo.InvariantCulture) ?? "";
        var w = new DicomElementWriter();
        w.WriteText(DicomTags.SpecificCharacterSet, "CS", "ISO_IR 100");
        w.WriteText(DicomTags.ImageType, "CS", @"ORIGINAL\PRIMARY\AXIAL");
        w.WriteText(DicomTags.SopClassUid, "UI", DicomUid.CtImageStorage);
        w.WriteText(DicomTags.SopInstanceUid, "UI", sopUid);
        w.WriteText(0x00080020, "DA", date);                         // StudyDate
        w.WriteText(0x00080023, "DA", date);                         // ContentDate
        w.WriteText(0x00080030, "TM", time);                         // StudyTime
        w.WriteText(0x00080033, "TM", time);                         // ContentTime
        w.WriteText(0x00080050, "SH", info.AccessionNumber);         // AccessionNumber
        w.WriteText(DicomTags.Modality, "CS", "CT");
        w.WriteText(0x00080070, "LO", info.Manufacturer);            // Manufacturer
        w.WriteText(0x00080090, "PN", info.ReferringPhysicianName);  // ReferringPhysicianName
        w.WriteText(0x00081030, "LO", info.StudyDescription);        // StudyDescription
        w.WriteText(DicomTags.SeriesDescription, "LO", info.SeriesDescription);
        w.WriteText(0x00100010, "PN", info.PatientName);             // PatientName
        w.WriteText(0x00100020, "LO", info.PatientId);               // PatientID
        w.WriteText(0x00100030, "DA", info.PatientBirthDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? ""); // PatientBirthDate
        w.WriteText(0x00100040, "CS", info.PatientSex);              // PatientSex
        w.WriteText(0x00180015, "CS", "LSPINE");                     // BodyPartExamined: unpaired, so no Laterality
        w.WriteText(DicomTags.SliceThickness, "DS", Ds(g.SliceThicknessMm));
        w.WriteText(0x00180060, "DS", info.KvpKv is double kv ? Ds(kv) : ""); // KVP
        w.WriteText(0x00185100, "CS", info.PatientPosition);         // PatientPosition
        w.WriteText(DicomTags.StudyInstanceUid, "UI", studyUid);
        w.WriteText(DicomTags.SeriesInstanceUid, "UI", seriesUid);
        w.WriteText(0x00200010, "SH", info.StudyId);                 // StudyID
        w.WriteText(DicomTags.SeriesNumber, "IS", Is(info.SeriesNumber));
        w.WriteText(0x00200012, "IS", "1");                          // AcquisitionNumber
        w.WriteText(DicomTags.InstanceNumber, "IS", Is(k + 1));
        w.WriteText(DicomTags.ImagePositionPatient, "DS", Ds(positionMm.X, positionMm.Y, positionMm.Z));
        w.WriteText(DicomTags.ImageOrientationPatient, "DS", Ds(g.RowDirection.X, g.RowDirection.Y, g.RowDirection.Z, g.ColumnDirection.X, g.ColumnDirection.Y, g.ColumnDirection.Z));
        w.WriteText(DicomTags.FrameOfReferenceUid, "UI", frameUid);
        w.WriteText(0x00201040, "LO", "");                           // PositionReferenceIndicator
        w.WriteText(0x00201041, "DS", Ds(Vector3d.Dot(positionMm, g.Normal))); // SliceLocation
        w.WriteUInt16(DicomTags.SamplesPerPixel, 1);
        w.WriteText(DicomTags.PhotometricInterpretation, "CS", "MONOCHROME2");
        w.WriteUInt16(DicomTags.Rows, (ushort)grid.SizeJ);
        w.WriteUInt16(DicomTags.Columns, (ushort)grid.SizeI);
        w.WriteText(DicomTags.PixelSpacing, "DS", Ds(g.RowSpacingMm, g.ColumnSpacingMm)); // PixelSpacing: between rows \ between columns
        w.WriteUInt16(DicomTags.BitsAllocated, 16);
        w.WriteUInt16(DicomTags.BitsStored, 16);
        w.WriteUInt16(DicomTags.HighBit, 15);
        w.WriteUInt16(DicomTags.PixelRepresentation, 1);                                // PixelRepresentation: signed
        w.WriteText(0x00281050, "DS", Ds(BoneWindowCenterHu));       // WindowCenter
        w.WriteText(0x00281051, "DS", Ds(BoneWindowWidthHu));        // WindowWidth
        w.WriteText(DicomTags.RescaleIntercept, "DS", "0");
        w.WriteText(DicomTags.RescaleSlope, "DS", "1");
        w.WriteText(0x00281054, "LO", "HU");                         // RescaleType
        w.WriteText(0x00281055, "LO", "BONE");                       // WindowCenterWidthExplanation

        int pixels = grid.SizeI * grid.SizeJ;
        var pixelBytes = new byte[2 * pixels];
        ReadOnlySpan<short> slice = ct.Hu.AsSpan(k * pixels, pixels);
        for (int n = 0; n < pixels; n++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(pixelBytes.AsSpan(2 * n), slice[n]);
        }

        w.WriteBinary(DicomTags.PixelData, "OW", pixelBytes);
        return w.ToArray();
    }

    private static string Is(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Ds(params double[] values) => string.Join('\\', values.Select(DecimalString));

    /// <summary>A DS value of at most 16 characters, with as many significant digits as fit.</summary>
    private static string DecimalString(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Expected a finite number for a DS value. Was {value}.", nameof(value));
        }

        if (Math.Abs(value) < 1e-12)
        {
            return "0";
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        for (int digits = 15; text.Length > 16 && digits > 0; digits--)
        {
            text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return text;
    }

    /// <summary>The slice geometry of a grid in LPS: unit row and column directions, normal, spacings.</summary>
    private readonly record struct SliceGeometry(Vector3d RowDirection, Vector3d ColumnDirection, Vector3d Normal, double RowSpacingMm, double ColumnSpacingMm, double SliceThicknessMm)
    {
        public static SliceGeometry Of(VolumeGrid grid)
        {
            Matrix3d linear = grid.CtFromVoxel.Linear;
            Vector3d alongI = linear.Column(1), alongJ = linear.Column(2), alongK = linear.Column(3);
            Vector3d row = alongI.Normalized(), column = alongJ.Normalized();
            if (Math.Abs(Vector3d.Dot(row, column)) > 1e-6)
            {
                throw new ArgumentException($"Expected the grid's i and j axes to be orthogonal (DICOM ImageOrientationPatient). Was i {row}, j {column}, cosine {Vector3d.Dot(row, column):0.######}.", nameof(grid));
            }

            Vector3d normal = Vector3d.Cross(row, column);
            double thickness = Math.Abs(Vector3d.Dot(alongK, normal));
            if (thickness < 1e-6)
            {
                throw new ArgumentException($"Expected the grid's k axis to leave the slice plane. Was k {alongK} in the plane of i and j.", nameof(grid));
            }

            return new SliceGeometry(row, column, normal, alongJ.Length, alongI.Length, thickness);
        }
    }
}
