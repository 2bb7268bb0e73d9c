using System.Text.Json;
using ArSpine.App.Tests.Rendering;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.Rehearsal;

/// <summary><c>arspine rehearse</c> as a user runs it: headless through the desktop host, frames, picture and report.</summary>
public sealed class RehearseCommandTests
{
    [DisplayFact]
    public void Rehearse_PhantomHeadless_WritesFramesReportAndPictureAndPrintsTheGrades()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("rehearse", "phantom", "--headless", "--frames", "45", "--every", "20", "-o", folder.FolderPath, "--width", "320", "--height", "180");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        string report = folder.PathOf("report.json");
        string picture = folder.PathOf("report.png");
        Assert.Contains($"Report: {report}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Picture: {picture}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Overlay TRE at the planned targets", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(" grade ", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(["frame-00020.png", "frame-00040.png"], Directory.GetFiles(folder.PathOf("frames")).Select(f => Path.GetFileName(f)!).Order().ToArray());

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal("arspine.rehearsal-report", json.RootElement.GetProperty("format").GetString());
        int placed = json.RootElement.GetProperty("screws").GetArrayLength();
        Assert.True(placed >= 1, "at least one screw placed in 45 frames");
        Assert.Equal(10, placed + json.RootElement.GetProperty("notPlaced").GetArrayLength());

        DecodedPng png = PngOracle.Decode(picture);
        Assert.Equal((320, 180), (png.Width, png.Height));
        int channels = png.ColorType == 6 ? 4 : 3;
        int graded = 0;
        for (int i = 0; i < png.Width * png.Height; i++)
        {
            (int r, int g, int b) = (png.Pixels[i * channels], png.Pixels[i * channels + 1], png.Pixels[i * channels + 2]);
            graded += g > r + 40 && g > b + 60 ? 1 : 0; // the green-to-yellow colours of grades A and B
        }

        Assert.True(graded > 10, $"graded-screw pixels: {graded}");
    }

    [Fact]
    public void Rehearse_FolderThatIsNoCase_ExitsTwoWithoutAStackTrace()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("rehearse", folder.PathOf("nowhere"), "--headless", "-o", folder.PathOf("out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("expected a case folder (with case.json)", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("nowhere", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError + result.StandardOutput));
    }

    [Fact]
    public void Rehearse_TruthWithoutACaseVertebra_ExitsTwoNamingTheFileAndTheLevel()
    {
        using var folder = new TemporaryFolder();
        ToolResult phantom = ArSpineProcess.Run("phantom", "-o", folder.PathOf("l2-l4"), "--levels", "L2-L4", "--size", "96,96,120");
        Assert.True(phantom.ExitCode == 0, phantom.StandardError);
        string truth = folder.PathOf("l2-l4/labels.nii.gz");

        ToolResult result = ArSpineProcess.Run("rehearse", "phantom", "--truth", truth, "--headless", "-o", folder.PathOf("out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(truth, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("label 20 (L1)", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError + result.StandardOutput));
    }
}
