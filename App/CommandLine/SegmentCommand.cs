using System.CommandLine;
using System.Globalization;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Serialization;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;
using ArSpine.Inference.Classical;

namespace ArSpine.App.CommandLine;

/// <summary>
/// <c>arspine segment CT -o LABELS.nii.gz [--json REPORT.json] [--lowest L5]</c>: vertebra labels in VerSe numbering on the
/// CT's own grid (same affine), by the classical segmentation; the report lists the levels with voxel counts and warnings.
/// </summary>
internal static class SegmentCommand
{
    /// <summary>The report document's format name.</summary>
    public const string ReportFormat = "arspine.segmentation-report";

    public static Command Create()
    {
        var ctPath = new Argument<string>("CT") { Description = "CT volume (NIfTI .nii or .nii.gz), HU" };
        var output = new Option<string>("--output", "-o") { Description = "Label volume to write (NIfTI), VerSe numbering", Required = true };
        var json = new Option<string?>("--json") { Description = "Report to write: levels found, voxel counts, warnings" };
        var lowest = new Option<string?>("--lowest") { Description = "Name of the lowest vertebra above the sacrum (transitional anatomy), such as L6 or L4" };
        var model = new Option<string?>("--model") { Description = "ONNX model with its sidecar JSON (not in this build: the classical segmentation runs without it)" };
        var command = new Command("segment", "Segment and name the vertebrae of a CT (classical: bone, canal, discs, levels from the sacrum)")
        {
            ctPath, output, json, lowest, model,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(model) is string modelPath)
            {
                throw InvalidInputException.Field(modelPath, "--model", "no model: this build segments with the classical method only", modelPath);
            }

            string outputPath = parse.GetValue(output)!;
            if (!outputPath.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) && !outputPath.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase))
            {
                throw InvalidInputException.Field(null, "--output", "a NIfTI file name ending in .nii or .nii.gz", outputPath);
            }

            CtVolume ct = VolumeInputs.ReadCt("CT", parse.GetValue(ctPath)!);
            var options = new ClassicalSegmentationOptions { LowestVertebra = parse.GetValue(lowest) };
            SegmentationResult result = ConsoleProgress.Run("Segmenting vertebrae", p => ClassicalSegmentation.Segment(ct, options, p));
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
                var report = new SegmentationReport(Path.GetFileName(outputPath), "classical", result.Levels, result.CanalCentrelineCt, result.Warnings);
                VersionedJson.Save(reportPath, report, ReportFormat, 1);
            }

            Console.WriteLine($"Wrote {result.Levels.Count} levels to {Path.GetFullPath(outputPath)}");
            return 0;
        });
        return command;
    }

    /// <summary>The report of <c>arspine segment --json</c>.</summary>
    /// <param name="Labels">The label file's name.</param>
    /// <param name="Method">"classical".</param>
    /// <param name="Levels">Levels found, inferior to superior, with voxel counts, volumes (mm³) and centroids (Ct, LPS mm).</param>
    /// <param name="CanalCentrelineCt">Centres of the spinal canal, Ct (LPS mm), inferior to superior.</param>
    /// <param name="Warnings">What a reader should check.</param>
    private sealed record SegmentationReport(string Labels, string Method, IReadOnlyList<FoundLevel> Levels, IReadOnlyList<Vector3d> CanalCentrelineCt, IReadOnlyList<string> Warnings);
}
