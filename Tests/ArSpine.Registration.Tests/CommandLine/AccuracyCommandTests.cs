using System.Text.Json;
using ArSpine.Core.Cases;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.TestSupport;

namespace ArSpine.Registration.Tests.CommandLine;

[Collection(ConsoleCollection.Name)]
public class AccuracyCommandTests
{
    private static string WriteCase(TemporaryFolder folder)
    {
        var plan = new SurgicalPlan(
        [
            new ScrewTrajectory("L3", BodySide.Left, new Vector3d(20, 30, 0), new Vector3d(8, -15, 0), 6.5),
            new ScrewTrajectory("L4", BodySide.Right, new Vector3d(-20, 30, -35), new Vector3d(-8, -15, -35), 6.5),
        ]);
        var surgicalCase = new SurgicalCase("phantom", [new CaseVertebra("L3", 22, "L3.glb"), new CaseVertebra("L4", 23, "L4.glb")], plan);
        string caseFolder = folder.PathOf("case");
        Directory.CreateDirectory(caseFolder);
        surgicalCase.Save(caseFolder);
        return caseFolder;
    }

    [Fact]
    public void Accuracy_SmallStudyJson_ReportsDistributionsPerTargetAndGoal()
    {
        using var folder = new TemporaryFolder();
        string caseFolder = WriteCase(folder);

        (int code, string stdout, string stderr) = CommandLineRunner.Run("accuracy", caseFolder, "--runs", "6", "--seed", "4", "--json");

        Assert.True(code == 0, stderr);
        using JsonDocument json = JsonDocument.Parse(stdout);
        JsonElement root = json.RootElement;
        Assert.Equal(6, root.GetProperty("runs").GetInt32());
        int detected = root.GetProperty("runsDetected").GetInt32();
        // Runs end untrusted when the board is not found or the pose-uncertainty gate refuses every pose: found in 5 or 6.
        JsonElement gate = root.GetProperty("poseGate");
        Assert.True(gate.GetProperty("enabled").GetBoolean());
        Assert.Equal(2, gate.GetProperty("maxPredictedError95Mm").GetDouble());
        Assert.InRange(detected + gate.GetProperty("runsEndedUntrustedByGate").GetInt32(), 5, 6);
        Assert.InRange(detected, 1, 6);
        JsonElement tre = root.GetProperty("treMm");
        Assert.Equal(2 * detected, tre.GetProperty("count").GetInt32());
        Assert.True(tre.GetProperty("p50").GetDouble() > 0);
        JsonElement targets = root.GetProperty("targets");
        Assert.Equal(2, targets.GetArrayLength());
        // The pooled TRE is every target's TRE of every detected run: per target one per run, and the largest of them is the pooled maximum.
        JsonElement[] perTarget = [.. targets.EnumerateArray().Select(t => t.GetProperty("treMm"))];
        Assert.All(perTarget, t => Assert.Equal(detected, t.GetProperty("count").GetInt32()));
        Assert.Equal(tre.GetProperty("max").GetDouble(), perTarget.Max(t => t.GetProperty("max").GetDouble()));
        Assert.Equal("L4", targets[1].GetProperty("vertebra").GetString());
        Assert.InRange(targets[0].GetProperty("distanceFromBoardMm").GetDouble(), 100, 200);
        // The worst runs, worst first: the first holds the pooled maximum.
        JsonElement worst = root.GetProperty("worstRuns");
        Assert.InRange(worst.GetArrayLength(), 1, 3);
        Assert.Equal(tre.GetProperty("max").GetDouble(), worst[0].GetProperty("maxTreMm").GetDouble());
        Assert.InRange(worst[0].GetProperty("distanceMm").GetDouble(), 400, 600);
        bool met = root.GetProperty("goal").GetProperty("met").GetBoolean();
        Assert.Equal(tre.GetProperty("p95").GetDouble() <= 2 && root.GetProperty("angleErrorDeg").GetProperty("p95").GetDouble() <= 2, met);
    }

    [Fact]
    public void Accuracy_SameSeed_GivesSameNumbers()
    {
        using var folder = new TemporaryFolder();
        string caseFolder = WriteCase(folder);

        string first = CommandLineRunner.Run("accuracy", caseFolder, "--runs", "3", "--json").StandardOutput;
        string second = CommandLineRunner.Run("accuracy", caseFolder, "--runs", "3", "--json").StandardOutput;
        string other = CommandLineRunner.Run("accuracy", caseFolder, "--runs", "3", "--seed", "9", "--json").StandardOutput;

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Accuracy_MissingCase_ExitsTwoNamingFile()
    {
        using var folder = new TemporaryFolder();

        (int code, _, string stderr) = CommandLineRunner.Run("accuracy", folder.PathOf("nowhere"), "--runs", "2");

        Assert.Equal(2, code);
        Assert.Contains("case.json: expected a arspine.case JSON file. Was: no such file.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Accuracy_BadBoard_ExitsTwoNamingOption()
    {
        using var folder = new TemporaryFolder();
        string caseFolder = WriteCase(folder);

        (int code, _, string stderr) = CommandLineRunner.Run("accuracy", caseFolder, "--board", "2by2");

        Assert.Equal(2, code);
        Assert.Contains("--board: expected markers across x down, such as 2x2, or charucoWxH such as charuco5x5. Was '2by2'.", stderr, StringComparison.Ordinal);
    }
}
