using System.Globalization;
using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Nifti;

/// <summary>nibabel writes, we read: the same values and the same affine as nibabel reads back from its own file.</summary>
public sealed class NiftiNibabelWrittenTests
{
    private const string WriterScript = """
        import sys, json, numpy as np, nibabel as nib
        out, variant, affine = sys.argv[1], sys.argv[2], np.array(json.loads(sys.argv[3]))
        values = (np.arange(7 * 5 * 4).reshape((7, 5, 4), order='F') * 37 - 1000)
        if variant.startswith('labels'):
            values = np.arange(7 * 5 * 4).reshape((7, 5, 4), order='F') % 30
        dtype = {'int16': '<i2', 'bigendian': '>i2', 'uint16-inter': '<i2', 'float32': '<f4', 'qform-only': '<i2',
                 'sform-only': '<i4', 'labels-float64': '<f8', 'labels-int32-bigendian': '>i4'}[variant]
        header = nib.Nifti1Header(endianness='>' if 'bigendian' in variant else '<')
        img = nib.Nifti1Image(values.astype(dtype), affine, header)
        if variant == 'uint16-inter':
            img.set_data_dtype(np.uint16)   # nibabel stores the negative HU with a scl_inter offset
        if variant == 'qform-only':
            img.set_sform(None, code=0); img.set_qform(affine, code=1)
        if variant == 'sform-only':
            img.set_qform(None, code=0); img.set_sform(affine, code=2)
        nib.save(img, out)
        """;

    [Theory]
    [InlineData("int16", false)]
    [InlineData("bigendian", false)]
    [InlineData("uint16-inter", false)]
    [InlineData("float32", false)]
    [InlineData("qform-only", false)]
    [InlineData("qform-only", true)]
    [InlineData("sform-only", true)]
    public void ReadCt_NibabelWritten_SameHuAndAffineAsNibabel(string variant, bool leftHanded)
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf($"{variant}.nii.gz");
        VolumeGrid grid = TestVolumes.ObliqueGrid(leftHanded);
        ExternalTool.RunPython(WriterScript, path, variant, AffineJson(PatientAxes.ToRas(grid.CtFromVoxel)));
        NibabelView nib = NibabelView.Read(path);

        CtVolume ct = NiftiReader.ReadCt(path);

        Assert.Equal(TestVolumes.Ct(grid).Hu, ct.Hu);
        Assert.Equal(nib.Values, ct.Hu.Select(v => (double)v));
        Assert.True(TestVolumes.MaxDifference(PatientAxes.ToLps(nib.RasFromVoxel), ct.Grid.CtFromVoxel) < 1e-5);
        Assert.True(TestVolumes.MaxDifference(grid.CtFromVoxel, ct.Grid.CtFromVoxel) < 1e-4);
        if (variant == "uint16-inter")
        {
            Assert.Equal("uint16", nib.DataType);
            Assert.NotEqual(0, nib.SclInter);
        }

        if (variant == "qform-only")
        {
            Assert.Equal((0, 1), (nib.SformCode, nib.QformCode));
            Assert.Equal(leftHanded ? -1 : 1, nib.PixDim[0]);
        }
    }

    [Theory]
    [InlineData("labels-float64")]
    [InlineData("labels-int32-bigendian")]
    public void ReadLabels_NibabelWritten_SameLabelsAndNames(string variant)
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf($"{variant}.nii");
        VolumeGrid grid = TestVolumes.ObliqueGrid();
        ExternalTool.RunPython(WriterScript, path, variant, AffineJson(PatientAxes.ToRas(grid.CtFromVoxel)));
        NibabelView nib = NibabelView.Read(path);

        LabelVolume labels = NiftiReader.ReadLabels(path);

        Assert.Equal(nib.Values, labels.Labels.Select(v => (double)v));
        Assert.Equal(TestVolumes.Labels(grid).Names, labels.Names);
        Assert.True(TestVolumes.MaxDifference(PatientAxes.ToLps(nib.RasFromVoxel), labels.Grid.CtFromVoxel) < 1e-5);
    }

    private static string AffineJson(AffineTransform a)
    {
        double[,] m = a.ToRowMajor4x4();
        var rows = Enumerable.Range(0, 4).Select(r => "[" + string.Join(",", Enumerable.Range(0, 4).Select(c => m[r, c].ToString("R", CultureInfo.InvariantCulture))) + "]");
        return "[" + string.Join(",", rows) + "]";
    }
}
