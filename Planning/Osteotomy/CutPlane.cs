using ArSpine.Core.Geometry;

namespace ArSpine.Planning.Osteotomy;

/// <summary>
/// An oriented cut plane in the Ct frame (LPS mm): the points p with <c>Dot(NormalCt, p − PointCt) = 0</c>.
/// For an osteotomy the unit normal points into the resected wedge.
/// </summary>
/// <param name="PointCt">A point on the plane, LPS mm.</param>
/// <param name="NormalCt">Unit normal, Ct frame; its side is the plane's positive side.</param>
public sealed record CutPlane(Vector3d PointCt, Vector3d NormalCt)
{
    /// <summary>A plane through a point with the given normal, normalised here; throws for a zero or non-finite normal or point.</summary>
    public static CutPlane Through(Vector3d pointCt, Vector3d normalCt)
    {
        if (!pointCt.IsFinite || !normalCt.IsFinite || !(normalCt.Length > 1e-12))
        {
            throw new ArgumentException($"Expected a finite point and a non-zero finite normal. Was {pointCt} and {normalCt}.");
        }

        return new CutPlane(pointCt, normalCt.Normalized());
    }

    /// <summary>Signed distance of a point from the plane, mm: positive on the side the normal points to.</summary>
    public double SignedDistanceMm(Vector3d pointCt) => Vector3d.Dot(NormalCt, pointCt - PointCt);

    /// <summary>This plane moved by a rigid transform of the Ct frame.</summary>
    public CutPlane Transformed(RigidTransform ctFromCt) => new(ctFromCt.Apply(PointCt), ctFromCt.ApplyToDirection(NormalCt));
}
