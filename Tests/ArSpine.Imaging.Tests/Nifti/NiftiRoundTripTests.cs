using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Nifti;

public sealed class NiftiRoundTripTests
{
    // float32 storage of the affine: about 1e-5 mm at these magnitudes.
    private const double AffineToleranceMm = 1e-4;

    [Theory]
    [InlineData("ct.nii", false)]
    [InlineData("ct.nii.gz", false)]
    [InlineData("ct.nii.gz", true)]
    public void WriteCtThenReadCt_ObliqueGrid_SameHuAndGrid(string name, bool leftHanded)
    {
        using var folder = new TemporaryFolder();
        CtVolume ct = TestVolumes.Ct(TestVolumes.ObliqueGrid(leftHanded));

        NiftiWriter.WriteCt(ct, folder.PathOf(name));
        CtVolume read = NiftiReader.ReadCt(folder.PathOf(name));

        Assert.Equal(ct.Hu, read.Hu);
        Assert.Equal((7, 5, 4), (read.Grid.SizeI, read.Grid.SizeJ, read.Grid.SizeK));
        Assert.True(TestVolumes.MaxDifference(ct.Grid.CtFromVoxel, read.Grid.CtFromVoxel) < AffineToleranceMm);
    }

    [Fact]
    public void WriteLabelsThenReadLabels_ObliqueGrid_SameLabelsNamesAndGrid()
    {
        using var folder = new TemporaryFolder();
        LabelVolume labels = TestVolumes.Labels(TestVolumes.ObliqueGrid());

        NiftiWriter.WriteLabels(labels, folder.PathOf("labels.nii.gz"));
        LabelVolume read = NiftiReader.ReadLabels(folder.PathOf("labels.nii.gz"));

        Assert.Equal(labels.Labels, read.Labels);
        Assert.Equal("L3", read.Names[22]);
        Assert.Equal("S", read.Names[26]);
        Assert.Equal("label 29", read.Names[29]);
        Assert.Equal(labels.Names, read.Names);
        Assert.True(TestVolumes.MaxDifference(labels.Grid.CtFromVoxel, read.Grid.CtFromVoxel) < AffineToleranceMm);
    }

    [Fact]
    public void WriteCt_ThenReadHeader_BothFormsCodeOneMmOffset352()
    {
        using var folder = new TemporaryFolder();
        NiftiWriter.WriteCt(TestVolumes.Ct(TestVolumes.ObliqueGrid(leftHanded: true)), folder.PathOf("ct.nii"));

        NiftiHeader header = NiftiReader.ReadHeader(folder.PathOf("ct.nii"));

        Assert.Equal((1, 1), (header.SformCode, header.QformCode));
        Assert.Equal(-1f, header.PixDim[0]);
        Assert.Equal([0.7f, 0.9f, 1.5f], header.PixDim[1..4]);
        Assert.Equal(352f, header.VoxOffset);
        Assert.Equal(NiftiHeader.UnitsMm, header.XyztUnits);
        Assert.Equal((short)NiftiDataType.Int16, header.DataType);
        Assert.Equal((1f, 0f), (header.SclSlope, header.SclInter));
        Assert.Equal(352 + 2 * 7 * 5 * 4, new FileInfo(folder.PathOf("ct.nii")).Length);
    }

    [Fact]
    public void WriteCt_ExistingFile_ReplacedAndNoTemporaryLeft()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.PathOf("ct.nii.gz"), "old content");

        NiftiWriter.WriteCt(TestVolumes.Ct(TestVolumes.AxialGrid()), folder.PathOf("ct.nii.gz"));

        Assert.Equal(-1000, NiftiReader.ReadCt(folder.PathOf("ct.nii.gz")).Hu[0]);
        Assert.Equal(["ct.nii.gz"], Directory.GetFiles(folder.FolderPath).Select(Path.GetFileName));
    }

    [Fact]
    public void WriteCt_PathWithoutNiiExtension_Throws()
    {
        using var folder = new TemporaryFolder();

        var error = Assert.Throws<ArgumentException>(() => NiftiWriter.WriteCt(TestVolumes.Ct(TestVolumes.AxialGrid()), folder.PathOf("ct.img")));

        Assert.StartsWith("Expected a path ending in .nii or .nii.gz.", error.Message);
        Assert.Empty(Directory.GetFiles(folder.FolderPath));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WriteCt_ReadByNibabel_AffineIsRasFromLpsTimesCtFromVoxelAndDataIdentical(bool leftHanded)
    {
        using var folder = new TemporaryFolder();
        CtVolume ct = TestVolumes.Ct(TestVolumes.ObliqueGrid(leftHanded));
        NiftiWriter.WriteCt(ct, folder.PathOf("ct.nii.gz"));

        NibabelView nib = NibabelView.Read(folder.PathOf("ct.nii.gz"));

        AffineTransform expected = PatientAxes.RasFromLps * ct.Grid.CtFromVoxel;
        Assert.True(TestVolumes.MaxDifference(expected, nib.RasFromVoxel) < AffineToleranceMm, $"sform {nib.RasFromVoxel} vs {expected}");
        Assert.True(TestVolumes.MaxDifference(expected, nib.QformRasFromVoxel) < AffineToleranceMm, $"qform {nib.QformRasFromVoxel} vs {expected}");
        Assert.Equal((1, 1), (nib.SformCode, nib.QformCode));
        Assert.Equal(leftHanded ? -1 : 1, nib.PixDim[0]);
        Assert.Equal(2, nib.XyztUnits & 7);
        Assert.Equal(352, nib.VoxOffset);
        Assert.Equal("int16", nib.DataType);
        Assert.Equal([7, 5, 4], nib.Shape);
        Assert.Equal(ct.Hu.Select(v => (double)v), nib.Values);
    }

    [Fact]
    public void WriteCt_AxialLpsGrid_NibabelSeesLeftVoxelAtNegativeRasX()
    {
        using var folder = new TemporaryFolder();
        CtVolume ct = TestVolumes.Ct(TestVolumes.AxialGrid());
        NiftiWriter.WriteCt(ct, folder.PathOf("ct.nii.gz"));

        NibabelView nib = NibabelView.Read(folder.PathOf("ct.nii.gz"));

        Vector3d leftVoxel = new(6, 2, 1);
        Vector3d lps = ct.Grid.CtFromVoxel.Apply(leftVoxel);
        Vector3d ras = nib.RasFromVoxel.Apply(leftVoxel);
        Assert.True(lps.X > 0, $"LPS x of the left voxel was {lps.X}");
        Assert.True(ras.X < 0, $"RAS x of the left voxel was {ras.X}");
        Assert.Equal(-lps.X, ras.X, 4);
        Assert.Equal(["L", "P", "S"], nib.AxisCodes);
        Assert.Equal(ct[6, 2, 1], nib.Values[6 + 7 * (2 + 5 * 1)]);
    }

    [Fact]
    public void WriteLabels_ReadByNibabel_Uint8LabelsIdentical()
    {
        using var folder = new TemporaryFolder();
        LabelVolume labels = TestVolumes.Labels(TestVolumes.ObliqueGrid());
        NiftiWriter.WriteLabels(labels, folder.PathOf("labels.nii"));

        NibabelView nib = NibabelView.Read(folder.PathOf("labels.nii"));

        Assert.Equal("uint8", nib.DataType);
        Assert.Equal(labels.Labels.Select(v => (double)v), nib.Values);
        Assert.True(TestVolumes.MaxDifference(PatientAxes.ToRas(labels.Grid.CtFromVoxel), nib.RasFromVoxel) < AffineToleranceMm);
    }
}
