using System.Text.Json;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Rendering;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.CommandLine;

/// <summary>
/// <c>arspine demo --headless</c> end to end: the sample phantom prepared the real way, the plan picture a user looks at, and the
/// rehearsal graded against the phantom's true anatomy; then a second run reusing the case.
/// </summary>
public sealed class DemoCommandTests
{
    [DisplayFact]
    public void Demo_Headless_PreparesRendersAndRehearsesTheSampleCase_ThenReusesIt()
    {
        using var folder = new TemporaryFolder();

        ToolResult first = ArSpineProcess.Run("demo", "--headless", "-o", folder.FolderPath, "--width", "640", "--height", "400");

        Assert.True(first.ExitCode == 0, first.StandardError + first.StandardOutput);
        Assert.Contains("Generated the sample case", first.StandardOutput, StringComparison.Ordinal);
        foreach (string written in new[] { "case", "plan.png", "rehearsal/report.json", "rehearsal/report.png", "rehearsal/frames" })
        {
            Assert.Contains(folder.PathOf(written), first.StandardOutput, StringComparison.Ordinal);
        }

        using (JsonDocument index = JsonDocument.Parse(File.ReadAllText(folder.PathOf("case/case.json"))))
        {
            JsonElement[] screws = [.. index.RootElement.GetProperty("plan").GetProperty("screws").EnumerateArray()];
            Assert.Equal(10, screws.Length);
            Assert.Equal(5, screws.Count(s => s.GetProperty("side").GetString() == "left"));
        }

        // Every planned screw placed by the scripted trainee through the real tracking pipeline, none worse than grade B on the truth.
        using (JsonDocument report = JsonDocument.Parse(File.ReadAllText(folder.PathOf("rehearsal/report.json"))))
        {
            JsonElement[] placed = [.. report.RootElement.GetProperty("screws").EnumerateArray()];
            Assert.Equal(10, placed.Length);
            Assert.All(placed, screw => Assert.Contains(screw.GetProperty("grade").GetString(), new[] { "A", "B" }));
        }

        DecodedPng picture = PngOracle.Decode(folder.PathOf("plan.png"));
        Assert.Equal((640, 400), (picture.Width, picture.Height));
        var census = PixelCensus.Of(picture);
        Assert.True(census.LeftScrew > 200, $"left-screw pixels: {census.LeftScrew}");
        Assert.True(census.RightScrew > 200, $"right-screw pixels: {census.RightScrew}");
        Assert.True(census.Bone > picture.Width * picture.Height / 20, $"vertebra pixels: {census.Bone}");
        // The default view is from behind the patient (a posterior approach): the patient's left is on the picture's left.
        Assert.True(census.LeftScrewMeanX < census.RightScrewMeanX, $"left screws at x = {census.LeftScrewMeanX:0}, right at {census.RightScrewMeanX:0}");

        ToolResult second = ArSpineProcess.Run("demo", "--headless", "-o", folder.FolderPath, "--width", "320", "--height", "200", "--frames", "20");
        Assert.True(second.ExitCode == 0, second.StandardError);
        Assert.Contains("Reusing the sample case", second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Reusing the prepared case", second.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Pixels classified by hue: the two screw tints (in any shade) and the pale vertebrae.</summary>
    private sealed record PixelCensus(int LeftScrew, int RightScrew, int Bone, double LeftScrewMeanX, double RightScrewMeanX)
    {
        public static PixelCensus Of(DecodedPng png)
        {
            int channels = png.ColorType == 6 ? 4 : 3;
            int left = 0, right = 0, bone = 0;
            double leftX = 0, rightX = 0;
            for (int y = 0; y < png.Height; y++)
            {
                for (int x = 0; x < png.Width; x++)
                {
                    int at = (y * png.Width + x) * channels;
                    (int r, int g, int b) = (png.Pixels[at], png.Pixels[at + 1], png.Pixels[at + 2]);
                    if (Like(CaseScene.LeftScrewColor, r, g, b))
                    {
                        left++;
                        leftX += x;
                    }
                    else if (Like(CaseScene.RightScrewColor, r, g, b))
                    {
                        right++;
                        rightX += x;
                    }
                    else if (Math.Min(r, Math.Min(g, b)) > 90)
                    {
                        bone++;
                    }
                }
            }

            return new PixelCensus(left, right, bone, leftX / Math.Max(left, 1), rightX / Math.Max(right, 1));
        }

        // Same hue family: the channel order of the pixel matches the tint's, with a clear spread between strongest and weakest.
        private static bool Like(RgbaColor tint, int r, int g, int b)
        {
            float[] t = [tint.R, tint.G, tint.B];
            int[] p = [r, g, b];
            int strongest = Array.IndexOf(t, t.Max()), weakest = Array.IndexOf(t, t.Min());
            return p[strongest] - p[weakest] > 70 && p[strongest] == p.Max() && p[weakest] == p.Min();
        }
    }
}
