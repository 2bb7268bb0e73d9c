using ArSpine.Core.Geometry;

namespace ArSpine.Planning.Alignment;

/// <summary>An endplate of a vertebral body as a fitted plane, Ct frame (LPS mm).</summary>
/// <param name="CentreCt">Centroid of the endplate points the plane was fitted to, LPS mm.</param>
/// <param name="NormalCt">Unit normal, pointing superior (toward the head) for both the superior and the inferior endplate.</param>
/// <param name="RmsResidualMm">Root-mean-square distance of the fitted points from the plane, mm.</param>
/// <param name="PointCount">Number of surface points fitted.</param>
public sealed record EndplatePlane(Vector3d CentreCt, Vector3d NormalCt, double RmsResidualMm, int PointCount)
{
    /// <summary>This endplate moved by a rigid transform of the Ct frame (residuals unchanged).</summary>
    public EndplatePlane Transformed(RigidTransform ctFromCt) =>
        this with { CentreCt = ctFromCt.Apply(CentreCt), NormalCt = ctFromCt.ApplyToDirection(NormalCt) };

    /// <summary>
    /// Tilt of the endplate in the sagittal projection (the Ct Y–Z plane, as on a lateral radiograph), degrees: positive when
    /// the normal leans posterior (+Y).
    /// </summary>
    public double SagittalTiltDeg => Math.Atan2(NormalCt.Y, NormalCt.Z) * 180 / Math.PI;

    /// <summary>Tilt of the endplate in the coronal projection (the Ct X–Z plane, as on an AP radiograph), degrees: positive when the normal leans to the patient's left (+X).</summary>
    public double CoronalTiltDeg => Math.Atan2(NormalCt.X, NormalCt.Z) * 180 / Math.PI;
}
