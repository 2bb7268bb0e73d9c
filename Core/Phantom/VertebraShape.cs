using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;

namespace ArSpine.Core.Phantom;

/// <summary>
/// The solid shape of one phantom vertebra (L1–L5) or the sacrum, in its own <c>Vertebra</c> frame: origin at the centre of
/// the vertebral body, +X toward the patient's left, +Y posterior, +Z superior (LPS-aligned), mm. Dimensions follow
/// published lumbar morphometry roughly, growing from L1 to L5.
/// </summary>
internal sealed class VertebraShape
{
    private const double PedicleFlareMm = 3;
    private const double PediclePosteriorLengthMm = 9;

    private readonly double _pedicleHalfWidthMm;
    private readonly double _sinMedial;
    private readonly double _cosMedial;
    private readonly double _pedicleAnteriorLengthMm;
    private readonly double _transverseLengthMm;

    private VertebraShape(int labelId, double? isthmusWidthMm)
    {
        LabelId = labelId;
        Name = VertebraLevels.NameOf(labelId);
        IsSacrum = labelId == VertebraLevels.SacrumId;
        int n = IsSacrum ? 5 : labelId - VertebraLevels.IdOf("L1");
        BodyHalfWidthMm = IsSacrum ? 25 : 20 + 1.2 * n;
        BodyHalfDepthMm = IsSacrum ? 17 : 15 + 0.5 * n;
        BodyHeightMm = IsSacrum ? 30 : 24.5 + 0.4 * n;
        CanalHalfWidthMm = IsSacrum ? 13 : 11 + 0.5 * n;
        CanalHalfDepthMm = IsSacrum ? 7 : 7.5;
        CanalCentreYMm = BodyHalfDepthMm + CanalHalfDepthMm - 0.5;
        IsthmusWidthMm = isthmusWidthMm ?? (IsSacrum ? 0 : new[] { 8.0, 8.5, 10, 12, 15 }[n]);
        PedicleHeightMm = 15 - 0.4 * Math.Min(n, 4);
        MedialAngleDeg = IsSacrum ? 0 : new[] { 10.0, 12, 15, 20, 25 }[n];
        _transverseLengthMm = IsSacrum ? 0 : new[] { 16.0, 19, 22, 19, 16 }[n];
        _pedicleHalfWidthMm = IsthmusWidthMm / 2;
        _sinMedial = Math.Sin(MedialAngleDeg * Math.PI / 180);
        _cosMedial = Math.Cos(MedialAngleDeg * Math.PI / 180);
        _pedicleAnteriorLengthMm = (CanalHalfDepthMm - 0.5) / _cosMedial + 5;
        PedicleCentreZMm = BodyHeightMm / 2 - PedicleHeightMm / 2 - 1.5;
        IsthmusCentreXMm = CanalHalfWidthMm + _pedicleHalfWidthMm + 0.8;
    }

    /// <summary>VerSe label id.</summary>
    public int LabelId { get; }

    /// <summary>Level name, such as "L3" or "S".</summary>
    public string Name { get; }

    /// <summary>True for the sacrum, which has no pedicles to plan here.</summary>
    public bool IsSacrum { get; }

    /// <summary>Half the body's left–right width, mm.</summary>
    public double BodyHalfWidthMm { get; }

    /// <summary>Half the body's anterior–posterior depth, mm.</summary>
    public double BodyHalfDepthMm { get; }

    /// <summary>Body height between the endplates, mm.</summary>
    public double BodyHeightMm { get; }

    /// <summary>Half the spinal canal's left–right width, mm.</summary>
    public double CanalHalfWidthMm { get; }

    /// <summary>Half the spinal canal's anterior–posterior depth, mm.</summary>
    public double CanalHalfDepthMm { get; }

    /// <summary>Y of the canal's centre in the vertebra frame, mm.</summary>
    public double CanalCentreYMm { get; }

    /// <summary>Outer transverse width of each pedicle at its isthmus (its narrowest section), mm.</summary>
    public double IsthmusWidthMm { get; }

    /// <summary>Outer height of each pedicle, mm.</summary>
    public double PedicleHeightMm { get; }

    /// <summary>Angle between a pedicle's axis and the sagittal plane (medial convergence), degrees.</summary>
    public double MedialAngleDeg { get; }

    /// <summary>Z of the pedicles' axes in the vertebra frame, mm.</summary>
    public double PedicleCentreZMm { get; }

    /// <summary>|X| of the isthmus centres in the vertebra frame, mm.</summary>
    public double IsthmusCentreXMm { get; }

    /// <summary>The shape of a level, with the default isthmus width for it unless one is given.</summary>
    public static VertebraShape ForLevel(int labelId, double? isthmusWidthMm) => new(labelId, isthmusWidthMm);

    /// <summary>A box that holds the whole shape, in the vertebra frame, mm.</summary>
    public (Vector3d Min, Vector3d Max) Bounds()
    {
        double halfX = IsSacrum ? 51 : IsthmusCentreXMm + 8 + _transverseLengthMm + 2;
        double maxY = IsSacrum ? BodyHalfDepthMm + CanalHalfDepthMm + 12 : CanalCentreYMm + CanalHalfDepthMm + 35;
        double halfZ = BodyHeightMm / 2 + 2;
        return (new Vector3d(-halfX, -BodyHalfDepthMm - 2, -halfZ), new Vector3d(halfX, maxY, halfZ));
    }

    /// <summary>The centre of a pedicle's isthmus, vertebra frame, mm.</summary>
    public Vector3d IsthmusCentre(BodySide side) => new(Sign(side) * IsthmusCentreXMm, CanalCentreYMm, PedicleCentreZMm);

    /// <summary>The unit direction of a pedicle's axis, pointing anteromedially into the body, vertebra frame.</summary>
    public Vector3d PedicleAxis(BodySide side) => new(-Sign(side) * _sinMedial, -_cosMedial, 0);

    /// <summary>The unit direction across a pedicle in the transverse plane, pointing laterally, vertebra frame.</summary>
    public Vector3d PedicleLateral(BodySide side) => new(Sign(side) * _cosMedial, -_sinMedial, 0);

    /// <summary>Signed distance to the spinal canal's wall in the transverse plane, mm; negative inside the canal.</summary>
    public double CanalDistance(double x, double y) => SignedDistance.Ellipse(x, y - CanalCentreYMm, CanalHalfWidthMm, CanalHalfDepthMm);

    /// <summary>Signed distance to the bone surface at a point of the vertebra frame, mm; negative inside the bone.</summary>
    public double Distance(double x, double y, double z)
    {
        double bone = IsSacrum ? SacrumUnion(x, y, z) : LumbarUnion(x, y, z);
        return Math.Max(bone, -CanalDistance(x, y));
    }

    private double LumbarUnion(double x, double y, double z)
    {
        double halfHeight = BodyHeightMm / 2;
        double d = SignedDistance.EllipticCylinder(x, y, z, BodyHalfWidthMm, BodyHalfDepthMm, halfHeight);

        // The body's posterior half is nearly as wide as the body (kidney-shaped, as lumbar bodies are), so that the pedicles
        // enter it well inside its lateral walls.
        d = Math.Min(d, SignedDistance.Box(x, y - BodyHalfDepthMm / 2, z, BodyHalfWidthMm - 1.5, BodyHalfDepthMm / 2, halfHeight));
        d = Math.Min(d, Pedicle(BodySide.Left, x, y, z));
        d = Math.Min(d, Pedicle(BodySide.Right, x, y, z));

        double archOuter = SignedDistance.EllipticCylinder(x, y - CanalCentreYMm, z + 1, CanalHalfWidthMm + 8, CanalHalfDepthMm + 6, halfHeight - 2);
        double lamina = Math.Max(archOuter, CanalCentreYMm + 5 - y);
        d = Math.Min(d, lamina);

        double pillarX = Math.Abs(x) - (IsthmusCentreXMm + 2);
        d = Math.Min(d, SignedDistance.Box(pillarX, y - (CanalCentreYMm + 10), z, 6, 5.5, halfHeight - 1));

        double transverseX = Math.Abs(x) - (IsthmusCentreXMm + 7 + _transverseLengthMm / 2);
        d = Math.Min(d, SignedDistance.Box(transverseX, y - (CanalCentreYMm + 7), z - 1, _transverseLengthMm / 2, 3, 4));

        double spinousY = y - (CanalCentreYMm + CanalHalfDepthMm + 19);
        d = Math.Min(d, SignedDistance.Box(x, spinousY, z + 2, 3, 14, 6));
        return d;
    }

    private double SacrumUnion(double x, double y, double z)
    {
        double d = SignedDistance.EllipticCylinder(x, y, z, BodyHalfWidthMm, BodyHalfDepthMm, BodyHeightMm / 2);
        d = Math.Min(d, SignedDistance.Box(Math.Abs(x) - 36, y - 3, z + 3, 13, 11, 12));
        d = Math.Min(d, SignedDistance.Box(x, y - (BodyHalfDepthMm + CanalHalfDepthMm + 5), z + 3, CanalHalfWidthMm + 9, 5, 12));

        // The sacrum is one bone: beside the sacral canal, columns join the posterior wall to the body and the alae.
        d = Math.Min(d, SignedDistance.Box(Math.Abs(x) - (CanalHalfWidthMm + 5), y - (BodyHalfDepthMm + 2), z + 3, 4.5, 10, 12));
        return d;
    }

    /// <summary>A pedicle: an elliptic section (transverse half-width widening away from the isthmus, constant height) swept along its axis.</summary>
    private double Pedicle(BodySide side, double x, double y, double z)
    {
        double sign = Sign(side);
        double rx = x - sign * IsthmusCentreXMm, ry = y - CanalCentreYMm, rz = z - PedicleCentreZMm;
        double along = -sign * _sinMedial * rx - _cosMedial * ry;
        double across = sign * _cosMedial * rx - _sinMedial * ry;
        double length = along > 0 ? _pedicleAnteriorLengthMm : PediclePosteriorLengthMm;
        double t = along / length;
        double halfWidth = _pedicleHalfWidthMm + PedicleFlareMm * t * t;
        double section = SignedDistance.Ellipse(across, rz, halfWidth, PedicleHeightMm / 2);
        return SignedDistance.Extrude(section, Math.Max(along - _pedicleAnteriorLengthMm, -PediclePosteriorLengthMm - along));
    }

    private static double Sign(BodySide side) => side == BodySide.Left ? 1 : -1;
}
