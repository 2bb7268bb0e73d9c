using System.Text.Json;
using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;
using ArSpine.Imaging.Meshing.Export;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Meshing;

public sealed class LabelMeshSetTests
{
    /// <summary>Two boxes: label 22 (L3) of 10x8x6 voxels and label 40, which no vertebra table knows, of 4x4x4, on a 1 x 1.5 x 2 mm grid.</summary>
    private static LabelVolume TwoBoxes()
    {
        var grid = VolumeGrid.Axial(30, 20, 16, new Vector3d(1, 1.5, 2), new Vector3d(-10, 5, 40));
        var labels = new byte[grid.VoxelCount];
        for (int k = 0; k < grid.SizeK; k++)
        {
            for (int j = 0; j < grid.SizeJ; j++)
            {
                for (int i = 0; i < grid.SizeI; i++)
                {
                    labels[grid.Index(i, j, k)] = i is >= 2 and < 12 && j is >= 3 and < 11 && k is >= 2 and < 8 ? (byte)22
                        : i is >= 20 and < 24 && j is >= 10 and < 14 && k is >= 9 and < 13 ? (byte)40 : (byte)0;
                }
            }
        }

        return new LabelVolume(grid, labels, new Dictionary<int, string> { [22] = "L3", [40] = "label 40" });
    }

    [Fact]
    public void Write_TwoLabels_OneFilePerLabelAndAnIndexWithTheirMeasures()
    {
        using var folder = new TemporaryFolder();

        MeshSetIndex index = LabelMeshSet.Write(TwoBoxes(), folder.FolderPath, MeshFormat.Obj, LabelSurfaceOptions.Raw);

        Assert.Equal([22, 40], index.Meshes.Select(m => m.Label));
        Assert.Equal(["L3.obj", "label-40.obj"], index.Meshes.Select(m => m.File));
        Assert.All(index.Meshes, m => Assert.True(File.Exists(folder.PathOf(m.File)) && m.Watertight));
        // Marching cubes on a box of a × b × c voxels at the 0.5 level: the box itself with its edges and corners cut off,
        // a little under the voxel volume (10·1 × 8·1.5 × 6·2 mm = 1440 mm³).
        Assert.InRange(index.Meshes[0].VolumeMm3, 0.9 * 1440, 1440);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(folder.PathOf(MeshSetIndex.FileName)));
        Assert.Equal(MeshSetIndex.Format, json.RootElement.GetProperty("format").GetString());
        Assert.Equal("Ct: LPS, mm", json.RootElement.GetProperty("fileFrame").GetString());
        Assert.Equal("label 40", json.RootElement.GetProperty("meshes")[1].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("L3", "L3")]
    [InlineData("label 40", "label-40")]
    [InlineData("../x y", "x-y")]
    [InlineData("///", "label")]
    public void FileNameOf_Name_KeepsLettersAndDigitsOnly(string name, string file) => Assert.Equal(file, LabelMeshSet.FileNameOf(name));
}
