using System.Numerics;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Scene;

namespace ArSpine.App.Tests.Rendering;

/// <summary>A rendered RGBA8 frame (top row first) with the look-ups the screenshot tests use.</summary>
internal sealed class FramePixels(byte[] rgba, int width, int height)
{
    public int Width => width;

    public int Height => height;

    public byte[] Rgba => rgba;

    public static FramePixels Read(DesktopRenderer renderer) => new(renderer.ReadPixels(), renderer.WidthPx, renderer.HeightPx);

    public (byte R, byte G, byte B) At(int column, int row)
    {
        Assert.InRange(column, 0, width - 1);
        Assert.InRange(row, 0, height - 1);
        int o = 4 * (row * width + column);
        return (rgba[o], rgba[o + 1], rgba[o + 2]);
    }

    /// <summary>The pixel whose area holds a projected point (pixel (c, r) covers [c, c + 1) × [r, r + 1)).</summary>
    public (byte R, byte G, byte B) At(Vector2 projected) => At((int)MathF.Floor(projected.X), (int)MathF.Floor(projected.Y));

    /// <summary>Whether some pixel within <paramref name="radiusPx"/> (Chebyshev) of the projected point passes the test.</summary>
    public bool AnyNear(Vector2 projected, int radiusPx, Func<(byte R, byte G, byte B), bool> test)
    {
        int c0 = (int)MathF.Floor(projected.X), r0 = (int)MathF.Floor(projected.Y);
        for (int r = r0 - radiusPx; r <= r0 + radiusPx; r++)
        {
            for (int c = c0 - radiusPx; c <= c0 + radiusPx; c++)
            {
                if (c >= 0 && c < width && r >= 0 && r < height && test(At(c, r)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The pixels that pass the test, as (column, row).</summary>
    public List<(int Column, int Row)> Where(Func<(byte R, byte G, byte B), bool> test)
    {
        var found = new List<(int, int)>();
        for (int r = 0; r < height; r++)
        {
            for (int c = 0; c < width; c++)
            {
                if (test(At(c, r)))
                {
                    found.Add((c, r));
                }
            }
        }

        return found;
    }

    /// <summary>Within <paramref name="tolerance"/> of a colour in every channel (8-bit).</summary>
    public static Func<(byte R, byte G, byte B), bool> Near(RgbaColor color, int tolerance) => p =>
        Math.Abs(p.R - RgbaColor.ToByte(color.R)) <= tolerance && Math.Abs(p.G - RgbaColor.ToByte(color.G)) <= tolerance && Math.Abs(p.B - RgbaColor.ToByte(color.B)) <= tolerance;

    /// <summary>
    /// A lit shade of a colour: lighting scales it and adds white highlights, neither of which moves its hue, so the hue is within
    /// <paramref name="hueToleranceDeg"/> and the pixel is saturated and bright enough for the hue to mean something.
    /// </summary>
    public static Func<(byte R, byte G, byte B), bool> ShadeOf(RgbaColor color, float hueToleranceDeg = 6) => p =>
    {
        (float hue, float saturation, float value) = Hsv(p.R / 255f, p.G / 255f, p.B / 255f);
        (float expected, _, _) = Hsv(color.R, color.G, color.B);
        float difference = MathF.Abs(hue - expected);
        difference = MathF.Min(difference, 360 - difference);
        return saturation > 0.35f && value > 0.15f && difference <= hueToleranceDeg;
    };

    public void SaveForInspection(string name)
    {
        if (Environment.GetEnvironmentVariable("ARSPINE_RENDER_TEST_DIR") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            PngWriter.Save(Path.Combine(folder, name + ".png"), rgba, width, height);
        }
    }

    private static (float Hue, float Saturation, float Value) Hsv(float r, float g, float b)
    {
        float max = MathF.Max(r, MathF.Max(g, b)), min = MathF.Min(r, MathF.Min(g, b)), chroma = max - min;
        float hue = chroma == 0 ? 0 : max == r ? 60 * ((g - b) / chroma % 6) : max == g ? 60 * ((b - r) / chroma + 2) : 60 * ((r - g) / chroma + 4);
        return (hue < 0 ? hue + 360 : hue, max == 0 ? 0 : chroma / max, max);
    }
}
