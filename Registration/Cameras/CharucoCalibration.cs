using ArSpine.Core.Errors;
using OpenCvSharp;
using OpenCvSharp.Aruco;

namespace ArSpine.Registration.Cameras;

/// <summary>A ChArUco calibration board: a chessboard of <see cref="SquaresX"/> x <see cref="SquaresY"/> squares with markers in its white squares.</summary>
/// <param name="Dictionary">The markers' dictionary.</param>
/// <param name="SquaresX">Squares across.</param>
/// <param name="SquaresY">Squares down.</param>
/// <param name="SquareMm">Side of a chessboard square, mm.</param>
/// <param name="MarkerMm">Side of a marker, mm.</param>
public sealed record CharucoBoardSpec(PredefinedDictionaryType Dictionary, int SquaresX, int SquaresY, double SquareMm, double MarkerMm)
{
    /// <summary>The board frame position of inner chessboard corner <paramref name="id"/> (row by row from the top left; x right, y down), mm.</summary>
    public Point3f CornerMm(int id)
    {
        int x = id % (SquaresX - 1), y = id / (SquaresX - 1);
        return new Point3f((float)((x + 1) * SquareMm), (float)((y + 1) * SquareMm), 0);
    }

    /// <summary>Board width, mm.</summary>
    public double WidthMm => SquaresX * SquareMm;

    /// <summary>Board height, mm.</summary>
    public double HeightMm => SquaresY * SquareMm;

    /// <summary>Inner corner <paramref name="id"/> in the tracking target frame: origin at the board's centre, +X right, +Y up, +Z out of the face, mm.</summary>
    public ArSpine.Core.Geometry.Vector3d CornerInTargetFrameMm(int id)
    {
        Point3f p = CornerMm(id);
        return new ArSpine.Core.Geometry.Vector3d(p.X - WidthMm / 2, HeightMm / 2 - p.Y, 0);
    }

    /// <summary>Number of inner chessboard corners.</summary>
    public int CornerCount => (SquaresX - 1) * (SquaresY - 1);
}

/// <summary>One image's contribution to a calibration.</summary>
/// <param name="File">The image file.</param>
/// <param name="Corners">ChArUco corners found (used when at least <see cref="CharucoCalibration.MinCornersPerImage"/>).</param>
/// <param name="Used">True when the image entered the calibration.</param>
public sealed record CalibrationView(string File, int Corners, bool Used);

/// <summary>A calibration's result.</summary>
/// <param name="Camera">The intrinsics, with the image size.</param>
/// <param name="RmsReprojectionErrorPx">RMS reprojection error over every corner of every used image, pixels.</param>
/// <param name="Views">Per image: corners found and whether it was used.</param>
public sealed record CalibrationResult(CameraIntrinsics Camera, double RmsReprojectionErrorPx, IReadOnlyList<CalibrationView> Views);

/// <summary>Camera calibration from ChArUco board images (Zhang's method through OpenCV's calibrateCamera, 5 distortion coefficients).</summary>
public static class CharucoCalibration
{
    /// <summary>Fewest ChArUco corners for an image to be used.</summary>
    public const int MinCornersPerImage = 6;

    /// <summary>Fewest usable images.</summary>
    public const int MinImages = 3;

    /// <summary>
    /// Calibrates from image files. Throws an <see cref="InvalidInputException"/> naming the file for an unreadable image
    /// or a size different from the first, and when fewer than <see cref="MinImages"/> images show enough corners.
    /// </summary>
    public static CalibrationResult Calibrate(IReadOnlyList<string> imageFiles, CharucoBoardSpec spec)
    {
        ArgumentNullException.ThrowIfNull(imageFiles);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.SquaresX < 2 || spec.SquaresY < 2 || !(spec.MarkerMm > 0) || !(spec.SquareMm > spec.MarkerMm))
        {
            throw InvalidInputException.Field(null, "board", "at least 2x2 squares and 0 < marker < square", spec);
        }

        using Dictionary dictionary = CvAruco.GetPredefinedDictionary(spec.Dictionary);
        using var board = new CharucoBoard(spec.SquaresX, spec.SquaresY, (float)spec.SquareMm, (float)spec.MarkerMm, dictionary);
        using var detector = new CharucoDetector(board);
        var objectPoints = new List<Point3f[]>();
        var imagePoints = new List<Point2f[]>();
        var views = new List<CalibrationView>();
        Size? size = null;
        foreach (string file in imageFiles)
        {
            using Mat image = Markers.MarkerDetector.ReadImage(file);
            if (size is Size s && s != image.Size())
            {
                throw InvalidInputException.Field(file, "image size", $"{s.Width}x{s.Height} pixels like {imageFiles[0]}", $"{image.Width}x{image.Height}");
            }

            size = image.Size();
            detector.DetectBoard(image, out Point2f[] corners, out int[] ids, out _, out _);
            bool used = ids.Length >= MinCornersPerImage;
            if (used)
            {
                imagePoints.Add(corners);
                objectPoints.Add(ids.Select(spec.CornerMm).ToArray());
            }

            views.Add(new CalibrationView(file, ids.Length, used));
        }

        if (imagePoints.Count < MinImages)
        {
            throw InvalidInputException.Field(
                null,
                "images",
                $"at least {MinImages} images showing {MinCornersPerImage} or more ChArUco corners of a {spec.SquaresX}x{spec.SquaresY} {Markers.MarkerDictionary.OpenCvName(spec.Dictionary)} board",
                $"{imagePoints.Count} such image{(imagePoints.Count == 1 ? "" : "s")} of {imageFiles.Count} ({string.Join(", ", views.Select(v => $"{Path.GetFileName(v.File)}: {v.Corners} corners"))})");
        }

        var k = new double[3, 3];
        var distortion = new double[5];
        double rms = Cv2.CalibrateCamera(objectPoints, imagePoints, size!.Value, k, distortion, out _, out _, CalibrationFlags.None);
        var camera = new CameraIntrinsics(k[0, 0], k[1, 1], k[0, 2], k[1, 2], distortion, size.Value.Width, size.Value.Height, "calibration");
        return new CalibrationResult(camera, rms, views);
    }
}
