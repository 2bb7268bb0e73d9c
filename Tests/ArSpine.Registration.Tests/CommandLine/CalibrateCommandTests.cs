using System.Text.Json;
using ArSpine.Registration.Cameras;
using ArSpine.TestSupport;

namespace ArSpine.Registration.Tests.CommandLine;

[Collection(ConsoleCollection.Name)]
public class CalibrateCommandTests
{
    [SharedDataFact("aruco/img_03.jpg")]
    public void Calibrate_TutorialImages_WritesAFileOpenCvPythonReads()
    {
        using var folder = new TemporaryFolder();
        string output = folder.PathOf("cam.yml");
        string[] images = Enumerable.Range(0, 4).Select(i => SharedData.PathOf($"aruco/img_0{i}.jpg")).ToArray();

        (int code, string stdout, string stderr) = CommandLineRunner.Run(["calibrate", .. images, "-o", output, "--json"]);

        Assert.True(code == 0, stderr);
        using JsonDocument json = JsonDocument.Parse(stdout);
        double fx = json.RootElement.GetProperty("fxPx").GetDouble();
        string python = ExternalTool.RunPython("import sys, cv2\nfs = cv2.FileStorage(sys.argv[1], cv2.FILE_STORAGE_READ)\nprint(repr(fs.getNode('camera_matrix').mat()[0, 0]), int(fs.getNode('image_width').real()))", output);
        Assert.Equal($"{fx:R} 640", python.Trim());
        Assert.Equal(fx, CameraCalibrationFile.Read(output).FxPx);
    }

    [Fact]
    public void Calibrate_UnreadableImage_ExitsTwoNamingFile()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.PathOf("a.jpg"), "not a jpeg");

        (int code, _, string stderr) = CommandLineRunner.Run("calibrate", folder.PathOf("a.jpg"), "-o", folder.PathOf("cam.yml"));

        Assert.Equal(2, code);
        Assert.Contains("a.jpg: expected an image OpenCV can decode", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.PathOf("cam.yml")));
    }
}
