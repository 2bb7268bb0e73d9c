using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Planning.Slicer;
using ArSpine.TestSupport;

namespace ArSpine.Planning.Tests.Slicer;

/// <summary>3D Slicer markups in and out: files shaped as Slicer 5 writes them (LPS or RAS, mm or µm), round trips, bad files.</summary>
public sealed class SlicerMarkupsTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string WriteFile(string name, string json)
    {
        string path = _folder.PathOf(name);
        File.WriteAllText(path, json);
        return path;
    }

    // A line as Slicer 5 saves it from the Markups module, in RAS with the name of the node (abridged display block).
    private const string SlicerLineRas = """
        {"@schema": "https://raw.githubusercontent.com/slicer/slicer/master/Modules/Loadable/Markups/Resources/Schema/markups-schema-v1.0.3.json#",
         "markups": [{"type": "Line", "coordinateSystem": "RAS", "coordinateUnits": "mm", "locked": false, "fixedNumberOfControlPoints": false,
           "labelFormat": "%N-%d", "lastUsedControlPointNumber": 2,
           "controlPoints": [
             {"id": "1", "label": "L4_R-1", "description": "", "associatedNodeID": "vtkMRMLScalarVolumeNode1", "position": [20.5, -31.25, -11.0],
              "orientation": [-1.0, -0.0, -0.0, -0.0, -1.0, -0.0, 0.0, 0.0, 1.0], "selected": true, "locked": false, "visibility": true, "positionStatus": "defined"},
             {"id": "2", "label": "L4_R-2", "description": "", "associatedNodeID": "vtkMRMLScalarVolumeNode1", "position": [9.75, 12.5, -7.5],
              "orientation": [-1.0, -0.0, -0.0, -0.0, -1.0, -0.0, 0.0, 0.0, 1.0], "selected": true, "locked": false, "visibility": true, "positionStatus": "defined"}],
           "measurements": [{"name": "length", "enabled": true, "value": 45.2, "units": "mm", "printFormat": "%-#4.4g%s"}],
           "display": {"visibility": true, "opacity": 1.0, "color": [0.4, 1.0, 1.0], "selectedColor": [1.0, 0.5, 0.5]}}]}
        """;

    [Fact]
    public void ReadScrews_SlicerLineInRasNamedByItsFile_IsConvertedToLpsWithLevelAndSideFromTheName()
    {
        string path = WriteFile("L4_R.mrk.json", SlicerLineRas);

        ScrewTrajectory screw = Assert.Single(SlicerMarkups.ReadScrews(path, diameterMm: 6.5));

        Assert.Equal(("L4", BodySide.Right), (screw.Vertebra, screw.Side));
        Assert.Equal(new Vector3d(-20.5, 31.25, -11.0), screw.EntryCt);
        Assert.Equal(new Vector3d(-9.75, -12.5, -7.5), screw.TargetCt);
        Assert.Equal(6.5, screw.DiameterMm);
    }

    [Fact]
    public void ReadScrews_MicrometreUnits_AreScaledToMillimetres()
    {
        string json = SlicerLineRas.Replace("\"coordinateSystem\": \"RAS\", \"coordinateUnits\": \"mm\"", "\"coordinateSystem\": \"LPS\", \"coordinateUnits\": \"um\"", StringComparison.Ordinal);
        string path = WriteFile("L4 right.mrk.json", json);

        ScrewTrajectory screw = Assert.Single(SlicerMarkups.ReadScrews(path, diameterMm: 5));

        Assert.Equal(new Vector3d(0.0205, -0.03125, -0.011), screw.EntryCt);
    }

    [Fact]
    public void WriteScrew_ThenReadScrews_RoundTripsEverythingIncludingTheDiameter()
    {
        var screw = new ScrewTrajectory("T12", BodySide.Left, new Vector3d(21.125, 33.5, -950.25), new Vector3d(9.5, -8.75, -946), 5.5);
        string path = _folder.PathOf(SlicerMarkups.FileNameOf(screw));

        SlicerMarkups.WriteScrew(path, screw);
        ScrewTrajectory back = Assert.Single(SlicerMarkups.ReadScrews(path));

        Assert.Equal("T12_left.mrk.json", Path.GetFileName(path));
        Assert.Equal(screw with { Predicted = null }, back);
    }

    [Fact]
    public void WritePoints_ThenReadPoints_RoundTripsLabelsAndPositions()
    {
        SlicerPoint[] points = [new("F-1", new Vector3d(-53.4, -73.3, 0)), new("F-2", new Vector3d(49.9, -88.6, 12.5)), new("F-3", new Vector3d(-25.2, 59.3, -3))];
        string path = _folder.PathOf("fiducials.mrk.json");

        SlicerMarkups.WritePoints(path, "F", points);

        Assert.Equal(points, SlicerMarkups.ReadPoints(path));
    }

    [Theory]
    [InlineData("L3 left", "L3", BodySide.Left)]
    [InlineData("l3_R", "L3", BodySide.Right)]
    [InlineData("T12-right", "T12", BodySide.Right)]
    [InlineData("left L5", "L5", BodySide.Left)]
    public void ParseScrewName_CommonSpellings_GiveLevelAndSide(string name, string level, BodySide side) =>
        Assert.Equal((level, side), SlicerMarkups.ParseScrewName(name, null, "name"));

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "L3.mrk.json", SlicerLineRas, "markups[0].name: expected a level and a side" },
        { "L4_R.mrk.json", SlicerLineRas.Replace("\"positionStatus\": \"defined\"}],", "\"positionStatus\": \"undefined\"}],", StringComparison.Ordinal), "markups[0].controlPoints[1].positionStatus" },
        { "L4_R.mrk.json", SlicerLineRas.Replace("[9.75, 12.5, -7.5]", "[9.75, 12.5]", StringComparison.Ordinal), "markups[0].controlPoints[1].position: expected three numbers" },
        { "L4_R.mrk.json", SlicerLineRas.Replace("\"RAS\"", "\"IJK\"", StringComparison.Ordinal), "markups[0].coordinateSystem" },
        { "L4_R.mrk.json", SlicerLineRas.Replace("[9.75, 12.5, -7.5]", "[20.5, -31.25, -11.0]", StringComparison.Ordinal), "non-zero length" },
        { "L4_R.mrk.json", "{\"markups\": 3}", "markups: expected an array of markups" },
        { "L4_R.mrk.json", "not json", "expected a 3D Slicer markups JSON file" },
        { "L4_R.mrk.json", SlicerLineRas.Replace("\"type\": \"Line\"", "\"type\": \"Fiducial\"", StringComparison.Ordinal), "at least one line markup" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void ReadScrews_BadFile_ThrowsNamingTheFileAndField(string fileName, string json, string expected)
    {
        string path = WriteFile(fileName, json);

        var e = Assert.Throws<InvalidInputException>(() => SlicerMarkups.ReadScrews(path, diameterMm: 6));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadScrews_NoDiameterAnywhere_ThrowsNamingTheScrew()
    {
        string path = WriteFile("L4_R.mrk.json", SlicerLineRas);

        var e = Assert.Throws<InvalidInputException>(() => SlicerMarkups.ReadScrews(path));

        Assert.Contains("controlPoints[0].description: expected the screw's diameter", e.Message, StringComparison.Ordinal);
        Assert.Contains("'L4_R'", e.Message, StringComparison.Ordinal);
    }
}
