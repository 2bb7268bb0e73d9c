using System.Numerics;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Input;
using ArSpine.App.Scene;

namespace ArSpine.App.Tests.Rendering;

/// <summary>The panel layout and hit-testing on the CPU (no display needed), and the glyph atlas behind it.</summary>
public sealed class PanelBuilderTests
{
    // A panel 200 mm wide, its top-left corner at (−100, 80, 0), turned 30° about World Y.
    private static readonly Matrix4x4 WorldFromPanel = Matrix4x4.CreateRotationY(MathF.PI / 6) * Matrix4x4.CreateTranslation(-100, 80, 0);

    [Fact]
    public void End_LabelButtonToggleAndImage_WindowIsAsTallAsItsRowsAndLiesInThePanelPlane()
    {
        var builder = new PanelBuilder(GlyphAtlas.Default, 1);
        var geometry = new UnlitGeometry();
        bool value = false;

        builder.Begin(geometry, "Plan", WorldFromPanel, 200, default);
        builder.Label("Level L3", RgbaColor.White);
        builder.Button("Accept");
        builder.Toggle("Show", ref value);
        builder.Image(2, 64, 32, 40);
        builder.End();

        // Title 20, margin 6, rows 11 + 16 + 16 + 40 with three gaps of 3 between them, margin 6.
        float expectedHeight = PanelBuilder.TitleBarMm + 2 * PanelBuilder.PaddingMm + 11 + 16 + 16 + 40 + 3 * PanelBuilder.GapMm;
        Assert.True(Matrix4x4.Invert(WorldFromPanel, out Matrix4x4 panelFromWorld));
        var background = new Vector3[6];
        for (int v = 0; v < 6; v++)
        {
            ReadOnlySpan<float> vertex = geometry.Vertices.Slice(v * UnlitGeometry.FloatsPerVertex, 3);
            background[v] = Vector3.Transform(new Vector3(vertex[0], vertex[1], vertex[2]), panelFromWorld);
        }

        Assert.Equal(-expectedHeight, background.Min(p => p.Y), 3);
        Assert.Equal(0, background.Max(p => p.Y), 3);
        Assert.Equal(200, background.Max(p => p.X), 3);
        Assert.All(background, p => Assert.Equal(0, p.Z, 3));
        Assert.Contains(geometry.Batches.ToArray(), b => b.Mode == UnlitMode.GreyImage && b.Texture == 2 && b.Count == 6);
        Assert.Contains(geometry.Batches.ToArray(), b => b.Mode == UnlitMode.Glyphs && b.Texture == 1);
    }

    [Theory]
    [InlineData(100, -48, true, false)]
    [InlineData(10, -41, true, false)]
    [InlineData(100, -67, false, true)]
    [InlineData(100, -38, false, false)]
    [InlineData(3, -48, false, false)]
    [InlineData(100, -200, false, false)]
    public void Button_RayThroughPanelPoint_PressedOnlyInsideItsRow(float xPanelMm, float yPanelMm, bool expectButton, bool expectToggle)
    {
        var builder = new PanelBuilder(GlyphAtlas.Default, 1);
        Vector3 eye = new(30, 20, 500);
        Vector3 aim = Vector3.Transform(new Vector3(xPanelMm, yPanelMm, 0), WorldFromPanel);
        var input = new InputFrame(0, Matrix4x4.CreateTranslation(eye), eye, Vector3.Normalize(aim - eye), 400, new ButtonState(true, true, false), ButtonState.Up, AppKeys.None);
        bool value = false;

        builder.Begin(new UnlitGeometry(), "Plan", WorldFromPanel, 200, input);
        builder.Label("Level L3", RgbaColor.White);
        bool button = builder.Button("Accept");
        bool toggle = builder.Toggle("Show", ref value);
        builder.End();

        Assert.Equal(expectButton, button);
        Assert.Equal(expectToggle, toggle);
        Assert.Equal(expectToggle, value);
        Assert.Equal(yPanelMm > -200, builder.PointerOverPanel);
    }

    [Fact]
    public void Begin_WhilePanelOpen_ThrowsSayingPanelsAreNotNested()
    {
        var builder = new PanelBuilder(GlyphAtlas.Default, 1);
        builder.Begin(new UnlitGeometry(), "A", Matrix4x4.Identity, 100, default);

        var error = Assert.Throws<InvalidOperationException>(() => builder.Begin(new UnlitGeometry(), "B", Matrix4x4.Identity, 100, default));

        Assert.StartsWith("Expected EndPanel before the next BeginPanel (panels are not nested).", error.Message);
    }

    [Fact]
    public void GlyphAtlas_Default_HasInkForLettersNoneForSpaceAndQuestionMarkForOthers()
    {
        GlyphAtlas atlas = GlyphAtlas.Default;

        ref readonly GlyphAtlas.Glyph a = ref atlas['A'];
        int ink = 0;
        for (int row = a.Y; row < a.Y + a.HeightPx; row++)
        {
            for (int column = a.X; column < a.X + a.WidthPx; column++)
            {
                ink += atlas.Coverage[row * atlas.WidthPx + column] > 128 ? 1 : 0;
            }
        }

        Assert.True(ink > 30, $"Expected 'A' to cover atlas pixels. Was {ink}.");
        Assert.False(atlas[' '].HasInk);
        Assert.Equal(atlas['?'], atlas['é']);
        Assert.InRange(atlas.CapHeightPx, 25, 45);
        // 'A' reaches the cap height above the baseline (its cell's top edge is the padding above its ink).
        Assert.InRange(a.TopPx - GlyphAtlas.CellPaddingPx, atlas.CapHeightPx - 1, atlas.CapHeightPx + 1.5f);
        Assert.True(atlas.Halo[(a.Y + GlyphAtlas.CellPaddingPx - 2) * atlas.WidthPx + a.X + a.WidthPx / 2] > 0, "Expected the halo above the apex of 'A'.");
        Assert.Equal(0, atlas.Coverage[(a.Y + GlyphAtlas.CellPaddingPx - 2) * atlas.WidthPx + a.X + a.WidthPx / 2]);
        Assert.Equal(atlas['W'].AdvancePx + atlas['i'].AdvancePx, atlas.MeasurePx("Wi"), 3);
    }

    [Fact]
    public void GlyphAtlasCreate_MissingFont_ThrowsNamingTheFileAndTheDebianPackage()
    {
        var error = Assert.Throws<DesktopHostException>(() => GlyphAtlas.Create("/nonexistent/NoSuchFont.ttf"));

        Assert.Equal("Expected the label font '/nonexistent/NoSuchFont.ttf' (Debian package fonts-dejavu-core: apt-get install -y fonts-dejavu-core). Was not found.", error.Message);
    }
}
