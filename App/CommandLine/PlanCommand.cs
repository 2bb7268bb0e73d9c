using System.CommandLine;
using System.Globalization;
using ArSpine.Core.Errors;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;
using ArSpine.Planning.Screws;

namespace ArSpine.App.CommandLine;

/// <summary><c>arspine plan LABELS [--levels L1-L5] -o PLAN.json</c>: automatic pedicle screws from a vertebra label map.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var labels = new Argument<string>("LABELS") { Description = "Vertebra label map (NIfTI, VerSe numbering: 20-24 = L1-L5)" };
        var ct = new Option<string?>("--ct") { Description = "The CT (DICOM folder or file, or NIfTI): adds each screw's mean HU along its axis, the bone it will hold in" };
        var output = new Option<string>("--output", "-o") { Description = "Plan file to write (arspine.plan JSON)", Required = true };
        var levels = new Option<string?>("--levels") { Description = "Levels to instrument, such as L1-L5 (default: every vertebra in the labels but the sacrum)" };
        var catalogue = new Option<string?>("--catalogue") { Description = "Screw catalogue (default: Assets/screw-catalogue.json next to the app)" };
        var depth = new Option<double>("--depth-fraction") { Description = "How deep the tip may go, as a fraction of the bone depth along the axis", DefaultValueFactory = _ => 0.8 };
        var margin = new Option<double>("--wall-margin-mm") { Description = "Bone to leave between screw and pedicle wall on each side, mm", DefaultValueFactory = _ => 1.0 };
        var command = new Command("plan", "Plan a pedicle screw per vertebra and side along each pedicle's own axis, sized from the screw catalogue, with its predicted Gertzbein-Robbins grade")
        {
            labels, ct, output, levels, catalogue, depth, margin,
        };
        command.SetAction(parse =>
        {
            LabelVolume labelVolume = VolumeInputs.ReadLabels("LABELS", parse.GetValue(labels)!);
            var options = new ScrewPlanningOptions
            {
                Catalogue = ScrewCatalogue.Load(parse.GetValue(catalogue) ?? ScrewCatalogue.DefaultPath),
                DepthFraction = parse.GetValue(depth),
                WallMarginMm = parse.GetValue(margin),
            };
            IReadOnlyList<int> ids = parse.GetValue(levels) is { } range ? ArgumentParsing.Levels("--levels", range) : ScrewPlanner.PlannableLevels(labelVolume);
            ScrewPlanningResult result = ConsoleProgress.Run("Planning screws", p => ScrewPlanner.Plan(labelVolume, ids, options, p));
            string path = parse.GetValue(output)!;
            result.Plan.Save(path);

            PrintScrews(result.Plan.Screws);
            if (parse.GetValue(ct) is { } ctPath)
            {
                CtVolume volume = ConsoleProgress.Run("Reading the CT", p => VolumeInputs.ReadCt("--ct", ctPath, p));
                foreach (ScrewTrajectory screw in result.Plan.Screws)
                {
                    string hu = ScrewBoneDensity.MeanHuAlongAxis(volume, screw) is double mean ? $"{mean:0} HU" : "outside the CT";
                    Console.WriteLine($"{screw.Label}: mean density along the screw {hu}");
                }
            }

            foreach (string warning in result.Screws.Select(s => s.Warning).OfType<string>().Concat(result.Skipped))
            {
                Console.Error.WriteLine($"arspine: warning: {warning}");
            }

            Console.WriteLine($"Wrote {result.Screws.Count} screws to {Path.GetFullPath(path)}");
            return 0;
        });
        return command;
    }

    /// <summary>One line per screw: level, side, entry and target (LPS mm), size, grade and margin.</summary>
    public static void PrintScrews(IReadOnlyList<ScrewTrajectory> screws)
    {
        Console.WriteLine("level side   entry (LPS mm)              target (LPS mm)             diam x length  grade  margin");
        foreach (ScrewTrajectory s in screws)
        {
            string grade = s.Predicted is { } p ? $"{p.Grade}{(p.Direction == BreachDirection.None ? "" : " " + p.Direction.ToString().ToLowerInvariant())}" : "-";
            string margin = s.Predicted is { } q ? q.MarginMm.ToString("0.0", CultureInfo.InvariantCulture) + " mm" : "-";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Vertebra,-5} {s.Side.Name(),-6} {s.EntryCt,-27} {s.TargetCt,-27} {s.DiameterMm,4:0.0} x {s.LengthMm,4:0} mm  {grade,-6} {margin}"));
        }
    }
}
