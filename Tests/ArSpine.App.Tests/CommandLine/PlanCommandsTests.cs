using System.Text.Json;
using System.Text.Json.Nodes;
using ArSpine.Core.Phantom;
using ArSpine.Imaging.Nifti;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.CommandLine;

/// <summary><c>plan</c>, <c>check-plan</c>, <c>export-slicer</c> and <c>import-slicer</c> end to end on a phantom's labels.</summary>
public sealed class PlanCommandsTests : IClassFixture<PlanCommandsTests.PlannedPhantom>
{
    private readonly PlannedPhantom _case;

    public PlanCommandsTests(PlannedPhantom planned) => _case = planned;

    /// <summary>Labels of a curved L3–L5 phantom, planned once by the command.</summary>
    public sealed class PlannedPhantom : IDisposable
    {
        public PlannedPhantom()
        {
            PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters { Seed = 3, LevelIds = [22, 23, 24], CurveDeg = 15, RotationDeg = 5 });
            NiftiWriter.WriteLabels(phantom.Labels, LabelsPath);
            Plan = ArSpineProcess.Run("plan", LabelsPath, "-o", PlanPath);
        }

        public TemporaryFolder Folder { get; } = new();

        public string LabelsPath => Folder.PathOf("labels.nii.gz");

        public string PlanPath => Folder.PathOf("plan.json");

        public ToolResult Plan { get; }

        public void Dispose() => Folder.Dispose();
    }

    [Fact]
    public void Plan_PhantomLabels_WritesTwoGradeAScrewsPerLevel()
    {
        Assert.True(_case.Plan.ExitCode == 0, _case.Plan.StandardError);
        using JsonDocument plan = JsonDocument.Parse(File.ReadAllText(_case.PlanPath));
        JsonElement[] screws = [.. plan.RootElement.GetProperty("screws").EnumerateArray()];

        Assert.Equal("arspine.plan", plan.RootElement.GetProperty("format").GetString());
        Assert.Equal(["L3 left", "L3 right", "L4 left", "L4 right", "L5 left", "L5 right"],
            screws.Select(s => $"{s.GetProperty("vertebra").GetString()} {s.GetProperty("side").GetString()}").ToArray());
        Assert.All(screws, s => Assert.Equal("A", s.GetProperty("predicted").GetProperty("grade").GetString()));
        Assert.Contains("Wrote 6 screws", _case.Plan.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckPlan_AfterExportAndImportThroughSlicer_GradesTheSameScrewsTheSame()
    {
        Assert.True(_case.Plan.ExitCode == 0, _case.Plan.StandardError);
        string slicer = _case.Folder.PathOf("slicer"), imported = _case.Folder.PathOf("imported.json");

        ToolResult export = ArSpineProcess.Run("export-slicer", _case.PlanPath, "-o", slicer);
        string[] files = Directory.GetFiles(slicer, "*.mrk.json");
        ToolResult import = ArSpineProcess.Run(["import-slicer", .. files, "-o", imported]);
        ToolResult original = ArSpineProcess.Run("check-plan", _case.LabelsPath, _case.PlanPath, "--json");
        ToolResult roundTrip = ArSpineProcess.Run("check-plan", _case.LabelsPath, imported, "--json");

        Assert.True(export.ExitCode == 0, export.StandardError);
        Assert.Equal(6, files.Length);
        Assert.True(import.ExitCode == 0, import.StandardError);
        Assert.True(original.ExitCode == 0, original.StandardError);
        Assert.True(roundTrip.ExitCode == 0, roundTrip.StandardError);
        Assert.Equal(Graded(original.StandardOutput), Graded(roundTrip.StandardOutput));
    }

    [Fact]
    public void CheckPlan_ScrewThroughTheCanalWall_ExitsThreeAndSaysSo()
    {
        Assert.True(_case.Plan.ExitCode == 0, _case.Plan.StandardError);
        // The first screw is L3 left; moving it 7 mm toward the patient's right (−X in LPS) takes it through the medial wall.
        JsonNode plan = JsonNode.Parse(File.ReadAllText(_case.PlanPath))!;
        JsonNode first = plan["screws"]![0]!;
        foreach (string point in new[] { "entryCt", "targetCt" })
        {
            first[point]![0] = first[point]![0]!.GetValue<double>() - 7;
        }

        string movedPath = _case.Folder.PathOf("moved.json");
        File.WriteAllText(movedPath, plan.ToJsonString());

        ToolResult result = ArSpineProcess.Run("check-plan", _case.LabelsPath, movedPath);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("1 with a medial breach", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_LevelTheLabelsLack_ExitsTwoNamingIt()
    {
        ToolResult result = ArSpineProcess.Run("plan", _case.LabelsPath, "--levels", "L1-L2", "-o", _case.Folder.PathOf("none.json"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("L1 (label 20)", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError), result.StandardError);
        Assert.False(File.Exists(_case.Folder.PathOf("none.json")));
    }

    [Fact]
    public void CheckPlan_DiameterNotInTheCatalogue_ExitsTwoNamingTheScrew()
    {
        Assert.True(_case.Plan.ExitCode == 0, _case.Plan.StandardError);
        string odd = _case.Folder.PathOf("odd.json");
        JsonNode plan = JsonNode.Parse(File.ReadAllText(_case.PlanPath))!;
        plan["screws"]![1]!["diameterMm"] = 6.3;
        File.WriteAllText(odd, plan.ToJsonString());

        ToolResult result = ArSpineProcess.Run("check-plan", _case.LabelsPath, odd);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("(L3 right).diameterMm: expected a diameter the catalogue stocks", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("'6.3'", result.StandardError, StringComparison.Ordinal);
    }

    private static string[] Graded(string json)
    {
        using JsonDocument d = JsonDocument.Parse(json);
        return [.. d.RootElement.GetProperty("screws").EnumerateArray().Select(s =>
            $"{s.GetProperty("vertebra").GetString()} {s.GetProperty("side").GetString()} {s.GetProperty("predicted").GetProperty("grade").GetString()} {s.GetProperty("predicted").GetProperty("marginMm").GetDouble():0.00}").Order()];
    }
}
