using System.Globalization;
using System.Text.Json;
using ArSpine.TestSupport;

namespace ArSpine.Inference.Tests.CommandLine;

/// <summary><c>arspine mesh</c> end to end on the real VerSe masks; scikit-image and nibabel measure the same masks independently.</summary>
public sealed class MeshCommandTests
{
    private const string MaskFile = "verse/sub-verse004_seg-vert_msk.nii.gz";

    // Per label: scikit-image's marching-cubes area (mm²) and the voxel volume (mm³), from nibabel's spacing.
    private const string Oracle = """
        import sys, numpy as np, nibabel
        from skimage import measure
        img = nibabel.load(sys.argv[1]); data = np.asanyarray(img.dataobj).astype(np.int32)
        spacing = img.header.get_zooms()[:3]
        for label in sorted(set(np.unique(data)) - {0}):
            mask = np.pad((data == label).astype(np.float32), 1)
            verts, faces, _, _ = measure.marching_cubes(mask, 0.5, spacing=spacing)
            print(label, measure.mesh_surface_area(verts, faces), (data == label).sum() * float(np.prod(spacing)))
        """;

    [SharedDataFact(MaskFile)]
    public void Mesh_VerseMasksToStl_OneClosedFilePerVertebraAndAnIndexMatchingScikitImage()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("mesh", SharedData.PathOf(MaskFile), "-o", folder.FolderPath, "--format", "stl", "--triangles", "0", "--smoothing", "0");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        var oracle = ExternalTool.RunPython(Oracle, SharedData.PathOf(MaskFile)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray())
            .ToDictionary(v => (int)v[0]);
        using JsonDocument index = JsonDocument.Parse(File.ReadAllText(folder.PathOf("meshes.json")));
        Assert.Equal("arspine.meshes", index.RootElement.GetProperty("format").GetString());
        JsonElement[] meshes = [.. index.RootElement.GetProperty("meshes").EnumerateArray()];
        Assert.Equal(oracle.Keys.Order(), meshes.Select(m => m.GetProperty("label").GetInt32()));
        foreach (JsonElement m in meshes)
        {
            int label = m.GetProperty("label").GetInt32();
            string name = m.GetProperty("name").GetString()!;
            Assert.Equal(label <= 19 ? $"T{label - 7}" : $"L{label - 19}", name);
            Assert.True(File.Exists(folder.PathOf(name + ".stl")), $"Missing {name}.stl.");
            Assert.True(m.GetProperty("watertight").GetBoolean(), $"{name} is not watertight.");
            double area = m.GetProperty("areaMm2").GetDouble(), volume = m.GetProperty("volumeMm3").GetDouble();
            Assert.True(Math.Abs(area - oracle[label][1]) / oracle[label][1] < 0.01, $"{name}: area {area:0} mm², scikit-image {oracle[label][1]:0} mm².");
            // Marching cubes cuts the voxel corners off: a little under the voxel volume, never far from it.
            Assert.InRange(volume / oracle[label][2], 0.98, 1.0);
        }
    }

    [SharedDataFact(MaskFile)]
    public void Mesh_BudgetAndGlb_EveryFileWithinTheBudget()
    {
        using var folder = new TemporaryFolder();

        ToolResult result = ArSpineProcess.Run("mesh", SharedData.PathOf(MaskFile), "-o", folder.FolderPath, "--triangles", "3000");

        Assert.True(result.ExitCode == 0, result.StandardError + result.StandardOutput);
        using JsonDocument index = JsonDocument.Parse(File.ReadAllText(folder.PathOf("meshes.json")));
        foreach (JsonElement m in index.RootElement.GetProperty("meshes").EnumerateArray())
        {
            Assert.InRange(m.GetProperty("triangles").GetInt32(), 2990, 3000);
            Assert.True(m.GetProperty("watertight").GetBoolean());
            byte[] glb = File.ReadAllBytes(folder.PathOf(m.GetProperty("file").GetString()!));
            Assert.Equal("glTF"u8.ToArray(), glb[..4]);
        }
    }

    [SharedDataFact("totalsegmentator/example_ct.nii.gz")]
    public void Mesh_ThresholdWithCt_MeshesTheBoneSurfaceInsideEachLabel()
    {
        using var folder = new TemporaryFolder();
        string ct = SharedData.PathOf("totalsegmentator/example_ct.nii.gz"), labels = folder.PathOf("labels.nii.gz");
        ToolResult segment = ArSpineProcess.Run("segment", ct, "-o", labels);
        Assert.True(segment.ExitCode == 0, segment.StandardError);

        ToolResult byMask = ArSpineProcess.Run("mesh", labels, "-o", folder.PathOf("mask"), "--triangles", "0", "--smoothing", "0");
        ToolResult byHu = ArSpineProcess.Run("mesh", labels, "-o", folder.PathOf("hu"), "--triangles", "0", "--smoothing", "0", "--threshold", "250", "--ct", ct);

        Assert.True(byMask.ExitCode == 0 && byHu.ExitCode == 0, byMask.StandardError + byHu.StandardError);
        using JsonDocument mask = JsonDocument.Parse(File.ReadAllText(folder.PathOf("mask/meshes.json")));
        using JsonDocument hu = JsonDocument.Parse(File.ReadAllText(folder.PathOf("hu/meshes.json")));
        JsonElement[] maskMeshes = [.. mask.RootElement.GetProperty("meshes").EnumerateArray()], huMeshes = [.. hu.RootElement.GetProperty("meshes").EnumerateArray()];
        Assert.Equal(maskMeshes.Select(m => m.GetProperty("name").GetString()), huMeshes.Select(m => m.GetProperty("name").GetString()));
        for (int n = 0; n < maskMeshes.Length; n++)
        {
            // The 250 HU surface lies inside each label (whose edge is at 140 HU): smaller, and still closed.
            Assert.True(huMeshes[n].GetProperty("volumeMm3").GetDouble() < maskMeshes[n].GetProperty("volumeMm3").GetDouble());
            Assert.True(huMeshes[n].GetProperty("volumeMm3").GetDouble() > 0);
        }
    }

    [SharedDataFact(MaskFile)]
    public void Mesh_CtOnAnotherGrid_ExitsTwoNamingTheGrids()
    {
        using var folder = new TemporaryFolder();
        string ct = SharedData.PathOf("totalsegmentator/example_ct.nii.gz");

        ToolResult result = ArSpineProcess.Run("mesh", SharedData.PathOf(MaskFile), "-o", folder.FolderPath, "--threshold", "200", "--ct", ct);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{ct}: grid: expected the labels' grid (161x338x61 with the same affine). Was '122x101x112'.", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "ply", "--format: expected glb, stl or obj. Was 'ply'.")]
    [InlineData("--threshold", "200", "--ct: expected --threshold and --ct given together. Was 'only one of them'.")]
    [InlineData("--triangles", "12", "--triangles: expected 0 (no decimation) or a budget of at least 100 triangles. Was '12'.")]
    public void Mesh_BadOption_ExitsTwoWithTheMessageAndNoStackTrace(string option, string value, string message)
    {
        using var folder = new TemporaryFolder();
        string labels = folder.PathOf("none.nii.gz");

        ToolResult result = ArSpineProcess.Run("mesh", labels, "-o", folder.FolderPath, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.False(ArSpineProcess.HasStackTrace(result.StandardError + result.StandardOutput));
    }

    [Fact]
    public void Mesh_MissingLabels_ExitsTwoNamingTheFile()
    {
        using var folder = new TemporaryFolder();
        string labels = folder.PathOf("none.nii.gz");

        ToolResult result = ArSpineProcess.Run("mesh", labels, "-o", folder.FolderPath);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{labels}: LABELS: expected an existing NIfTI label file. Was 'no such file'.", result.StandardError, StringComparison.Ordinal);
    }
}
