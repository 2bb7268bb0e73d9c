using System.Buffers.Binary;
using System.IO.Compression;
using ArSpine.Core.Geometry;
using ArSpine.Core.Serialization;
using ArSpine.Core.Volumes;

namespace ArSpine.Imaging.Nifti;

/// <summary>
/// Writes volumes as NIfTI-1 single files (<c>.nii</c>, or gzip-compressed <c>.nii.gz</c>), little-endian, data at byte 352, or as
/// NIfTI-2 (data at byte 544, double-precision geometry) when asked or when a size exceeds NIfTI-1's int16 dims.
/// The geometry goes into both the sform and the qform (code 1, scanner), converted from the grid's LPS <c>CtFromVoxel</c>
/// to NIfTI's RAS through <see cref="PatientAxes"/>; NIfTI-1 stores them as float32, so positions round to about 1e-5 mm (NIfTI-2: double).
/// Every save is atomic (<see cref="AtomicFile"/>).
/// </summary>
public static class NiftiWriter
{
    /// <summary>NIFTI_INTENT_LABEL: the values are labels, not measurements.</summary>
    public const short IntentLabel = 1002;

    /// <summary>Writes a CT volume as int16 HU (scl_slope 1, scl_inter 0). Streams the samples from the volume; on little-endian machines copies nothing.</summary>
    public static void WriteCt(CtVolume ct, string path, bool nifti2 = false)
    {
        ArgumentNullException.ThrowIfNull(ct);
        NiftiHeader header = HeaderFor(ct.Grid, NiftiDataType.Int16, intentCode: 0, "ArSpine CT (HU)", nifti2);
        var head = new byte[header.FirstDataOffset];
        header.WriteLittleEndian(head);
        short[] hu = ct.Hu;
        Save(path, stream =>
        {
            stream.Write(head);
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(hu.AsSpan()));
                return;
            }

            var chunk = new byte[1 << 16];
            for (int start = 0; start < hu.Length; start += chunk.Length / 2)
            {
                int count = Math.Min(chunk.Length / 2, hu.Length - start);
                for (int n = 0; n < count; n++)
                {
                    BinaryPrimitives.WriteInt16LittleEndian(chunk.AsSpan(2 * n), hu[start + n]);
                }

                stream.Write(chunk, 0, 2 * count);
            }
        });
    }

    /// <summary>Writes a label volume as uint8 with intent NIFTI_INTENT_LABEL. The label names are not stored (NIfTI has no place for them).</summary>
    public static void WriteLabels(LabelVolume labels, string path, bool nifti2 = false)
    {
        ArgumentNullException.ThrowIfNull(labels);
        NiftiHeader header = HeaderFor(labels.Grid, NiftiDataType.UInt8, IntentLabel, "ArSpine labels", nifti2);
        var bytes = new byte[header.FirstDataOffset + labels.Labels.Length];
        header.WriteLittleEndian(bytes);
        labels.Labels.CopyTo(bytes.AsSpan(header.FirstDataOffset));
        Save(path, bytes);
    }

    /// <summary>
    /// The header for a grid: dims, pixdim (spacing in mm, pixdim[0] = qfac), sform and qform code 1 from <c>RasFromVoxel</c>.
    /// A grid whose axes are not orthogonal (sheared, as after a gantry tilt) cannot be a qform: it gets qform_code 0 and the sform alone.
    /// NIfTI-2 is used when <paramref name="nifti2"/> is set or a size exceeds 32767 (NIfTI-1's int16 dims).
    /// </summary>
    public static NiftiHeader HeaderFor(VolumeGrid grid, NiftiDataType dataType, short intentCode, string description, bool nifti2 = false)
    {
        ArgumentNullException.ThrowIfNull(grid);
        nifti2 |= grid.SizeI > short.MaxValue || grid.SizeJ > short.MaxValue || grid.SizeK > short.MaxValue;

        AffineTransform rasFromVoxel = PatientAxes.ToRas(grid.CtFromVoxel);
        Matrix3d linear = rasFromVoxel.Linear;
        Vector3d spacingMm = grid.SpacingMm;
        Vector3d t = rasFromVoxel.TranslationMm;
        var srow = new double[]
        {
            linear.M11, linear.M12, linear.M13, t.X,
            linear.M21, linear.M22, linear.M23, t.Y,
            linear.M31, linear.M32, linear.M33, t.Z,
        };

        (Vector3d quatern, double qfac, bool orthogonal) = Quaternion(linear, spacingMm);
        int bytesPerSample = NiftiDataTypes.BytesPerSample((short)dataType);
        return new NiftiHeader
        {
            Dim = [3, grid.SizeI, grid.SizeJ, grid.SizeK, 1, 1, 1, 1],
            IntentCode = intentCode,
            DataType = (short)dataType,
            BitPix = (short)(8 * bytesPerSample),
            PixDim = [qfac, spacingMm.X, spacingMm.Y, spacingMm.Z, 1, 1, 1, 1],
            VoxOffset = nifti2 ? NiftiHeader.Nifti2MinimumDataOffset : NiftiHeader.MinimumDataOffset,
            SclSlope = 1,
            SclInter = 0,
            XyztUnits = NiftiHeader.UnitsMm,
            Description = description,
            QformCode = (short)(orthogonal ? 1 : 0),
            SformCode = 1,
            Quatern = orthogonal ? quatern : Vector3d.Zero,
            QOffsetMm = orthogonal ? t : Vector3d.Zero,
            Srow = srow,
            Magic = nifti2 ? "n+2" : "n+1",
        };
    }

    /// <summary>
    /// The qform quaternion (b, c, d, with a ≥ 0) and qfac of <c>linear = R diag(spacing) diag(1, 1, qfac)</c>, in double;
    /// orthogonal is false when the columns are not orthogonal to 1e-6.
    /// </summary>
    private static (Vector3d Quatern, double Qfac, bool Orthogonal) Quaternion(Matrix3d linear, Vector3d spacingMm)
    {
        Vector3d c1 = linear.Column(1) / spacingMm.X, c2 = linear.Column(2) / spacingMm.Y, c3 = linear.Column(3) / spacingMm.Z;
        double qfac = Vector3d.Dot(Vector3d.Cross(c1, c2), c3) < 0 ? -1 : 1;
        Matrix3d r = Matrix3d.FromColumns(c1, c2, c3 * qfac);
        if (!r.IsRotation(1e-6))
        {
            return (Vector3d.Zero, qfac, false);
        }

        // NIfTI stores b, c, d and rebuilds a = sqrt(1 - b² - c² - d²) ≥ 0: the quaternion with a ≥ 0.
        (_, double b, double c, double d) = r.ToQuaternionComponents();
        return (new Vector3d(b, c, d), qfac, true);
    }

    private static void Save(string path, byte[] bytes) => Save(path, stream => stream.Write(bytes));

    private static void Save(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        bool gzip = path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase);
        if (!gzip && !path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Expected a path ending in .nii or .nii.gz. Was '{path}'.", nameof(path));
        }

        AtomicFile.Write(path, stream =>
        {
            if (gzip)
            {
                using var compressed = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
                write(compressed);
            }
            else
            {
                write(stream);
            }
        });
    }
}
