namespace ArSpine.Registration.Tracking;

/// <summary>
/// Settings of <see cref="PoseTracker"/>: the One Euro filter (Casiez, Roussel and Vogel 2012) on position and
/// rotation, jump rejection and the staleness limits. Times in seconds, distances in mm, angles in degrees.
/// </summary>
public sealed record PoseFilterSettings
{
    /// <summary>Cut-off frequency at rest, Hz: lower smooths jitter more and lags more.</summary>
    public double MinCutoffHz { get; init; } = 1.0;

    /// <summary>How fast the cut-off rises with speed, Hz per mm/s (position) — higher lags less when moving.</summary>
    public double PositionBetaPerMmPerS { get; init; } = 0.02;

    /// <summary>How fast the cut-off rises with angular speed, Hz per deg/s (rotation).</summary>
    public double RotationBetaPerDegPerS { get; init; } = 0.05;

    /// <summary>Cut-off of the speed estimate, Hz.</summary>
    public double DerivativeCutoffHz { get; init; } = 1.0;

    /// <summary>A measurement farther than this from the filtered pose is a jump and is rejected, mm.</summary>
    public double MaxJumpMm { get; init; } = 15;

    /// <summary>A measurement rotated more than this from the filtered pose is a jump and is rejected, degrees.</summary>
    public double MaxJumpDeg { get; init; } = 10;

    /// <summary>This many consecutive jumped measurements that agree with each other replace the pose (the marker really moved).</summary>
    public int FramesToReacquire { get; init; } = 5;

    /// <summary>Beyond this time since the last accepted frame the state is Coasting: the last pose is held, s.</summary>
    public double CoastAfterS { get; init; } = 0.1;

    /// <summary>Beyond this time since the last accepted frame the state is Lost: the pose is not to be used for navigation, s.</summary>
    public double StalenessLimitS { get; init; } = 0.5;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a non-positive or inconsistent setting.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MinCutoffHz);
        ArgumentOutOfRangeException.ThrowIfNegative(PositionBetaPerMmPerS);
        ArgumentOutOfRangeException.ThrowIfNegative(RotationBetaPerDegPerS);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DerivativeCutoffHz);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxJumpMm);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxJumpDeg);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FramesToReacquire);
        ArgumentOutOfRangeException.ThrowIfNegative(CoastAfterS);
        ArgumentOutOfRangeException.ThrowIfLessThan(StalenessLimitS, CoastAfterS);
    }
}
