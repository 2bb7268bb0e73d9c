using System.Text.Json;
using ArSpine.Core.Phantom;
using ArSpine.Imaging.Nifti;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.CommandLine;

/// <summary><c>arspine osteotomy</c> end to end on a phantom with a known sagittal curve.</summary>
public sealed class OsteotomyCommandTests
{
    [Fact]
    public void Osteotomy_PsoOnASagittallyCurvedPhantom_AddsTheWedgeAngleToTheGeneratorsLordosis()
    {
        using var folder = new TemporaryFolder();
        const double CurveDeg = 20, WedgeDeg = 25;
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters { CurveDeg = CurveDeg, CurvePlane = CurvePlane.Sagittal, SpacingMm = new(1.2, 1.2, 1.2), SizeI = 128, SizeJ = 128 });
        NiftiWriter.WriteLabels(phantom.Labels, folder.PathOf("labels.nii.gz"));

        ToolResult result = ArSpineProcess.Run("osteotomy", folder.PathOf("labels.nii.gz"), "--level", "L3", "--type", "pso", "--angle-deg", $"{WedgeDeg}", "-o", folder.PathOf("osteo.json"));

        Assert.True(result.ExitCode == 0, result.StandardError);
        using JsonDocument plan = JsonDocument.Parse(File.ReadAllText(folder.PathOf("osteo.json")));
        JsonElement root = plan.RootElement;
        Assert.Equal("arspine.osteotomy", root.GetProperty("format").GetString());
        double before = root.GetProperty("before").GetProperty("lumbarLordosisDeg").GetDouble();
        double after = root.GetProperty("after").GetProperty("lumbarLordosisDeg").GetDouble();
        // The generator shares the curve between the discs from L1 to the sacrum: L1–S1 lordosis is the whole curve.
        Assert.Equal(Math.Abs(CurveDeg), Math.Abs(before), 1.0);
        Assert.Equal(WedgeDeg, Math.Abs(after) - Math.Abs(before), 1.0);
        Assert.InRange(root.GetProperty("resectedVolumeMm3").GetDouble(), 0.2 * root.GetProperty("vertebraVolumeMm3").GetDouble(), 0.7 * root.GetProperty("vertebraVolumeMm3").GetDouble());
    }

    [Theory]
    [InlineData("--level", "T3", "level: expected a lumbar level")]
    [InlineData("--angle-deg", "80", "angle")]
    [InlineData("--type", "wedge", "type")]
    public void Osteotomy_BadOption_ExitsTwoSayingWhatWasExpected(string option, string value, string expected)
    {
        using var folder = new TemporaryFolder();
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters { LevelIds = [22, 23], SpacingMm = new(1.5, 1.5, 1.5), SizeI = 96, SizeJ = 96 });
        NiftiWriter.WriteLabels(phantom.Labels, folder.PathOf("labels.nii.gz"));
        var arguments = new Dictionary<string, string> { ["--level"] = "L3", ["--type"] = "pso", ["--angle-deg"] = "25" };
        arguments[option] = value;

        ToolResult result = ArSpineProcess.Run(["osteotomy", folder.PathOf("labels.nii.gz"), .. arguments.SelectMany(a => new[] { a.Key, a.Value }), "-o", folder.PathOf("o.json")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.OrdinalIgnoreCase);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError), result.StandardError);
        Assert.False(File.Exists(folder.PathOf("o.json")));
    }
}
