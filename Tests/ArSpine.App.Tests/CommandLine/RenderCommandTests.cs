using System.Globalization;
using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.CommandLine;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Cases;
using ArSpine.App.Tests.Rendering;
using ArSpine.Core.Plans;
using ArSpine.TestSupport;
using Xunit.Abstractions;

namespace ArSpine.App.Tests.CommandLine;

/// <summary>
/// <c>arspine render</c> end to end (a separate process under the test's display): the pixels at the projections of the screws'
/// entry points, through the same camera the command uses, have the screws' colours.
/// </summary>
[Collection(GlfwCollection.Name)]
public sealed class RenderCommandTests : IClassFixture<SmallPhantomPackage>, IDisposable
{
    private const int Width = 640, Height = 400;
    private readonly TemporaryFolder _folder = new();
    private readonly ITestOutputHelper _output;
    private readonly CasePackage _package;

    public RenderCommandTests(SmallPhantomPackage fixture, ITestOutputHelper output)
    {
        _output = output;
        fixture.Package.Save(_folder.PathOf("case"));
        _package = CasePackage.Load(_folder.PathOf("case"));
    }

    [DisplayFact]
    public void Render_DefaultView_EachScrewsEntryHasItsColourWithin2Px_LeftScrewsOnTheLeft()
    {
        string png = _folder.PathOf("frame.png");

        ToolResult result = ArSpineProcess.Run("render", _folder.PathOf("case"), "-o", png, "--width", $"{Width}", "--height", $"{Height}");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        Assert.Contains(Path.GetFullPath(png), result.StandardOutput, StringComparison.Ordinal);
        DecodedPng picture = PngOracle.Decode(png);
        Assert.Equal((Width, Height), (picture.Width, picture.Height));
        ViewCamera camera = CaseViewing.PosteriorCamera(_package, Width, Height);
        foreach (ScrewTrajectory screw in _package.Case.Plan.Screws)
        {
            Vector2 entry = camera.Project(screw.EntryCt.ToVector3(), Width, Height);
            AssertColourNear(picture, entry, screw, "entry");
        }

        // Seen from behind the patient, the patient's left (+X) is on the picture's left.
        foreach (string level in _package.Case.Plan.Screws.Select(s => s.Vertebra).Distinct())
        {
            float left = camera.Project(_package.Case.Plan.Screws.Single(s => s.Vertebra == level && s.Side == BodySide.Left).EntryCt.ToVector3(), Width, Height).X;
            float right = camera.Project(_package.Case.Plan.Screws.Single(s => s.Vertebra == level && s.Side == BodySide.Right).EntryCt.ToVector3(), Width, Height).X;
            Assert.True(left < right, $"{level}: left entry at x {left:0}, right at {right:0}");
        }
    }

    [DisplayFact]
    public void Render_EyeBehindAScrewLookingAtItsEntry_TheCentreHasTheScrewsColour()
    {
        string png = _folder.PathOf("along.png");
        ScrewTrajectory screw = _package.Case.Plan.Screws[^1];
        Vector3 entry = screw.EntryCt.ToVector3(), eye = entry - screw.Direction.ToVector3() * 150;

        ToolResult result = ArSpineProcess.Run("render", _folder.PathOf("case"), "-o", png, "--width", "320", "--height", "240", "--eye", Point(eye), "--look", Point(entry));

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        DecodedPng picture = PngOracle.Decode(png);
        ViewCamera camera = RenderCommand.LookCamera(_package, eye, entry);
        Vector2 centre = camera.Project(entry, 320, 240);
        Assert.True(Vector2.Distance(centre, new Vector2(160, 120)) < 0.01f, $"entry projects to {centre}");
        AssertColourNear(picture, centre, screw, "entry seen along the axis");
    }

    public void Dispose() => _folder.Dispose();

    private static string Point(Vector3 p) => string.Create(CultureInfo.InvariantCulture, $"{p.X:R},{p.Y:R},{p.Z:R}");

    /// <summary>Some pixel within 2 px of <paramref name="at"/> has the screw's hue: its tint's strongest channel strongest and weakest weakest, clearly apart.</summary>
    private void AssertColourNear(DecodedPng picture, Vector2 at, ScrewTrajectory screw, string what)
    {
        RgbaColor tint = screw.Side == BodySide.Left ? CaseScene.LeftScrewColor : CaseScene.RightScrewColor;
        float[] t = [tint.R, tint.G, tint.B];
        int strongest = Array.IndexOf(t, t.Max()), weakest = Array.IndexOf(t, t.Min());
        int channels = picture.ColorType == 6 ? 4 : 3;
        int cx = (int)MathF.Floor(at.X), cy = (int)MathF.Floor(at.Y);
        int bestSpread = int.MinValue;
        string bestPixel = "";
        for (int y = Math.Max(0, cy - 2); y <= Math.Min(picture.Height - 1, cy + 2); y++)
        {
            for (int x = Math.Max(0, cx - 2); x <= Math.Min(picture.Width - 1, cx + 2); x++)
            {
                int offset = (y * picture.Width + x) * channels;
                int[] p = [picture.Pixels[offset], picture.Pixels[offset + 1], picture.Pixels[offset + 2]];
                int spread = p[strongest] == p.Max() && p[weakest] == p.Min() ? p[strongest] - p[weakest] : -1;
                if (spread > bestSpread)
                {
                    (bestSpread, bestPixel) = (spread, $"({x}, {y}) RGB {p[0]},{p[1]},{p[2]}");
                }
            }
        }

        _output.WriteLine($"{screw.Label} {what} at ({at.X:0.0}, {at.Y:0.0}): best pixel {bestPixel}, spread {bestSpread}");
        Assert.True(bestSpread > 70, $"{screw.Label}: expected the {screw.Side.Name()} screw's colour within 2 px of its {what} at ({at.X:0.0}, {at.Y:0.0}). Best was {bestPixel}.");
    }
}

/// <summary><c>arspine render</c>'s refusals: exit 2 with a message naming the option or the folder, before any window opens.</summary>
public sealed class RenderCommandArgumentTests
{
    [Theory]
    [InlineData("--eye", "1,2", "--look", "0,0,0", "--eye: expected a point x,y,z in Ct (LPS) mm: three numbers separated by commas, such as 0,250,40. Was '1,2'.")]
    [InlineData("--eye", "a,b,c", "--look", "0,0,0", "--eye: expected a point x,y,z in Ct (LPS) mm: three numbers separated by commas, such as 0,250,40. Was 'a,b,c'.")]
    [InlineData("--eye", "0,300,0", "--look", "0,NaN,0", "--look: expected a point x,y,z in Ct (LPS) mm: three numbers separated by commas, such as 0,250,40. Was '0,NaN,0'.")]
    [InlineData("--eye", "0,300,0", "--look", "0,300,0.5", "--look: expected a point at least 1 mm from --eye. Was '0,300,0.5'.")]
    [InlineData("--eye", "0,300,0", "--height", "300", "--look: expected --eye and --look given together. Was 'only one of them'.")]
    [InlineData("--width", "0", "--height", "100", "--width: expected 16 to 8192 pixels. Was '0'.")]
    public void Render_BadArgument_Exits2NamingTheOption(string option1, string value1, string option2, string value2, string message)
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("render", folder.FolderPath, "-o", folder.PathOf("f.png"), option1, value1, option2, value2);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"arspine: {message}", result.StandardError.Trim());
        Assert.False(File.Exists(folder.PathOf("f.png")));
    }

    [Fact]
    public void Render_MissingCase_Exits2NamingTheFolder()
    {
        using var folder = new TemporaryFolder();
        string absent = folder.PathOf("no-case");

        ToolResult result = ArSpineProcess.Run("render", absent, "-o", folder.PathOf("f.png"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"arspine: {absent}: expected a case folder (with case.json). Was: no such folder.", result.StandardError.Trim());
    }

    [Fact]
    public void Render_FolderWithoutCaseJson_Exits2NamingTheIndex()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("render", folder.FolderPath, "-o", folder.PathOf("f.png"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"arspine: {folder.PathOf("case.json")}: expected a arspine.case JSON file. Was: no such file.", result.StandardError.Trim());
    }

    [Fact]
    public void Render_OutputNotPng_Exits2()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("render", folder.FolderPath, "-o", folder.PathOf("f.jpg"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"arspine: --output: expected a PNG file name ending in .png. Was '{folder.PathOf("f.jpg")}'.", result.StandardError.Trim());
    }
}
