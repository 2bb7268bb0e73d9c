using System.CommandLine;
using ArSpine.Core.Errors;
using ArSpine.Core.Phantom;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Phantom;

namespace ArSpine.App.CommandLine;

/// <summary><c>arspine phantom -o DIR ...</c>: writes a synthetic lumbar spine CT with its labels and ground truth.</summary>
internal static class PhantomCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder to write dicom/, ct.nii.gz, labels.nii.gz and truth.json into", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the scanner noise", DefaultValueFactory = _ => 1 };
        var levels = new Option<string>("--levels") { Description = "Lumbar levels, superior to inferior; the sacrum comes with L5", DefaultValueFactory = _ => "L1-L5" };
        var spacing = new Option<string>("--spacing") { Description = "Voxel spacing i,j,k in mm", DefaultValueFactory = _ => "0.8,0.8,1.0" };
        var size = new Option<string>("--size") { Description = "Voxels i,j,k; k = N fits the levels", DefaultValueFactory = _ => "256,256,N" };
        var curve = new Option<double>("--curve-deg") { Description = "Total curve across the levels, degrees" };
        var plane = new Option<CurvePlane>("--curve-plane") { Description = "Plane of the curve", DefaultValueFactory = _ => CurvePlane.Coronal };
        var rotation = new Option<double>("--rotation-deg") { Description = "Axial rotation of the top level, degrees (0 at the bottom)" };
        var pedicleWidth = new Option<double?>("--pedicle-width-mm") { Description = "Isthmus width of every pedicle, mm (default: typical per level)" };
        var noise = new Option<double>("--noise-hu") { Description = "Scanner noise, standard deviation in HU", DefaultValueFactory = _ => 12 };

        var command = new Command("phantom", "Write a synthetic lumbar spine CT (DICOM series and NIfTI) with labels in VerSe numbering and the ideal pedicle screw axes")
        {
            output, seed, levels, spacing, size, curve, plane, rotation, pedicleWidth, noise,
        };
        command.SetAction(parse =>
        {
            (int sizeI, int sizeJ, int sizeK) = ArgumentParsing.Size("--size", parse.GetValue(size)!);
            PhantomParameters parameters = Validated(new PhantomParameters
            {
                Seed = parse.GetValue(seed),
                LevelIds = ParseLevels(parse.GetValue(levels)!),
                SpacingMm = ArgumentParsing.PositiveTriple("--spacing", parse.GetValue(spacing)!),
                SizeI = sizeI,
                SizeJ = sizeJ,
                SizeK = sizeK,
                CurveDeg = parse.GetValue(curve),
                CurvePlane = parse.GetValue(plane),
                RotationDeg = parse.GetValue(rotation),
                PedicleWidthMm = parse.GetValue(pedicleWidth),
                NoiseHu = parse.GetValue(noise),
            });
            string folder = parse.GetValue(output)!;
            PhantomCase phantom = Generate(parameters);
            ConsoleProgress.Run("Writing DICOM and NIfTI", p => PhantomFiles.Write(phantom, folder, p));
            var grid = phantom.Ct.Grid;
            Console.WriteLine($"Wrote a {grid.SizeI}x{grid.SizeJ}x{grid.SizeK} phantom ({string.Join(", ", phantom.Truth.Vertebrae.Select(v => v.Name))}) to {Path.GetFullPath(folder)}");
            return 0;
        });
        return command;
    }

    /// <summary>Generates a phantom behind a progress bar.</summary>
    public static PhantomCase Generate(PhantomParameters parameters) =>
        ConsoleProgress.Run("Generating phantom", p => LumbarSpinePhantom.Generate(parameters, p));

    private static IReadOnlyList<int> ParseLevels(string text)
    {
        const string Expected = "a range of lumbar levels within L1-L5, such as L2-L4";
        IReadOnlyList<int> ids = ArgumentParsing.Levels("--levels", text, Expected);
        return ids.All(id => id >= VertebraLevels.IdOf("L1") && id <= VertebraLevels.IdOf("L5"))
            ? ids
            : throw InvalidInputException.Field(null, "--levels", Expected, text);
    }

    private static PhantomParameters Validated(PhantomParameters parameters)
    {
        try
        {
            parameters.Validate();
            return parameters;
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputException($"phantom: {e.Message}");
        }
    }
}
