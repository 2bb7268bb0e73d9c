using ArSpine.Core.Geometry;

namespace ArSpine.Planning.Alignment;

/// <summary>Least-squares fits and principal axes of point sets, in double precision (Ct frame, LPS mm).</summary>
public static class PlaneFit
{
    /// <summary>
    /// The total-least-squares plane of the points: through their centroid, normal along the covariance's smallest
    /// principal axis (unit, sign unspecified). Throws for fewer than three points.
    /// </summary>
    public static (Vector3d CentroidCt, Vector3d NormalCt) Fit(IReadOnlyList<Vector3d> pointsCt)
    {
        ArgumentNullException.ThrowIfNull(pointsCt);
        if (pointsCt.Count < 3)
        {
            throw new ArgumentException($"Expected at least 3 points for a plane fit. Was {pointsCt.Count}.", nameof(pointsCt));
        }

        (Vector3d centroid, Vector3d[] axes) = PrincipalAxes(pointsCt);
        return (centroid, axes[2]);
    }

    /// <summary>Centroid and unit principal axes, largest variance first.</summary>
    public static (Vector3d Centroid, Vector3d[] Axes) PrincipalAxes(IReadOnlyList<Vector3d> points)
    {
        (Matrix3d covariance, Vector3d centroid) = SymmetricEigen.Covariance(points);
        Matrix3d axes = SymmetricEigen.Decompose(covariance).VectorsAsColumns;
        return (centroid, [axes.Column(1), axes.Column(2), axes.Column(3)]);
    }
}
