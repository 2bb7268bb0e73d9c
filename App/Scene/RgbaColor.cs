namespace ArSpine.App.Scene;

/// <summary>
/// A colour with straight (not premultiplied) alpha, each channel a float in 0..1, written to the frame as-is (no sRGB conversion).
/// An alpha below 1 makes a draw translucent: it is blended after all opaque draws.
/// </summary>
public readonly record struct RgbaColor(float R, float G, float B, float A = 1f)
{
    /// <summary>Opaque white.</summary>
    public static RgbaColor White => new(1, 1, 1);

    /// <summary>Opaque black.</summary>
    public static RgbaColor Black => new(0, 0, 0);

    /// <summary>Whether the draw is blended (alpha below 1) rather than opaque.</summary>
    public bool IsTranslucent => A < 1f;

    /// <summary>The same colour with another alpha, 0..1.</summary>
    public RgbaColor WithAlpha(float alpha) => this with { A = alpha };

    /// <summary>A channel value as an 8-bit framebuffer stores it: round(value × 255), clamped to 0..255.</summary>
    public static byte ToByte(float channel) => (byte)Math.Clamp(MathF.Round(channel * 255f), 0f, 255f);
}
