using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;

namespace ArSpine.Planning.Osteotomy;

/// <summary>A trainee's wedge cut compared with the plan, Ct frame (LPS mm).</summary>
/// <param name="SuperiorAngleErrorDeg">Angle between the planned and the trainee's upper cut, degrees.</param>
/// <param name="InferiorAngleErrorDeg">Angle between the planned and the trainee's lower cut, degrees.</param>
/// <param name="SuperiorOffsetMm">Signed distance from the centre of the planned upper section to the trainee's upper plane, mm; positive when the trainee cut lies outside the planned wedge (more bone taken).</param>
/// <param name="InferiorOffsetMm">The same for the lower cut, mm.</param>
/// <param name="PlannedVolumeMm3">Bone inside the planned wedge, mm³.</param>
/// <param name="TraineeVolumeMm3">Bone inside the trainee's wedge, mm³.</param>
/// <param name="VolumeDifferenceMm3">Trainee minus planned, mm³.</param>
/// <param name="PlannedCorrectionDeg">Sagittal correction of the planned wedge, degrees.</param>
/// <param name="TraineeCorrectionDeg">Sagittal correction of the trainee's wedge, degrees (0 for parallel cuts).</param>
/// <param name="CanalIntrusionMm3">Volume of the spinal canal inside the trainee's wedge but outside the planned one, mm³ (sampled on a 0.5 mm grid).</param>
/// <param name="EntersCanal">True when the trainee's wedge sweeps through canal that the plan leaves alone (more than one sample).</param>
public sealed record CutComparison(
    double SuperiorAngleErrorDeg,
    double InferiorAngleErrorDeg,
    double SuperiorOffsetMm,
    double InferiorOffsetMm,
    double PlannedVolumeMm3,
    double TraineeVolumeMm3,
    double VolumeDifferenceMm3,
    double PlannedCorrectionDeg,
    double TraineeCorrectionDeg,
    double CanalIntrusionMm3,
    bool EntersCanal);

/// <summary>Scores a trainee's two cuts against a plan.</summary>
public static class CutScoring
{
    private const double SampleMm = 0.5;

    /// <summary>
    /// Compares the trainee's planes (normals into the trainee's wedge) with the plan, cutting <paramref name="vertebra"/>
    /// (the planned vertebra's closed surface mesh) by both wedges. Cost: two wedge cuts and a sampling of the canal.
    /// </summary>
    public static CutComparison Compare(OsteotomyPlan plan, TriangleMesh vertebra, CutPlane traineeSuperior, CutPlane traineeInferior)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(vertebra);
        ArgumentNullException.ThrowIfNull(traineeSuperior);
        ArgumentNullException.ThrowIfNull(traineeInferior);
        double planned = MeshCutter.CutWedge(vertebra, plan.SuperiorCut, plan.InferiorCut).Wedge.EnclosedVolumeMm3();
        double trainee = MeshCutter.CutWedge(vertebra, traineeSuperior, traineeInferior).Wedge.EnclosedVolumeMm3();
        WedgeClosure? closure = WedgeClosure.Of(traineeSuperior, traineeInferior, plan.HingePointCt);
        double intrusion = CanalIntrusionMm3(plan, traineeSuperior, traineeInferior, out int samples);
        return new CutComparison(
            AngleDeg(plan.SuperiorCut.NormalCt, traineeSuperior.NormalCt),
            AngleDeg(plan.InferiorCut.NormalCt, traineeInferior.NormalCt),
            traineeSuperior.SignedDistanceMm(plan.SuperiorCutCentreCt),
            traineeInferior.SignedDistanceMm(plan.InferiorCutCentreCt),
            planned,
            trainee,
            trainee - planned,
            plan.SagittalCorrectionDeg,
            closure?.SagittalCorrectionDeg(plan.SuperiorAxisCt) ?? 0,
            intrusion,
            samples > 1);
    }

    private static double AngleDeg(Vector3d a, Vector3d b) =>
        Math.Atan2(Vector3d.Cross(a, b).Length, Vector3d.Dot(a, b)) * 180 / Math.PI;

    private static double CanalIntrusionMm3(OsteotomyPlan plan, CutPlane superior, CutPlane inferior, out int samples)
    {
        CanalCylinder canal = plan.Canal;
        Vector3d s = canal.SuperiorAxisCt, p = canal.PosteriorAxisCt, l = Vector3d.Cross(p, s);
        samples = 0;
        int nx = (int)Math.Ceiling(canal.HalfWidthMm / SampleMm), ny = (int)Math.Ceiling(canal.HalfDepthMm / SampleMm), nz = (int)Math.Ceiling(canal.HalfHeightMm / SampleMm);
        for (int z = -nz; z <= nz; z++)
        {
            for (int y = -ny; y <= ny; y++)
            {
                for (int x = -nx; x <= nx; x++)
                {
                    Vector3d q = canal.CentreCt + l * (x * SampleMm) + p * (y * SampleMm) + s * (z * SampleMm);
                    if (!canal.Contains(q))
                    {
                        continue;
                    }

                    bool inTrainee = superior.SignedDistanceMm(q) >= 0 && inferior.SignedDistanceMm(q) >= 0;
                    bool inPlan = plan.SuperiorCut.SignedDistanceMm(q) >= 0 && plan.InferiorCut.SignedDistanceMm(q) >= 0;
                    if (inTrainee && !inPlan)
                    {
                        samples++;
                    }
                }
            }
        }

        return samples * SampleMm * SampleMm * SampleMm;
    }
}
