using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Core.Plans;
using ArSpine.Planning.Screws;

namespace ArSpine.Planning.Tests.Screws;

/// <summary>The CT's density along screws of the phantom, whose bone HU are known, and screws given by direction.</summary>
public sealed class ScrewBoneDensityTests
{
    [Fact]
    public void MeanHuAlongAxis_IdealScrewAndOneOutsideTheBody_ReadCancellousBoneAndSoftTissue()
    {
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters { LevelIds = [23, 24], NoiseHu = 0 });
        PedicleTruth p = phantom.Truth.Vertebrae.Single(v => v.Name == "L4").Pedicles.Single(x => x.Side == BodySide.Left);
        var inBone = new ScrewTrajectory("L4", BodySide.Left, p.EntryCt, p.TargetCt, 6);
        // The same screw moved 60 mm to the patient's left lies in the soft tissue beside the spine.
        var beside = inBone with { EntryCt = p.EntryCt + Vector3d.UnitX * 60, TargetCt = p.TargetCt + Vector3d.UnitX * 60 };

        double bone = ScrewBoneDensity.MeanHuAlongAxis(phantom.Ct, inBone)!.Value;
        double tissue = ScrewBoneDensity.MeanHuAlongAxis(phantom.Ct, beside)!.Value;

        // Mostly cancellous bone (about 240 HU) with the cortex at the entry: well above soft tissue, well below cortex (about 860 HU).
        Assert.InRange(bone, 200, 500);
        Assert.InRange(tissue, -150, 150);
    }

    [Fact]
    public void MeanHuAlongAxis_ScrewOutsideTheCt_IsNull()
    {
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters { LevelIds = [24], NoiseHu = 0 });
        var far = new ScrewTrajectory("L5", BodySide.Right, new Vector3d(5000, 0, 0), new Vector3d(5000, -40, 0), 6);

        Assert.Null(ScrewBoneDensity.MeanHuAlongAxis(phantom.Ct, far));
    }

    [Fact]
    public void FromDirection_EntryDirectionAndLength_GivesTheTipAlongTheUnitDirection()
    {
        ScrewTrajectory s = ScrewTrajectory.FromDirection("L3", BodySide.Right, new Vector3d(-20, 30, 10), new Vector3d(3, -12, 0), 45, 6.5);

        Assert.Equal(45, s.LengthMm, 9);
        Assert.True(Vector3d.Distance(new Vector3d(3, -12, 0).Normalized(), s.Direction) < 1e-9);
        Assert.Throws<InvalidInputException>(() => ScrewTrajectory.FromDirection("L3", BodySide.Right, Vector3d.Zero, Vector3d.Zero, 45, 6.5));
        var e = Assert.Throws<InvalidInputException>(() => ScrewTrajectory.FromDirection("L3", BodySide.Right, Vector3d.Zero, Vector3d.UnitY, 0, 6.5));
        Assert.Contains("L3 right screw: lengthMm: expected a positive length", e.Message, StringComparison.Ordinal);
    }
}
