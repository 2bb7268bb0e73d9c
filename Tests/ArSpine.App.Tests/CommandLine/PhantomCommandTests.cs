using System.Text.Json;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.CommandLine;

/// <summary>
/// <c>arspine phantom</c> end to end, checked by independent readers: pydicom reads the DICOM series, nibabel the NIfTI files,
/// and the two must agree with each other and with the ground truth.
/// </summary>
public sealed class PhantomCommandTests : IClassFixture<PhantomCommandTests.SmallPhantom>
{
    private readonly SmallPhantom phantom;

    public PhantomCommandTests(SmallPhantom phantom) => this.phantom = phantom;

    /// <summary>A small, curved and rotated phantom written once by the command for the tests of this class.</summary>
    public sealed class SmallPhantom : IDisposable
    {
        public SmallPhantom()
        {
            Result = ArSpineProcess.Run("phantom", "-o", Folder.FolderPath, "--seed", "7", "--levels", "L3-L5", "--spacing", "1.2,1.1,1.6",
                "--size", "120,110,N", "--curve-deg", "10", "--curve-plane", "coronal", "--rotation-deg", "-8");
        }

        public TemporaryFolder Folder { get; } = new();

        public ToolResult Result { get; }

        public void Dispose() => Folder.Dispose();
    }

    // pydicom and nibabel, side by side: every slice's position and pixels against the NIfTI voxels through nibabel's RAS affine,
    // and every ideal screw target of truth.json (LPS mm) looked up in labels.nii.gz.
    private const string CrossCheck = """
        import json, os, sys
        import numpy as np, nibabel, pydicom
        folder = sys.argv[1]
        ct = nibabel.load(os.path.join(folder, 'ct.nii.gz')); labels = nibabel.load(os.path.join(folder, 'labels.nii.gz'))
        data = np.asanyarray(ct.dataobj).astype(np.int32); label_data = np.asanyarray(labels.dataobj).astype(np.int32)
        voxel_from_ras = np.linalg.inv(ct.affine)
        ras_from_lps = np.diag([-1.0, -1.0, 1.0])
        files = sorted(os.listdir(os.path.join(folder, 'dicom')))
        worst_position = 0.0; worst_hu = 0; worst_direction = 0.0; slices_seen = set()
        for name in files:
            ds = pydicom.dcmread(os.path.join(folder, 'dicom', name))
            ras = ras_from_lps @ np.array([float(v) for v in ds.ImagePositionPatient])
            ijk = (voxel_from_ras @ np.append(ras, 1.0))[:3]
            k = int(round(ijk[2])); slices_seen.add(k)
            worst_position = max(worst_position, float(np.abs(ijk - [0, 0, k]).max()))
            iop = [float(v) for v in ds.ImageOrientationPatient]
            col_i = ct.affine[:3, 0] / np.linalg.norm(ct.affine[:3, 0]); col_j = ct.affine[:3, 1] / np.linalg.norm(ct.affine[:3, 1])
            worst_direction = max(worst_direction, float(np.abs(col_i - ras_from_lps @ iop[:3]).max()), float(np.abs(col_j - ras_from_lps @ iop[3:]).max()))
            hu = ds.pixel_array.astype(np.int32) * int(ds.RescaleSlope) + int(ds.RescaleIntercept)
            worst_hu = max(worst_hu, int(np.abs(hu - data[:, :, k].T).max()))
        truth = json.load(open(os.path.join(folder, 'truth.json')))
        targets = []
        for v in truth['vertebrae']:
            for p in v['pedicles']:
                ijk = np.rint((voxel_from_ras @ np.append(ras_from_lps @ np.array(p['targetCt']), 1.0))[:3]).astype(int)
                targets.append({'vertebra': v['labelId'], 'side': p['side'], 'label': int(label_data[tuple(ijk)])})
        print(json.dumps({'files': len(files), 'shape': list(data.shape), 'slices': len(slices_seen), 'worstPositionVoxels': worst_position,
                          'worstDirection': worst_direction, 'worstHu': worst_hu, 'labelIds': sorted(int(x) for x in np.unique(label_data)),
                          'truthLabelIds': [v['labelId'] for v in truth['vertebrae']], 'targets': targets}))
        """;

    [Fact]
    public void Phantom_WritesEveryFile_AndSaysWhere()
    {
        Assert.True(phantom.Result.ExitCode == 0, phantom.Result.StandardError);
        foreach (string name in new[] { "ct.nii.gz", "labels.nii.gz", "truth.json" })
        {
            Assert.True(File.Exists(phantom.Folder.PathOf(name)), name);
        }

        Assert.NotEmpty(Directory.GetFiles(phantom.Folder.PathOf("dicom"), "slice*.dcm"));
        Assert.Contains(phantom.Folder.FolderPath, phantom.Result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("L3, L4, L5, S", phantom.Result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Phantom_PydicomAndNibabelAgreeOnGeometryAndHu_AndTruthTargetsLieInTheirVertebrae()
    {
        Assert.True(phantom.Result.ExitCode == 0, phantom.Result.StandardError);
        using JsonDocument report = JsonDocument.Parse(ExternalTool.RunPython(CrossCheck, phantom.Folder.FolderPath));
        JsonElement r = report.RootElement;

        int[] shape = [.. r.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32())];
        Assert.Equal(120, shape[0]);
        Assert.Equal(110, shape[1]);
        Assert.Equal(shape[2], r.GetProperty("files").GetInt32());
        Assert.Equal(shape[2], r.GetProperty("slices").GetInt32());
        Assert.True(r.GetProperty("worstPositionVoxels").GetDouble() < 1e-3, $"slice position off the NIfTI grid by {r.GetProperty("worstPositionVoxels")} voxels");
        Assert.True(r.GetProperty("worstDirection").GetDouble() < 1e-5, $"DICOM orientation and NIfTI axes differ by {r.GetProperty("worstDirection")}");
        Assert.Equal(0, r.GetProperty("worstHu").GetInt32());

        int[] truthIds = [.. r.GetProperty("truthLabelIds").EnumerateArray().Select(e => e.GetInt32())];
        Assert.Equal([22, 23, 24, 26], truthIds);
        Assert.Equal([0, .. truthIds], r.GetProperty("labelIds").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        JsonElement[] targets = [.. r.GetProperty("targets").EnumerateArray()];
        Assert.Equal(6, targets.Length);
        foreach (JsonElement t in targets)
        {
            Assert.Equal(t.GetProperty("vertebra").GetInt32(), t.GetProperty("label").GetInt32());
        }
    }

    [Fact]
    public void Phantom_EverySlice_DcmdumpReadsWithoutErrorOrWarning()
    {
        Assert.True(phantom.Result.ExitCode == 0, phantom.Result.StandardError);
        string[] slices = Directory.GetFiles(phantom.Folder.PathOf("dicom"), "slice*.dcm");
        ToolResult dump = ExternalTool.Run("dcmdump", ["-q", .. slices]);
        Assert.True(dump.ExitCode == 0, dump.StandardError);
        Assert.Equal("", dump.StandardError);
        Assert.Equal(slices.Length, dump.StandardOutput.Split('\n').Count(line => line.Contains("(0002,0010)", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("--spacing", "0,1,1", "--spacing")]
    [InlineData("--size", "12x12", "--size")]
    [InlineData("--levels", "L5-L9", "--levels")]
    [InlineData("--levels", "T12-L2", "--levels")]
    public void Phantom_BadOption_ExitsTwoNamingTheOptionAndValue_WithoutStackTrace(string option, string value, string named)
    {
        using var folder = new TemporaryFolder();
        ToolResult result = ArSpineProcess.Run("phantom", "-o", folder.FolderPath, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.StandardError, StringComparison.Ordinal);
        Assert.Contains(value, result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError + result.StandardOutput), result.StandardError);
        Assert.False(Directory.Exists(folder.PathOf("dicom")), "nothing is written when the input is refused");
    }

    [Fact]
    public void Phantom_WithoutOutput_ExitsNonZeroNamingTheMissingOption()
    {
        ToolResult result = ArSpineProcess.Run("phantom");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--output", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError), result.StandardError);
    }
}
