using System.Text.Json;
using ArSpine.TestSupport;

namespace ArSpine.Inference.Tests.CommandLine;

/// <summary><c>arspine segment</c> end to end on the real CT; nibabel checks the written labels' grid and affine.</summary>
public sealed class SegmentCommandTests
{
    private const string RealCt = "totalsegmentator/example_ct.nii.gz";

    // Prints whether the two files share shape and affine, and each label's voxel count.
    private const string Oracle = """
        import sys, numpy as np, nibabel
        ct = nibabel.load(sys.argv[1]); labels = nibabel.load(sys.argv[2])
        data = np.asanyarray(labels.dataobj).astype(np.int32)
        print(int(ct.shape == labels.shape and np.allclose(ct.affine, labels.affine, atol=1e-4)))
        for label in sorted(set(np.unique(data)) - {0}):
            print(label, int((data == label).sum()))
        """;

    [SharedDataFact(RealCt)]
    public void Segment_RealCt_WritesLabelsOnTheCtGridAndAReportThatAgreesWithThem()
    {
        using var folder = new TemporaryFolder();
        string labels = folder.PathOf("labels.nii.gz"), report = folder.PathOf("report.json");

        ToolResult result = ArSpineProcess.Run("segment", SharedData.PathOf(RealCt), "-o", labels, "--json", report);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        string[] lines = ExternalTool.RunPython(Oracle, SharedData.PathOf(RealCt), labels).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1", lines[0]);
        var counts = lines.Skip(1).Select(l => l.Split(' ')).ToDictionary(p => int.Parse(p[0]), p => long.Parse(p[1]));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal("arspine.segmentation-report", json.RootElement.GetProperty("format").GetString());
        JsonElement[] levels = [.. json.RootElement.GetProperty("levels").EnumerateArray()];
        Assert.Equal(["S", "L5", "L4", "L3", "L2", "L1", "T12"], levels.Select(l => l.GetProperty("name").GetString()));
        foreach (JsonElement level in levels)
        {
            Assert.Equal(counts[level.GetProperty("labelId").GetInt32()], level.GetProperty("voxels").GetInt64());
        }

        Assert.Contains(json.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.StartsWith("T12 reaches", StringComparison.Ordinal));
        Assert.True(json.RootElement.GetProperty("canalCentrelineCt").GetArrayLength() > 10);
        JsonElement[] landmarks = [.. json.RootElement.GetProperty("landmarks").EnumerateArray()];
        Assert.Equal(["L5", "L4", "L3", "L2", "L1", "T12"], landmarks.Select(l => l.GetProperty("name").GetString()));
        foreach (JsonElement vertebra in landmarks.Take(5))
        {
            // LPS: the patient's left is +X; the superior endplate lies above the inferior one.
            JsonElement[] pedicles = [.. vertebra.GetProperty("pedicles").EnumerateArray()];
            double leftX = pedicles.Single(p => p.GetProperty("side").GetString() == "left").GetProperty("centreCt")[0].GetDouble();
            double rightX = pedicles.Single(p => p.GetProperty("side").GetString() == "right").GetProperty("centreCt")[0].GetDouble();
            Assert.True(leftX > rightX, $"{vertebra.GetProperty("name").GetString()}: left pedicle at x = {leftX:0.0}, right at {rightX:0.0}.");
            Assert.True(vertebra.GetProperty("superiorEndplate").GetProperty("centreCt")[2].GetDouble() > vertebra.GetProperty("inferiorEndplate").GetProperty("centreCt")[2].GetDouble());
        }
    }

    [SharedDataFact(RealCt)]
    public void Segment_WithModel_WritesTheModelsLabelsOnTheCtGrid()
    {
        using var folder = new TemporaryFolder();
        string model = Onnx.TestModels.Write(folder.FolderPath, "pointwise", (16, 16, 16));
        Onnx.TestModels.WriteSidecar(model, 3.0, (16, 16, 16), "logits", [(0, 0, "background"), (1, 20, "L1"), (2, 30, "air")]);
        string labels = folder.PathOf("labels.nii.gz"), report = folder.PathOf("report.json");

        ToolResult result = ArSpineProcess.Run("segment", SharedData.PathOf(RealCt), "-o", labels, "--model", model, "--threads", "1", "--json", report);

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        string[] lines = ExternalTool.RunPython(Oracle, SharedData.PathOf(RealCt), labels).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("1", lines[0]);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal("onnx", json.RootElement.GetProperty("method").GetString());
        Assert.Equal(["L1", "air"], json.RootElement.GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
    }

    [Fact]
    public void Segment_ModelWithoutSidecar_ExitsTwoNamingTheSidecar()
    {
        using var folder = new TemporaryFolder();
        string model = Onnx.TestModels.Write(folder.FolderPath, "pointwise", (16, 16, 16));

        ToolResult result = ArSpineProcess.Run("segment", folder.PathOf("ct.nii.gz"), "-o", folder.PathOf("labels.nii.gz"), "--model", model);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{model}.json: sidecar: expected a model sidecar JSON file beside the model. Was 'no such file'.", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError + result.StandardOutput));
    }

    [Fact]
    public void Segment_MissingCt_ExitsTwoNamingTheFileWithoutStackTrace()
    {
        using var folder = new TemporaryFolder();
        string ct = folder.PathOf("absent.nii.gz");

        ToolResult result = ArSpineProcess.Run("segment", ct, "-o", folder.PathOf("labels.nii.gz"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{ct}: CT: expected an existing NIfTI CT file or DICOM folder. Was 'no such file or folder'.", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError + result.StandardOutput));
    }

    [Fact]
    public void Segment_OutputNotNifti_ExitsTwo()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("segment", folder.PathOf("ct.nii.gz"), "-o", folder.PathOf("labels.png"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--output: expected a NIfTI file name ending in .nii or .nii.gz.", result.StandardError, StringComparison.Ordinal);
    }
}
