using System.Text.Json;
using ArSpine.TestSupport;

namespace ArSpine.App.Tests.CommandLine;

/// <summary><c>series</c> and <c>volume</c> end to end on a phantom series, with nibabel reading the result.</summary>
public sealed class VolumeCommandsTests : IClassFixture<VolumeCommandsTests.PhantomSeries>
{
    private readonly PhantomSeries _series;

    public VolumeCommandsTests(PhantomSeries series) => _series = series;

    /// <summary>A small phantom written by the phantom command once.</summary>
    public sealed class PhantomSeries : IDisposable
    {
        public PhantomSeries() => Result = ArSpineProcess.Run("phantom", "-o", Folder.FolderPath, "--levels", "L5", "--size", "64,60,N", "--spacing", "1.5,1.5,2");

        public TemporaryFolder Folder { get; } = new();

        public ToolResult Result { get; }

        public void Dispose() => Folder.Dispose();
    }

    [Fact]
    public void Series_PhantomFolder_ListsOneCtSeriesWithItsSliceCount()
    {
        Assert.True(_series.Result.ExitCode == 0, _series.Result.StandardError);
        int slices = Directory.GetFiles(_series.Folder.PathOf("dicom"), "*.dcm").Length;

        ToolResult result = ArSpineProcess.Run("series", _series.Folder.PathOf("dicom"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{slices} slices", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("64x60", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Volume_PhantomSeries_NibabelReadsTheSameVoxelsAsThePhantomsOwnNifti()
    {
        Assert.True(_series.Result.ExitCode == 0, _series.Result.StandardError);
        string output = _series.Folder.PathOf("read.nii.gz"), info = _series.Folder.PathOf("read.json");

        ToolResult result = ArSpineProcess.Run("volume", _series.Folder.PathOf("dicom"), "-o", output, "--json", info);

        Assert.True(result.ExitCode == 0, result.StandardError);
        // The phantom wrote ct.nii.gz from its volume directly; the DICOM read back must land on the same points with the same HU.
        string compare = """
            import sys, json, numpy as np, nibabel
            a, b = nibabel.load(sys.argv[1]), nibabel.load(sys.argv[2])
            # Voxel coordinates of b's voxels in a's grid, through both affines.
            ijk = np.indices(b.shape).reshape(3, -1)
            mapped = np.rint((np.linalg.inv(a.affine) @ b.affine @ np.vstack([ijk, np.ones(ijk.shape[1])]))[:3]).astype(int)
            av, bv = np.asanyarray(a.dataobj), np.asanyarray(b.dataobj)
            print(json.dumps({'shape': list(b.shape), 'diff': int(np.abs(av[tuple(mapped)] - bv.reshape(-1)).max())}))
            """;
        using JsonDocument r = JsonDocument.Parse(ExternalTool.RunPython(compare, _series.Folder.PathOf("ct.nii.gz"), output));
        Assert.Equal(0, r.RootElement.GetProperty("diff").GetInt32());
        using JsonDocument described = JsonDocument.Parse(File.ReadAllText(info));
        Assert.Equal(r.RootElement.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), described.RootElement.GetProperty("dimensions").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Volume_FolderWithoutDicom_ExitsTwoNamingTheFolder()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.PathOf("notes.dcm"), "not a DICOM file");

        ToolResult result = ArSpineProcess.Run("volume", folder.FolderPath, "-o", folder.PathOf("out.nii.gz"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(folder.FolderPath, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("expected at least one DICOM image series", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError), result.StandardError);
        Assert.False(File.Exists(folder.PathOf("out.nii.gz")));
    }

    [Fact]
    public void Segment_DicomFolderAndTheSameCtAsNifti_GiveTheSameLabels()
    {
        Assert.True(_series.Result.ExitCode == 0, _series.Result.StandardError);
        string fromDicom = _series.Folder.PathOf("seg-dicom.nii.gz"), fromNifti = _series.Folder.PathOf("seg-nifti.nii.gz");

        ToolResult dicom = ArSpineProcess.Run("segment", _series.Folder.PathOf("dicom"), "-o", fromDicom, "--lowest", "L5");
        ToolResult nifti = ArSpineProcess.Run("segment", _series.Folder.PathOf("ct.nii.gz"), "-o", fromNifti, "--lowest", "L5");

        Assert.True(dicom.ExitCode == 0, dicom.StandardError);
        Assert.True(nifti.ExitCode == 0, nifti.StandardError);
        string compare = """
            import sys, json, numpy as np, nibabel
            a, b = nibabel.load(sys.argv[1]), nibabel.load(sys.argv[2])
            ijk = np.indices(b.shape).reshape(3, -1)
            mapped = np.rint((np.linalg.inv(a.affine) @ b.affine @ np.vstack([ijk, np.ones(ijk.shape[1])]))[:3]).astype(int)
            av, bv = np.asanyarray(a.dataobj), np.asanyarray(b.dataobj).reshape(-1)
            print(json.dumps({'differ': int((av[tuple(mapped)] != bv).sum()), 'labels': sorted(int(x) for x in np.unique(bv))}))
            """;
        using JsonDocument r = JsonDocument.Parse(ExternalTool.RunPython(compare, fromNifti, fromDicom));
        Assert.Equal(0, r.RootElement.GetProperty("differ").GetInt32());
        Assert.Contains(24, r.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Mesh_ThresholdAboveEveryVoxel_ExitsTwoNamingTheThresholdWithoutStackTrace()
    {
        Assert.True(_series.Result.ExitCode == 0, _series.Result.StandardError);
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("mesh", _series.Folder.PathOf("labels.nii.gz"), "-o", folder.FolderPath, "--threshold", "5000", "--ct", _series.Folder.PathOf("ct.nii.gz"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--threshold 5000", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Expected voxels above 5000 HU", result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError), result.StandardError);
    }
}
