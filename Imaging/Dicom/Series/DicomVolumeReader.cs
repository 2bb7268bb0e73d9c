using System.Collections.Concurrent;
using System.Globalization;
using ArSpine.Core.Geometry;
using ArSpine.Core.Progress;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Dicom.Pixels;

namespace ArSpine.Imaging.Dicom.Series;

/// <summary>How to read a series into a volume.</summary>
public sealed record DicomReadOptions
{
    /// <summary>The series to read: a key from <see cref="DicomSeriesGroup.Key"/> (or a SeriesInstanceUID that was not split); null chooses the CT series with most slices.</summary>
    public string? Series { get; init; }

    /// <summary>Resample unevenly spaced slices to their median spacing (linear along the normal) with a warning, instead of refusing them.</summary>
    public bool ResampleUnevenSpacing { get; init; }

    /// <summary>
    /// Correct a gantry tilt, with a warning: shift each slice within its plane (bilinear interpolation) onto an orthogonal grid
    /// stacked along the slice normal; samples that come from outside the acquired slice are air (-1024 HU).
    /// </summary>
    public bool CorrectGantryTilt { get; init; }
}

/// <summary>A volume read from a DICOM series, the series it came from and every warning raised on the way.</summary>
/// <param name="Ct">The CT in HU; i along rows (column index), j down columns (row index), k along the slice normal, LPS mm.</param>
/// <param name="Series">The series chosen.</param>
/// <param name="Warnings">Everything worth a reader's attention (skipped files, lossy compression, resampling, tilt).</param>
public sealed record DicomVolume(CtVolume Ct, DicomSeriesGroup Series, IReadOnlyList<string> Warnings);

/// <summary>
/// Builds a trusted <see cref="CtVolume"/> from DICOM: chooses the series, sorts its frames by position along the slice normal (never by
/// InstanceNumber or file name), checks that orientation, size and spacing are constant, refuses missing or duplicated slices, uneven
/// spacing and gantry tilt unless an option allows them, then decodes every frame to HU in parallel.
/// </summary>
public static class DicomVolumeReader
{
    /// <summary>Scans <paramref name="input"/> (folder or file), chooses a series and reads it. Progress goes 0 to 1 (scan, then decode).</summary>
    public static DicomVolume Read(string input, DicomReadOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        DicomScan scan = DicomScan.Scan(input, progress is null ? null : new ScaledProgress(progress, 0, 0.2));
        var warnings = new List<string>(scan.Warnings);
        DicomSeriesGroup series = Choose(scan, options.Series, warnings);
        CtVolume ct = Assemble(series, options, warnings, progress is null ? null : new ScaledProgress(progress, 0.2, 0.8));
        return new DicomVolume(ct, series, warnings);
    }

    /// <summary>
    /// Chooses the series named by <paramref name="key"/>, or else the CT series with most slices (the one series of a scan of one file, whatever its modality). Throws a <see cref="DicomSeriesChoiceException"/>
    /// when the key is not found, when it names a series split into parts, when two CT series tie, or when there is no CT series.
    /// </summary>
    public static DicomSeriesGroup Choose(DicomScan scan, string? key, List<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(warnings);
        if (scan.Series.Count == 0)
        {
            throw new DicomSeriesChoiceException(scan.Input, null, "at least one DICOM image series", string.Create(CultureInfo.InvariantCulture, $"none among {scan.FilesSeen} file(s)"));
        }

        if (key is not null)
        {
            DicomSeriesGroup? exact = scan.Series.FirstOrDefault(s => s.Key == key);
            if (exact is not null)
            {
                return exact;
            }

            List<DicomSeriesGroup> parts = scan.Series.Where(s => s.SeriesInstanceUid == key).ToList();
            if (parts.Count > 0)
            {
                throw SplitSeries(parts);
            }

            throw new DicomSeriesChoiceException(scan.Input, DicomTags.SeriesInstanceUid, "one of the series found: " + List(scan.Series), key);
        }

        if (File.Exists(scan.Input) && scan.Series.Count == 1)
        {
            return scan.Series[0];
        }

        List<DicomSeriesGroup> ct = scan.Series.Where(s => s.Modality == "CT").ToList();
        if (ct.Count == 0)
        {
            throw new DicomSeriesChoiceException(scan.Input, DicomTags.Modality, "a CT series (or a choice with --series) among: " + List(scan.Series), string.Join(", ", scan.Series.Select(s => s.Modality).Distinct()));
        }

        if (ct.Count > 1 && ct[0].FrameCount == ct[1].FrameCount)
        {
            throw new DicomSeriesChoiceException(scan.Input, DicomTags.SeriesInstanceUid,
                "one CT series with more slices than any other, or a choice with --series, among: " + List(ct),
                string.Create(CultureInfo.InvariantCulture, $"{ct.Count(s => s.FrameCount == ct[0].FrameCount)} series of {ct[0].FrameCount} slices"));
        }

        DicomSeriesGroup chosen = ct[0];
        if (chosen.PartCount > 1)
        {
            throw SplitSeries(scan.Series.Where(s => s.SeriesInstanceUid == chosen.SeriesInstanceUid).ToList());
        }

        if (chosen.SeriesInstanceUid == DicomScan.MissingUid)
        {
            warnings.Add("the images have no SeriesInstanceUID (0020,000E): they were taken as one series");
        }

        foreach (DicomSeriesGroup other in scan.Series.Where(s => s != chosen))
        {
            warnings.Add($"another series was not read: {other}");
        }

        return chosen;
    }

    /// <summary>Sorts, checks and decodes the frames of <paramref name="series"/> into a volume; appends warnings.</summary>
    public static CtVolume Assemble(DicomSeriesGroup series, DicomReadOptions options, List<string> warnings, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(warnings);
        var frames = series.Files.SelectMany(DicomFrame.Of).ToList();
        DicomFrame first = frames[0];
        CheckConstant(frames, first);
        AddHeaderWarnings(series, frames, warnings);

        Vector3d normal = first.Normal;
        frames.Sort((a, b) => Vector3d.Dot(a.PositionMm, normal).CompareTo(Vector3d.Dot(b.PositionMm, normal)));
        double[] along = frames.Select(f => Vector3d.Dot(f.PositionMm, normal)).ToArray();
        Vector3d alongI = first.RowDirection * first.ColumnSpacingMm, alongJ = first.ColumnDirection * first.RowSpacingMm;
        Vector3d step;
        double[]? resampleAt = null;
        if (frames.Count == 1)
        {
            double thickness = first.SliceThicknessMm ?? throw new DicomGeometryException(first.Name, DicomTags.SliceThickness, "a slice thickness or SpacingBetweenSlices for a volume of one slice", "missing");
            step = normal * thickness;
        }
        else
        {
            double spacing = CheckSpacing(frames, along, options.ResampleUnevenSpacing, warnings, out bool uneven);
            step = CheckTilt(frames, along, normal, spacing, options.CorrectGantryTilt, warnings);
            if (uneven)
            {
                int count = (int)Math.Round((along[^1] - along[0]) / spacing) + 1;
                resampleAt = Enumerable.Range(0, count).Select(m => along[0] + m * spacing).ToArray();
            }
        }

        int sizeK = resampleAt?.Length ?? frames.Count;
        short[] decoded = Decode(frames, progress, warnings);
        short[] hu = resampleAt is null ? decoded : Resample(decoded, along, resampleAt, first.Pixels.PixelsPerFrame);

        // A step off the normal is a gantry tilt that CheckTilt let through: shift each slice in its plane onto an orthogonal grid.
        double stepAlongNormal = Vector3d.Dot(step, normal);
        Vector3d shear = step - normal * stepAlongNormal;
        if (shear.Length > 1e-9)
        {
            hu = Untilt(hu, first.Pixels.Columns, first.Pixels.Rows, sizeK, shear, alongI, alongJ, warnings);
            step = normal * stepAlongNormal;
        }

        var grid = new VolumeGrid(first.Pixels.Columns, first.Pixels.Rows, sizeK, new AffineTransform(Matrix3d.FromColumns(alongI, alongJ, step), frames[0].PositionMm));
        return new CtVolume(grid, hu);
    }

    private static void CheckConstant(List<DicomFrame> frames, DicomFrame first)
    {
        foreach (DicomFrame f in frames)
        {
            if (f.Pixels.Rows != first.Pixels.Rows || f.Pixels.Columns != first.Pixels.Columns)
            {
                throw new DicomGeometryException(f.Name, DicomTags.Rows, string.Create(CultureInfo.InvariantCulture, $"{first.Pixels.Columns}x{first.Pixels.Rows} like {first.Name}"), string.Create(CultureInfo.InvariantCulture, $"{f.Pixels.Columns}x{f.Pixels.Rows}"));
            }

            if ((f.RowDirection - first.RowDirection).Length > 1e-4 || (f.ColumnDirection - first.ColumnDirection).Length > 1e-4)
            {
                throw new DicomGeometryException(f.Name, DicomTags.ImageOrientationPatient, $"the orientation of {first.Name}, {Cosines(first)}", Cosines(f));
            }

            if (Math.Abs(f.RowSpacingMm - first.RowSpacingMm) > 1e-4 * first.RowSpacingMm || Math.Abs(f.ColumnSpacingMm - first.ColumnSpacingMm) > 1e-4 * first.ColumnSpacingMm)
            {
                throw new DicomGeometryException(f.Name, DicomTags.PixelSpacing, string.Create(CultureInfo.InvariantCulture, $"the spacing of {first.Name}, {first.RowSpacingMm:0.######}\\{first.ColumnSpacingMm:0.######} mm"),
                    string.Create(CultureInfo.InvariantCulture, $"{f.RowSpacingMm:0.######}\\{f.ColumnSpacingMm:0.######}"));
            }
        }
    }

    private static void AddHeaderWarnings(DicomSeriesGroup series, List<DicomFrame> frames, List<string> warnings)
    {
        foreach (string uid in series.TransferSyntaxes)
        {
            if (DicomTransferSyntax.Find(uid) is { Lossy: true } lossy)
            {
                warnings.Add($"pixels are lossy compressed ({lossy}): HU values are approximate");
            }
        }

        if (series.Modality != "CT")
        {
            warnings.Add($"the series' modality is '{series.Modality}', not CT: values are its rescaled pixel values, not necessarily HU");
        }
        else if (frames.Any(f => !f.File.DataSet.Contains(DicomTags.RescaleIntercept) && f.File.DataSet.FirstItem(DicomTags.SharedFunctionalGroupsSequence) is null))
        {
            warnings.Add("a CT image has no RescaleIntercept (0028,1052): its stored values were taken as HU");
        }

        if (frames.Any(f => f.Pixels.Photometric == "MONOCHROME1"))
        {
            warnings.Add("MONOCHROME1 images: their values were kept (the photometric interpretation only inverts the display)");
        }
    }

    /// <summary>Checks the gaps between sorted positions; returns the spacing along the normal (the median gap).</summary>
    private static double CheckSpacing(List<DicomFrame> frames, double[] along, bool resample, List<string> warnings, out bool uneven)
    {
        var gaps = new double[along.Length - 1];
        for (int k = 0; k < gaps.Length; k++)
        {
            gaps[k] = along[k + 1] - along[k];
        }

        double[] sorted = gaps.Order().ToArray();
        double median = sorted[(sorted.Length - 1) / 2];
        double duplicateTolerance = Math.Max(1e-3, 0.05 * median);
        for (int k = 0; k < gaps.Length; k++)
        {
            if (gaps[k] < duplicateTolerance)
            {
                throw new DicomGeometryException(frames[k + 1].Name, DicomTags.ImagePositionPatient, $"one slice per position along the slice normal (also at this position: {frames[k].Name})",
                    string.Join('\\', Coordinates(frames[k + 1].PositionMm)));
            }
        }

        double tolerance = Math.Max(2e-3, 0.01 * median);
        uneven = false;
        for (int k = 0; k < gaps.Length; k++)
        {
            if (Math.Abs(gaps[k] - median) <= tolerance)
            {
                continue;
            }

            double ratio = gaps[k] / median;
            string expected = string.Create(CultureInfo.InvariantCulture, $"slices every {median:0.####} mm along the normal");
            string found = Math.Abs(ratio - Math.Round(ratio)) < 0.1 && Math.Round(ratio) >= 2
                ? string.Create(CultureInfo.InvariantCulture, $"a gap of {gaps[k]:0.####} mm after {frames[k].Name}: {Math.Round(ratio) - 1} slice(s) missing")
                : string.Create(CultureInfo.InvariantCulture, $"a gap of {gaps[k]:0.####} mm after {frames[k].Name} (gaps from {sorted[0]:0.####} to {sorted[^1]:0.####} mm: uneven spacing)");
            if (!resample)
            {
                throw new DicomGeometryException(frames[k + 1].Name, DicomTags.ImagePositionPatient, expected, found);
            }

            uneven = true;
        }

        if (uneven)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"slices were unevenly spaced ({sorted[0]:0.####} to {sorted[^1]:0.####} mm) and were resampled linearly to {median:0.####} mm"));
        }

        return median;
    }

    /// <summary>Checks that the slices are stacked along their normal; returns the step between slices (the k column of CtFromVoxel).</summary>
    private static Vector3d CheckTilt(List<DicomFrame> frames, double[] along, Vector3d normal, double spacing, bool allowTilt, List<string> warnings)
    {
        DicomFrame first = frames[0], last = frames[^1];
        double length = along[^1] - along[0];
        Vector3d direction = (last.PositionMm - first.PositionMm) / length;
        for (int k = 1; k < frames.Count - 1; k++)
        {
            Vector3d expected = first.PositionMm + direction * (along[k] - along[0]);
            if ((frames[k].PositionMm - expected).Length > Math.Max(0.01, 0.01 * spacing))
            {
                throw new DicomGeometryException(frames[k].Name, DicomTags.ImagePositionPatient, "slice positions on one straight line", string.Join('\\', Coordinates(frames[k].PositionMm)));
            }
        }

        Vector3d lateral = direction - normal * Vector3d.Dot(direction, normal);
        double tiltDeg = Math.Atan(lateral.Length) * 180 / Math.PI;
        double minimumPixel = Math.Min(first.RowSpacingMm, first.ColumnSpacingMm);
        if (lateral.Length * length > 0.1 * minimumPixel)
        {
            string found = string.Create(CultureInfo.InvariantCulture, $"slices sheared by {tiltDeg:0.###}° (gantry tilt{(first.File.DataSet.String(DicomTags.GantryDetectorTilt) is string t ? " " + t : "")})");
            if (!allowTilt)
            {
                throw new DicomGeometryException(last.Name, DicomTags.ImagePositionPatient, "slices stacked along their normal (no gantry tilt; --correct-gantry-tilt resamples it)", found);
            }

            warnings.Add($"gantry tilt: {found}");
        }

        return direction * spacing;
    }

    private static short[] Decode(List<DicomFrame> frames, IProgress<double>? progress, List<string> warnings)
    {
        int pixels = frames[0].Pixels.PixelsPerFrame;
        short[] hu = GC.AllocateUninitializedArray<short>(checked(pixels * frames.Count));
        var slotOf = new Dictionary<DicomFrame, int>(ReferenceEqualityComparer.Instance);
        for (int k = 0; k < frames.Count; k++)
        {
            slotOf[frames[k]] = k;
        }

        var byFile = frames.GroupBy(f => f.File).ToList();
        int done = 0, clamped = 0;
        var failures = new ConcurrentQueue<Exception>();
        Parallel.ForEach(byFile, (group, state) =>
        {
            try
            {
                DicomFile file = group.Key;
                bool inPlace = FrameDecoder.CanReadInPlace(group.First());
                IReadOnlyList<ReadOnlyMemory<byte>>? bytes = inPlace ? null : FrameDecoder.ReadFrames(file, group.First().Pixels);
                ushort[]? words = inPlace ? null : new ushort[pixels];
                foreach (DicomFrame frame in group)
                {
                    Span<short> slot = hu.AsSpan(slotOf[frame] * pixels, pixels);
                    int c = inPlace ? FrameDecoder.ReadNativeInPlace(frame, slot) : FrameDecoder.Decode(frame, bytes![frame.FrameIndex], words!, slot);
                    Interlocked.Add(ref clamped, c);
                    progress?.Report((double)Interlocked.Increment(ref done) / frames.Count);
                }
            }
            catch (Exception e) when (e is DicomException or IOException)
            {
                failures.Enqueue(e);
                state.Stop();
            }
        });

        if (failures.TryDequeue(out Exception? failure))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }

        if (clamped > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{clamped} pixel(s) were outside the int16 range after rescaling and were clamped"));
        }

        return hu;
    }

    /// <summary>
    /// Slice k of the result is slice k of <paramref name="input"/> moved by −k·<paramref name="shearPerSlice"/> (mm, in the slice
    /// plane), sampled bilinearly; where it comes from outside the slice it is air.
    /// </summary>
    private static short[] Untilt(short[] input, int sizeI, int sizeJ, int sizeK, Vector3d shearPerSlice, Vector3d alongI, Vector3d alongJ, List<string> warnings)
    {
        const short Air = -1024;
        double di = Vector3d.Dot(shearPerSlice, alongI) / alongI.LengthSquared, dj = Vector3d.Dot(shearPerSlice, alongJ) / alongJ.LengthSquared;
        int pixels = sizeI * sizeJ;
        var output = new short[input.Length];
        long outside = 0;
        Parallel.For(0, sizeK, k =>
        {
            ReadOnlySpan<short> slice = input.AsSpan(k * pixels, pixels);
            Span<short> o = output.AsSpan(k * pixels, pixels);
            long missed = 0;
            for (int j = 0; j < sizeJ; j++)
            {
                double y = j - k * dj;
                bool rowInside = y >= -1e-9 && y <= sizeJ - 1 + 1e-9;
                y = Math.Clamp(y, 0, sizeJ - 1);
                int y0 = (int)y, y1 = Math.Min(y0 + 1, sizeJ - 1);
                double fy = y - y0;
                for (int i = 0; i < sizeI; i++)
                {
                    double x = i - k * di;
                    if (!rowInside || x < -1e-9 || x > sizeI - 1 + 1e-9)
                    {
                        o[i + sizeI * j] = Air;
                        missed++;
                        continue;
                    }

                    x = Math.Clamp(x, 0, sizeI - 1);
                    int x0 = (int)x, x1 = Math.Min(x0 + 1, sizeI - 1);
                    double fx = x - x0;
                    double top = slice[x0 + sizeI * y0] + fx * (slice[x1 + sizeI * y0] - slice[x0 + sizeI * y0]);
                    double bottom = slice[x0 + sizeI * y1] + fx * (slice[x1 + sizeI * y1] - slice[x0 + sizeI * y1]);
                    o[i + sizeI * j] = (short)Math.Round(top + fy * (bottom - top), MidpointRounding.AwayFromZero);
                }
            }

            Interlocked.Add(ref outside, missed);
        });
        warnings.Add(string.Create(CultureInfo.InvariantCulture,
            $"gantry tilt corrected: slices shifted in their planes by {shearPerSlice.Length:0.###} mm per slice onto an orthogonal grid; {outside} voxels outside the acquired slices set to air"));
        return output;
    }

    /// <summary>Linear interpolation along the normal from slices at <paramref name="along"/> to slices at <paramref name="targets"/> (both ascending, same first and last).</summary>
    private static short[] Resample(short[] input, double[] along, double[] targets, int pixels)
    {
        var output = new short[(long)pixels * targets.Length];
        Parallel.For(0, targets.Length, m =>
        {
            int k = Array.BinarySearch(along, targets[m]);
            if (k < 0)
            {
                k = ~k - 1;
            }

            k = Math.Clamp(k, 0, along.Length - 2);
            double w = Math.Clamp((targets[m] - along[k]) / (along[k + 1] - along[k]), 0, 1);
            ReadOnlySpan<short> a = input.AsSpan(k * pixels, pixels), b = input.AsSpan((k + 1) * pixels, pixels);
            Span<short> o = output.AsSpan(m * pixels, pixels);
            for (int n = 0; n < pixels; n++)
            {
                o[n] = (short)Math.Round(a[n] + w * (b[n] - a[n]), MidpointRounding.AwayFromZero);
            }
        });
        return output;
    }

    private static DicomSeriesChoiceException SplitSeries(List<DicomSeriesGroup> parts)
    {
        DicomSeriesGroup odd = parts[^1];
        return new DicomSeriesChoiceException(odd.Files[0].Path, DicomTags.Rows,
            $"one size and orientation in series {parts[0].SeriesInstanceUid}; its parts are {List(parts)} (choose one with --series)",
            string.Create(CultureInfo.InvariantCulture, $"{odd.Columns}x{odd.Rows}"));
    }

    private static string List(IEnumerable<DicomSeriesGroup> series) => string.Join("; ", series.Select(s => s.ToString()));

    private static string Cosines(DicomFrame f) => string.Join('\\', Coordinates(f.RowDirection).Concat(Coordinates(f.ColumnDirection)));

    private static IEnumerable<string> Coordinates(Vector3d v) =>
        new[] { v.X, v.Y, v.Z }.Select(x => x.ToString("0.######", CultureInfo.InvariantCulture));
}
