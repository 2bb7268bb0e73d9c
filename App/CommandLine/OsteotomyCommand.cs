using System.CommandLine;
using System.Globalization;
using ArSpine.Core.Errors;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;
using ArSpine.Planning.Alignment;
using ArSpine.Planning.Osteotomy;

namespace ArSpine.App.CommandLine;

/// <summary><c>arspine osteotomy LABELS --level L3 --type pso|spo --angle-deg 25 -o OSTEO.json</c>: plans a wedge osteotomy and prints its volume and the alignment before and after.</summary>
internal static class OsteotomyCommand
{
    public static Command Create()
    {
        var labels = new Argument<string>("LABELS") { Description = "NIfTI label map in VerSe numbering (L1–L5 = 20–24, sacrum = 26)" };
        var level = new Option<string>("--level") { Description = "The lumbar vertebra to cut, L1–L5", Required = true };
        var type = new Option<string>("--type") { Description = "pso (pedicle subtraction) or spo (Smith-Petersen/Ponte)", Required = true };
        var angle = new Option<double>("--angle-deg") { Description = "Wedge angle, degrees (pso 10–40, spo 5–20)", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Osteotomy plan JSON to write", Required = true };
        var command = new Command("osteotomy", "Plan a Smith-Petersen/Ponte or pedicle subtraction osteotomy from a label map; prints the resected volume, the correction, lordosis before and after, and the Cobb angle")
        {
            labels, level, type, angle, output,
        };
        command.SetAction(parse =>
        {
            string labelsPath = parse.GetValue(labels)!;
            OsteotomyType osteotomyType = ParseType(parse.GetValue(type)!);
            LabelVolume labelVolume = VolumeInputs.ReadLabels("LABELS", labelsPath);
            OsteotomyPlan plan = OsteotomyPlanner.Plan(labelVolume, parse.GetValue(level)!, osteotomyType, parse.GetValue(angle), labelsPath);
            string outputPath = parse.GetValue(output)!;
            plan.Save(outputPath);
            Print(plan, outputPath);
            return 0;
        });
        return command;
    }

    private static OsteotomyType ParseType(string text) => text.Trim().ToLowerInvariant() switch
    {
        "pso" => OsteotomyType.PedicleSubtraction,
        "spo" or "ponte" => OsteotomyType.SmithPetersen,
        _ => throw InvalidInputException.Field(null, "--type", "pso (pedicle subtraction) or spo (Smith-Petersen/Ponte)", text),
    };

    private static void Print(OsteotomyPlan plan, string outputPath)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        string kind = plan.Type == OsteotomyType.PedicleSubtraction ? "Pedicle subtraction" : "Smith-Petersen/Ponte";
        Console.WriteLine(string.Format(c, "{0} osteotomy of {1}, wedge {2:0.#}°", kind, plan.Level, plan.AngleDeg));
        Console.WriteLine(string.Format(c, "  resected volume     {0:0} mm³ ({1:0.0}% of {2:0} mm³)", plan.ResectedVolumeMm3, 100 * plan.ResectedVolumeMm3 / plan.VertebraVolumeMm3, plan.VertebraVolumeMm3));
        Console.WriteLine(string.Format(c, "  sagittal correction {0:0.0}°", plan.SagittalCorrectionDeg));
        Console.WriteLine(string.Format(c, "  lordosis L1–S1      {0} before, {1} after", Degrees(plan.Before.LumbarLordosisDeg), Degrees(plan.After.LumbarLordosisDeg)));
        foreach ((SegmentalAngle before, SegmentalAngle after) in plan.Before.Segments.Zip(plan.After.Segments))
        {
            Console.WriteLine(string.Format(c, "  segment {0,-2}–{1,-2}        {2} before, {3} after", before.Upper, before.Lower, Degrees(before.LordosisDeg), Degrees(after.LordosisDeg)));
        }

        Console.WriteLine(string.Format(c, "  coronal Cobb        {0} before, {1} after", Cobb(plan.Before.Cobb), Cobb(plan.After.Cobb)));
        Console.WriteLine($"Wrote {Path.GetFullPath(outputPath)}");
    }

    private static string Degrees(double? value) => value is double v ? v.ToString("0.0", CultureInfo.InvariantCulture) + "°" : "n/a (needs L1 and the sacrum)";

    private static string Cobb(CobbAngle? cobb) => cobb is null
        ? "n/a"
        : cobb.AngleDeg < 0.5
            ? string.Format(CultureInfo.InvariantCulture, "{0:0.0}° (straight)", cobb.AngleDeg)
            : string.Format(CultureInfo.InvariantCulture, "{0:0.0}° ({1}–{2}, convex {3})", cobb.AngleDeg, cobb.UpperEnd, cobb.LowerEnd, cobb.ConvexSide.ToString().ToLowerInvariant());
}
