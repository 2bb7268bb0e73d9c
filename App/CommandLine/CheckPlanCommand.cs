using System.CommandLine;
using System.Text.Json;
using ArSpine.Core.Errors;
using ArSpine.Core.Plans;
using ArSpine.Core.Serialization;
using ArSpine.Core.Volumes;
using ArSpine.Planning.Screws;

namespace ArSpine.App.CommandLine;

/// <summary><c>arspine check-plan LABELS PLAN.json [--json]</c>: grades every screw of a plan against the vertebrae.</summary>
internal static class CheckPlanCommand
{
    public static Command Create()
    {
        var labels = new Argument<string>("LABELS") { Description = "Vertebra label map (NIfTI, VerSe numbering)" };
        var plan = new Argument<string>("PLAN") { Description = "Plan file (arspine.plan JSON), planned here or imported from 3D Slicer" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of a table" };
        var catalogue = new Option<string?>("--catalogue") { Description = "Screw catalogue whose diameters the screws must use (default: Assets/screw-catalogue.json)" };
        var command = new Command("check-plan", "Grade every screw of a plan (Gertzbein-Robbins: breach depth and direction, medial breaches, bone margin) and flag screws that collide; exits 3 when any screw breaches medially or two screws collide")
        {
            labels, plan, json, catalogue,
        };
        command.SetAction(parse =>
        {
            string planPath = parse.GetValue(plan)!;
            SurgicalPlan loaded = SurgicalPlan.Load(planPath);
            ScrewCatalogue stock = ScrewCatalogue.Load(parse.GetValue(catalogue) ?? ScrewCatalogue.DefaultPath);
            for (int n = 0; n < loaded.Screws.Count; n++)
            {
                ScrewTrajectory s = loaded.Screws[n];
                if (!stock.StocksDiameter(s.DiameterMm))
                {
                    throw InvalidInputException.Field(planPath, $"screws[{n}] ({s.Label}).diameterMm",
                        $"a diameter the catalogue stocks ({string.Join(", ", stock.DiametersMm)} mm)", s.DiameterMm);
                }
            }

            LabelVolume labelVolume = VolumeInputs.ReadLabels("LABELS", parse.GetValue(labels)!);
            var grader = new BreachGrader(labelVolume);
            List<ScrewTrajectory> graded = ConsoleProgress.Run("Grading screws", p =>
            {
                var result = new List<ScrewTrajectory>();
                for (int n = 0; n < loaded.Screws.Count; n++)
                {
                    ScrewTrajectory s = loaded.Screws[n];
                    result.Add(s with { Predicted = grader.Grade(s, $"{planPath}: screws[{n}] ({s.Label})") });
                    p.Report((n + 1.0) / loaded.Screws.Count);
                }

                return result;
            });
            IReadOnlyList<ScrewCollision> collisions = ScrewCollisions.Find(graded);

            if (parse.GetValue(json))
            {
                var document = new { screws = graded, collisions };
                Console.WriteLine(JsonSerializer.Serialize(document, VersionedJson.Options));
            }
            else
            {
                PlanCommand.PrintScrews(graded);
                foreach (ScrewCollision c in collisions)
                {
                    Console.WriteLine($"collision: {graded[c.First].Label} and {graded[c.Second].Label}, axes {c.AxisDistanceMm:0.0} mm apart");
                }

                int medial = graded.Count(s => s.Predicted!.MedialBreach);
                Console.WriteLine($"{graded.Count(s => s.Predicted!.Grade == GertzbeinRobbinsGrade.A)} of {graded.Count} screws grade A; {medial} with a medial breach; {collisions.Count} collisions");
            }

            return graded.Any(s => s.Predicted!.MedialBreach) || collisions.Count > 0 ? 3 : 0;
        });
        return command;
    }
}
