using System.Collections.Concurrent;
using System.Globalization;
using ArSpine.Core.Geometry;

namespace ArSpine.Imaging.Dicom.Series;

/// <summary>
/// What a recursive scan of a folder (or one file) found: the image series, grouped by SeriesInstanceUID and split by size and
/// orientation, and the files it skipped. Reads headers only.
/// </summary>
public sealed class DicomScan
{
    /// <summary>The key of the files that have no SeriesInstanceUID, grouped together.</summary>
    public const string MissingUid = "(no SeriesInstanceUID)";

    private DicomScan(string input, IReadOnlyList<DicomSeriesGroup> series, IReadOnlyList<string> warnings, int filesSeen)
    {
        Input = input;
        Series = series;
        Warnings = warnings;
        FilesSeen = filesSeen;
    }

    /// <summary>The folder or file scanned.</summary>
    public string Input { get; }

    /// <summary>The image series found, most frames first, then by key.</summary>
    public IReadOnlyList<DicomSeriesGroup> Series { get; }

    /// <summary>What was skipped and why (files that are not DICOM, broken DICOM files, DICOM files without images).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The number of files looked at.</summary>
    public int FilesSeen { get; }

    /// <summary>
    /// Scans <paramref name="input"/>: a folder (recursively; a DICOMDIR is not needed and is skipped) or one DICOM file. Broken files are
    /// skipped with a warning, so a gap they leave in a series shows up as a missing slice when it is assembled. Progress goes 0 to 1.
    /// </summary>
    public static DicomScan Scan(string input, IProgress<double>? progress = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        if (File.Exists(input))
        {
            DicomFile single = DicomFile.ReadHeader(input);
            if (!single.HasPixelData)
            {
                throw new DicomFormatException(input, DicomTags.PixelData, "an image file with pixel data", "none");
            }

            progress?.Report(1);
            return new DicomScan(input, Group([single]), [], 1);
        }

        if (!Directory.Exists(input))
        {
            throw new DicomSeriesChoiceException(input, null, "a DICOM folder or file", "no such file or folder");
        }

        List<string> paths = Directory.EnumerateFiles(input, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.System })
            .Where(p => !Path.GetFileName(p).Equals("DICOMDIR", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var files = new DicomFile?[paths.Count];
        var warnings = new ConcurrentBag<(int Index, string Text)>();
        int done = 0, notDicom = 0;
        Parallel.For(0, paths.Count, n =>
        {
            try
            {
                DicomFile file = DicomFile.ReadHeader(paths[n]);
                if (!file.HasPixelData)
                {
                    warnings.Add((n, $"{paths[n]}: skipped, a DICOM file without pixel data ({file.DataSet.String(DicomTags.SopClassUid) ?? file.Meta.String(DicomTags.MediaStorageSopClassUid) ?? "no SOP class"})"));
                }
                else
                {
                    files[n] = file;
                }
            }
            catch (DicomFormatException e) when (e.IsNotDicom)
            {
                Interlocked.Increment(ref notDicom);
            }
            catch (DicomException e)
            {
                warnings.Add((n, $"skipped a broken DICOM file: {e.Message}"));
            }
            catch (IOException e)
            {
                warnings.Add((n, $"{paths[n]}: skipped, could not be read: {e.Message}"));
            }

            progress?.Report((double)Interlocked.Increment(ref done) / paths.Count);
        });

        var list = warnings.OrderBy(w => w.Index).Select(w => w.Text).ToList();
        if (notDicom > 0)
        {
            list.Insert(0, string.Create(CultureInfo.InvariantCulture, $"{notDicom} file(s) that are not DICOM were skipped"));
        }

        return new DicomScan(input, Group(files.OfType<DicomFile>().ToList()), list, paths.Count);
    }

    /// <summary>Groups image files by SeriesInstanceUID, then splits each group by size (Rows, Columns) and orientation.</summary>
    private static List<DicomSeriesGroup> Group(List<DicomFile> files)
    {
        var groups = new List<DicomSeriesGroup>();
        foreach (IGrouping<string, DicomFile> byUid in files.GroupBy(f => f.DataSet.String(DicomTags.SeriesInstanceUid) ?? MissingUid, StringComparer.Ordinal))
        {
            var parts = new List<(int Rows, int Columns, Vector3d? Row, Vector3d? Column, List<DicomFile> Files, int Frames)>();
            foreach (DicomFile file in byUid)
            {
                (int rows, int columns, Vector3d? row, Vector3d? column, int frames) = Shape(file);
                int at = parts.FindIndex(p => p.Rows == rows && p.Columns == columns && Same(p.Row, row) && Same(p.Column, column));
                if (at < 0)
                {
                    parts.Add((rows, columns, row, column, [], 0));
                    at = parts.Count - 1;
                }

                parts[at].Files.Add(file);
                parts[at] = parts[at] with { Frames = parts[at].Frames + frames };
            }

            parts.Sort((a, b) => b.Frames.CompareTo(a.Frames));
            for (int p = 0; p < parts.Count; p++)
            {
                string key = parts.Count == 1 ? byUid.Key : string.Create(CultureInfo.InvariantCulture, $"{byUid.Key}#{p + 1}");
                groups.Add(new DicomSeriesGroup(key, byUid.Key, parts.Count, parts[p].Files, parts[p].Frames, parts[p].Rows, parts[p].Columns));
            }
        }

        groups.Sort((a, b) => a.FrameCount != b.FrameCount ? b.FrameCount.CompareTo(a.FrameCount) : string.CompareOrdinal(a.Key, b.Key));
        return groups;
    }

    /// <summary>The size, orientation and frame count used for grouping; values that cannot be read become "unknown" (the assembly then names the error).</summary>
    private static (int Rows, int Columns, Vector3d? Row, Vector3d? Column, int Frames) Shape(DicomFile file)
    {
        DicomDataSet ds = file.DataSet;
        int rows = Try(() => ds.Integer(DicomTags.Rows)) ?? 0;
        int columns = Try(() => ds.Integer(DicomTags.Columns)) ?? 0;
        int frames = Math.Max(1, Try(() => ds.Integer(DicomTags.NumberOfFrames)) ?? 1);
        DicomDataSet? orientation = ds.Contains(DicomTags.ImageOrientationPatient) ? ds
            : ds.FirstItem(DicomTags.SharedFunctionalGroupsSequence)?.FirstItem(DicomTags.PlaneOrientationSequence)
              ?? ds.FirstItem(DicomTags.PerFrameFunctionalGroupsSequence)?.FirstItem(DicomTags.PlaneOrientationSequence);
        double[]? iop = orientation is null ? null : Try(() => orientation.Decimals(DicomTags.ImageOrientationPatient));
        return iop is { Length: 6 }
            ? (rows, columns, new Vector3d(iop[0], iop[1], iop[2]), new Vector3d(iop[3], iop[4], iop[5]), frames)
            : (rows, columns, null, null, frames);
    }

    private static bool Same(Vector3d? a, Vector3d? b) =>
        a is null || b is null ? a is null && b is null : (a.Value - b.Value).Length < 1e-4;

    private static T? Try<T>(Func<T?> read)
    {
        try
        {
            return read();
        }
        catch (DicomFormatException)
        {
            return default;
        }
    }
}
