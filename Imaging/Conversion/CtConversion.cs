using System.Text.Json;
using System.Text.Json.Serialization;
using ArSpine.Core.Geometry;
using ArSpine.Core.Progress;
using ArSpine.Core.Serialization;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Dicom;
using ArSpine.Imaging.Dicom.Series;
using ArSpine.Imaging.Nifti;

namespace ArSpine.Imaging.Conversion;

/// <summary>What <see cref="CtConversion.Convert"/> wrote, as INFO.json gives it.</summary>
public sealed record CtConversionInfo
{
    /// <summary>The input folder or file.</summary>
    public required string Input { get; init; }

    /// <summary>The NIfTI file written.</summary>
    public required string Output { get; init; }

    /// <summary>Voxels along i, j, k of the volume written.</summary>
    public required int[] Dimensions { get; init; }

    /// <summary>Voxel spacing along i, j, k, mm.</summary>
    public required double[] SpacingMm { get; init; }

    /// <summary>CtFromVoxel of the volume written: LPS mm from voxel indices, 4x4 row-major.</summary>
    public required double[][] LpsFromVoxel { get; init; }

    /// <summary>The same affine in RAS, as the NIfTI sform holds it.</summary>
    public required double[][] RasFromVoxel { get; init; }

    /// <summary>The transfer syntaxes read (UID and name); empty for NIfTI input.</summary>
    public required string[] TransferSyntaxes { get; init; }

    /// <summary>The series chosen; null for NIfTI input.</summary>
    public SeriesInfo? Series { get; init; }

    /// <summary>Every warning raised while reading.</summary>
    public required string[] Warnings { get; init; }

    /// <summary>The series a volume was read from.</summary>
    public sealed record SeriesInfo(string Key, string SeriesInstanceUid, string Modality, string Description, int? SeriesNumber, int Slices, int Files);
}

/// <summary>
/// <c>arspine volume</c>'s work: reads a DICOM folder, a DICOM file or a NIfTI file into a <see cref="CtVolume"/> and writes it as NIfTI
/// (int16 HU). A DICOM volume is written with its rows reversed, as dcm2niix writes it, so that the file's voxel order and affine equal
/// dcm2niix's for the same series (the geometry in patient space is the same either way).
/// </summary>
public static class CtConversion
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Reads <paramref name="input"/>, writes <paramref name="output"/> (.nii or .nii.gz) and, when given, <paramref name="jsonPath"/>; returns what was written.</summary>
    public static CtConversionInfo Convert(string input, string output, string? jsonPath, DicomReadOptions options, IProgress<double>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        ArgumentNullException.ThrowIfNull(options);
        CtVolume ct;
        DicomVolume? dicom = null;
        if (IsNifti(input))
        {
            ct = NiftiReader.ReadCt(input);
        }
        else
        {
            dicom = DicomVolumeReader.Read(input, options, progress is null ? null : new ScaledProgress(progress, 0, 0.85));
            ct = ReverseRowsInPlace(dicom.Ct);
        }

        NiftiWriter.WriteCt(ct, output);
        progress?.Report(1);
        CtConversionInfo info = Describe(input, output, ct, dicom);
        if (jsonPath is not null)
        {
            AtomicFile.WriteAllBytes(jsonPath, JsonSerializer.SerializeToUtf8Bytes(info, Json));
        }

        return info;
    }

    /// <summary>
    /// The same volume with the j axis reversed (voxel j becomes SizeJ - 1 - j) and <c>CtFromVoxel</c> adjusted to match. Reuses the
    /// samples of <paramref name="ct"/>, reordering them in place: <paramref name="ct"/> must not be used afterwards.
    /// </summary>
    public static CtVolume ReverseRowsInPlace(CtVolume ct)
    {
        ArgumentNullException.ThrowIfNull(ct);
        VolumeGrid g = ct.Grid;
        short[] hu = ct.Hu;
        Parallel.For(0, g.SizeK, k =>
        {
            Span<short> row = g.SizeI <= 4096 ? stackalloc short[g.SizeI] : new short[g.SizeI];
            for (int j = 0; j < g.SizeJ / 2; j++)
            {
                Span<short> a = hu.AsSpan(g.Index(0, j, k), g.SizeI), b = hu.AsSpan(g.Index(0, g.SizeJ - 1 - j, k), g.SizeI);
                a.CopyTo(row);
                b.CopyTo(a);
                row.CopyTo(b);
            }
        });

        Matrix3d m = g.CtFromVoxel.Linear;
        Vector3d alongJ = m.Column(2);
        var ctFromVoxel = new AffineTransform(Matrix3d.FromColumns(m.Column(1), -alongJ, m.Column(3)), g.CtFromVoxel.TranslationMm + alongJ * (g.SizeJ - 1));
        return new CtVolume(new VolumeGrid(g.SizeI, g.SizeJ, g.SizeK, ctFromVoxel), hu);
    }

    /// <summary>True for a path whose name ends in .nii or .nii.gz.</summary>
    public static bool IsNifti(string path) =>
        File.Exists(path) && (path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase));

    private static CtConversionInfo Describe(string input, string output, CtVolume ct, DicomVolume? dicom)
    {
        VolumeGrid g = ct.Grid;
        Vector3d spacing = g.SpacingMm;
        return new CtConversionInfo
        {
            Input = Path.GetFullPath(input),
            Output = Path.GetFullPath(output),
            Dimensions = [g.SizeI, g.SizeJ, g.SizeK],
            SpacingMm = [spacing.X, spacing.Y, spacing.Z],
            LpsFromVoxel = Rows(g.CtFromVoxel),
            RasFromVoxel = Rows(PatientAxes.ToRas(g.CtFromVoxel)),
            TransferSyntaxes = dicom?.Series.TransferSyntaxes.Select(uid => DicomTransferSyntax.Find(uid)?.ToString() ?? $"unknown ({uid})").ToArray() ?? [],
            Series = dicom is null ? null : new CtConversionInfo.SeriesInfo(dicom.Series.Key, dicom.Series.SeriesInstanceUid, dicom.Series.Modality, dicom.Series.Description,
                dicom.Series.SeriesNumber, dicom.Series.FrameCount, dicom.Series.Files.Count),
            Warnings = dicom?.Warnings.ToArray() ?? [],
        };
    }

    private static double[][] Rows(AffineTransform a)
    {
        double[,] m = a.ToRowMajor4x4();
        return Enumerable.Range(0, 4).Select(r => Enumerable.Range(0, 4).Select(c => m[r, c]).ToArray()).ToArray();
    }
}
