using ArSpine.App.Scene;

namespace ArSpine.App.Tests.Scene;

/// <summary>Classifies rendered pixels by hue, whatever the shading: lit colours are the tint scaled, plus a grey highlight.</summary>
internal static class Hue
{
    /// <summary>
    /// Whether the pixel (r, g, b bytes) has the colour's hue in some shade: the same channel proportions once the grey part is
    /// taken out (each within <paramref name="tolerance"/>), and a spread of at least 60 grey levels.
    /// </summary>
    public static bool Like(RgbaColor color, int r, int g, int b, float tolerance = 0.2f)
    {
        float cMin = Math.Min(color.R, Math.Min(color.G, color.B)), cRange = Math.Max(color.R, Math.Max(color.G, color.B)) - cMin;
        int pMin = Math.Min(r, Math.Min(g, b)), pRange = Math.Max(r, Math.Max(g, b)) - pMin;
        return pRange >= 60
            && MathF.Abs((r - pMin) / (float)pRange - (color.R - cMin) / cRange) <= tolerance
            && MathF.Abs((g - pMin) / (float)pRange - (color.G - cMin) / cRange) <= tolerance
            && MathF.Abs((b - pMin) / (float)pRange - (color.B - cMin) / cRange) <= tolerance;
    }
}
