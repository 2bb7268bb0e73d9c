using System.CommandLine;
using ArSpine.Core.Plans;
using ArSpine.Planning.Slicer;

namespace ArSpine.App.CommandLine;

/// <summary><c>arspine export-slicer</c> and <c>arspine import-slicer</c>: plans to and from 3D Slicer line markups.</summary>
internal static class SlicerCommands
{
    public static Command Export()
    {
        var plan = new Argument<string>("PLAN") { Description = "Plan file (arspine.plan JSON)" };
        var output = new Option<string>("--output", "-o") { Description = "Folder to write one .mrk.json line markup per screw into", Required = true };
        var command = new Command("export-slicer", "Write every screw of a plan as a 3D Slicer line markup (LPS mm; entry then tip; named like 'L3 left')") { plan, output };
        command.SetAction(parse =>
        {
            SurgicalPlan loaded = SurgicalPlan.Load(parse.GetValue(plan)!);
            string folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            foreach (ScrewTrajectory screw in loaded.Screws)
            {
                SlicerMarkups.WriteScrew(Path.Combine(folder, SlicerMarkups.FileNameOf(screw)), screw);
            }

            Console.WriteLine($"Wrote {loaded.Screws.Count} line markups to {Path.GetFullPath(folder)}");
            return 0;
        });
        return command;
    }

    public static Command Import()
    {
        var files = new Argument<string[]>("FILES") { Description = "3D Slicer .mrk.json files holding line markups named by level and side ('L3 left', 'L4_R')", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Plan file to write (arspine.plan JSON)", Required = true };
        var diameter = new Option<double?>("--diameter-mm") { Description = "Diameter for lines that do not carry one in their entry point's description, mm" };
        var command = new Command("import-slicer", "Read screw trajectories drawn in 3D Slicer (line markups: entry then tip) into a plan") { files, output, diameter };
        command.SetAction(parse =>
        {
            var screws = parse.GetValue(files)!.SelectMany(f => SlicerMarkups.ReadScrews(f, parse.GetValue(diameter))).ToList();
            var plan = new SurgicalPlan(screws);
            string path = parse.GetValue(output)!;
            plan.Save(path);
            Console.WriteLine($"Wrote {screws.Count} screws to {Path.GetFullPath(path)}");
            return 0;
        });
        return command;
    }
}
