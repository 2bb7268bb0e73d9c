using ArSpine.App.Scene;
using ArSpine.App.Tests.Rendering;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.Modes;

/// <summary><c>arspine review</c> end to end, as a user runs it.</summary>
public sealed class ReviewCommandTests
{
    [DisplayFact]
    public void Review_PhantomHeadless_WritesOnePngPerFrameShowingBothSidesScrewsAndTheSelection()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("review", "phantom", "--headless", "--frames", "2", "-o", folder.FolderPath, "--width", "480", "--height", "300");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains("Reviewing 6 vertebrae and 10 planned screws", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Last frame's selection: L1 right 6.5x", result.StandardOutput, StringComparison.Ordinal);
        foreach (string name in new[] { "frame-00001.png", "frame-00002.png" })
        {
            DecodedPng png = PngOracle.Decode(folder.PathOf(name));
            Assert.Equal((480, 300), (png.Width, png.Height));
            int left = Count(png, CaseScene.LeftScrewColor), right = Count(png, CaseScene.RightScrewColor), selected = Count(png, CaseScene.SelectedColor);
            Assert.True(left > 100 && right > 100, $"{name}: {left} left-screw and {right} right-screw pixels");
            Assert.True(selected > 20, $"{name}: {selected} selection-yellow pixels");
        }
    }

    [Fact]
    public void Review_MissingCaseFolder_Exit2NamingTheFileWithoutAStackTrace()
    {
        ToolResult result = ArSpineProcess.Run("review", "no/such/case", "--headless");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("case.json", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("no/such/case", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError + result.StandardOutput));
    }

    [Fact]
    public void Review_ZeroFrames_Exit2()
    {
        ToolResult result = ArSpineProcess.Run("review", "phantom", "--headless", "--frames", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--frames", result.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Pixels of the colour's hue in any shade.</summary>
    private static int Count(DecodedPng png, RgbaColor color)
    {
        int channels = png.ColorType == 6 ? 4 : 3, count = 0;
        for (int at = 0; at < png.Pixels.Length; at += channels)
        {
            count += Scene.Hue.Like(color, png.Pixels[at], png.Pixels[at + 1], png.Pixels[at + 2], tolerance: 0.15f) ? 1 : 0;
        }

        return count;
    }
}
