using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.TestSupport;

namespace ArSpine.Core.Tests.Serialization;

public class VersionedJsonTests
{
    private static SurgicalPlan SamplePlan() => new(new[]
    {
        new ScrewTrajectory("L3", BodySide.Left, new Vector3d(20.5, 40, -3), new Vector3d(8, -5, -1), 6.5),
        new ScrewTrajectory("L3", BodySide.Right, new Vector3d(-20.5, 40, -3), new Vector3d(-8, -5, -1), 6.5),
    });

    [Fact]
    public void Save_ThenLoad_GivesEqualPlanWithLengthWritten()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("plan.json");
        SurgicalPlan plan = SamplePlan();

        plan.Save(path);
        SurgicalPlan loaded = SurgicalPlan.Load(path);
        string text = File.ReadAllText(path);

        Assert.Equal(plan.Screws, loaded.Screws);
        Assert.StartsWith("{\n  \"format\": \"arspine.plan\",\n  \"version\": 1,", text.Replace("\r", ""));
        Assert.Contains("\"side\": \"left\"", text);
        Assert.Contains($"\"lengthMm\": {Math.Round(Vector3d.Distance(plan.Screws[0].EntryCt, plan.Screws[0].TargetCt), 6).ToString(System.Globalization.CultureInfo.InvariantCulture)}", text);
    }

    [Theory]
    [InlineData("{\"format\":\"arspine.case\",\"version\":1,\"screws\":[]}", "format: expected \"arspine.plan\". Was 'arspine.case'.")]
    [InlineData("{\"format\":\"arspine.plan\",\"version\":2,\"screws\":[]}", "version: expected 1 (this build reads arspine.plan version 1). Was '2'.")]
    [InlineData("{\"format\":\"arspine.plan\",\"screws\":[]}", "version: expected 1 (this build reads arspine.plan version 1). Was 'missing'.")]
    [InlineData("[1,2]", "$: expected a JSON object. Was 'Array'.")]
    [InlineData("{\"format\":\"arspine.plan\",\"version\":1,\"screws\":[{\"vertebra\":\"L3\",\"side\":\"left\",\"entryCt\":[1,2],\"targetCt\":[0,0,0],\"diameterMm\":6}]}", "Expected an array of exactly three numbers [x, y, z]. Was 2 elements.")]
    [InlineData("{\"format\":\"arspine.plan\",\"version\":1,\"screws\":[{\"vertebra\":\"L3\",\"side\":\"up\",\"entryCt\":[1,2,3],\"targetCt\":[0,0,0],\"diameterMm\":6}]}", "$.screws[0].side")]
    [InlineData("{\"format\":\"arspine.plan\",\"version\":1,\"screws\":[{\"vertebra\":\"L3\",\"side\":\"left\",\"entryCt\":[1,2,3],\"targetCt\":[0,0,0],\"diameterMm\":-6}]}", "screws[0].diameterMm: expected a positive diameter in mm. Was '-6'.")]
    [InlineData("{\"format\":\"arspine.plan\",\"version\":1,\"screws\":[{\"vertebra\":\"L3\",\"side\":\"left\",\"entryCt\":[1,2,3],\"targetCt\":[1,2,3],\"diameterMm\":6}]}", "screws[0].targetCt: expected a target distinct from the entry point (a screw of non-zero length).")]
    [InlineData("{\"format\":\"arspine.plan\",\"version\":1,\"screws\":[{\"side\":\"left\",\"entryCt\":[1,2,3],\"targetCt\":[0,0,0],\"diameterMm\":6}]}", "vertebra")]
    public void Load_BadPlan_ThrowsNamingFileAndField(string json, string expectedMessagePart)
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("bad-plan.json");
        File.WriteAllText(path, json);

        var error = Assert.Throws<InvalidInputException>(() => SurgicalPlan.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(expectedMessagePart, error.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var error = Assert.Throws<InvalidInputException>(() => SurgicalPlan.Load("/nonexistent/plan.json"));
        Assert.Equal("/nonexistent/plan.json: expected a arspine.plan JSON file. Was: no such file.", error.Message);
    }

    [Fact]
    public void Save_WhenWriterFails_LeavesPreviousFileIntactAndNoTemporaryFile()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("plan.json");
        SamplePlan().Save(path);
        byte[] before = File.ReadAllBytes(path);

        Assert.Throws<IOException>(() => Core.Serialization.AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100]);
            throw new IOException("disk full (simulated)");
        }));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(folder.FolderPath));
    }
}
