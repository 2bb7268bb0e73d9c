using ArSpine.Planning.Anatomy;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;
using ArSpine.Imaging.Nifti;
using ArSpine.Planning.Alignment;
using ArSpine.Planning.Osteotomy;
using ArSpine.TestSupport;

namespace ArSpine.Planning.Tests.Osteotomy;

/// <summary>Osteotomy planning on real expert vertebra masks (VerSe sub-verse004, T9–L5, PIR, 1 × 1 × 2 mm), read in place.</summary>
public class VerseOsteotomyTests
{
    private const string Masks = "verse/sub-verse004_seg-vert_msk.nii.gz";

    private static readonly Lazy<LabelVolume> Labels = new(() => NiftiReader.ReadLabels(SharedData.PathOf(Masks)));

    [SharedDataFact(Masks)]
    public void Plan_PedicleSubtractionOnRealL3_CutsWatertightPiecesThroughTheBody()
    {
        LabelVolume labels = Labels.Value;
        int id = VertebraLevels.IdOf("L3");

        OsteotomyPlan plan = OsteotomyPlanner.Plan(labels, "L3", OsteotomyType.PedicleSubtraction, 25, Masks);
        TriangleMesh vertebra = LabelSurface.Extract(labels, id);
        WedgeCut cut = MeshCutter.CutWedge(vertebra, plan.SuperiorCut, plan.InferiorCut);

        Assert.All(new[] { cut.Wedge, cut.OutsideFirst, cut.OutsideSecondOnly }, piece => Assert.True(piece.IsWatertight(), "Expected watertight pieces."));
        CapCheck.AssertProperCaps(MeshCutter.Split(vertebra, plan.SuperiorCut), plan.SuperiorCut);
        CapCheck.AssertProperCaps(MeshCutter.Split(vertebra, plan.InferiorCut), plan.InferiorCut);
        double sum = cut.Wedge.EnclosedVolumeMm3() + cut.OutsideFirst.EnclosedVolumeMm3() + cut.OutsideSecondOnly.EnclosedVolumeMm3();
        Assert.True(Math.Abs(sum - vertebra.EnclosedVolumeMm3()) < 1e-4 * vertebra.EnclosedVolumeMm3(), $"Pieces {sum:0.0} mm³, whole {vertebra.EnclosedVolumeMm3():0.0} mm³.");
        // Anatomy: bone just behind the hinge and none just in front of it; the wedge takes a real share of the vertebra.
        Vector3d posterior = Vector3d.Cross(plan.SuperiorAxisCt, plan.HingeAxisCt);
        Assert.True(new LabelMask(labels, id).Contains(plan.HingePointCt + posterior * 3), "Expected bone 3 mm behind the hinge.");
        Assert.False(new LabelMask(labels, id).Contains(plan.HingePointCt - posterior * 3), "Expected no bone 3 mm in front of the hinge.");
        Assert.InRange(plan.ResectedVolumeMm3 / plan.VertebraVolumeMm3, 0.2, 0.7);
        Assert.Equal(25, plan.SagittalCorrectionDeg, 0);
    }

    [SharedDataFact(Masks)]
    public void MeasureLevels_RealLumbarSpine_FitsFlatEndplatesAndALordoticCurve()
    {
        IReadOnlyList<LevelEndplates> levels = SpinalAlignment.MeasureLevels(Labels.Value, Masks);

        Assert.Equal(["L1", "L2", "L3", "L4", "L5"], levels.Select(l => l.Name));
        Assert.All(levels, l => Assert.True(l.Superior.RmsResidualMm < 1.5 && l.Inferior.RmsResidualMm < 1.5, $"{l.Name}: endplate residuals {l.Superior.RmsResidualMm:0.00} and {l.Inferior.RmsResidualMm:0.00} mm."));
        // A lumbar body's endplates are near parallel (wedging well under 12° in a spine without fractures).
        Assert.All(levels, l => Assert.True(Math.Acos(Vector3d.Dot(l.Superior.NormalCt, l.Inferior.NormalCt)) * 180 / Math.PI < 12, $"{l.Name}: endplates {Math.Acos(Vector3d.Dot(l.Superior.NormalCt, l.Inferior.NormalCt)) * 180 / Math.PI:0.0}° apart."));
        AlignmentReport report = SpinalAlignment.Report(levels);
        Assert.Null(report.LumbarLordosisDeg);
        Assert.All(report.Segments, s => Assert.True(s.LordosisDeg > 0, $"{s.Upper}–{s.Lower} is {s.LordosisDeg:0.0}°; a healthy lumbar spine is lordotic."));
    }
}
