using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Registration.PointRegistration;

namespace ArSpine.App.CommandLine;

/// <summary><c>arspine register --fixed F.csv --moving M.csv [--targets T.csv] [--json]</c>: paired-point rigid registration with FRE and predicted TRE.</summary>
internal static class RegisterCommand
{
    public static Command Create()
    {
        var fixedFile = new Option<string>("--fixed") { Description = "CSV of fixed points x,y,z in mm (for example in the Marker frame), one a row", Required = true };
        var movingFile = new Option<string>("--moving") { Description = "CSV of moving points x,y,z in mm (for example in the Ct frame), paired with --fixed by row", Required = true };
        var targetsFile = new Option<string?>("--targets") { Description = "CSV of targets x,y,z in mm in the moving frame, where TRE is predicted" };
        var fle = new Option<double?>("--fle-mm") { Description = "Fiducial localisation error (RMS, mm); default: estimated from the FRE" };
        var maxFre = new Option<double>("--max-fre-mm") { Description = "Accept only with FRE at most this, mm", DefaultValueFactory = _ => RegistrationThresholds.Default.MaxFreMm };
        var maxTre = new Option<double>("--max-tre-mm") { Description = "Accept only with predicted TRE at every target at most this, mm", DefaultValueFactory = _ => RegistrationThresholds.Default.MaxPredictedTreMm };
        var json = new Option<bool>("--json") { Description = "Print one JSON document on standard output" };
        var command = new Command("register", "Rigid paired-point registration (Horn): the 4x4 matrix mapping moving to fixed, FRE and predicted TRE per target")
        {
            fixedFile, movingFile, targetsFile, fle, maxFre, maxTre, json,
        };
        command.SetAction(parse =>
        {
            string fixedPath = parse.GetValue(fixedFile)!;
            string movingPath = parse.GetValue(movingFile)!;
            string? targetsPath = parse.GetValue(targetsFile);
            double? fleMm = parse.GetValue(fle);
            if (fleMm is double f && !(f > 0 && double.IsFinite(f)))
            {
                throw InvalidInputException.Field(null, "--fle-mm", "a positive number of mm", f.ToString(CultureInfo.InvariantCulture));
            }

            var thresholds = new RegistrationThresholds(
                PositiveOption("--max-fre-mm", parse.GetValue(maxFre)),
                PositiveOption("--max-tre-mm", parse.GetValue(maxTre)));
            IReadOnlyList<Vector3d> fixedPoints = PointCsv.Read(fixedPath);
            IReadOnlyList<Vector3d> movingPoints = PointCsv.Read(movingPath);
            IReadOnlyList<Vector3d> targets = targetsPath is null ? [] : PointCsv.Read(targetsPath);

            PairedPointResult result = PairedPointRegistration.Register(fixedPoints, movingPoints, fixedPath, movingPath);
            double usedFle = fleMm ?? result.EstimatedFleMm;
            double[] tre = targets.Select(t => result.PredictedTreMm(t, usedFle)).ToArray();
            RegistrationAcceptance acceptance = thresholds.Evaluate(result, tre);
            if (parse.GetValue(json))
            {
                RegistrationJson.Print(ToJson(result, targets, tre, usedFle, fleMm is null, thresholds, acceptance));
            }
            else
            {
                PrintText(result, targets, tre, usedFle, fleMm is null, thresholds, acceptance);
            }

            return 0;
        });
        return command;
    }

    private static double PositiveOption(string option, double value) =>
        value > 0 && double.IsFinite(value) ? value : throw InvalidInputException.Field(null, option, "a positive number of mm", value.ToString(CultureInfo.InvariantCulture));

    private static JsonObject ToJson(PairedPointResult result, IReadOnlyList<Vector3d> targets, double[] tre, double fle, bool fleEstimated, RegistrationThresholds thresholds, RegistrationAcceptance acceptance)
    {
        var targetArray = new JsonArray();
        for (int t = 0; t < targets.Count; t++)
        {
            targetArray.Add(new JsonObject
            {
                ["movingMm"] = RegistrationJson.Vector(targets[t]),
                ["fixedMm"] = RegistrationJson.Vector(result.FixedFromMoving.Apply(targets[t])),
                ["predictedTreMm"] = tre[t],
            });
        }

        return new JsonObject
        {
            ["fixedFromMoving"] = RegistrationJson.MatrixNode(result.FixedFromMoving),
            ["rotationDeg"] = result.FixedFromMoving.RotationAngleDeg,
            ["points"] = result.ResidualsMm.Count,
            ["freMm"] = result.FreMm,
            ["residualsMm"] = RegistrationJson.Numbers(result.ResidualsMm),
            ["mirroredFreMm"] = result.MirroredFreMm,
            ["fleMm"] = fle,
            ["fleEstimatedFromFre"] = fleEstimated,
            ["targets"] = targetArray,
            ["thresholds"] = new JsonObject { ["maxFreMm"] = thresholds.MaxFreMm, ["maxPredictedTreMm"] = thresholds.MaxPredictedTreMm },
            ["accepted"] = acceptance.Accepted,
            ["reasons"] = RegistrationJson.Strings(acceptance.Reasons),
        };
    }

    private static void PrintText(PairedPointResult result, IReadOnlyList<Vector3d> targets, double[] tre, double fle, bool fleEstimated, RegistrationThresholds thresholds, RegistrationAcceptance acceptance)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine("FixedFromMoving (4x4, mm, maps moving points to fixed):");
        foreach (double[] row in RegistrationJson.Matrix(result.FixedFromMoving))
        {
            Console.WriteLine("  " + string.Join("  ", row.Select(x => x.ToString("0.000000", c).PadLeft(12))));
        }

        Console.WriteLine(string.Create(c, $"points: {result.ResidualsMm.Count}, FRE {result.FreMm:0.000} mm (largest residual {result.ResidualsMm.Max():0.000} mm)"));
        Console.WriteLine(string.Create(c, $"FLE {fle:0.000} mm ({(fleEstimated ? "estimated from the FRE" : "given")})"));
        for (int t = 0; t < targets.Count; t++)
        {
            Console.WriteLine(string.Create(c, $"target {t + 1} {targets[t]} mm: predicted TRE {tre[t]:0.000} mm"));
        }

        Console.WriteLine(string.Create(c, $"thresholds: FRE ≤ {thresholds.MaxFreMm:0.00} mm, predicted TRE ≤ {thresholds.MaxPredictedTreMm:0.00} mm"));
        Console.WriteLine(acceptance.Accepted ? "ACCEPTED" : "REFUSED: " + string.Join("; ", acceptance.Reasons));
    }
}
