using System.CommandLine;
using System.Globalization;
using ArSpine.Core.Errors;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;
using ArSpine.Imaging.Meshing.Export;

namespace ArSpine.App.CommandLine;

/// <summary>
/// <c>arspine mesh LABELS -o DIR [--format glb|stl|obj] [--triangles N] [--threshold HU --ct CT]</c>: one closed, smoothed and
/// decimated mesh per label, and <c>meshes.json</c> with each label's name, area (mm²), volume (mm³) and triangle count.
/// </summary>
internal static class MeshCommand
{
    public static Command Create()
    {
        var labelsPath = new Argument<string>("LABELS") { Description = "Label volume (NIfTI), VerSe numbering" };
        var output = new Option<string>("--output", "-o") { Description = "Folder for the mesh files and meshes.json", Required = true };
        var format = new Option<string>("--format") { Description = "glb (headset, metres), stl or obj (Ct LPS mm)", DefaultValueFactory = _ => "glb" };
        var triangles = new Option<int>("--triangles") { Description = "Triangle budget per label (0: no decimation)", DefaultValueFactory = _ => 20000 };
        var smoothing = new Option<int>("--smoothing") { Description = "Taubin smoothing iterations", DefaultValueFactory = _ => 10 };
        var threshold = new Option<double?>("--threshold") { Description = "Mesh the CT's iso-surface at this HU within each label (needs --ct)" };
        var ctPath = new Option<string?>("--ct") { Description = "CT (DICOM or NIfTI) on the labels' grid, for --threshold" };
        var command = new Command("mesh", "Mesh every label of a label volume: one file per vertebra and meshes.json")
        {
            labelsPath, output, format, triangles, smoothing, threshold, ctPath,
        };
        command.SetAction(parse =>
        {
            MeshFormat meshFormat = ParseFormat(parse.GetValue(format)!);
            int budget = parse.GetValue(triangles);
            int iterations = parse.GetValue(smoothing);
            if (budget != 0 && budget < 100)
            {
                throw InvalidInputException.Field(null, "--triangles", "0 (no decimation) or a budget of at least 100 triangles", budget);
            }

            if (iterations is < 0 or > 500)
            {
                throw InvalidInputException.Field(null, "--smoothing", "0 to 500 iterations", iterations);
            }

            double? hu = parse.GetValue(threshold);
            string? ctFile = parse.GetValue(ctPath);
            if (hu.HasValue != (ctFile is not null))
            {
                throw InvalidInputException.Field(null, hu.HasValue ? "--ct" : "--threshold", "--threshold and --ct given together", "only one of them");
            }

            LabelVolume labels = VolumeInputs.ReadLabels("LABELS", parse.GetValue(labelsPath)!);
            CtVolume? ct = ctFile is null ? null : VolumeInputs.ReadCt("--ct", ctFile);
            if (ct is not null && ct.Grid != labels.Grid)
            {
                throw InvalidInputException.Field(ctFile, "grid", $"the labels' grid ({labels.Grid.SizeI}x{labels.Grid.SizeJ}x{labels.Grid.SizeK} with the same affine)", $"{ct.Grid.SizeI}x{ct.Grid.SizeJ}x{ct.Grid.SizeK}");
            }

            if (labels.PresentLabels().Count == 0)
            {
                throw InvalidInputException.Field(parse.GetValue(labelsPath), "labels", "at least one non-zero label", "none");
            }

            string folder = parse.GetValue(output)!;
            var options = new LabelSurfaceOptions(0, iterations, budget == 0 ? null : budget);
            MeshSetIndex index;
            try
            {
                index = ConsoleProgress.Run("Meshing labels", p => LabelMeshSet.Write(labels, folder, meshFormat, options, ct, hu, p));
            }
            catch (ArgumentException e) when (hu.HasValue)
            {
                throw new InvalidInputException($"mesh: --threshold {hu.Value.ToString(CultureInfo.InvariantCulture)}: {e.Message.Split(" (Parameter")[0]}");
            }

            foreach (MeshedLabel m in index.Meshes)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{m.Name,-8} label {m.Label,3}  {m.Triangles,7} triangles  {m.AreaMm2,10:0.0} mm²  {m.VolumeMm3,10:0.0} mm³  {m.File}"));
            }

            Console.WriteLine($"Wrote {index.Meshes.Count} meshes and {MeshSetIndex.FileName} to {Path.GetFullPath(folder)}");
            return 0;
        });
        return command;
    }

    private static MeshFormat ParseFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        "glb" => MeshFormat.Glb,
        "stl" => MeshFormat.Stl,
        "obj" => MeshFormat.Obj,
        _ => throw InvalidInputException.Field(null, "--format", "glb, stl or obj", text),
    };
}
