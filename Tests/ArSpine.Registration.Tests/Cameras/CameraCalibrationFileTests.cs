using System.Globalization;
using ArSpine.Core.Errors;
using ArSpine.Registration.Cameras;
using ArSpine.TestSupport;

namespace ArSpine.Registration.Tests.Cameras;

public class CameraCalibrationFileTests
{
    private const string Matrix3x3 = "camera_matrix: !!opencv-matrix\n   rows: 3\n   cols: 3\n   dt: d\n   data: [ 600., 0., 320., 0., 610., 240., 0., 0., 1. ]\n";

    [SharedDataFact("aruco/tutorial_camera_params.yml")]
    public void Read_TutorialCamera_MatchesOpenCvPythonFileStorage()
    {
        string path = SharedData.PathOf("aruco/tutorial_camera_params.yml");
        string[] oracle = ExternalTool.RunPython(
            "import sys, cv2\nfs = cv2.FileStorage(sys.argv[1], cv2.FILE_STORAGE_READ)\nK = fs.getNode('camera_matrix').mat(); D = fs.getNode('distortion_coefficients').mat().ravel()\nprint(' '.join(repr(float(v)) for v in [K[0,0], K[1,1], K[0,2], K[1,2], *D]))",
            path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double[] expected = oracle.Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        CameraIntrinsics camera = CameraCalibrationFile.Read(path);

        Assert.Equal(expected[..4], new[] { camera.FxPx, camera.FyPx, camera.CxPx, camera.CyPx });
        Assert.Equal(expected[4..], camera.Distortion.ToArray());
        Assert.Null(camera.ImageWidthPx);
    }

    [SharedDataFact("aruco/tutorial_camera_charuco.yml")]
    public void Read_CharucoCalibration_ReadsImageSizeAndRowVectorDistortion()
    {
        CameraIntrinsics camera = CameraCalibrationFile.Read(SharedData.PathOf("aruco/tutorial_camera_charuco.yml"));

        Assert.Equal(640, camera.ImageWidthPx);
        Assert.Equal(480, camera.ImageHeightPx);
        Assert.Equal(5, camera.Distortion.Count);
        Assert.InRange(camera.FxPx, 452, 453);
    }

    [Theory]
    [InlineData("cam.yml")]
    [InlineData("cam.json")]
    public void Write_ThenRead_RoundTripsEveryValue(string name)
    {
        using var folder = new TemporaryFolder();
        var camera = new CameraIntrinsics(1001.25, 999.5, 640.75, 359.125, [0.1, -0.25, 0.001, -0.002, 0.05], 1280, 720);

        CameraCalibrationFile.Write(folder.PathOf(name), camera, 0.3);
        CameraIntrinsics read = CameraCalibrationFile.Read(folder.PathOf(name));

        Assert.Equal(camera.FxPx, read.FxPx);
        Assert.Equal(camera.FyPx, read.FyPx);
        Assert.Equal(camera.CxPx, read.CxPx);
        Assert.Equal(camera.CyPx, read.CyPx);
        Assert.Equal(camera.Distortion, read.Distortion);
        Assert.Equal(1280, read.ImageWidthPx);
        Assert.Equal(720, read.ImageHeightPx);
        Assert.Equal(new[] { name }, Directory.GetFiles(folder.FolderPath).Select(Path.GetFileName).ToArray());
        Assert.StartsWith(name.EndsWith(".json", StringComparison.Ordinal) ? "{" : "%YAML", File.ReadAllText(folder.PathOf(name)), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "%YAML:1.0\n" + "distortion_coefficients: !!opencv-matrix\n   rows: 1\n   cols: 5\n   dt: d\n   data: [ 0., 0., 0., 0., 0. ]\n", "camera_matrix: expected an opencv-matrix. Was 'missing'." },
        { "%YAML:1.0\n" + Matrix3x3, "distortion_coefficients: expected an opencv-matrix. Was 'missing'." },
        { "%YAML:1.0\ncamera_matrix: !!opencv-matrix\n   rows: 2\n   cols: 2\n   dt: d\n   data: [ 600., 0., 0., 600. ]\ndistortion_coefficients: !!opencv-matrix\n   rows: 1\n   cols: 4\n   dt: d\n   data: [ 0., 0., 0., 0. ]\n", "camera_matrix: expected a 3x3 matrix. Was '2x2'." },
        { "%YAML:1.0\n" + Matrix3x3 + "distortion_coefficients: !!opencv-matrix\n   rows: 1\n   cols: 3\n   dt: d\n   data: [ 0., 0., 0. ]\n", "distortion_coefficients: expected 0, 4, 5, 8, 12 or 14 coefficients. Was '3 coefficients'." },
        { "%YAML:1.0\n" + Matrix3x3.Replace("600.", "-600.", StringComparison.Ordinal) + "distortion_coefficients: !!opencv-matrix\n   rows: 1\n   cols: 4\n   dt: d\n   data: [ 0., 0., 0., 0. ]\n", "camera_matrix fx: expected a positive focal length in pixels. Was '-600'." },
        { "%YAML:1.0\n" + Matrix3x3 + "distortion_coefficients: !!opencv-matrix\n   rows: 1\n   cols: 4\n   dt: d\n   data: [ 0., .nan, 0., 0. ]\n", "distortion_coefficients[1]: expected a finite number. Was 'NaN'." },
        { "%YAML:1.0\n" + Matrix3x3 + "distortion_coefficients: !!opencv-matrix\n   rows: 1\n   cols: 4\n   dt: d\n   data: [ 0., 0., 0., 0. ]\nimage_width: wide\n", "image_width: expected an integer number of pixels. Was 'String'." },
        { "this is: [not, a calibration\n", "expected an OpenCV camera calibration file (YAML or JSON). Was unparseable" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Read_MalformedFile_ThrowsNamingFileAndField(string content, string message)
    {
        using var folder = new TemporaryFolder();
        string path = folder.PathOf("bad.yml");
        File.WriteAllText(path, content);

        var e = Assert.Throws<InvalidInputException>(() => CameraCalibrationFile.Read(path));

        Assert.StartsWith(path + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_ThrowsNamingFile()
    {
        var e = Assert.Throws<InvalidInputException>(() => CameraCalibrationFile.Read("/nonexistent/cam.yml"));

        Assert.Equal("/nonexistent/cam.yml: expected an OpenCV camera calibration file (YAML or JSON). Was: no such file.", e.Message);
    }
}
