using ArSpine.Core.Geometry;

namespace ArSpine.Planning.Osteotomy;

/// <summary>Closing a wedge: the rigid rotation about the cut planes' common line that brings the upper cut onto the lower one, Ct frame (LPS mm).</summary>
/// <param name="CtFromCt">Moves the part above the wedge to its closed position.</param>
/// <param name="HingePointCt">The point of the hinge nearest the reference point given, LPS mm.</param>
/// <param name="HingeAxisCt">Unit hinge direction (the rotation is right-handed about it by <paramref name="AngleDeg"/>).</param>
/// <param name="AngleDeg">Rotation angle, degrees; equals the wedge's opening angle.</param>
public sealed record WedgeClosure(RigidTransform CtFromCt, Vector3d HingePointCt, Vector3d HingeAxisCt, double AngleDeg)
{
    /// <summary>
    /// The closure of a wedge whose plane normals point into it: the rotation about the planes' line taking the upper cut's
    /// outward face (normal <c>n_sup</c>) to face the lower cut (<c>−n_inf</c>). Null when the planes are parallel (within 0.01°).
    /// </summary>
    public static WedgeClosure? Of(CutPlane superior, CutPlane inferior, Vector3d nearCt)
    {
        Vector3d n1 = superior.NormalCt, n2 = inferior.NormalCt;
        Vector3d axis = Vector3d.Cross(n1, n2);
        if (axis.Length < Math.Sin(0.01 * Math.PI / 180))
        {
            return null;
        }

        axis = axis.Normalized();

        // The point of both planes nearest nearCt: solve n1·x = d1, n2·x = d2, axis·x = axis·near.
        double d1 = Vector3d.Dot(n1, superior.PointCt), d2 = Vector3d.Dot(n2, inferior.PointCt), d3 = Vector3d.Dot(axis, nearCt);
        var rows = new Matrix3d(n1.X, n1.Y, n1.Z, n2.X, n2.Y, n2.Z, axis.X, axis.Y, axis.Z);
        Vector3d hinge = rows.Inverse() * new Vector3d(d1, d2, d3);

        Vector3d target = -n2;
        double angleRad = Math.Atan2(Vector3d.Dot(axis, Vector3d.Cross(n1, target)), Vector3d.Dot(n1, target));
        Matrix3d rotation = Matrix3d.FromAxisAngle(axis, angleRad);
        var ctFromCt = new RigidTransform(rotation, hinge - rotation * hinge);
        return new WedgeClosure(ctFromCt, hinge, axis, angleRad * 180 / Math.PI);
    }

    /// <summary>
    /// The change of an upper-fragment direction's tilt in the sagittal projection (Ct Y–Z plane), degrees: positive when
    /// closing leans it further posterior, that is, gains lordosis.
    /// </summary>
    public double SagittalCorrectionDeg(Vector3d superiorAxisCt)
    {
        Vector3d after = CtFromCt.ApplyToDirection(superiorAxisCt);
        double before = Math.Atan2(superiorAxisCt.Y, superiorAxisCt.Z), moved = Math.Atan2(after.Y, after.Z);
        double delta = (moved - before) * 180 / Math.PI;
        return delta > 180 ? delta - 360 : delta < -180 ? delta + 360 : delta;
    }
}
