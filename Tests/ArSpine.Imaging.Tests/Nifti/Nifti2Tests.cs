using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Nifti;

/// <summary>NIfTI-2 (540-byte header, 64-bit sizes, double geometry): ours read by nibabel, and nibabel's read by us.</summary>
public sealed class Nifti2Tests
{
    private const string NibabelWriteScript = """
        import sys, numpy as np, nibabel as nib
        order, path = sys.argv[1], sys.argv[2]
        shape = (7, 5, 4)
        data = (np.arange(np.prod(shape)) * 37 - 1000).reshape(shape, order='F').astype(order + 'i2')
        affine = np.array([[0.0, -0.9, 0.1, 12.25], [0.7, 0.0, 0.0, -30.5], [0.0, 0.05, 1.5, 101.125], [0, 0, 0, 1]])
        hdr = nib.Nifti2Header(endianness=order)
        img = nib.Nifti2Image(data, affine, header=hdr)
        img.set_sform(affine, code=1)
        img.set_qform(None, code=0)
        nib.save(img, path)
        """;

    [Theory]
    [InlineData("ct.nii")]
    [InlineData("ct.nii.gz")]
    public void WriteCt_Nifti2_NibabelReadsSameAffineAndHu(string name)
    {
        using var folder = new TemporaryFolder();
        CtVolume ct = TestVolumes.Ct(TestVolumes.ObliqueGrid());
        string path = folder.PathOf(name);

        NiftiWriter.WriteCt(ct, path, nifti2: true);

        NibabelView nib = NibabelView.Read(path);
        Assert.Equal(NiftiHeader.Nifti2MinimumDataOffset, nib.VoxOffset);
        Assert.Equal(2, NiftiReader.ReadHeader(path).Version);
        Assert.True(TestVolumes.MaxDifference(PatientAxes.ToRas(ct.Grid.CtFromVoxel), nib.RasFromVoxel) < 1e-12, "double-precision sform");
        Assert.True(TestVolumes.MaxDifference(nib.RasFromVoxel, nib.QformRasFromVoxel) < 1e-9, "qform equals sform");
        Assert.Equal(ct.Hu.Select(v => (double)v), nib.Values);
    }

    [Theory]
    [InlineData("<", "nib2.nii")]
    [InlineData(">", "nib2.nii")]
    [InlineData("<", "nib2.nii.gz")]
    public void ReadCt_Nifti2WrittenByNibabel_SameAffineAndValues(string byteOrder, string name)
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf(name);
        ExternalTool.RunPython(NibabelWriteScript, byteOrder, path);
        NibabelView nib = NibabelView.Read(path);

        CtVolume ct = NiftiReader.ReadCt(path);

        Assert.Equal(byteOrder == ">", NiftiReader.ReadHeader(path).IsBigEndian);
        Assert.True(TestVolumes.MaxDifference(PatientAxes.ToLps(nib.RasFromVoxel), ct.Grid.CtFromVoxel) < 1e-12);
        Assert.Equal(nib.Values, ct.Hu.Select(v => (double)v));
        // i runs along RAS +y (anterior) by 0.7 mm: LPS -y.
        Assert.Equal(new Vector3d(0, -0.7, 0), ct.Grid.CtFromVoxel.Linear.Column(1));
    }

    [Fact]
    public void WriteLabels_Nifti2_RoundTripsLabelsAndGeometry()
    {
        using var folder = new TemporaryFolder();
        LabelVolume labels = TestVolumes.Labels(TestVolumes.ObliqueGrid(leftHanded: true));
        string path = folder.PathOf("labels.nii.gz");

        NiftiWriter.WriteLabels(labels, path, nifti2: true);
        LabelVolume read = NiftiReader.ReadLabels(path);

        Assert.Equal(labels.Labels, read.Labels);
        Assert.True(TestVolumes.MaxDifference(labels.Grid.CtFromVoxel, read.Grid.CtFromVoxel) < 1e-12);
    }
}
