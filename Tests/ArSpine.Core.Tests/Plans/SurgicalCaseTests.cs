using ArSpine.Core.Cases;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.TestSupport;

namespace ArSpine.Core.Tests.Plans;

public class SurgicalCaseTests
{
    private static SurgicalCase SampleCase(string screwLevel = "L4") => new(
        "Case 7",
        new[] { new CaseVertebra("L4", 23, "L4.glb"), new CaseVertebra("L5", 24, "L5.glb") },
        new SurgicalPlan(new[] { new ScrewTrajectory(screwLevel, BodySide.Right, new Vector3d(-20, 40, 0), new Vector3d(-8, -5, 0), 6) }),
        CtFile: "ct.nii.gz");

    [Fact]
    public void Save_ThenLoad_RoundTrips()
    {
        using var folder = new TemporaryFolder();
        SurgicalCase original = SampleCase();

        original.Save(folder.FolderPath);
        SurgicalCase loaded = SurgicalCase.Load(folder.FolderPath);

        Assert.Equal(original.PatientLabel, loaded.PatientLabel);
        Assert.Equal(original.Vertebrae, loaded.Vertebrae);
        Assert.Equal(original.Plan.Screws, loaded.Plan.Screws);
        Assert.Equal("ct.nii.gz", loaded.CtFile);
        Assert.Null(loaded.LabelsFile);
    }

    [Fact]
    public void Save_ScrewInALevelTheCaseLacks_Refused()
    {
        using var folder = new TemporaryFolder();
        var error = Assert.Throws<InvalidInputException>(() => SampleCase("L2").Save(folder.FolderPath));
        Assert.Contains("plan.screws[0].vertebra: expected one of the case's vertebrae (L4, L5). Was 'L2'.", error.Message);
        Assert.False(File.Exists(folder.PathOf("case.json")));
    }

    [Fact]
    public void Validate_MeshPathLeavingTheCaseFolder_Refused()
    {
        SurgicalCase escaping = SampleCase() with { Vertebrae = new[] { new CaseVertebra("L4", 23, "../../etc/L4.glb") } };
        var error = Assert.Throws<InvalidInputException>(() => escaping.Validate("case.json"));
        Assert.Contains("vertebrae[0].meshFile: expected a path inside the case folder", error.Message);
    }
}
