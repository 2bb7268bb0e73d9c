using System.Text.Json;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Labels;
using ArSpine.Imaging.Nifti;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Labels;

/// <summary>TotalSegmentator label maps renumbered to VerSe, checked voxel for voxel against nibabel's counts per TotalSegmentator class.</summary>
public sealed class TotalSegmentatorLabelsTests
{
    private const string SpineLabels = "totalsegmentator/spine_report/example_ct_report/totalseg.nii.gz";
    private const string AllClasses = "totalsegmentator/example_seg.nii.gz";
    private const string LabelMap = "totalsegmentator/DERIVED_label_map_total_v2.json";

    private const string CountScript = """
        import sys, json, numpy as np, nibabel as nib
        img = nib.load(sys.argv[1]); d = np.asarray(img.dataobj)
        u, c = np.unique(d, return_counts=True)
        print(json.dumps({'counts': {str(int(a)): int(b) for a, b in zip(u, c)}, 'affine': img.affine.tolist()}))
        """;

    [SharedDataFact(SpineLabels)]
    public void Import_SpineReportLabels_EachTotalSegmentatorVertebraBecomesItsVerSeLevel()
    {
        string path = SharedData.PathOf(SpineLabels);
        (Dictionary<int, long> counts, double[][] affine) = Nibabel(path);

        TotalSegmentatorImport import = TotalSegmentatorLabels.Import(path, TotalSegmentatorLabels.ReadNames(SharedData.PathOf(LabelMap)));

        LabelVolume v = import.Vertebrae;
        long[] ours = v.VoxelCounts();
        // PROVENANCE: S1(26) L5(27) L4(28) L3(29) L2(30) L1(31) T12(32) T11(33).
        (int Total, string Level)[] expected = [(26, "S"), (27, "L5"), (28, "L4"), (29, "L3"), (30, "L2"), (31, "L1"), (32, "T12"), (33, "T11")];
        foreach ((int total, string level) in expected)
        {
            int verse = VertebraLevels.IdOf(level);
            Assert.Equal(counts[total], ours[verse]);
            Assert.Equal(level, v.Names[verse]);
        }

        Assert.Equal(expected.Length, v.PresentLabels().Count);
        Assert.Empty(import.DroppedVoxels);
        AffineTransform ras = new(new Matrix3d(affine[0][0], affine[0][1], affine[0][2], affine[1][0], affine[1][1], affine[1][2], affine[2][0], affine[2][1], affine[2][2]), new Vector3d(affine[0][3], affine[1][3], affine[2][3]));
        Assert.True(TestVolumes.MaxDifference(PatientAxes.ToLps(ras), v.Grid.CtFromVoxel) < 1e-4);
    }

    [SharedDataFact(AllClasses)]
    public void Import_AllClassesWithLabelMap_KeepsVertebraeAndReportsTheOrgansDropped()
    {
        string path = SharedData.PathOf(AllClasses);
        IReadOnlyDictionary<int, string> names = TotalSegmentatorLabels.ReadNames(SharedData.PathOf(LabelMap));
        (Dictionary<int, long> counts, _) = Nibabel(path);

        TotalSegmentatorImport import = TotalSegmentatorLabels.Import(path, names);

        long vertebraVoxels = counts.Where(c => c.Key != 0 && TotalSegmentatorLabels.VerSeId(names[c.Key]) is not null).Sum(c => c.Value);
        long otherVoxels = counts.Where(c => c.Key != 0 && TotalSegmentatorLabels.VerSeId(names[c.Key]) is null).Sum(c => c.Value);
        Assert.True(vertebraVoxels > 0 && otherVoxels > 0);
        Assert.Equal(vertebraVoxels, import.Vertebrae.Labels.LongCount(l => l != 0));
        Assert.Equal(otherVoxels, import.DroppedVoxels.Values.Sum());
        Assert.Equal(counts[1], import.DroppedVoxels["spleen"]);
        Assert.All(import.Vertebrae.PresentLabels(), id => Assert.InRange(id, 1, 28));
    }

    [SharedDataFact(AllClasses)]
    public void Import_TableThatDoesNotNameAnIdPresent_Refused()
    {
        string path = SharedData.PathOf(AllClasses);

        InvalidInputException error = Assert.Throws<InvalidInputException>(() => TotalSegmentatorLabels.Import(path, new Dictionary<int, string> { [31] = "vertebrae_L1" }));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("label 1:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vertebrae_L3", 22)]
    [InlineData("vertebrae_T12", 19)]
    [InlineData("vertebrae_C1", 1)]
    [InlineData("vertebrae_S1", 26)]
    [InlineData("sacrum", 26)]
    public void VerSeId_VertebraClass_VerSeNumbering(string className, int verse) =>
        Assert.Equal(verse, TotalSegmentatorLabels.VerSeId(className));

    [Theory]
    [InlineData("spleen")]
    [InlineData("rib_left_1")]
    [InlineData("vertebrae_X9")]
    public void VerSeId_OtherClass_Null(string className) => Assert.Null(TotalSegmentatorLabels.VerSeId(className));

    [Fact]
    public void Write_LabelsWithSidecar_ReadBackWithTheirNames()
    {
        using var folder = new TemporaryFolder();
        LabelVolume labels = TestVolumes.Labels(TestVolumes.ObliqueGrid());
        string path = folder.PathOf("labels.nii.gz");

        LabelSidecar.Write(labels, path);
        LabelVolume read = LabelSidecar.Read(path);

        Assert.Equal(folder.PathOf("labels.labels.json"), LabelSidecar.PathOf(path));
        Assert.Equal(labels.Labels, read.Labels);
        Assert.Equal(labels.Names, read.Names);
        Assert.Equal("L3", JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(LabelSidecar.PathOf(path)))!["22"]);
    }

    [Fact]
    public void Read_LabelsWithoutSidecar_Refused()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("labels.nii");
        NiftiWriter.WriteLabels(TestVolumes.Labels(TestVolumes.AxialGrid()), path);

        InvalidInputException error = Assert.Throws<InvalidInputException>(() => LabelSidecar.Read(path));

        Assert.Contains("labels.labels.json", error.Message, StringComparison.Ordinal);
    }

    private static (Dictionary<int, long> Counts, double[][] Affine) Nibabel(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(ExternalTool.RunPython(CountScript, path));
        var counts = doc.RootElement.GetProperty("counts").EnumerateObject().ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value.GetInt64());
        return (counts, doc.RootElement.GetProperty("affine").Deserialize<double[][]>()!);
    }
}
