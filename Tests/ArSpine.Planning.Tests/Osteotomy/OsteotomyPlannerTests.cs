using ArSpine.Planning.Anatomy;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Meshes;
using ArSpine.Core.Phantom;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;
using ArSpine.Imaging.Nifti;
using ArSpine.Planning.Alignment;
using ArSpine.Planning.Osteotomy;
using ArSpine.TestSupport;

namespace ArSpine.Planning.Tests.Osteotomy;

public class OsteotomyPlannerTests
{
    private static bool InWedge(OsteotomyPlan plan, Vector3d pointCt) =>
        plan.SuperiorCut.SignedDistanceMm(pointCt) >= 0 && plan.InferiorCut.SignedDistanceMm(pointCt) >= 0;

    private static bool IsLabel(LabelVolume labels, Vector3d pointCt, int id) => new LabelMask(labels, id).Contains(pointCt);

    [Theory]
    [InlineData("L3", 25.0, 20.0)]
    [InlineData("L4", 30.0, 40.0)]
    [InlineData("L2", 15.0, 0.0)]
    public void Plan_PedicleSubtraction_HingesOnTheAnteriorCortexThroughThePedicles(string level, double angleDeg, double lordosisDeg)
    {
        PhantomCase phantom = PhantomCases.Get(lordosisDeg, CurvePlane.Sagittal);
        int id = VertebraLevels.IdOf(level);
        VertebraTruth truth = phantom.Truth.Vertebrae.Single(v => v.LabelId == id);

        OsteotomyPlan plan = OsteotomyPlanner.Plan(phantom.Labels, level, OsteotomyType.PedicleSubtraction, angleDeg);

        // The hinge sits on the anterior cortex: bone just behind it, none just in front.
        Vector3d posterior = (Vector3d.UnitY - truth.SuperiorAxisCt * truth.SuperiorAxisCt.Y).Normalized();
        Assert.True(IsLabel(phantom.Labels, plan.HingePointCt + posterior * 2, id), "Expected bone 2 mm behind the hinge.");
        Assert.False(IsLabel(phantom.Labels, plan.HingePointCt - posterior * 2, id), "Expected no bone 2 mm in front of the hinge.");
        // The wedge takes both pedicles' isthmus and leaves the body's centre and both endplates.
        Assert.All(truth.Pedicles, p => Assert.True(InWedge(plan, p.IsthmusCentreCt), $"The {p.Side} isthmus lies outside the wedge."));
        Assert.False(InWedge(plan, truth.BodyCentreCt + truth.SuperiorAxisCt * 10), "The wedge reaches the superior endplate.");
        Assert.Equal(angleDeg, Math.Acos(-Vector3d.Dot(plan.SuperiorCut.NormalCt, plan.InferiorCut.NormalCt)) * 180 / Math.PI, 6);
        // Independently of how the planes were built: the hinge runs along the vertebra's left–right axis.
        Vector3d left = Vector3d.Cross(truth.SuperiorAxisCt, -posterior);
        Assert.True(Math.Abs(Vector3d.Dot(plan.HingeAxisCt, left)) > Math.Cos(3 * Math.PI / 180), $"hinge axis {plan.HingeAxisCt}, left axis {left}");
        // The hinge runs left–right, so closing gains exactly the wedge angle of lordosis.
        Assert.Equal(angleDeg, plan.SagittalCorrectionDeg, 0.01);
    }

    [Fact]
    public void Plan_PedicleSubtraction_ResectedVolumeMatchesTheVoxelsInTheWedge()
    {
        PhantomCase phantom = PhantomCases.Get(20, CurvePlane.Sagittal);
        int id = VertebraLevels.IdOf("L3");

        OsteotomyPlan plan = OsteotomyPlanner.Plan(phantom.Labels, "L3", OsteotomyType.PedicleSubtraction, 25);

        // Independent of the mesh: count the label's voxels whose centres lie inside the wedge.
        List<Vector3d> voxels = new LabelMask(phantom.Labels, id).VoxelCentres();
        Vector3d spacing = phantom.Labels.Grid.SpacingMm;
        double voxelMm3 = spacing.X * spacing.Y * spacing.Z;
        double inWedgeMm3 = voxels.Count(v => InWedge(plan, v)) * voxelMm3;
        Assert.True(plan.ResectedVolumeMm3 > 0.1 * plan.VertebraVolumeMm3, $"Resected {plan.ResectedVolumeMm3:0} of {plan.VertebraVolumeMm3:0} mm³.");
        Assert.True(Math.Abs(plan.ResectedVolumeMm3 - inWedgeMm3) < 0.05 * inWedgeMm3, $"Mesh wedge {plan.ResectedVolumeMm3:0} mm³, voxels in the wedge {inWedgeMm3:0} mm³.");
        Assert.True(Math.Abs(plan.VertebraVolumeMm3 - voxels.Count * voxelMm3) < 0.05 * voxels.Count * voxelMm3, $"Mesh {plan.VertebraVolumeMm3:0} mm³, voxels {voxels.Count * voxelMm3:0} mm³.");
    }

    [Fact]
    public void Plan_PedicleSubtraction_CutsTheVertebraIntoWatertightPiecesThatAddUp()
    {
        PhantomCase phantom = PhantomCases.Get(20, CurvePlane.Sagittal);
        OsteotomyPlan plan = OsteotomyPlanner.Plan(phantom.Labels, "L3", OsteotomyType.PedicleSubtraction, 25);
        TriangleMesh vertebra = LabelSurface.Extract(phantom.Labels, VertebraLevels.IdOf("L3"));

        WedgeCut cut = MeshCutter.CutWedge(vertebra, plan.SuperiorCut, plan.InferiorCut);

        Assert.True(vertebra.IsWatertight(), "Expected the label surface to be watertight to start with.");
        // The sections are non-convex with holes (the canal): their triangulations must not fold.
        CapCheck.AssertProperCaps(MeshCutter.Split(vertebra, plan.SuperiorCut), plan.SuperiorCut);
        CapCheck.AssertProperCaps(MeshCutter.Split(vertebra, plan.InferiorCut), plan.InferiorCut);
        foreach (TriangleMesh piece in new[] { cut.Wedge, cut.OutsideFirst, cut.OutsideSecondOnly })
        {
            Assert.True(piece.IsWatertight(), "Expected every piece of the vertebra to be watertight.");
        }

        double sum = cut.Wedge.EnclosedVolumeMm3() + cut.OutsideFirst.EnclosedVolumeMm3() + cut.OutsideSecondOnly.EnclosedVolumeMm3();
        Assert.Equal(vertebra.EnclosedVolumeMm3(), sum, 1);
        Assert.Equal(plan.ResectedVolumeMm3, cut.Wedge.EnclosedVolumeMm3(), 6);
    }

    [Fact]
    public void Plan_SmithPetersen_TakesOnlyThePosteriorColumn()
    {
        PhantomCase phantom = PhantomCases.Get(20, CurvePlane.Sagittal);
        VertebraTruth truth = phantom.Truth.Vertebrae.Single(v => v.Name == "L3");

        OsteotomyPlan spo = OsteotomyPlanner.Plan(phantom.Labels, "L3", OsteotomyType.SmithPetersen, 10);
        OsteotomyPlan pso = OsteotomyPlanner.Plan(phantom.Labels, "L3", OsteotomyType.PedicleSubtraction, 25);

        Assert.False(InWedge(spo, truth.BodyCentreCt), "A posterior-column wedge must leave the body.");
        Assert.All(truth.Pedicles, p => Assert.False(InWedge(spo, p.IsthmusCentreCt), $"A posterior-column wedge must leave the {p.Side} pedicle."));
        // The hinge lies behind the body's centre by about the body's half-depth.
        Vector3d posterior = (Vector3d.UnitY - truth.SuperiorAxisCt * truth.SuperiorAxisCt.Y).Normalized();
        Assert.True(Vector3d.Dot(spo.HingePointCt - truth.BodyCentreCt, posterior) > 10, "Expected the hinge at the body's posterior wall.");
        Assert.True(spo.ResectedVolumeMm3 > 0 && spo.ResectedVolumeMm3 < pso.ResectedVolumeMm3, $"SPO {spo.ResectedVolumeMm3:0} mm³, PSO {pso.ResectedVolumeMm3:0} mm³.");
        Assert.Equal(10, spo.SagittalCorrectionDeg, 0.01);
    }

    [Theory]
    [InlineData(OsteotomyType.PedicleSubtraction, "L3", 25.0)]
    [InlineData(OsteotomyType.SmithPetersen, "L4", 10.0)]
    public void Plan_PredictedAlignment_GainsTheCorrectionAtTheOsteotomisedSegmentOnly(OsteotomyType type, string level, double angleDeg)
    {
        PhantomCase phantom = PhantomCases.Get(20, CurvePlane.Sagittal);

        OsteotomyPlan plan = OsteotomyPlanner.Plan(phantom.Labels, level, type, angleDeg);

        Assert.Equal(plan.Before.LumbarLordosisDeg!.Value + plan.SagittalCorrectionDeg, plan.After.LumbarLordosisDeg!.Value, 0.01);
        for (int n = 0; n < plan.Before.Segments.Count; n++)
        {
            SegmentalAngle before = plan.Before.Segments[n], after = plan.After.Segments[n];
            double expectedGain = before.Upper == level ? plan.SagittalCorrectionDeg : 0;
            Assert.Equal(before.LordosisDeg + expectedGain, after.LordosisDeg, 0.01);
        }
    }

    [Fact]
    public void Plan_FromANiftiLabelMap_MatchesThePlanInMemoryLeftForLeft()
    {
        // A coronal curve makes left and right matter: a flip in the NIfTI (RAS) ↔ Ct (LPS) path would turn the convexity.
        PhantomCase phantom = PhantomCases.Get(20, CurvePlane.Coronal);
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("labels.nii.gz");
        NiftiWriter.WriteLabels(phantom.Labels, path);

        OsteotomyPlan fromFile = OsteotomyPlanner.Plan(NiftiReader.ReadLabels(path), "L3", OsteotomyType.PedicleSubtraction, 25, path);
        OsteotomyPlan inMemory = OsteotomyPlanner.Plan(phantom.Labels, "L3", OsteotomyType.PedicleSubtraction, 25);

        Assert.Equal(inMemory.Before.Cobb!.ConvexSide, fromFile.Before.Cobb!.ConvexSide);
        Assert.Equal(inMemory.Before.Cobb.AngleDeg, fromFile.Before.Cobb.AngleDeg, 3);
        Assert.Equal(inMemory.ResectedVolumeMm3, fromFile.ResectedVolumeMm3, 0.01 * inMemory.ResectedVolumeMm3);
        Assert.True(Vector3d.Distance(inMemory.HingePointCt, fromFile.HingePointCt) < 0.01, $"Hinge {fromFile.HingePointCt} from the file, {inMemory.HingePointCt} in memory.");
    }

    [Fact]
    public void SaveLoad_Plan_RoundTripsAtomically()
    {
        PhantomCase phantom = PhantomCases.Get(20, CurvePlane.Sagittal);
        OsteotomyPlan plan = OsteotomyPlanner.Plan(phantom.Labels, "L3", OsteotomyType.PedicleSubtraction, 25);
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("osteo.json");

        plan.Save(path);
        OsteotomyPlan loaded = OsteotomyPlan.Load(path);

        string text = File.ReadAllText(path);
        Assert.StartsWith("{\n  \"format\": \"arspine.osteotomy\",\n  \"version\": 1,", text.Replace("\r\n", "\n"));
        Assert.Contains("\"type\": \"pedicleSubtraction\"", text);
        Assert.Equal(["osteo.json"], Directory.GetFiles(folder.FolderPath).Select(Path.GetFileName));
        Assert.Equal(plan.Level, loaded.Level);
        Assert.Equal(plan.Type, loaded.Type);
        Assert.Equal(plan.ResectedVolumeMm3, loaded.ResectedVolumeMm3, 6);
        Assert.True(Vector3d.Distance(plan.SuperiorCut.NormalCt, loaded.SuperiorCut.NormalCt) < 1e-5);
        Assert.Equal(plan.After.LumbarLordosisDeg!.Value, loaded.After.LumbarLordosisDeg!.Value, 6);
        Assert.Equal(plan.Before.Segments.Count, loaded.Before.Segments.Count);
    }

    [Theory]
    [InlineData("L7", "level: expected a lumbar level L1–L5. Was 'L7'.")]
    [InlineData("T12", "level: expected a lumbar level L1–L5. Was 'T12'.")]
    [InlineData("", "level: expected a lumbar level L1–L5. Was ''.")]
    public void Plan_UnknownLevel_IsAClearError(string level, string message)
    {
        PhantomCase phantom = PhantomCases.Get(0, CurvePlane.Sagittal);

        var error = Assert.Throws<InvalidInputException>(() => OsteotomyPlanner.Plan(phantom.Labels, level, OsteotomyType.PedicleSubtraction, 25, "labels.nii.gz"));

        Assert.Equal("labels.nii.gz: " + message, error.Message);
    }

    [Theory]
    [InlineData(OsteotomyType.PedicleSubtraction, 60.0, "a wedge angle of 10–40° for a pedicle subtraction osteotomy. Was '60'.")]
    [InlineData(OsteotomyType.PedicleSubtraction, double.NaN, "a wedge angle of 10–40° for a pedicle subtraction osteotomy. Was 'NaN'.")]
    [InlineData(OsteotomyType.SmithPetersen, 25.0, "a wedge angle of 5–20° for a Smith-Petersen/Ponte osteotomy. Was '25'.")]
    [InlineData(OsteotomyType.SmithPetersen, 0.0, "a wedge angle of 5–20° for a Smith-Petersen/Ponte osteotomy. Was '0'.")]
    public void Plan_AngleOutOfRange_IsAClearError(OsteotomyType type, double angleDeg, string expected)
    {
        PhantomCase phantom = PhantomCases.Get(0, CurvePlane.Sagittal);

        var error = Assert.Throws<InvalidInputException>(() => OsteotomyPlanner.Plan(phantom.Labels, "L3", type, angleDeg, "labels.nii.gz"));

        Assert.Equal("labels.nii.gz: angle: expected " + expected, error.Message);
    }

    [Fact]
    public void Plan_LevelMissingFromTheLabels_IsAClearError()
    {
        PhantomCase phantom = PhantomCases.Get(0, CurvePlane.Sagittal);
        byte[] withoutL3 = phantom.Labels.Labels.Select(b => b == VertebraLevels.IdOf("L3") ? (byte)0 : b).ToArray();
        var names = phantom.Labels.Names.Where(kv => kv.Key != VertebraLevels.IdOf("L3")).ToDictionary();
        var labels = new LabelVolume(phantom.Labels.Grid, withoutL3, names);

        var error = Assert.Throws<InvalidInputException>(() => OsteotomyPlanner.Plan(labels, "L3", OsteotomyType.PedicleSubtraction, 25, "labels.nii.gz"));

        Assert.Equal("labels.nii.gz: level: expected a level the label map contains (L1, L2, L4, L5, S). Was 'L3 (label 22 absent)'.", error.Message);
    }

    [Fact]
    public void Load_TamperedPlan_NamesTheField()
    {
        PhantomCase phantom = PhantomCases.Get(0, CurvePlane.Sagittal);
        OsteotomyPlan plan = OsteotomyPlanner.Plan(phantom.Labels, "L3", OsteotomyType.SmithPetersen, 10);
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("osteo.json");
        plan.Save(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"angleDeg\": 10,", "\"angleDeg\": 35,"));

        var error = Assert.Throws<InvalidInputException>(() => OsteotomyPlan.Load(path));

        Assert.Equal($"{path}: angleDeg: expected a wedge angle of 5–20° for SmithPetersen. Was '35'.", error.Message);
    }
}
