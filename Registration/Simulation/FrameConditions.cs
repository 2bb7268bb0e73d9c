namespace ArSpine.Registration.Simulation;

/// <summary>The imaging conditions of one simulated frame. Grey levels are 8-bit (0–255); lengths in pixels.</summary>
public sealed record FrameConditions
{
    /// <summary>Ideal conditions: sharp, noiseless, evenly lit, unoccluded.</summary>
    public static FrameConditions Ideal { get; } = new();

    /// <summary>Length of linear motion blur, pixels (0 for none).</summary>
    public double BlurLengthPx { get; init; }

    /// <summary>Direction of the motion blur in the image, degrees from +x toward +y.</summary>
    public double BlurAngleDeg { get; init; }

    /// <summary>Standard deviation of additive Gaussian sensor noise, grey levels.</summary>
    public double NoiseSigma { get; init; }

    /// <summary>Overall brightness factor (1 = printed white renders at 235).</summary>
    public double Gain { get; init; } = 1;

    /// <summary>Brightness change across the image width, as a fraction of the gain (a light from one side).</summary>
    public double LightGradient { get; init; }

    /// <summary>Share of the board's width, from its left edge, covered by an occluder (a glove, an instrument): 0 to 1.</summary>
    public double OcclusionFraction { get; init; }

    /// <summary>Seed of the noise.</summary>
    public int NoiseSeed { get; init; } = 1;
}
