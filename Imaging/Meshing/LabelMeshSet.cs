using ArSpine.Core.Meshes;
using ArSpine.Core.Serialization;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing.Export;

namespace ArSpine.Imaging.Meshing;

/// <summary>One written mesh of a <see cref="LabelMeshSet"/>.</summary>
/// <param name="Label">The label id.</param>
/// <param name="Name">The label's name (a VerSe level such as "L3", or "label N" for a label no vertebra table knows).</param>
/// <param name="File">The file name, relative to <c>meshes.json</c>.</param>
/// <param name="AreaMm2">Surface area of the written mesh, mm².</param>
/// <param name="VolumeMm3">Enclosed volume of the written mesh, mm³.</param>
/// <param name="Triangles">Triangle count.</param>
/// <param name="Watertight">Whether every edge is shared by two oppositely wound triangles.</param>
public sealed record MeshedLabel(int Label, string Name, string File, double AreaMm2, double VolumeMm3, int Triangles, bool Watertight);

/// <summary>The index of a folder of meshes, <c>meshes.json</c>.</summary>
/// <param name="FileFrame">The frame and unit of the files' coordinates.</param>
/// <param name="Meshes">One entry per label, ascending by label.</param>
public sealed record MeshSetIndex(string FileFrame, IReadOnlyList<MeshedLabel> Meshes)
{
    /// <summary>The document format name.</summary>
    public const string Format = "arspine.meshes";

    /// <summary>The schema version this build writes.</summary>
    public const int Version = 1;

    /// <summary>The name of the index file in the folder.</summary>
    public const string FileName = "meshes.json";
}

/// <summary>Meshes every label of a volume and writes one file per label plus <c>meshes.json</c>.</summary>
public static class LabelMeshSet
{
    /// <summary>
    /// Meshes each present label (from the mask, or when <paramref name="ct"/> and <paramref name="thresholdHu"/> are given, the
    /// CT's iso-surface within the label), writes <c>NAME.EXT</c> per label and <c>meshes.json</c> into <paramref name="folder"/>,
    /// and returns the index. Labels are meshed in parallel; progress goes from 0 to 1.
    /// </summary>
    public static MeshSetIndex Write(
        LabelVolume labels, string folder, MeshFormat format, LabelSurfaceOptions options,
        CtVolume? ct = null, double? thresholdHu = null, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        IReadOnlyList<int> present = labels.PresentLabels();
        if (present.Count == 0)
        {
            throw new ArgumentException("Expected at least one non-zero label. Was none.", nameof(labels));
        }

        Directory.CreateDirectory(folder);
        var results = new MeshedLabel[present.Count];
        int done = 0;
        InParallel(present.Count, n =>
        {
            int label = present[n];
            string name = labels.Names[label];
            TriangleMesh mesh = ct is not null && thresholdHu is double hu
                ? LabelSurface.ExtractFromCt(ct, labels, label, hu, options)
                : LabelSurface.Extract(labels, label, options);
            string file = FileNameOf(name) + MeshWriter.ExtensionOf(format);
            MeshWriter.Write(mesh, name, Path.Combine(folder, file), format);
            results[n] = new MeshedLabel(label, name, file, mesh.SurfaceAreaMm2(), mesh.EnclosedVolumeMm3(), mesh.TriangleCount, mesh.IsWatertight());
            progress?.Report((double)Interlocked.Increment(ref done) / present.Count);
        });

        string frame = format == MeshFormat.Glb ? "glTF: x = L, y = S, z = A (-P), metres" : "Ct: LPS, mm";
        var index = new MeshSetIndex(frame, results);
        VersionedJson.Save(Path.Combine(folder, MeshSetIndex.FileName), index, MeshSetIndex.Format, MeshSetIndex.Version);
        return index;
    }

    /// <summary>
    /// Meshes the labels <paramref name="labelIds"/> of the mask in parallel, in their order (no files written); progress from 0 to 1.
    /// A label's failure is thrown as itself, as if the labels had been meshed one by one.
    /// </summary>
    public static TriangleMesh[] Extract(LabelVolume labels, IReadOnlyList<int> labelIds, LabelSurfaceOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(labelIds);
        var meshes = new TriangleMesh[labelIds.Count];
        int done = 0;
        InParallel(labelIds.Count, n =>
        {
            meshes[n] = LabelSurface.Extract(labels, labelIds[n], options);
            progress?.Report((double)Interlocked.Increment(ref done) / labelIds.Count);
        });
        return meshes;
    }

    /// <summary>A file name for a label name: letters and digits kept, anything else a dash ("label 40" → "label-40").</summary>
    public static string FileNameOf(string name)
    {
        var chars = name.Trim().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        string file = new string(chars).Trim('-');
        return file.Length == 0 ? "label" : file;
    }

    /// <summary>Runs <paramref name="body"/> for 0 … count − 1 on every core; the first failure is rethrown as itself, not wrapped.</summary>
    private static void InParallel(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, body);
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }
}
