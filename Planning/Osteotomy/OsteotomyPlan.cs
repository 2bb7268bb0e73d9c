using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Serialization;
using ArSpine.Planning.Alignment;

namespace ArSpine.Planning.Osteotomy;

/// <summary>The kind of wedge osteotomy.</summary>
public enum OsteotomyType
{
    /// <summary>Smith-Petersen/Ponte: a posterior-column wedge through the arch below the pedicles, hinged at the body's posterior wall.</summary>
    SmithPetersen,

    /// <summary>Pedicle subtraction: a wedge through the pedicles and the body, hinged at the body's anterior cortex.</summary>
    PedicleSubtraction,
}

/// <summary>The spinal canal of the planned vertebra as an elliptic cylinder along the vertebra's superior axis, Ct frame (LPS mm).</summary>
/// <param name="CentreCt">Centre, LPS mm.</param>
/// <param name="SuperiorAxisCt">Unit cylinder axis, toward the head.</param>
/// <param name="PosteriorAxisCt">Unit axis of the depth, toward the back.</param>
/// <param name="HalfWidthMm">Left–right semi-axis, mm.</param>
/// <param name="HalfDepthMm">Anterior–posterior semi-axis, mm.</param>
/// <param name="HalfHeightMm">Half the length along the axis, mm.</param>
public sealed record CanalCylinder(Vector3d CentreCt, Vector3d SuperiorAxisCt, Vector3d PosteriorAxisCt, double HalfWidthMm, double HalfDepthMm, double HalfHeightMm)
{
    /// <summary>True when the point lies inside the cylinder.</summary>
    public bool Contains(Vector3d pointCt)
    {
        Vector3d r = pointCt - CentreCt;
        Vector3d left = Vector3d.Cross(PosteriorAxisCt, SuperiorAxisCt);
        double x = Vector3d.Dot(r, left) / HalfWidthMm, y = Vector3d.Dot(r, PosteriorAxisCt) / HalfDepthMm;
        return x * x + y * y <= 1 && Math.Abs(Vector3d.Dot(r, SuperiorAxisCt)) <= HalfHeightMm;
    }
}

/// <summary>
/// A planned wedge osteotomy of one vertebra, Ct frame (LPS mm): two cut planes whose normals point into the resected wedge,
/// meeting at the hinge, with the resected volume and the predicted alignment. Saved as versioned JSON
/// (<see cref="Format"/>, <see cref="Version"/>).
/// </summary>
/// <param name="Level">The vertebra, such as "L3".</param>
/// <param name="Type">Smith-Petersen/Ponte or pedicle subtraction.</param>
/// <param name="AngleDeg">The wedge angle between the cut planes, degrees.</param>
/// <param name="SuperiorCut">The upper cut, normal pointing down into the wedge.</param>
/// <param name="InferiorCut">The lower cut, normal pointing up into the wedge.</param>
/// <param name="HingePointCt">A point on the hinge (the planes' common line), LPS mm.</param>
/// <param name="HingeAxisCt">Unit direction of the hinge, toward the patient's left.</param>
/// <param name="SuperiorAxisCt">The vertebra's unit superior axis, from its endplates.</param>
/// <param name="SuperiorCutCentreCt">Centroid of the bone section of the upper cut, LPS mm.</param>
/// <param name="InferiorCutCentreCt">Centroid of the bone section of the lower cut, LPS mm.</param>
/// <param name="VertebraVolumeMm3">Volume of the vertebra's surface mesh, mm³.</param>
/// <param name="ResectedVolumeMm3">Volume of bone inside the wedge, mm³.</param>
/// <param name="SagittalCorrectionDeg">Gain in lordosis (sagittal projection) when the wedge is closed about its hinge, degrees.</param>
/// <param name="Canal">The vertebra's spinal canal, for scoring cuts.</param>
/// <param name="Before">Alignment of the labelled levels as they are.</param>
/// <param name="After">Alignment predicted after closing the wedge (the levels above rotated about the hinge).</param>
public sealed record OsteotomyPlan(
    string Level,
    OsteotomyType Type,
    double AngleDeg,
    CutPlane SuperiorCut,
    CutPlane InferiorCut,
    Vector3d HingePointCt,
    Vector3d HingeAxisCt,
    Vector3d SuperiorAxisCt,
    Vector3d SuperiorCutCentreCt,
    Vector3d InferiorCutCentreCt,
    double VertebraVolumeMm3,
    double ResectedVolumeMm3,
    double SagittalCorrectionDeg,
    CanalCylinder Canal,
    AlignmentReport Before,
    AlignmentReport After)
{
    /// <summary>The document format name written in the file's "format" field.</summary>
    public const string Format = "arspine.osteotomy";

    /// <summary>The schema version this build writes and reads.</summary>
    public const int Version = 1;

    /// <summary>The range of wedge angles accepted for a type, degrees.</summary>
    public static (double Min, double Max) AngleRangeDeg(OsteotomyType type) => type == OsteotomyType.PedicleSubtraction ? (10, 40) : (5, 20);

    /// <summary>Throws an <see cref="InvalidInputException"/> naming the first unusable field.</summary>
    public void Validate(string source)
    {
        OsteotomyPlanner.LumbarId(Level, source);
        (double min, double max) = AngleRangeDeg(Type);
        if (!(AngleDeg >= min && AngleDeg <= max))
        {
            throw InvalidInputException.Field(source, "angleDeg", $"a wedge angle of {min}–{max}° for {Type}", AngleDeg);
        }

        CheckPlane(source, "superiorCut", SuperiorCut);
        CheckPlane(source, "inferiorCut", InferiorCut);
        CheckUnit(source, "hingeAxisCt", HingeAxisCt);
        CheckUnit(source, "superiorAxisCt", SuperiorAxisCt);
        if (Canal is null || !(Canal.HalfWidthMm > 0) || !(Canal.HalfDepthMm > 0) || !(Canal.HalfHeightMm > 0))
        {
            throw InvalidInputException.Field(source, "canal", "a canal with positive half-width, half-depth and half-height in mm", Canal);
        }

        if (!(ResectedVolumeMm3 >= 0) || !(VertebraVolumeMm3 > 0) || !double.IsFinite(SagittalCorrectionDeg))
        {
            throw InvalidInputException.Field(source, "resectedVolumeMm3", "finite volumes (resected ≥ 0, vertebra > 0) and a finite correction", $"{ResectedVolumeMm3}, {VertebraVolumeMm3}, {SagittalCorrectionDeg}");
        }
    }

    /// <summary>Saves atomically as versioned JSON.</summary>
    public void Save(string path)
    {
        Validate(path);
        VersionedJson.Save(path, this, Format, Version);
    }

    /// <summary>Loads and validates an osteotomy plan file.</summary>
    public static OsteotomyPlan Load(string path)
    {
        OsteotomyPlan plan = VersionedJson.Load<OsteotomyPlan>(path, Format, Version);
        plan.Validate(path);
        return plan;
    }

    private static void CheckPlane(string source, string field, CutPlane? plane)
    {
        if (plane is null || !plane.PointCt.IsFinite)
        {
            throw InvalidInputException.Field(source, field, "a plane with a finite point in LPS mm", plane?.PointCt);
        }

        CheckUnit(source, field + ".normalCt", plane.NormalCt);
    }

    private static void CheckUnit(string source, string field, Vector3d v)
    {
        if (!v.IsFinite || Math.Abs(v.Length - 1) > 1e-4)
        {
            throw InvalidInputException.Field(source, field, "a unit vector", v);
        }
    }
}
