using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;
using ArSpine.Planning.Alignment;

namespace ArSpine.Planning.Osteotomy;

/// <summary>
/// Plans a wedge osteotomy from a label volume (VerSe numbering, Ct frame LPS mm). The wedge is built from the vertebra's
/// own anatomy: its axes and endplates, its body's anterior cortex and posterior wall, and its pedicles, all measured from
/// the mask (<see cref="VertebraMeasurement"/>). Pedicle subtraction: hinge on the anterior cortex at the pedicles'
/// mid-height, planes at ±angle/2 about the transverse plane there, through the pedicles and the posterior elements.
/// Smith-Petersen/Ponte: hinge on the body's posterior wall at the pedicles' lower edge, the wedge through the arch only.
/// </summary>
public static class OsteotomyPlanner
{
    /// <summary>Plans, cuts the vertebra's surface mesh and predicts the alignment; throws an <see cref="InvalidInputException"/> for an unknown or absent level or an angle out of range.</summary>
    public static OsteotomyPlan Plan(LabelVolume labels, string level, OsteotomyType type, double angleDeg, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int id = LumbarId(level, source);
        (double min, double max) = OsteotomyPlan.AngleRangeDeg(type);
        if (!(angleDeg >= min && angleDeg <= max))
        {
            throw InvalidInputException.Field(source, "angle", $"a wedge angle of {min}–{max}° for a {(type == OsteotomyType.PedicleSubtraction ? "pedicle subtraction" : "Smith-Petersen/Ponte")} osteotomy", angleDeg);
        }

        IReadOnlyList<int> present = labels.PresentLabels();
        if (!present.Contains(id))
        {
            throw InvalidInputException.Field(source, "level", $"a level the label map contains ({string.Join(", ", present.Select(Describe))})", $"{level} (label {id} absent)");
        }

        VertebraMeasurement vertebra = VertebraMeasurement.Measure(labels, id, source);
        TriangleMesh mesh = LabelSurface.Extract(labels, id);
        (CutPlane superior, CutPlane inferior) = Planes(vertebra, type, angleDeg);
        WedgeClosure closure = WedgeClosure.Of(superior, inferior, vertebra.CentroidCt)
            ?? throw new InvalidOperationException("The planned cut planes are parallel.");
        MeshSplit bySuperior, byInferior, inferiorSection;
        try
        {
            bySuperior = MeshCutter.Split(mesh, superior);
            byInferior = MeshCutter.Split(bySuperior.Positive, inferior);
            inferiorSection = MeshCutter.Split(mesh, inferior);
        }
        catch (ArgumentException e)
        {
            throw InvalidInputException.Field(source, $"label {id} ({VertebraLevels.NameOf(id)})", "a vertebra whose surface is one closed, manifold mesh", e.Message);
        }

        IReadOnlyList<LevelEndplates> levels = SpinalAlignment.MeasureLevels(labels, source);
        AlignmentReport before = SpinalAlignment.Report(levels);
        AlignmentReport after = SpinalAlignment.Report(levels.Select(l => Closed(l, id, type, closure.CtFromCt)).ToList());
        double bodyHalfHeight = Math.Abs(Vector3d.Dot(vertebra.Superior.CentreCt - vertebra.Inferior.CentreCt, vertebra.SuperiorAxisCt)) / 2;
        var canal = new CanalCylinder(vertebra.CanalCentreCt, vertebra.SuperiorAxisCt, vertebra.PosteriorAxisCt, vertebra.CanalHalfWidthMm, vertebra.CanalHalfDepthMm, bodyHalfHeight);
        return new OsteotomyPlan(
            VertebraLevels.NameOf(id), type, angleDeg, superior, inferior, closure.HingePointCt, vertebra.LeftAxisCt, vertebra.SuperiorAxisCt,
            bySuperior.CapCentroidCt, inferiorSection.CapCentroidCt, mesh.EnclosedVolumeMm3(), byInferior.Positive.EnclosedVolumeMm3(),
            closure.SagittalCorrectionDeg(vertebra.SuperiorAxisCt), canal, before, after);
    }

    /// <summary>
    /// The two cut planes of a wedge of <paramref name="angleDeg"/> opening posteriorly from the hinge, symmetric about the
    /// vertebra's transverse plane at the hinge; normals point into the wedge.
    /// </summary>
    public static (CutPlane Superior, CutPlane Inferior) Planes(VertebraMeasurement vertebra, OsteotomyType type, double angleDeg)
    {
        ArgumentNullException.ThrowIfNull(vertebra);
        Vector3d s = vertebra.SuperiorAxisCt, p = vertebra.PosteriorAxisCt;
        Vector3d hinge = type == OsteotomyType.PedicleSubtraction
            ? vertebra.AnteriorCortexCt
            : vertebra.PosteriorWallCt + s * (vertebra.PedicleLowMm - vertebra.PedicleMidMm);
        double half = angleDeg / 2 * Math.PI / 180;
        var superior = CutPlane.Through(hinge, -s * Math.Cos(half) + p * Math.Sin(half));
        var inferior = CutPlane.Through(hinge, s * Math.Cos(half) + p * Math.Sin(half));
        return (superior, inferior);
    }

    /// <summary>The VerSe id of a lumbar level name; throws an <see cref="InvalidInputException"/> for anything but L1–L5.</summary>
    public static int LumbarId(string level, string? source = null)
    {
        const string Expected = "a lumbar level L1–L5";
        int id;
        try
        {
            id = VertebraLevels.IdOf(level ?? "");
        }
        catch (ArgumentException)
        {
            throw InvalidInputException.Field(source, "level", Expected, level);
        }

        if (id < VertebraLevels.IdOf("L1") || id > VertebraLevels.IdOf("L5"))
        {
            throw InvalidInputException.Field(source, "level", Expected, level);
        }

        return id;
    }

    /// <summary>A level's endplates after closing: everything above the wedge turns about the hinge.</summary>
    private static LevelEndplates Closed(LevelEndplates level, int osteotomyId, OsteotomyType type, RigidTransform ctFromCt)
    {
        if (level.LabelId > osteotomyId)
        {
            return level;
        }

        if (level.LabelId < osteotomyId || type == OsteotomyType.SmithPetersen)
        {
            return level with { Superior = level.Superior.Transformed(ctFromCt), Inferior = level.Inferior.Transformed(ctFromCt) };
        }

        return level with { Superior = level.Superior.Transformed(ctFromCt) };
    }

    private static string Describe(int id) => id is >= 1 and <= 28 ? VertebraLevels.NameOf(id) : id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
