using ArSpine.Core.Geometry;
using ArSpine.Registration.Numerics;

namespace ArSpine.Registration.PointRegistration;

/// <summary>The result of a paired-point rigid registration.</summary>
/// <param name="FixedFromMoving">Maps points of the moving frame (for example Ct) to the fixed frame (for example Marker), mm.</param>
/// <param name="FreMm">Fiducial registration error: RMS distance between the fixed points and the mapped moving points, mm.</param>
/// <param name="ResidualsMm">Per-pair distance after registration, mm, in input order.</param>
/// <param name="MirroredFreMm">FRE of the best fit that includes a reflection, mm. Much smaller than <paramref name="FreMm"/>: the sets are likely mirror images (a left/right swap).</param>
/// <param name="MovingConfiguration">The shape of the moving fiducials, for predicted TRE at targets in the moving frame.</param>
public sealed record PairedPointResult(
    RigidTransform FixedFromMoving,
    double FreMm,
    IReadOnlyList<double> ResidualsMm,
    double MirroredFreMm,
    FiducialConfiguration MovingConfiguration)
{
    /// <summary>True when a fit with a reflection explains the pairs at less than half the FRE of the proper rotation: one set is likely mirrored.</summary>
    public bool MirrorSuspected => MirroredFreMm < 0.5 * FreMm;

    /// <summary>
    /// The fiducial localisation error (RMS, mm) that explains the observed FRE: FLE² ≈ FRE² · N / (N − 2)
    /// (Fitzpatrick, West and Maurer 1998).
    /// </summary>
    public double EstimatedFleMm => FreMm * Math.Sqrt((double)MovingConfiguration.Count / (MovingConfiguration.Count - 2));

    /// <summary>Predicted RMS TRE at a target in the moving frame, mm, for the given FLE (RMS, mm) or, when null, the FLE estimated from the FRE.</summary>
    public double PredictedTreMm(Vector3d targetMovingMm, double? fleMm = null) =>
        MovingConfiguration.PredictedTreMm(targetMovingMm, fleMm ?? EstimatedFleMm);
}

/// <summary>
/// Paired-point rigid registration by Horn's closed-form unit-quaternion method (1987), in double. The quaternion
/// parameterisation yields a proper rotation only, so a reflection can never be returned; the best reflected fit is
/// computed too and reported, so that mirrored input is caught rather than silently fitted.
/// </summary>
public static class PairedPointRegistration
{
    /// <summary>
    /// Finds <c>FixedFromMoving</c> minimising Σ |fixed_i − T(moving_i)|². Pairs are matched by index. Throws an
    /// <see cref="ArSpine.Core.Errors.InvalidInputException"/> naming the source for fewer than three points, unequal
    /// counts, non-finite coordinates, or coincident or collinear points. Cost O(N).
    /// </summary>
    public static PairedPointResult Register(
        IReadOnlyList<Vector3d> fixedMm,
        IReadOnlyList<Vector3d> movingMm,
        string fixedSource = "fixed points",
        string movingSource = "moving points")
    {
        FiducialConfiguration movingConfiguration = PointSetValidation.ValidatePaired(fixedMm, fixedSource, movingMm, movingSource);
        RigidTransform fixedFromMoving = Fit(fixedMm, movingMm, mirrorMoving: false);
        var residuals = new double[fixedMm.Count];
        double sum = 0;
        for (int i = 0; i < residuals.Length; i++)
        {
            residuals[i] = Vector3d.Distance(fixedMm[i], fixedFromMoving.Apply(movingMm[i]));
            sum += residuals[i] * residuals[i];
        }

        double fre = Math.Sqrt(sum / residuals.Length);
        RigidTransform mirrored = Fit(fixedMm, movingMm, mirrorMoving: true);
        double mirroredSum = 0;
        for (int i = 0; i < residuals.Length; i++)
        {
            mirroredSum += (fixedMm[i] - mirrored.Apply(Mirror(movingMm[i]))).LengthSquared;
        }

        return new PairedPointResult(fixedFromMoving, fre, residuals, Math.Sqrt(mirroredSum / residuals.Length), movingConfiguration);
    }

    /// <summary>The least-squares rotation and translation (Horn's quaternion method) of already validated pairs; <paramref name="mirrorMoving"/> fits the mirror image of the moving points.</summary>
    private static RigidTransform Fit(IReadOnlyList<Vector3d> fixedMm, IReadOnlyList<Vector3d> movingMm, bool mirrorMoving = false)
    {
        int n = fixedMm.Count;
        Vector3d fixedCentroid = Vector3d.Zero, movingCentroid = Vector3d.Zero;
        for (int i = 0; i < n; i++)
        {
            fixedCentroid += fixedMm[i];
            movingCentroid += mirrorMoving ? Mirror(movingMm[i]) : movingMm[i];
        }

        fixedCentroid /= n;
        movingCentroid /= n;

        // S[a, b] = Σ m_a f_b over the centred pairs.
        double sxx = 0, sxy = 0, sxz = 0, syx = 0, syy = 0, syz = 0, szx = 0, szy = 0, szz = 0;
        for (int i = 0; i < n; i++)
        {
            Vector3d m = (mirrorMoving ? Mirror(movingMm[i]) : movingMm[i]) - movingCentroid;
            Vector3d f = fixedMm[i] - fixedCentroid;
            sxx += m.X * f.X; sxy += m.X * f.Y; sxz += m.X * f.Z;
            syx += m.Y * f.X; syy += m.Y * f.Y; syz += m.Y * f.Z;
            szx += m.Z * f.X; szy += m.Z * f.Y; szz += m.Z * f.Z;
        }

        var horn = new double[4, 4]
        {
            { sxx + syy + szz, syz - szy, szx - sxz, sxy - syx },
            { syz - szy, sxx - syy - szz, sxy + syx, szx + sxz },
            { szx - sxz, sxy + syx, -sxx + syy - szz, syz + szy },
            { sxy - syx, szx + sxz, syz + szy, -sxx - syy + szz },
        };
        (_, double[,] vectors) = SymmetricEigen.Decompose(horn);
        Matrix3d rotation = Matrix3d.FromQuaternion(vectors[0, 0], vectors[1, 0], vectors[2, 0], vectors[3, 0]);
        return new RigidTransform(rotation, fixedCentroid - rotation * movingCentroid);
    }

    private static Vector3d Mirror(Vector3d p) => new(-p.X, p.Y, p.Z);
}
