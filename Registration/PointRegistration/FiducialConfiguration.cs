using ArSpine.Core.Geometry;

namespace ArSpine.Registration.PointRegistration;

/// <summary>
/// The shape of a set of fiducials in one frame: centroid, principal axes and the RMS distance of the fiducials from
/// each axis. It predicts the target registration error (Fitzpatrick, West and Maurer 1998) anywhere in that frame.
/// </summary>
public sealed class FiducialConfiguration
{
    private readonly Vector3d[] axes;
    private readonly double[] rmsDistanceFromAxisMm;

    private FiducialConfiguration(int count, Vector3d centroidMm, Vector3d[] axes, double[] eigenvaluesMm2)
    {
        Count = count;
        CentroidMm = centroidMm;
        this.axes = axes;
        PrincipalVariancesMm2 = eigenvaluesMm2;
        // The mean squared distance of the fiducials from axis k is the sum of the variances along the other two axes.
        rmsDistanceFromAxisMm =
        [
            Math.Sqrt(eigenvaluesMm2[1] + eigenvaluesMm2[2]),
            Math.Sqrt(eigenvaluesMm2[0] + eigenvaluesMm2[2]),
            Math.Sqrt(eigenvaluesMm2[0] + eigenvaluesMm2[1]),
        ];
    }

    /// <summary>Number of fiducials.</summary>
    public int Count { get; }

    /// <summary>Centroid of the fiducials, mm, in their frame.</summary>
    public Vector3d CentroidMm { get; }

    /// <summary>Variance of the fiducial positions along each principal axis, mm², descending.</summary>
    public IReadOnlyList<double> PrincipalVariancesMm2 { get; }

    /// <summary>Computes the configuration of at least one point (no validation; see <see cref="PointSetValidation"/>).</summary>
    public static FiducialConfiguration Of(IReadOnlyList<Vector3d> pointsMm)
    {
        (Matrix3d covariance, Vector3d centroid) = SymmetricEigen.Covariance(pointsMm);
        (Vector3d variances, Matrix3d vectors) = SymmetricEigen.Decompose(covariance);
        Vector3d[] axes = [vectors.Column(1), vectors.Column(2), vectors.Column(3)];
        double[] values = [Math.Max(variances.X, 0), Math.Max(variances.Y, 0), Math.Max(variances.Z, 0)];
        return new FiducialConfiguration(pointsMm.Count, centroid, axes, values);
    }

    /// <summary>
    /// The expected RMS target registration error at <paramref name="targetMm"/> (same frame as the fiducials), mm, for a
    /// fiducial localisation error of <paramref name="fleMm"/> (RMS, mm, isotropic): TRE² = FLE²/N · (1 + ⅓ Σ d_k²/f_k²),
    /// with d_k the target's distance from principal axis k and f_k the fiducials' RMS distance from it.
    /// </summary>
    public double PredictedTreMm(Vector3d targetMm, double fleMm)
    {
        Vector3d offset = targetMm - CentroidMm;
        double sum = 0;
        for (int k = 0; k < 3; k++)
        {
            double along = Vector3d.Dot(offset, axes[k]);
            double distanceSquared = Math.Max(offset.LengthSquared - along * along, 0);
            sum += distanceSquared / (rmsDistanceFromAxisMm[k] * rmsDistanceFromAxisMm[k]);
        }

        return Math.Sqrt(fleMm * fleMm / Count * (1 + sum / 3));
    }
}
