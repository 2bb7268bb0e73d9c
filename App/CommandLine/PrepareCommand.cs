using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ArSpine.App.Cases;
using ArSpine.Core.Cases;
using ArSpine.Core.Errors;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;
using ArSpine.Inference.Classical;
using ArSpine.Inference.Onnx;
using ArSpine.Planning.Screws;

namespace ArSpine.App.CommandLine;

/// <summary>
/// <c>arspine prepare CT -o CASE [--model M.onnx] [--levels L1-L5]</c>: the planning station's whole job. Reads the CT (DICOM
/// or NIfTI), segments and names the vertebrae (classical, or an ONNX model; the same code as <c>segment</c>), meshes each
/// vertebra and the skin, plans the pedicle screws (as <c>plan</c>), puts the default marker and spinous-process fiducials on the
/// case and writes the case package (<see cref="CasePackage.Save"/>). Levels and sides come from the data's own orientation and
/// labels; a series whose orientation cannot be trusted is refused by the reader or the segmentation with their errors.
/// </summary>
internal static class PrepareCommand
{
    /// <summary>Triangle budget per vertebra mesh (as <c>mesh</c>'s default).</summary>
    public const int VertebraTriangles = 20000;

    public static Command Create()
    {
        var input = new Argument<string>("CT") { Description = "CT: a DICOM folder or file, or a NIfTI file (.nii or .nii.gz), in HU" };
        var output = new Option<string>("--output", "-o") { Description = "Case folder to write (new, empty, or an earlier case to replace)", Required = true };
        var model = new Option<string?>("--model") { Description = "ONNX segmentation model (its sidecar MODEL.onnx.json beside it); without it the classical segmentation runs" };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime threads (0: its choice)" };
        var levels = new Option<string?>("--levels") { Description = "Levels to plan screws for, such as L1-L5 (default: every vertebra found but the sacrum)" };
        var lowest = new Option<string?>("--lowest") { Description = "Name of the lowest vertebra above the sacrum (transitional anatomy), such as L6 or L4" };
        var label = new Option<string?>("--label") { Description = "How the team names the case; kept only in case.json's patientLabel, never in file names (default: unnamed case)" };
        var catalogue = new Option<string?>("--catalogue") { Description = "Screw catalogue (default: Assets/screw-catalogue.json next to the app)" };
        var command = new Command("prepare", "Prepare a case package from a CT: segment, mesh the vertebrae and skin, plan pedicle screws, add marker and fiducials")
        {
            input, output, model, threads, levels, lowest, label, catalogue,
        };
        command.SetAction(parse =>
        {
            int threadCount = parse.GetValue(threads);
            if (threadCount is < 0 or > 256)
            {
                throw InvalidInputException.Field(null, "--threads", "0 to 256 threads", threadCount);
            }

            string folder = Path.GetFullPath(parse.GetValue(output)!);
            IReadOnlyList<int>? levelIds = parse.GetValue(levels) is { } range ? ArgumentParsing.Levels("--levels", range) : null;
            var options = new ScrewPlanningOptions { Catalogue = ScrewCatalogue.Load(parse.GetValue(catalogue) ?? ScrewCatalogue.DefaultPath) };
            string patientLabel = parse.GetValue(label) ?? "unnamed case";
            using OnnxSegmentationEngine? engine = parse.GetValue(model) is string modelPath ? new OnnxSegmentationEngine(modelPath, null, new OnnxEngineOptions(threadCount)) : null;
            Prepare(parse.GetValue(input)!, folder, engine, levelIds, parse.GetValue(lowest), patientLabel, options);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Prepares the case package of <paramref name="input"/> (a DICOM folder or file, or NIfTI) into <paramref name="folder"/>, with a
    /// progress bar per stage and a summary on standard output; returns the package as written.
    /// </summary>
    public static CasePackage Prepare(string input, string folder, OnnxSegmentationEngine? engine, IReadOnlyList<int>? levelIds, string? lowest, string patientLabel, ScrewPlanningOptions options)
    {
        RequireCaseFolder(folder);
        var clock = Stopwatch.StartNew();
        var stages = new List<(string Stage, TimeSpan Time)>();
        T Stage<T>(string stage, Func<T> work)
        {
            TimeSpan start = clock.Elapsed;
            T result = work();
            stages.Add((stage, clock.Elapsed - start));
            return result;
        }

        CtVolume ct = Stage("read", () => ConsoleProgress.Run("Reading the CT", p => VolumeInputs.ReadCt("CT", input, p)));
        SegmentationResult segmentation = Stage("segment", () => SegmentCommand.Segment(ct, engine, lowest));
        LabelVolume labels = segmentation.Labels;
        IReadOnlyList<int> present = labels.PresentLabels();
        IReadOnlyList<int> planned = levelIds ?? ScrewPlanner.PlannableLevels(labels);
        foreach (int id in planned)
        {
            if (!present.Contains(id))
            {
                throw InvalidInputException.Field(input, "--levels", $"levels the segmentation found ({string.Join(", ", present.OrderBy(VertebraLevels.HeadToFeet).Select(l => labels.Names[l]))})", VertebraLevels.NameOf(id));
            }
        }

        // Every vertebra found goes into the case (the sacrum too: it is context and a fiducial), superior first.
        int[] ids = present.OrderBy(VertebraLevels.HeadToFeet).ToArray();
        var vertebrae = ids.Select(id => new CaseVertebra(labels.Names[id], id, $"{LabelMeshSet.FileNameOf(labels.Names[id])}.glb")).ToList();
        var meshOptions = new LabelSurfaceOptions(0, 10, VertebraTriangles);
        TriangleMesh[] meshes = Stage("mesh", () => ConsoleProgress.Run("Meshing vertebrae", p => LabelMeshSet.Extract(labels, ids, meshOptions, p)));
        (TriangleMesh? skin, string? noSkin) = Stage("skin", () => ConsoleProgress.Run("Meshing the skin", _ => SkinOrNull(ct)));
        ScrewPlanningResult plan = Stage("plan", () => ConsoleProgress.Run("Planning screws", p => ScrewPlanner.Plan(labels, planned, options, p)));
        IReadOnlyList<CaseFiducial> fiducials = CaseFiducials.SpinousProcessTips(vertebrae, meshes);
        var index = new SurgicalCase(patientLabel, vertebrae, plan.Plan, "ct.nii.gz", "labels.nii.gz", skin is null ? null : "skin.glb", CaseFiducials.DefaultMarker, fiducials);
        var package = new CasePackage(folder, index, meshes, skin, ct, labels);
        Stage("write", () => ConsoleProgress.Run<bool>("Writing the case package", _ =>
        {
            package.Save(folder);
            return true;
        }));
        PrintSummary(package, segmentation, plan, noSkin, clock.Elapsed);
        Console.WriteLine("Time per stage: " + string.Join(", ", stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Stage} {s.Time.TotalSeconds:0.0} s"))));
        return package;
    }

    /// <summary>
    /// The skin surface, or null with the reason when there is none to take (then the case has no skin): no CT voxel above
    /// <see cref="SkinSurface.DefaultThresholdHu"/>, or no block of the block-averaged CT that <see cref="SkinSurface.Extract"/>
    /// meshes reaching it (only isolated bright voxels, such as noise or a marker bead in air).
    /// </summary>
    internal static (TriangleMesh? Skin, string? Missing) SkinOrNull(CtVolume ct)
    {
        long above = 0;
        foreach (short hu in ct.Hu)
        {
            above += hu > SkinSurface.DefaultThresholdHu ? 1 : 0;
        }

        CultureInfo inv = CultureInfo.InvariantCulture;
        if (above == 0)
        {
            return (null, string.Create(inv, $"no CT voxel above {SkinSurface.DefaultThresholdHu} HU"));
        }

        try
        {
            return (SkinSurface.Extract(ct), null);
        }
        catch (ArgumentException e) when (e.ParamName == "thresholdHu")
        {
            return (null, string.Create(inv, $"{above} CT voxels above {SkinSurface.DefaultThresholdHu} HU, but too few together for a surface on the skin's coarser grid"));
        }
    }

    /// <summary>Refuses to write into a file, or into a folder that holds files but no case (it may be someone's other work).</summary>
    private static void RequireCaseFolder(string folder)
    {
        if (File.Exists(folder))
        {
            throw InvalidInputException.Field(folder, "--output", "a case folder", "a file");
        }

        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !File.Exists(Path.Combine(folder, SurgicalCase.FileName)))
        {
            throw InvalidInputException.Field(folder, "--output", $"a new or empty folder, or an earlier case folder (with {SurgicalCase.FileName}) to replace", "a folder with other files");
        }
    }

    private static void PrintSummary(CasePackage package, SegmentationResult segmentation, ScrewPlanningResult plan, string? noSkin, TimeSpan elapsed)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        SurgicalCase index = package.Case;
        Console.WriteLine("Levels (superior to inferior):");
        for (int v = 0; v < index.Vertebrae.Count; v++)
        {
            CaseVertebra vertebra = index.Vertebrae[v];
            FoundLevel? found = segmentation.Levels.FirstOrDefault(l => l.LabelId == vertebra.LabelId);
            string volume = found is null ? "" : string.Create(inv, $"{found.VolumeMm3 / 1000,7:0.0} cm³");
            Console.WriteLine(string.Create(inv, $"  {vertebra.Name,-4} label {vertebra.LabelId,3} {volume}  {package.VertebraMeshes[v].TriangleCount,6} triangles  {vertebra.MeshFile}"));
        }

        foreach (string warning in segmentation.Warnings)
        {
            Console.WriteLine($"warning: {warning}");
        }

        Console.WriteLine(string.Create(inv, $"Screws planned: {plan.Screws.Count}"));
        PlanCommand.PrintScrews(plan.Plan.Screws);
        foreach (string warning in plan.Screws.Select(s => s.Warning).OfType<string>())
        {
            Console.WriteLine($"warning: {warning}");
        }

        Console.WriteLine(string.Create(inv, $"Screws refused: {plan.Skipped.Count}"));
        foreach (string reason in plan.Skipped)
        {
            Console.WriteLine($"  {reason}");
        }

        if (noSkin is not null)
        {
            Console.WriteLine($"warning: {noSkin}: the case has no skin surface.");
        }

        Console.WriteLine(string.Create(inv, $"Fiducials: {index.Fiducials!.Count} spinous process tips; marker: {index.Marker!.Columns}x{index.Marker.Rows} {index.Marker.Dictionary}, {index.Marker.MarkerLengthMm:0.#} mm markers"));
        Console.WriteLine("Files:");
        long total = 0;
        foreach (FileInfo file in new DirectoryInfo(package.Folder).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            total += file.Length;
            Console.WriteLine(string.Create(inv, $"  {file.Name,-16} {file.Length / 1024.0,10:0.0} KiB"));
        }

        Console.WriteLine(string.Create(inv, $"Wrote the case ({total / 1048576.0:0.0} MiB, {elapsed.TotalSeconds:0.0} s) to {package.Folder}"));
    }
}
