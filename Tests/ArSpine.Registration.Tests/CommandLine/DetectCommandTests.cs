using System.Text.Json;
using ArSpine.Registration.Tests.Markers;
using ArSpine.TestSupport;

namespace ArSpine.Registration.Tests.CommandLine;

[Collection(ConsoleCollection.Name)]
public class DetectCommandTests
{
    [SharedDataFact(OpenCv46Reference.Detections)]
    public void Detect_TutorialPhotoJson_PrintsSixMarkersWithPosesAndErrors()
    {
        OpenCv46Reference reference = OpenCv46Reference.Load();

        (int code, string stdout, string stderr) = CommandLineRunner.Run(
            "detect", SharedData.PathOf(OpenCv46Reference.Photo), "--dict", "DICT_6X6_250",
            "--camera", SharedData.PathOf(OpenCv46Reference.Camera), "--marker-mm", "50", "--json");

        Assert.True(code == 0, stderr);
        using JsonDocument json = JsonDocument.Parse(stdout);
        JsonElement markers = json.RootElement.GetProperty("markers");
        Assert.Equal(6, markers.GetArrayLength());
        foreach (JsonElement marker in markers.EnumerateArray())
        {
            int id = marker.GetProperty("id").GetInt32();
            JsonElement corner0 = marker.GetProperty("cornersPx")[0];
            Assert.InRange(corner0[0].GetDouble() - reference.Corners[id][0].X, -1, 1);
            Assert.InRange(corner0[1].GetDouble() - reference.Corners[id][0].Y, -1, 1);
            JsonElement pose = marker.GetProperty("pose");
            Assert.InRange(pose.GetProperty("reprojectionErrorPx").GetDouble(), 0, 1);
            double z = pose.GetProperty("tvecMm")[2].GetDouble();
            Assert.InRange(z, 0.98 * reference.CameraFromMarkerMm[id].TranslationMm.Z, 1.02 * reference.CameraFromMarkerMm[id].TranslationMm.Z);
            Assert.Equal(z, pose.GetProperty("cameraFromMarker")[2][3].GetDouble());
        }
    }

    [Fact]
    public void Detect_UnreadableImage_ExitsTwoNamingFile()
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("broken.png");
        File.WriteAllBytes(path, [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);

        (int code, string stdout, string stderr) = CommandLineRunner.Run("detect", path, "--dict", "DICT_APRILTAG_36h11", "--json");

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"arspine: {path}: expected an image OpenCV can decode (PNG, JPEG, TIFF, BMP). Was not decodable (7 bytes).", stderr.Trim());
    }

    [Fact]
    public void Detect_CameraWithoutMarkerSize_ExitsTwo()
    {
        (int code, _, string stderr) = CommandLineRunner.Run("detect", "x.png", "--dict", "DICT_4X4_50", "--camera", "cam.yml");

        Assert.Equal(2, code);
        Assert.Contains("--marker-mm: expected --camera and --marker-mm together", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_MalformedCalibration_ExitsTwoNamingFile()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.PathOf("cam.yml"), "%YAML:1.0\nfoo: 1\n");
        File.WriteAllBytes(folder.PathOf("x.png"), [1]);

        (int code, _, string stderr) = CommandLineRunner.Run("detect", folder.PathOf("x.png"), "--dict", "DICT_4X4_50", "--camera", folder.PathOf("cam.yml"), "--marker-mm", "40");

        Assert.Equal(2, code);
        Assert.Contains("cam.yml: camera_matrix: expected an opencv-matrix. Was 'missing'.", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", stderr, StringComparison.Ordinal);
    }
}
