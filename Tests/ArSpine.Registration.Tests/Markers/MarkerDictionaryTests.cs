using ArSpine.Core.Errors;
using ArSpine.Registration.Markers;
using OpenCvSharp.Aruco;

namespace ArSpine.Registration.Tests.Markers;

public class MarkerDictionaryTests
{
    [Theory]
    [InlineData("DICT_6X6_250", PredefinedDictionaryType.Dict6X6_250)]
    [InlineData("dict_4x4_1000", PredefinedDictionaryType.Dict4X4_1000)]
    [InlineData("DICT_4X4_100", PredefinedDictionaryType.Dict4X4_100)]
    [InlineData("DICT_APRILTAG_36h11", PredefinedDictionaryType.DictAprilTag_36h11)]
    [InlineData("DICT_ARUCO_ORIGINAL", PredefinedDictionaryType.DictArucoOriginal)]
    public void Parse_OpenCvName_GivesDictionaryAndRoundTrips(string name, PredefinedDictionaryType expected)
    {
        PredefinedDictionaryType type = MarkerDictionary.Parse(name);

        Assert.Equal(expected, type);
        Assert.Equal(name, MarkerDictionary.OpenCvName(type), ignoreCase: true);
    }

    [Fact]
    public void Names_MatchOpenCvPythonConstants()
    {
        string script = "import sys, cv2\nprint(all(hasattr(cv2.aruco, n) for n in sys.argv[1:]))";

        string output = TestSupport.ExternalTool.RunPython(script, MarkerDictionary.Names.ToArray());

        Assert.Equal("True", output.Trim());
    }

    [Fact]
    public void Parse_UnknownName_ThrowsListingNames()
    {
        var e = Assert.Throws<InvalidInputException>(() => MarkerDictionary.Parse("DICT_9X9_1"));

        Assert.StartsWith("--dict: expected an OpenCV dictionary name (DICT_4X4_50, ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("Was 'DICT_9X9_1'.", e.Message, StringComparison.Ordinal);
    }
}
