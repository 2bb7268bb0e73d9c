using System.CommandLine;
using System.Globalization;
using ArSpine.Imaging.Conversion;
using ArSpine.Imaging.Dicom.Series;

namespace ArSpine.App.CommandLine;

/// <summary><c>arspine volume INPUT -o OUT.nii.gz [--series KEY] [--json INFO.json]</c>: a DICOM folder, DICOM file or NIfTI file as a NIfTI CT in HU.</summary>
internal static class VolumeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A DICOM folder (scanned recursively), a DICOM file, or a NIfTI file (.nii, .nii.gz)" };
        var output = new Option<string>("--output", "-o") { Description = "The NIfTI file to write (.nii or .nii.gz), int16 HU", Required = true };
        var series = new Option<string?>("--series") { Description = "The series to read, by SeriesInstanceUID (or UID#N for a part of a split series); default: the CT series with most slices" };
        var json = new Option<string?>("--json") { Description = "Also write dimensions, spacing, affine, transfer syntaxes, the series chosen and every warning as JSON" };
        var resample = new Option<bool>("--resample-uneven") { Description = "Resample unevenly spaced slices to their median spacing instead of refusing them" };
        var tilt = new Option<bool>("--correct-gantry-tilt") { Description = "Correct a gantry tilt (shift each slice in its plane onto an orthogonal grid, with a warning) instead of refusing it" };
        var command = new Command("volume", "Read a CT (DICOM series or NIfTI) into a trusted volume and write it as NIfTI in HU, with the affine dcm2niix gives")
        {
            input, output, series, json, resample, tilt,
        };
        command.SetAction(parse =>
        {
            var options = new DicomReadOptions
            {
                Series = parse.GetValue(series),
                ResampleUnevenSpacing = parse.GetValue(resample),
                CorrectGantryTilt = parse.GetValue(tilt),
            };
            string source = parse.GetValue(input)!, target = parse.GetValue(output)!;
            CtConversionInfo info = ConsoleProgress.Run("Reading and writing the volume", p => CtConversion.Convert(source, target, parse.GetValue(json), options, p));
            foreach (string warning in info.Warnings)
            {
                Console.Error.WriteLine($"arspine: warning: {warning}");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {info.Dimensions[0]}x{info.Dimensions[1]}x{info.Dimensions[2]} voxels of {info.SpacingMm[0]:0.###}x{info.SpacingMm[1]:0.###}x{info.SpacingMm[2]:0.###} mm{(info.Series is { } s ? $" from series {s.Key}" : "")} to {info.Output}"));
            return 0;
        });
        return command;
    }
}
