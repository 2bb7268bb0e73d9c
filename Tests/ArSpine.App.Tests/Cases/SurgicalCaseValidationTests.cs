using ArSpine.Core.Cases;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;

namespace ArSpine.App.Tests.Cases;

/// <summary>The index checks a case package relies on: each file and label once, and no patient label in a file name.</summary>
public sealed class SurgicalCaseValidationTests
{
    private static readonly SurgicalPlan Plan = new([new ScrewTrajectory("L4", BodySide.Left, new Vector3d(20, 40, 0), new Vector3d(8, -5, 0), 6)]);

    [Fact]
    public void Validate_TwoVertebraeNamingOneMeshFile_ThrowsNamingTheSecond()
    {
        var index = new SurgicalCase("case", [new("L4", 23, "L4.glb"), new("L5", 24, "L4.glb")], Plan);

        var error = Assert.Throws<InvalidInputException>(() => index.Validate("case.json"));

        Assert.Equal("case.json: vertebrae[1].meshFile: expected a file that no other entry names. Was 'L4.glb'.", error.Message);
    }

    [Fact]
    public void Validate_RepeatedLabelId_ThrowsNamingTheField()
    {
        var index = new SurgicalCase("case", [new("L4", 23, "L4.glb"), new("L5", 23, "L5.glb")], Plan);

        var error = Assert.Throws<InvalidInputException>(() => index.Validate("case.json"));

        Assert.Equal("case.json: vertebrae[1].labelId: expected a label id from 1 to 255, each once. Was '23'.", error.Message);
    }

    [Fact]
    public void Validate_SkinMeshNamedLikeTheLabelsFile_Throws()
    {
        var index = new SurgicalCase("case", [new("L4", 23, "L4.glb")], Plan, LabelsFile: "labels.nii.gz", SkinMeshFile: "labels.nii.gz");

        var error = Assert.Throws<InvalidInputException>(() => index.Validate("case.json"));

        Assert.Equal("case.json: skinMeshFile: expected a file that no other entry names. Was 'labels.nii.gz'.", error.Message);
    }

    [Theory]
    [InlineData("Smith", "smith-L4.glb", false)]
    [InlineData("Smith", "L4.glb", true)]
    [InlineData("L4", "L4.glb", true)]
    public void Validate_PatientLabelInAFileName_RefusedWhenTheLabelHasThreeOrMoreCharacters(string label, string meshFile, bool valid)
    {
        var index = new SurgicalCase(label, [new("L4", 23, meshFile)], Plan);

        InvalidInputException? error = Record.Exception(() => index.Validate("case.json")) as InvalidInputException;

        Assert.Equal(valid, error is null);
        if (error is not null)
        {
            Assert.Equal("case.json: vertebrae[0].meshFile: expected a file name without the patient label (no patient identifiers in file names). Was 'a name that holds patientLabel'.", error.Message);
        }
    }
}
