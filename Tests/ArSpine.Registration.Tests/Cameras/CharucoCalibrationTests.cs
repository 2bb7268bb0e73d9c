using System.Globalization;
using ArSpine.Core.Errors;
using ArSpine.Registration.Cameras;
using ArSpine.TestSupport;
using OpenCvSharp.Aruco;

namespace ArSpine.Registration.Tests.Cameras;

public class CharucoCalibrationTests
{
    private static readonly CharucoBoardSpec TutorialBoard = new(PredefinedDictionaryType.Dict6X6_250, 5, 7, 40, 20);

    private static string[] TutorialImages() => Enumerable.Range(0, 4).Select(i => SharedData.PathOf($"aruco/img_0{i}.jpg")).ToArray();

    [SharedDataFact("aruco/tutorial_camera_charuco.yml")]
    public void Calibrate_TutorialImages_AgreesWithTheTutorialCalibrationAndOpenCv46Python()
    {
        CameraIntrinsics reference = CameraCalibrationFile.Read(SharedData.PathOf("aruco/tutorial_camera_charuco.yml"));
        double[] python = ExternalTool.RunPython(
            """
            import sys, cv2
            d = cv2.aruco.getPredefinedDictionary(cv2.aruco.DICT_6X6_250)
            b = cv2.aruco.CharucoBoard_create(5, 7, 0.04, 0.02, d)
            cs, ids = [], []
            for f in sys.argv[1:]:
                img = cv2.imread(f, 0)
                c, i, _ = cv2.aruco.detectMarkers(img, d)
                n, cc, ci = cv2.aruco.interpolateCornersCharuco(c, i, img, b)
                cs.append(cc); ids.append(ci)
            rms, K, D, _, _ = cv2.aruco.calibrateCameraCharuco(cs, ids, b, (640, 480), None, None)
            print(K[0, 0], K[1, 1], K[0, 2], K[1, 2])
            """,
            TutorialImages()).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

        CalibrationResult result = CharucoCalibration.Calibrate(TutorialImages(), TutorialBoard);

        CameraIntrinsics c = result.Camera;
        Assert.All(result.Views, v => Assert.True(v.Used && v.Corners >= 20, $"{v.File}: {v.Corners} corners"));
        Assert.Equal(640, c.ImageWidthPx);
        Assert.InRange(result.RmsReprojectionErrorPx, 0.05, 0.5);
        foreach ((string what, double fx, double fy, double cx, double cy) in new[] { ("tutorial file", reference.FxPx, reference.FyPx, reference.CxPx, reference.CyPx), ("OpenCV 4.6 Python", python[0], python[1], python[2], python[3]) })
        {
            Assert.True(Math.Abs(c.FxPx / fx - 1) < 0.02, $"fx {c.FxPx:0.0} px against {fx:0.0} px ({what})");
            Assert.True(Math.Abs(c.FyPx / fy - 1) < 0.02, $"fy {c.FyPx:0.0} px against {fy:0.0} px ({what})");
            Assert.True(Math.Abs(c.CxPx - cx) < 3 && Math.Abs(c.CyPx - cy) < 3, $"principal point ({c.CxPx:0.0}, {c.CyPx:0.0}) against ({cx:0.0}, {cy:0.0}) px ({what})");
        }
    }

    [SharedDataFact("aruco/img_00.jpg")]
    public void Calibrate_TwoImages_ThrowsListingCorners()
    {
        var e = Assert.Throws<InvalidInputException>(() => CharucoCalibration.Calibrate(TutorialImages()[..2], TutorialBoard));

        Assert.StartsWith("images: expected at least 3 images showing 6 or more ChArUco corners of a 5x7 DICT_6X6_250 board. Was '2 such images of 2 (img_00.jpg: 24 corners, img_01.jpg: 24 corners)'.", e.Message, StringComparison.Ordinal);
    }

    [SharedDataFact("aruco/img_00.jpg")]
    public void Calibrate_WrongDictionary_ThrowsNamingZeroCorners()
    {
        var e = Assert.Throws<InvalidInputException>(() => CharucoCalibration.Calibrate(TutorialImages(), TutorialBoard with { Dictionary = PredefinedDictionaryType.Dict4X4_50 }));

        Assert.Contains("Was '0 such images of 4 (img_00.jpg: 0 corners", e.Message, StringComparison.Ordinal);
    }
}
