using System.Globalization;
using System.Text.Json;
using ArSpine.Core.Geometry;
using ArSpine.TestSupport;

namespace ArSpine.Registration.Tests.CommandLine;

[Collection(ConsoleCollection.Name)]
public class RegisterCommandTests
{
    [Fact]
    public void Register_Json_PrintsMatrixMappingMovingToFixedAndTre()
    {
        using var folder = new TemporaryFolder();
        var random = new SeededRandom(41);
        RigidTransform markerFromCt = random.Transform();
        Vector3d[] ct = Enumerable.Range(0, 6).Select(_ => random.PointInBox(60)).ToArray();
        WriteCsv(folder.PathOf("moving.csv"), ct);
        WriteCsv(folder.PathOf("fixed.csv"), ct.Select(p => markerFromCt.Apply(p) + random.GaussianVector(0.2)).ToArray());
        WriteCsv(folder.PathOf("targets.csv"), [new Vector3d(0, 0, 0), new Vector3d(0, 0, 150)]);

        (int code, string stdout, string stderr) = CommandLineRunner.Run(
            "register", "--fixed", folder.PathOf("fixed.csv"), "--moving", folder.PathOf("moving.csv"), "--targets", folder.PathOf("targets.csv"), "--fle-mm", "0.35", "--json");

        Assert.True(code == 0, stderr);
        using JsonDocument json = JsonDocument.Parse(stdout);
        JsonElement m = json.RootElement.GetProperty("fixedFromMoving");
        Vector3d p = ct[2];
        var mapped = new Vector3d(
            Row(m, 0, p), Row(m, 1, p), Row(m, 2, p));
        Assert.True(Vector3d.Distance(mapped, markerFromCt.Apply(p)) < 1.0, $"mapped {mapped}, expected {markerFromCt.Apply(p)}");
        Assert.Equal(1.0, m[3][3].GetDouble());
        double fre = json.RootElement.GetProperty("freMm").GetDouble();
        Assert.InRange(fre, 0.05, 0.6);
        JsonElement targets = json.RootElement.GetProperty("targets");
        Assert.Equal(2, targets.GetArrayLength());
        Assert.True(targets[1].GetProperty("predictedTreMm").GetDouble() > targets[0].GetProperty("predictedTreMm").GetDouble());
        Assert.Equal(0.35, json.RootElement.GetProperty("fleMm").GetDouble());
        Assert.True(json.RootElement.GetProperty("accepted").GetBoolean());
    }

    [Fact]
    public void Register_TightThreshold_PrintsRefusedWithReason()
    {
        using var folder = new TemporaryFolder();
        var random = new SeededRandom(42);
        Vector3d[] ct = Enumerable.Range(0, 5).Select(_ => random.PointInBox(60)).ToArray();
        WriteCsv(folder.PathOf("moving.csv"), ct);
        WriteCsv(folder.PathOf("fixed.csv"), ct.Select(p => p + random.GaussianVector(1.0)).ToArray());

        (int code, string stdout, _) = CommandLineRunner.Run(
            "register", "--fixed", folder.PathOf("fixed.csv"), "--moving", folder.PathOf("moving.csv"), "--max-fre-mm", "0.1");

        Assert.Equal(0, code);
        Assert.Contains("REFUSED: FRE", stdout, StringComparison.Ordinal);
        Assert.Contains("above the limit of 0.10 mm", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_CollinearMoving_ExitsTwoWithMessageAndNoStackTrace()
    {
        using var folder = new TemporaryFolder();
        WriteCsv(folder.PathOf("fixed.csv"), [new(0, 0, 0), new(10, 0, 0), new(0, 10, 0)]);
        WriteCsv(folder.PathOf("moving.csv"), [new(0, 0, 0), new(10, 0, 0), new(20, 0, 0)]);

        (int code, string stdout, string stderr) = CommandLineRunner.Run(
            "register", "--fixed", folder.PathOf("fixed.csv"), "--moving", folder.PathOf("moving.csv"), "--json");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("moving.csv: points: expected points not all on one line", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_MalformedCsv_ExitsTwoNamingLine()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.PathOf("fixed.csv"), "0,0,0\n1,1\n");
        WriteCsv(folder.PathOf("moving.csv"), [new(0, 0, 0), new(10, 0, 0), new(0, 10, 0)]);

        (int code, _, string stderr) = CommandLineRunner.Run("register", "--fixed", folder.PathOf("fixed.csv"), "--moving", folder.PathOf("moving.csv"));

        Assert.Equal(2, code);
        Assert.Contains("fixed.csv: line 2: expected three numbers x,y,z in mm. Was '1,1'.", stderr, StringComparison.Ordinal);
    }

    internal static void WriteCsv(string path, IEnumerable<Vector3d> points) =>
        File.WriteAllLines(path, new[] { "x,y,z" }.Concat(points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:R},{p.Y:R},{p.Z:R}"))));

    private static double Row(JsonElement m, int row, Vector3d p) =>
        m[row][0].GetDouble() * p.X + m[row][1].GetDouble() * p.Y + m[row][2].GetDouble() * p.Z + m[row][3].GetDouble();
}
