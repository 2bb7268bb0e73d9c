using System.CommandLine;
using System.Globalization;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Serialization;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;
using ArSpine.Inference.Classical;
using ArSpine.Inference.Landmarks;
using ArSpine.Inference.Onnx;

namespace ArSpine.App.CommandLine;

/// <summary>
/// <c>arspine segment CT -o LABELS.nii.gz [--model M.onnx] [--json REPORT.json] [--lowest L5]</c>: vertebra labels in VerSe
/// numbering on the CT's own grid (same affine), by the classical segmentation or an ONNX model; the report lists the levels
/// with voxel counts and warnings.
/// </summary>
internal static class SegmentCommand
{
    /// <summary>The report document's format name.</summary>
    public const string ReportFormat = "arspine.segmentation-report";

    public static Command Create()
    {
        var ctPath = new Argument<string>("CT") { Description = "CT: a DICOM folder or file, or a NIfTI file (.nii or .nii.gz), in HU" };
        var output = new Option<string>("--output", "-o") { Description = "Label volume to write (NIfTI), VerSe numbering", Required = true };
        var json = new Option<string?>("--json") { Description = "Report to write: levels found, voxel counts, warnings" };
        var lowest = new Option<string?>("--lowest") { Description = "Name of the lowest vertebra above the sacrum (transitional anatomy), such as L6 or L4" };
        var model = new Option<string?>("--model") { Description = "ONNX model (its sidecar JSON beside it, MODEL.onnx.json); without it the classical segmentation runs" };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime threads (0: its choice)" };
        var command = new Command("segment", "Segment and name the vertebrae of a CT (classical: bone, canal, discs, levels from the sacrum)")
        {
            ctPath, output, json, lowest, model, threads,
        };
        command.SetAction(parse =>
        {
            string outputPath = parse.GetValue(output)!;
            if (!outputPath.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) && !outputPath.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase))
            {
                throw InvalidInputException.Field(null, "--output", "a NIfTI file name ending in .nii or .nii.gz", outputPath);
            }

            int threadCount = parse.GetValue(threads);
            if (threadCount is < 0 or > 256)
            {
                throw InvalidInputException.Field(null, "--threads", "0 to 256 threads", threadCount);
            }

            using OnnxSegmentationEngine? engine = parse.GetValue(model) is string modelPath ? new OnnxSegmentationEngine(modelPath, null, new OnnxEngineOptions(threadCount)) : null;
            CtVolume ct = VolumeInputs.ReadCt("CT", parse.GetValue(ctPath)!);
            SegmentationResult result = Segment(ct, engine, parse.GetValue(lowest));
            NiftiWriter.WriteLabels(result.Labels, outputPath);
            foreach (FoundLevel level in result.Levels)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{level.Name,-4} label {level.LabelId,3}  {level.Voxels,9} voxels  {level.VolumeMm3 / 1000,8:0.0} cm³  centroid {level.CentroidCt} mm (LPS)"));
            }

            foreach (string warning in result.Warnings)
            {
                Console.WriteLine($"warning: {warning}");
            }

            if (parse.GetValue(json) is string reportPath)
            {
                var landmarks = result.Levels.Where(l => l.LabelId != VertebraLevels.SacrumId).Select(l => VertebraLandmarks.Compute(result.Labels, l.LabelId)).ToList();
                var report = new SegmentationReport(Path.GetFileName(outputPath), engine is null ? "classical" : "onnx", result.Levels, landmarks, result.CanalCentrelineCt, result.Warnings);
                VersionedJson.Save(reportPath, report, ReportFormat, 1);
            }

            Console.WriteLine($"Wrote {result.Levels.Count} levels to {Path.GetFullPath(outputPath)}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Segments <paramref name="ct"/> behind a progress bar: with <paramref name="engine"/>'s ONNX model when given, else the
    /// classical segmentation (<paramref name="lowest"/>: the lowest vertebra above the sacrum, for transitional anatomy). Used by
    /// <c>segment</c> and <c>prepare</c>.
    /// </summary>
    public static SegmentationResult Segment(CtVolume ct, OnnxSegmentationEngine? engine, string? lowest) => engine is null
        ? ConsoleProgress.Run("Segmenting vertebrae", p => ClassicalSegmentation.Segment(ct, new ClassicalSegmentationOptions { LowestVertebra = lowest }, p))
        : ConsoleProgress.Run("Segmenting vertebrae (ONNX)", p => ModelResult(engine.Segment(ct, p)));

    /// <summary>A model's labels as a result: levels with voxel counts and centroids; no canal centreline.</summary>
    private static SegmentationResult ModelResult(LabelVolume labels) => new(labels, LevelMeasurement.Levels(labels), [], []);

    /// <summary>The report of <c>arspine segment --json</c>.</summary>
    /// <param name="Labels">The label file's name.</param>
    /// <param name="Method">"classical".</param>
    /// <param name="Levels">Levels found, inferior to superior, with voxel counts, volumes (mm³) and centroids (Ct, LPS mm).</param>
    /// <param name="Landmarks">Per vertebra above the sacrum: body centroid, axis, endplates and pedicle regions (Ct, LPS mm).</param>
    /// <param name="CanalCentrelineCt">Centres of the spinal canal, Ct (LPS mm), inferior to superior.</param>
    /// <param name="Warnings">What a reader should check.</param>
    private sealed record SegmentationReport(string Labels, string Method, IReadOnlyList<FoundLevel> Levels, IReadOnlyList<VertebraLandmarkSet> Landmarks, IReadOnlyList<Vector3d> CanalCentrelineCt, IReadOnlyList<string> Warnings);
}
