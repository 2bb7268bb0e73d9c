using System.Text.Json;
using ArSpine.Core.Geometry;
using ArSpine.Imaging.Dicom;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Dicom;

/// <summary>Our CT series read by independent tools: dcmtk's dcmdump, pydicom, and dicom3tools' dciodvfy.</summary>
public sealed class CtSeriesWriterOracleTests(CtSeriesFixture series) : IClassFixture<CtSeriesFixture>
{
    private const string PydicomScript = """
        import sys, json, pydicom
        out = []
        for path in sys.argv[1:]:
            ds = pydicom.dcmread(path)
            px = ds.pixel_array
            out.append({
                'transfer': str(ds.file_meta.TransferSyntaxUID), 'mediaSop': str(ds.file_meta.MediaStorageSOPInstanceUID),
                'mediaClass': str(ds.file_meta.MediaStorageSOPClassUID), 'preamble': ds.preamble == b'\0' * 128,
                'sopClass': str(ds.SOPClassUID), 'sop': str(ds.SOPInstanceUID), 'study': str(ds.StudyInstanceUID),
                'series': str(ds.SeriesInstanceUID), 'frame': str(ds.FrameOfReferenceUID), 'modality': ds.Modality,
                'name': str(ds.PatientName), 'id': ds.PatientID, 'instance': int(ds.InstanceNumber),
                'ipp': [float(v) for v in ds.ImagePositionPatient], 'iop': [float(v) for v in ds.ImageOrientationPatient],
                'spacing': [float(v) for v in ds.PixelSpacing], 'thickness': float(ds.SliceThickness),
                'rows': int(ds.Rows), 'cols': int(ds.Columns), 'dtype': str(px.dtype), 'pixels': px.tolist(),
                'slope': float(ds.RescaleSlope), 'intercept': float(ds.RescaleIntercept), 'imageType': list(ds.ImageType),
                'pixelVr': ds['PixelData'].VR, 'charset': ds.SpecificCharacterSet})
        print(json.dumps(out))
        """;

    [Fact]
    public void Write_EverySlice_DcmdumpReadsWithoutWarnings()
    {
        Assert.Equal(4, series.Paths.Count);
        foreach (string path in series.Paths)
        {
            ToolResult result = ExternalTool.Run("dcmdump", ["-dc", "+E", path]);

            Assert.True(result.ExitCode == 0, $"dcmdump exit {result.ExitCode}: {result.StandardError}");
            Assert.Equal("", result.StandardError);
            Assert.DoesNotContain(result.StandardOutput.Split('\n'), line => line.StartsWith("W:") || line.StartsWith("E:"));
            Assert.Contains("(7fe0,0010) OW", result.StandardOutput);
            Assert.Contains("(0002,0010) UI =LittleEndianExplicit", result.StandardOutput);
        }
    }

    [Fact]
    public void Write_EverySlice_PydicomSeesOurHuGeometryAndConsistentUids()
    {
        string json = ExternalTool.RunPython(PydicomScript, [.. series.Paths]);
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement[] slices = [.. doc.RootElement.EnumerateArray()];
        var grid = series.Ct.Grid;
        Vector3d row = grid.CtFromVoxel.Linear.Column(1).Normalized(), column = grid.CtFromVoxel.Linear.Column(2).Normalized();

        Assert.Equal(4, slices.Length);
        Assert.Single(slices.Select(s => s.GetProperty("study").GetString()).Distinct());
        Assert.Single(slices.Select(s => s.GetProperty("series").GetString()).Distinct());
        Assert.Single(slices.Select(s => s.GetProperty("frame").GetString()).Distinct());
        Assert.Equal(4, slices.Select(s => s.GetProperty("sop").GetString()).Distinct().Count());
        Assert.Equal(DicomUid.FromSeed("test-series-seed", "study"), slices[0].GetProperty("study").GetString());
        Assert.Equal(DicomUid.FromSeed("test-series-seed", "series"), slices[0].GetProperty("series").GetString());
        Assert.Equal(DicomUid.FromSeed("test-series-seed", "frame of reference"), slices[0].GetProperty("frame").GetString());
        for (int k = 0; k < slices.Length; k++)
        {
            JsonElement s = slices[k];
            Assert.Equal(DicomUid.ExplicitVrLittleEndian, s.GetProperty("transfer").GetString());
            Assert.Equal(DicomUid.CtImageStorage, s.GetProperty("sopClass").GetString());
            Assert.Equal(DicomUid.CtImageStorage, s.GetProperty("mediaClass").GetString());
            Assert.Equal(s.GetProperty("sop").GetString(), s.GetProperty("mediaSop").GetString());
            Assert.True(s.GetProperty("preamble").GetBoolean());
            Assert.Equal("CT", s.GetProperty("modality").GetString());
            Assert.Equal("Müller^Jörg", s.GetProperty("name").GetString());
            Assert.Equal("ISO_IR 100", s.GetProperty("charset").GetString());
            Assert.Equal(["ORIGINAL", "PRIMARY", "AXIAL"], s.GetProperty("imageType").EnumerateArray().Select(e => e.GetString()!));
            Assert.Equal("OW", s.GetProperty("pixelVr").GetString());
            Assert.Equal(k + 1, s.GetProperty("instance").GetInt32());
            Assert.Equal((1.0, 0.0), (s.GetProperty("slope").GetDouble(), s.GetProperty("intercept").GetDouble()));
            Assert.Equal((5, 7), (s.GetProperty("rows").GetInt32(), s.GetProperty("cols").GetInt32()));
            Assert.Equal("int16", s.GetProperty("dtype").GetString());

            Vector3d ipp = Vector(s.GetProperty("ipp"), 0);
            Assert.True(Vector3d.Distance(grid.CtFromVoxel.Apply(new Vector3d(0, 0, k)), ipp) < 1e-6, $"slice {k} IPP {ipp}");
            Assert.True(Vector3d.Distance(row, Vector(s.GetProperty("iop"), 0)) < 1e-6);
            Assert.True(Vector3d.Distance(column, Vector(s.GetProperty("iop"), 3)) < 1e-6);
            double[] spacing = [.. s.GetProperty("spacing").EnumerateArray().Select(e => e.GetDouble())];
            Assert.Equal(0.9, spacing[0], 9); // between rows: the j spacing
            Assert.Equal(0.7, spacing[1], 9); // between columns: the i spacing
            Assert.Equal(1.5, s.GetProperty("thickness").GetDouble(), 9);

            JsonElement[] rows = [.. s.GetProperty("pixels").EnumerateArray()];
            for (int r = 0; r < 5; r++)
            {
                int[] values = [.. rows[r].EnumerateArray().Select(e => e.GetInt32())];
                for (int c = 0; c < 7; c++)
                {
                    Assert.Equal(series.Ct[c, r, k], values[c]);
                }
            }
        }
    }

    [Fact]
    public void Write_Slice_DciodvfyReportsNoErrors()
    {
        foreach (string path in series.Paths)
        {
            ToolResult result = ExternalTool.Run("dciodvfy", [path]);
            string[] lines = (result.StandardError + result.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries);

            string report = string.Join("\n", lines);
            Assert.False(lines.Any(line => line.StartsWith("Error")), report);
            Assert.False(lines.Any(line => line.StartsWith("Warning")), report);
            Assert.Contains(lines, line => line.Contains("CTImage", StringComparison.Ordinal));
        }
    }

    private static Vector3d Vector(JsonElement array, int first)
    {
        double[] v = [.. array.EnumerateArray().Select(e => e.GetDouble())];
        return new Vector3d(v[first], v[first + 1], v[first + 2]);
    }
}
