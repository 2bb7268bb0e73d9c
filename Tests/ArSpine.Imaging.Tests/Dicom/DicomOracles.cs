using System.Text.Json;
using ArSpine.Imaging.Dicom;
using ArSpine.Imaging.Dicom.Pixels;
using ArSpine.TestSupport;

namespace ArSpine.Imaging.Tests.Dicom;

/// <summary>Independent readers and writers of DICOM for the tests: pydicom, dcmtk's dcmconv and decompressors, dcm2niix.</summary>
internal static class DicomOracles
{
    private const string PydicomFramesScript = """
        import sys, json, pydicom, numpy as np
        ds = pydicom.dcmread(sys.argv[1])
        px = ds.pixel_array
        frames = int(getattr(ds, 'NumberOfFrames', 1) or 1)
        px = px.reshape((frames, int(ds.Rows), int(ds.Columns)))
        def rescale(i):
            s, b = float(getattr(ds, 'RescaleSlope', 1)), float(getattr(ds, 'RescaleIntercept', 0))
            try:
                t = ds.PerFrameFunctionalGroupsSequence[i].PixelValueTransformationSequence[0]
                s, b = float(t.RescaleSlope), float(t.RescaleIntercept)
            except (AttributeError, IndexError):
                try:
                    t = ds.SharedFunctionalGroupsSequence[0].PixelValueTransformationSequence[0]
                    s, b = float(t.RescaleSlope), float(t.RescaleIntercept)
                except (AttributeError, IndexError):
                    pass
            return s, b
        out = []
        for i in range(frames):
            s, b = rescale(i)
            out.append(np.round(px[i].astype(np.float64) * s + b).astype(np.int64).ravel().tolist())
        print(json.dumps(out))
        """;

    /// <summary>Every frame of a file in HU as pydicom (numpy) decodes and rescales it.</summary>
    public static int[][] PydicomHu(string path) =>
        JsonSerializer.Deserialize<int[][]>(ExternalTool.RunPython(PydicomFramesScript, path))!;

    /// <summary>Runs a dcmtk tool (dcmconv, dcmdjpeg, dcmdjpls, dcmdrle) as <c>tool [options] input output</c>; fails the test when it fails.</summary>
    public static string Dcmtk(string tool, string input, string output, params string[] options)
    {
        ToolResult result = ExternalTool.Run(tool, [.. options, input, output]);
        Assert.True(result.ExitCode == 0, $"{tool} exit {result.ExitCode}: {result.StandardError}");
        return output;
    }

    /// <summary>Our HU of every frame of a file.</summary>
    public static short[][] OurHu(string path) => DicomPixels.ReadHu(DicomFile.ReadHeader(path));

    /// <summary>Asserts that two frame sets are equal value by value, naming the first difference.</summary>
    public static void AssertSameFrames(IReadOnlyList<IReadOnlyList<int>> expected, short[][] actual, string what)
    {
        Assert.Equal(expected.Count, actual.Length);
        for (int f = 0; f < actual.Length; f++)
        {
            Assert.Equal(expected[f].Count, actual[f].Length);
            for (int n = 0; n < actual[f].Length; n++)
            {
                if (expected[f][n] != actual[f][n])
                {
                    Assert.Fail($"{what}: frame {f + 1}, pixel {n}: expected {expected[f][n]}, ours {actual[f][n]}.");
                }
            }
        }
    }

    /// <summary>Frames as int lists, for <see cref="AssertSameFrames"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> AsInts(short[][] frames) => frames.Select(f => (IReadOnlyList<int>)f.Select(v => (int)v).ToArray()).ToList();
}
