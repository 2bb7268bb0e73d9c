using SkiaSharp;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>
/// The printable ASCII glyphs (32–126) of one font, rasterised once by SkiaSharp into an 8-bit coverage atlas, with the metrics
/// text layout needs. Sizes are in atlas pixels; <see cref="CapHeightPx"/> scales them to a label's height in mm. Immutable after
/// construction; costs one rasterisation (milliseconds), so make it once at start-up.
/// </summary>
internal sealed class GlyphAtlas
{
    /// <summary>The font the desktop host uses: DejaVu Sans from Debian's fonts-dejavu-core.</summary>
    public const string DefaultFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>The first character in the atlas (space).</summary>
    public const char First = ' ';

    /// <summary>The last character in the atlas (tilde).</summary>
    public const char Last = '~';

    /// <summary>How far the halo reaches beyond a glyph's ink, atlas pixels.</summary>
    public const int HaloRadiusPx = 3;

    /// <summary>Empty pixels around each glyph's ink in its cell: more than the halo, so no halo reaches into a neighbouring cell.</summary>
    public const int CellPaddingPx = HaloRadiusPx + 2;

    private const int Padding = CellPaddingPx;
    private static readonly Lazy<GlyphAtlas> Shared = new(() => Create(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Glyph[] glyphs;

    private GlyphAtlas(Glyph[] glyphs, byte[] coverage, int widthPx, int heightPx, float capHeightPx)
    {
        this.glyphs = glyphs;
        Coverage = coverage;
        Halo = Dilate(coverage, widthPx, heightPx, HaloRadiusPx);
        WidthPx = widthPx;
        HeightPx = heightPx;
        CapHeightPx = capHeightPx;
    }

    /// <summary>The atlas of <see cref="DefaultFontPath"/>, made on first use and shared (it is immutable).</summary>
    public static GlyphAtlas Default => Shared.Value;

    /// <summary>The atlas's coverage, 0 (empty) to 255 (inside a glyph), row by row from the top, <see cref="WidthPx"/> × <see cref="HeightPx"/> bytes.</summary>
    public byte[] Coverage { get; }

    /// <summary>The coverage grown by <see cref="HaloRadiusPx"/> (a max filter over a disc): where a label's dark halo goes, same layout as <see cref="Coverage"/>.</summary>
    public byte[] Halo { get; }

    /// <summary>Coverage and halo interleaved, two bytes a pixel (for an RG8 texture), same layout otherwise.</summary>
    public byte[] CoverageAndHalo()
    {
        var interleaved = new byte[2 * Coverage.Length];
        for (int i = 0; i < Coverage.Length; i++)
        {
            interleaved[2 * i] = Coverage[i];
            interleaved[2 * i + 1] = Halo[i];
        }

        return interleaved;
    }

    /// <summary>Atlas width, pixels.</summary>
    public int WidthPx { get; }

    /// <summary>Atlas height, pixels.</summary>
    public int HeightPx { get; }

    /// <summary>Height of the capital letters above the baseline, atlas pixels.</summary>
    public float CapHeightPx { get; }

    /// <summary>
    /// Rasterises the glyphs of the TrueType font at <paramref name="fontPath"/> with an em of <paramref name="emPx"/> pixels.
    /// Throws <see cref="DesktopHostException"/> naming the Debian package when the font is missing or SkiaSharp cannot load it.
    /// </summary>
    public static GlyphAtlas Create(string fontPath = DefaultFontPath, float emPx = 48f)
    {
        if (!File.Exists(fontPath))
        {
            throw new DesktopHostException($"Expected the label font '{fontPath}' (Debian package fonts-dejavu-core: apt-get install -y fonts-dejavu-core). Was not found.");
        }

        SKTypeface typeface;
        try
        {
            typeface = SKTypeface.FromFile(fontPath) ?? throw new DesktopHostException($"Expected a TrueType font in '{fontPath}'. Was not readable by SkiaSharp.");
        }
        catch (Exception error) when (error is DllNotFoundException || error.InnerException is DllNotFoundException)
        {
            throw new DesktopHostException(
                $"Expected SkiaSharp's native library (libSkiaSharp, package SkiaSharp.NativeAssets.Linux.NoDependencies) to load. Was not found: {(error.InnerException ?? error).Message}");
        }

        using (typeface)
        using (var font = new SKFont(typeface, emPx) { Edging = SKFontEdging.Antialias, Hinting = SKFontHinting.Normal, Subpixel = true })
        using (var paint = new SKPaint { Color = SKColors.White, IsAntialias = true })
        {
            font.GetFontMetrics(out SKFontMetrics metrics);
            float capHeight = metrics.CapHeight > 0 ? metrics.CapHeight : -metrics.Ascent * 0.72f;
            int count = Last - First + 1;
            var glyphs = new Glyph[count];
            var bounds = new SKRect[count];
            var advances = new float[count];
            const int atlasWidth = 512;
            int x = 0, y = 0, rowHeight = 0;
            var cells = new (int X, int Y)[count];
            for (int i = 0; i < count; i++)
            {
                string text = ((char)(First + i)).ToString();
                advances[i] = font.MeasureText(text, out bounds[i]);
                int w = (int)MathF.Ceiling(bounds[i].Width) + 2 * Padding, h = (int)MathF.Ceiling(bounds[i].Height) + 2 * Padding;
                if (x + w > atlasWidth)
                {
                    x = 0;
                    y += rowHeight;
                    rowHeight = 0;
                }

                cells[i] = (x, y);
                x += w;
                rowHeight = Math.Max(rowHeight, h);
            }

            int atlasHeight = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(y + rowHeight));
            using var bitmap = new SKBitmap(new SKImageInfo(atlasWidth, atlasHeight, SKColorType.Alpha8, SKAlphaType.Premul));
            using (var canvas = new SKCanvas(bitmap))
            {
                canvas.Clear(SKColors.Transparent);
                for (int i = 0; i < count; i++)
                {
                    SKRect b = bounds[i];
                    int w = (int)MathF.Ceiling(b.Width) + 2 * Padding, h = (int)MathF.Ceiling(b.Height) + 2 * Padding;
                    // The glyph's origin (on the baseline) so that its ink box starts Padding pixels into its cell.
                    float originX = cells[i].X + Padding - b.Left, originY = cells[i].Y + Padding - b.Top;
                    canvas.DrawText(((char)(First + i)).ToString(), originX, originY, SKTextAlign.Left, font, paint);
                    glyphs[i] = new Glyph(
                        cells[i].X, cells[i].Y, w, h,
                        OffsetXPx: b.Left - Padding, TopPx: -(b.Top - Padding), AdvancePx: advances[i],
                        HasInk: b.Width > 0 && b.Height > 0);
                }
            }

            var coverage = new byte[atlasWidth * atlasHeight];
            ReadOnlySpan<byte> source = bitmap.GetPixelSpan();
            for (int row = 0; row < atlasHeight; row++)
            {
                source.Slice(row * bitmap.RowBytes, atlasWidth).CopyTo(coverage.AsSpan(row * atlasWidth, atlasWidth));
            }

            return new GlyphAtlas(glyphs, coverage, atlasWidth, atlasHeight, capHeight);
        }
    }

    /// <summary>The glyph of a character; characters outside printable ASCII give '?'. Allocates nothing.</summary>
    public ref readonly Glyph this[char c] => ref glyphs[(c < First || c > Last ? '?' : c) - First];

    /// <summary>The advance width of a run of text, atlas pixels (no kerning). Allocates nothing.</summary>
    public float MeasurePx(ReadOnlySpan<char> text)
    {
        float width = 0;
        foreach (char c in text)
        {
            width += this[c].AdvancePx;
        }

        return width;
    }

    private static byte[] Dilate(byte[] coverage, int width, int height, int radius)
    {
        var grown = new byte[coverage.Length];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                byte max = 0;
                for (int dy = -radius; dy <= radius; dy++)
                {
                    int yy = y + dy;
                    if (yy < 0 || yy >= height)
                    {
                        continue;
                    }

                    for (int dx = -radius; dx <= radius; dx++)
                    {
                        int xx = x + dx;
                        if (xx >= 0 && xx < width && dx * dx + dy * dy <= radius * radius)
                        {
                            max = Math.Max(max, coverage[yy * width + xx]);
                        }
                    }
                }

                grown[y * width + x] = max;
            }
        }

        return grown;
    }

    /// <summary>
    /// One glyph's cell in the atlas and its placement relative to the pen on the baseline, atlas pixels (y up from the baseline).
    /// </summary>
    /// <param name="X">Cell's left column in the atlas.</param>
    /// <param name="Y">Cell's top row in the atlas.</param>
    /// <param name="WidthPx">Cell width.</param>
    /// <param name="HeightPx">Cell height.</param>
    /// <param name="OffsetXPx">Cell's left edge right of the pen.</param>
    /// <param name="TopPx">Cell's top edge above the baseline.</param>
    /// <param name="AdvancePx">How far the pen moves.</param>
    /// <param name="HasInk">Whether the glyph draws anything (false for the space).</param>
    public readonly record struct Glyph(int X, int Y, int WidthPx, int HeightPx, float OffsetXPx, float TopPx, float AdvancePx, bool HasInk);
}
