using System.Text.Json;
using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Conversion;
using ArSpine.Imaging.Dicom;
using ArSpine.Imaging.Dicom.Series;
using ArSpine.Imaging.Nifti;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Dicom;

/// <summary>Series assembly on real and written series: sorting, geometry, and agreement with dcm2niix, nibabel and pydicom.</summary>
public sealed class DicomSeriesTests
{
    private const string TotalSegmentatorJ2k = "totalsegmentator/example_ct_dicom";
    private const string TotalSegmentatorPlain = "totalsegmentator/example_ct_dicom_uncompressed_DERIVED";
    private const string TotalSegmentatorLabels = "totalsegmentator/example_seg_dicom.nii.gz";
    private const string EnhancedCt = "dicom/pydicom-data/eCT_Supplemental.dcm";

    private const string NibabelAffineScript = """
        import sys, json, nibabel as nib
        img = nib.load(sys.argv[1])
        print(json.dumps({'affine': img.affine.tolist(), 'shape': list(img.shape)}))
        """;

    [SharedDataFact(TotalSegmentatorJ2k)]
    public void Read_TotalSegmentatorJpeg2000Series_EqualsItsUncompressedCopy()
    {
        DicomVolume j2k = DicomVolumeReader.Read(SharedData.PathOf(TotalSegmentatorJ2k), new DicomReadOptions());
        DicomVolume plain = DicomVolumeReader.Read(SharedData.PathOf(TotalSegmentatorPlain), new DicomReadOptions());

        Assert.Equal(["1.2.840.10008.1.2.4.90"], j2k.Series.TransferSyntaxes);
        Assert.Equal(["1.2.840.10008.1.2.1"], plain.Series.TransferSyntaxes);
        Assert.Equal((512, 512, 20), (j2k.Ct.Grid.SizeI, j2k.Ct.Grid.SizeJ, j2k.Ct.Grid.SizeK));
        Assert.Equal(plain.Ct.Grid.CtFromVoxel, j2k.Ct.Grid.CtFromVoxel);
        Assert.True(plain.Ct.Hu.AsSpan().SequenceEqual(j2k.Ct.Hu), "the J2K series' HU differ from its uncompressed copy's");
        Assert.Contains(j2k.Ct.Hu, v => v > 1000);
    }

    [SharedDataFact(TotalSegmentatorJ2k)]
    public void Convert_TotalSegmentatorSeries_AffineMatchesItsSegmentationByNibabel()
    {
        using var temp = new TemporaryFolder();
        string output = temp.PathOf("ct.nii.gz");

        CtConversion.Convert(SharedData.PathOf(TotalSegmentatorJ2k), output, null, new DicomReadOptions());

        double[][] ours = Affine(output, out int[] shape);
        double[][] labels = Affine(SharedData.PathOf(TotalSegmentatorLabels), out int[] labelShape);
        Assert.Equal(labelShape, shape);
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                Assert.True(Math.Abs(labels[r][c] - ours[r][c]) < 1e-4, $"affine[{r},{c}]: segmentation {labels[r][c]}, ours {ours[r][c]}");
            }
        }
    }

    [SharedDataFact(TotalSegmentatorPlain)]
    public void Convert_TotalSegmentatorSeries_SameVoxelsAndAffineAsDcm2niix()
    {
        using var temp = new TemporaryFolder();
        string ours = temp.PathOf("ours.nii");
        Dcm2niix(SharedData.PathOf(TotalSegmentatorPlain), temp.FolderPath, "theirs");

        CtConversion.Convert(SharedData.PathOf(TotalSegmentatorJ2k), ours, null, new DicomReadOptions());

        AssertSameNifti(temp.PathOf("theirs.nii"), ours);
    }

    [SharedDataFact(EnhancedCt)]
    public void Convert_EnhancedMultiFrameCt_SameVoxelsAndAffineAsDcm2niix()
    {
        using var temp = new TemporaryFolder();
        ToolResult result = ExternalTool.Run("dcm2niix", ["-s", "y", "-z", "n", "-b", "n", "-f", "theirs", "-o", temp.FolderPath, SharedData.PathOf(EnhancedCt)]);
        Assert.True(result.ExitCode == 0, $"dcm2niix exit {result.ExitCode}: {result.StandardOutput} {result.StandardError}");

        CtConversion.Convert(SharedData.PathOf(EnhancedCt), temp.PathOf("ours.nii"), null, new DicomReadOptions());

        AssertSameNifti(temp.PathOf("theirs.nii"), temp.PathOf("ours.nii"));
    }

    [Fact]
    public void Convert_ObliqueWrittenSeries_SameVoxelsAndAffineAsDcm2niix()
    {
        using var temp = new TemporaryFolder();
        CtVolume ct = TestVolumes.Ct(TestVolumes.ObliqueGrid());
        CtSeriesWriter.Write(ct, temp.PathOf("dicom"), new DicomSeriesInfo { UidSeed = "oblique" });
        Dcm2niix(temp.PathOf("dicom"), temp.FolderPath, "theirs");

        CtConversion.Convert(temp.PathOf("dicom"), temp.PathOf("ours.nii"), null, new DicomReadOptions());

        AssertSameNifti(temp.PathOf("theirs.nii"), temp.PathOf("ours.nii"));
    }

    [Fact]
    public void Read_WrittenSeries_IdenticalHuAndCtFromVoxel()
    {
        using var temp = new TemporaryFolder();
        CtVolume ct = TestVolumes.Ct(TestVolumes.ObliqueGrid());
        CtSeriesWriter.Write(ct, temp.PathOf("dicom"), new DicomSeriesInfo { UidSeed = "round trip" });

        DicomVolume read = DicomVolumeReader.Read(temp.PathOf("dicom"), new DicomReadOptions());

        AssertSameVolume(ct, read.Ct);
        Assert.Empty(read.Warnings);
    }

    [Fact]
    public void Read_SeriesWrittenAgainstItsNormal_SlicesReorderedAlongNormalAtTheSamePlaces()
    {
        using var temp = new TemporaryFolder();
        CtVolume ct = TestVolumes.Ct(TestVolumes.ObliqueGrid(leftHanded: true));
        CtSeriesWriter.Write(ct, temp.PathOf("dicom"), new DicomSeriesInfo { UidSeed = "left-handed" });

        DicomVolume read = DicomVolumeReader.Read(temp.PathOf("dicom"), new DicomReadOptions());

        VolumeGrid g = read.Ct.Grid;
        Matrix3d m = g.CtFromVoxel.Linear;
        Assert.True(m.Determinant > 0, "k should run along the slice normal");
        for (int k = 0; k < g.SizeK; k++)
        {
            for (int j = 0; j < g.SizeJ; j++)
            {
                for (int i = 0; i < g.SizeI; i++)
                {
                    Vector3d written = ct.Grid.VoxelFromCt.Apply(g.CtFromVoxel.Apply(new Vector3d(i, j, k)));
                    Assert.True(Vector3d.Distance(written, new Vector3d(i, j, g.SizeK - 1 - k)) < 1e-4);
                    Assert.Equal(ct[i, j, g.SizeK - 1 - k], read.Ct[i, j, k]);
                }
            }
        }
    }

    [Fact]
    public void Read_PhantomSeries_IdenticalHuAndCtFromVoxel()
    {
        using var temp = new TemporaryFolder();
        PhantomCase phantom = LumbarSpinePhantom.Generate(new PhantomParameters { LevelIds = [22], SizeI = 48, SizeJ = 40, SpacingMm = new Vector3d(1.6, 1.6, 2.0), Seed = 7 });
        CtSeriesWriter.Write(phantom.Ct, temp.PathOf("dicom"), new DicomSeriesInfo { UidSeed = "phantom", PatientPosition = "HFS" });

        DicomVolume read = DicomVolumeReader.Read(temp.PathOf("dicom"), new DicomReadOptions());

        AssertSameVolume(phantom.Ct, read.Ct);
    }

    [Fact]
    public void Read_FilesRenamedAndNested_SortedByPositionNotByName()
    {
        using var temp = new TemporaryFolder();
        CtVolume ct = TestVolumes.Ct(TestVolumes.ObliqueGrid());
        IReadOnlyList<string> paths = CtSeriesWriter.Write(ct, temp.PathOf("written"), new DicomSeriesInfo { UidSeed = "shuffled" });
        string root = temp.PathOf("export");
        int[] order = [2, 0, 3, 1];
        for (int n = 0; n < paths.Count; n++)
        {
            string folder = Path.Combine(root, n % 2 == 0 ? "a" : Path.Combine("b", "c"));
            Directory.CreateDirectory(folder);
            File.Copy(paths[order[n]], Path.Combine(folder, $"IM{n:D5}"));
        }

        File.WriteAllText(Path.Combine(root, "README.txt"), "not DICOM");

        DicomVolume read = DicomVolumeReader.Read(root, new DicomReadOptions());

        AssertSameVolume(ct, read.Ct);
        Assert.Contains(read.Warnings, w => w.Contains("not DICOM", StringComparison.Ordinal));
    }

    [Fact]
    public void Scan_FolderWithDicomdirAndANonImageFile_OnlyTheImageSeriesListed()
    {
        using var temp = new TemporaryFolder();
        CtVolume ct = TestVolumes.Ct(TestVolumes.AxialGrid());
        IReadOnlyList<string> paths = CtSeriesWriter.Write(ct, temp.PathOf("DICOM"), new DicomSeriesInfo { UidSeed = "dicomdir" });
        byte[] noPixels = [.. new byte[128], .. "DICM"u8, .. BadDicomCatalogue.Element(DicomTags.TransferSyntaxUid, "UI", "1.2.840.10008.1.2.1"u8),
            .. BadDicomCatalogue.Element(DicomTags.Modality, "CS", "SR"u8)];
        File.WriteAllBytes(temp.PathOf("DICOMDIR"), noPixels);
        File.WriteAllBytes(temp.PathOf("report.dcm"), noPixels);

        DicomScan scan = DicomScan.Scan(temp.FolderPath);

        DicomSeriesGroup series = Assert.Single(scan.Series);
        Assert.Equal(paths.Count, series.FrameCount);
        Assert.Equal(paths.Count + 1, scan.FilesSeen);
        Assert.Contains(scan.Warnings, w => w.Contains("report.dcm", StringComparison.Ordinal) && w.Contains("without pixel data", StringComparison.Ordinal));
    }

    [SharedDataFact(EnhancedCt)]
    public void Read_EnhancedMultiFrameCt_FramesPlacedByTheirPerFramePositions()
    {
        string path = SharedData.PathOf(EnhancedCt);
        string json = ExternalTool.RunPython("""
            import sys, json, pydicom
            ds = pydicom.dcmread(sys.argv[1])
            print(json.dumps([[float(v) for v in f.PlanePositionSequence[0].ImagePositionPatient] for f in ds.PerFrameFunctionalGroupsSequence]))
            """, path);
        double[][] positions = JsonSerializer.Deserialize<double[][]>(json)!;
        int[][] pixels = DicomOracles.PydicomHu(path);

        DicomVolume read = DicomVolumeReader.Read(path, new DicomReadOptions());

        VolumeGrid g = read.Ct.Grid;
        Assert.Equal(2, g.SizeK);
        var first = new Vector3d(positions[0][0], positions[0][1], positions[0][2]);
        var second = new Vector3d(positions[1][0], positions[1][1], positions[1][2]);
        Vector3d normal = Vector3d.Cross(g.CtFromVoxel.Linear.Column(1), g.CtFromVoxel.Linear.Column(2)).Normalized();
        int firstSlot = Vector3d.Dot(first, normal) < Vector3d.Dot(second, normal) ? 0 : 1;
        Assert.True(Vector3d.Distance(g.CtFromVoxel.Apply(new Vector3d(0, 0, firstSlot)), first) < 1e-6);
        Assert.True(Vector3d.Distance(g.CtFromVoxel.Apply(new Vector3d(0, 0, 1 - firstSlot)), second) < 1e-6);
        int pixelsPerFrame = g.SizeI * g.SizeJ;
        for (int n = 0; n < pixelsPerFrame; n++)
        {
            Assert.Equal(pixels[0][n], read.Ct.Hu[firstSlot * pixelsPerFrame + n]);
            Assert.Equal(pixels[1][n], read.Ct.Hu[(1 - firstSlot) * pixelsPerFrame + n]);
        }
    }

    [Fact]
    public void Convert_WrittenSeriesWithJson_InfoGivesGeometryAndSeries()
    {
        using var temp = new TemporaryFolder();
        CtVolume ct = TestVolumes.Ct(TestVolumes.AxialGrid());
        CtSeriesWriter.Write(ct, temp.PathOf("dicom"), new DicomSeriesInfo { UidSeed = "json", SeriesDescription = "Bone" });

        CtConversion.Convert(temp.PathOf("dicom"), temp.PathOf("ct.nii.gz"), temp.PathOf("info.json"), new DicomReadOptions());

        using JsonDocument info = JsonDocument.Parse(File.ReadAllText(temp.PathOf("info.json")));
        JsonElement root = info.RootElement;
        Assert.Equal([TestVolumes.SizeI, TestVolumes.SizeJ, TestVolumes.SizeK], root.GetProperty("dimensions").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("Bone", root.GetProperty("series").GetProperty("description").GetString());
        Assert.Equal("Explicit VR Little Endian (1.2.840.10008.1.2.1)", root.GetProperty("transferSyntaxes")[0].GetString());
        CtVolume written = NiftiReader.ReadCt(temp.PathOf("ct.nii.gz"));
        double[][] lps = root.GetProperty("lpsFromVoxel").Deserialize<double[][]>()!;
        double[,] expected = written.Grid.CtFromVoxel.ToRowMajor4x4();
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                Assert.True(Math.Abs(expected[r, c] - lps[r][c]) < 1e-4);
            }
        }

        // The file's voxel (i, j, k) is the series' (i, SizeJ - 1 - j, k), at the same place in LPS.
        Vector3d place = written.Grid.CtFromVoxel.Apply(new Vector3d(2, 0, 1));
        Assert.True(Vector3d.Distance(ct.Grid.CtFromVoxel.Apply(new Vector3d(2, TestVolumes.SizeJ - 1, 1)), place) < 1e-4);
        Assert.Equal(ct[2, TestVolumes.SizeJ - 1, 1], written[2, 0, 1]);
    }

    [Fact]
    public void Convert_NiftiInput_WrittenUnchangedWithoutSeries()
    {
        using var temp = new TemporaryFolder();
        CtVolume ct = TestVolumes.Ct(TestVolumes.ObliqueGrid());
        NiftiWriter.WriteCt(ct, temp.PathOf("in.nii.gz"));

        CtConversionInfo info = CtConversion.Convert(temp.PathOf("in.nii.gz"), temp.PathOf("out.nii"), null, new DicomReadOptions());

        AssertSameVolume(NiftiReader.ReadCt(temp.PathOf("in.nii.gz")), NiftiReader.ReadCt(temp.PathOf("out.nii")));
        Assert.Null(info.Series);
        Assert.Empty(info.TransferSyntaxes);
    }

    [Fact]
    public void Read_Monochrome1Series_ValuesKeptWithAWarning()
    {
        using var temp = new TemporaryFolder();
        CtVolume ct = TestVolumes.Ct(TestVolumes.AxialGrid());
        foreach (string path in CtSeriesWriter.Write(ct, temp.PathOf("dicom"), new DicomSeriesInfo { UidSeed = "mono1" }))
        {
            byte[] bytes = File.ReadAllBytes(path);
            "MONOCHROME1"u8.CopyTo(bytes.AsSpan(bytes.AsSpan().IndexOf("MONOCHROME2"u8)));
            File.WriteAllBytes(path, bytes);
        }

        DicomVolume read = DicomVolumeReader.Read(temp.PathOf("dicom"), new DicomReadOptions());

        AssertSameVolume(ct, read.Ct);
        Assert.Contains(read.Warnings, w => w.Contains("MONOCHROME1", StringComparison.Ordinal));
    }

    private static void AssertSameVolume(CtVolume expected, CtVolume actual)
    {
        Assert.Equal((expected.Grid.SizeI, expected.Grid.SizeJ, expected.Grid.SizeK), (actual.Grid.SizeI, actual.Grid.SizeJ, actual.Grid.SizeK));
        Assert.True(TestVolumes.MaxDifference(expected.Grid.CtFromVoxel, actual.Grid.CtFromVoxel) < 1e-4,
            $"CtFromVoxel differs by {TestVolumes.MaxDifference(expected.Grid.CtFromVoxel, actual.Grid.CtFromVoxel)}");
        Assert.True(expected.Hu.AsSpan().SequenceEqual(actual.Hu), "HU differ");
    }

    private static void Dcm2niix(string input, string folder, string name)
    {
        ToolResult result = ExternalTool.Run("dcm2niix", ["-z", "n", "-b", "n", "-f", name, "-o", folder, input]);
        Assert.True(result.ExitCode == 0, $"dcm2niix exit {result.ExitCode}: {result.StandardOutput} {result.StandardError}");
    }

    private static void AssertSameNifti(string theirs, string ours)
    {
        CtVolume expected = NiftiReader.ReadCt(theirs);
        CtVolume actual = NiftiReader.ReadCt(ours);
        AssertSameVolume(expected, actual);
        double[][] a = Affine(theirs, out _), b = Affine(ours, out _);
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                Assert.True(Math.Abs(a[r][c] - b[r][c]) < 1e-4, $"nibabel affine[{r},{c}]: dcm2niix {a[r][c]}, ours {b[r][c]}");
            }
        }
    }

    private static double[][] Affine(string path, out int[] shape)
    {
        using JsonDocument doc = JsonDocument.Parse(ExternalTool.RunPython(NibabelAffineScript, path));
        shape = doc.RootElement.GetProperty("shape").Deserialize<int[]>()!;
        return doc.RootElement.GetProperty("affine").Deserialize<double[][]>()!;
    }
}
