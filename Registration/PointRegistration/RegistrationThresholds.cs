using System.Globalization;

namespace ArSpine.Registration.PointRegistration;

/// <summary>
/// The limits under which a registration is accepted for navigation. They are shown to the user and can be changed
/// (command-line options, the app's settings); nothing is accepted silently outside them.
/// </summary>
/// <param name="MaxFreMm">Largest accepted fiducial registration error, mm.</param>
/// <param name="MaxPredictedTreMm">Largest accepted predicted TRE at any planned target, mm.</param>
/// <param name="MaxSurfaceRmsMm">Largest accepted RMS distance of a surface registration's inliers, mm.</param>
/// <param name="MinInlierFraction">Smallest accepted share of surface points that are inliers, 0 to 1.</param>
public sealed record RegistrationThresholds(double MaxFreMm = 2.0, double MaxPredictedTreMm = 2.0, double MaxSurfaceRmsMm = 1.0, double MinInlierFraction = 0.7)
{
    /// <summary>The defaults: FRE and predicted TRE at most 2 mm; surface RMS at most 1 mm with at least 70 % inliers.</summary>
    public static RegistrationThresholds Default { get; } = new();

    /// <summary>Judges a paired-point result and the predicted TRE at each target (mm); lists every reason for a refusal.</summary>
    public RegistrationAcceptance Evaluate(PairedPointResult result, IReadOnlyList<double> predictedTreMm)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(predictedTreMm);
        var reasons = new List<string>();
        if (!(result.FreMm <= MaxFreMm))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"FRE {result.FreMm:0.00} mm is above the limit of {MaxFreMm:0.00} mm"));
        }

        if (result.MirrorSuspected)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"a mirrored fit explains the points far better (FRE {result.MirroredFreMm:0.00} mm against {result.FreMm:0.00} mm): check left and right"));
        }

        for (int t = 0; t < predictedTreMm.Count; t++)
        {
            if (!(predictedTreMm[t] <= MaxPredictedTreMm))
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"predicted TRE {predictedTreMm[t]:0.00} mm at target {t + 1} is above the limit of {MaxPredictedTreMm:0.00} mm"));
            }
        }

        return new RegistrationAcceptance(reasons.Count == 0, reasons);
    }

    /// <summary>Judges a surface (ICP) registration by its inlier RMS and inlier share; lists every reason for a refusal.</summary>
    public RegistrationAcceptance Evaluate(Icp.IcpResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var reasons = new List<string>();
        if (!(result.RmsMm <= MaxSurfaceRmsMm))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"surface RMS {result.RmsMm:0.00} mm is above the limit of {MaxSurfaceRmsMm:0.00} mm"));
        }

        if (!(result.InlierFraction >= MinInlierFraction))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"only {result.InlierFraction:P0} of the surface points are inliers, below the limit of {MinInlierFraction:P0}"));
        }

        return new RegistrationAcceptance(reasons.Count == 0, reasons);
    }
}

/// <summary>Whether a registration may be used for navigation, and why not.</summary>
/// <param name="Accepted">True when every figure is within its threshold.</param>
/// <param name="Reasons">Each violated threshold, in words with the figures; empty when accepted.</param>
public sealed record RegistrationAcceptance(bool Accepted, IReadOnlyList<string> Reasons);
