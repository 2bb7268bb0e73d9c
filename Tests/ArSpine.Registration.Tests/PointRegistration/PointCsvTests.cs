using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Registration.PointRegistration;

namespace ArSpine.Registration.Tests.PointRegistration;

public class PointCsvTests
{
    [Fact]
    public void Parse_HeaderCommentsAndBlankLines_ReadsPoints()
    {
        IReadOnlyList<Vector3d> points = PointCsv.Parse("# fiducials\nx,y,z\n1,2,3\n\n-4.5, 5e1 ,6\r\n", "F.csv");

        Assert.Equal([new Vector3d(1, 2, 3), new Vector3d(-4.5, 50, 6)], points);
    }

    [Theory]
    [InlineData("1,2,3\n1,2\n", "F.csv: line 2: expected three numbers x,y,z in mm. Was '1,2'.")]
    [InlineData("1,2,3\n1,abc,3\n", "F.csv: line 2, column y: expected a finite number in mm. Was 'abc'.")]
    [InlineData("1,2,3\n1,2,NaN\n", "F.csv: line 2, column z: expected a finite number in mm. Was 'NaN'.")]
    [InlineData("NaN,2,3\n", "F.csv: line 1, column x: expected a finite number in mm. Was 'NaN'.")]
    public void Parse_MalformedRow_ThrowsNamingLine(string text, string message)
    {
        var e = Assert.Throws<InvalidInputException>(() => PointCsv.Parse(text, "F.csv"));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNamingFile()
    {
        var e = Assert.Throws<InvalidInputException>(() => PointCsv.Read("/nonexistent/F.csv"));

        Assert.StartsWith("/nonexistent/F.csv: expected a readable CSV file", e.Message, StringComparison.Ordinal);
    }
}
