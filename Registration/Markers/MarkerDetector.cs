using ArSpine.Core.Errors;
using OpenCvSharp;
using OpenCvSharp.Aruco;

namespace ArSpine.Registration.Markers;

/// <summary>How corners are refined after the marker's outline is found.</summary>
public enum CornerRefinement
{
    /// <summary>The outline's polygon corners, whole-pixel accuracy (OpenCV's default).</summary>
    None,

    /// <summary>Sub-pixel refinement on the image gradient (cv::cornerSubPix).</summary>
    Subpixel,

    /// <summary>Refinement by fitting lines to the marker's contour.</summary>
    Contour,
}

/// <summary>
/// Finds square fiducial markers of one dictionary (ArUco or AprilTag) in images, with OpenCV's ArUco detector.
/// Owns native resources: dispose it. Not thread-safe; create one per thread. Cost: a few milliseconds per VGA-to-720p frame.
/// </summary>
public sealed class MarkerDetector : IDisposable
{
    private readonly ArucoDetector detector;
    private readonly Dictionary dictionary;

    /// <summary>Creates a detector for <paramref name="dictionary"/> with the given corner refinement.</summary>
    public MarkerDetector(PredefinedDictionaryType dictionary, CornerRefinement refinement = CornerRefinement.Subpixel)
    {
        this.dictionary = CvAruco.GetPredefinedDictionary(dictionary);
        var parameters = new DetectorParameters
        {
            CornerRefinementMethod = refinement switch
            {
                CornerRefinement.None => CornerRefineMethod.None,
                CornerRefinement.Subpixel => CornerRefineMethod.Subpix,
                CornerRefinement.Contour => CornerRefineMethod.Contour,
                _ => throw new ArgumentOutOfRangeException(nameof(refinement), refinement, "Expected a CornerRefinement value."),
            },
        };
        detector = new ArucoDetector(this.dictionary, parameters, new RefineParameters());
    }

    /// <summary>Detects markers in an 8-bit grey or BGR image; returns them sorted by id. The image is only read.</summary>
    public IReadOnlyList<MarkerDetection> Detect(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        detector.DetectMarkers(image, out Point2f[][] corners, out int[] ids, out _);
        var found = new MarkerDetection[ids.Length];
        for (int m = 0; m < ids.Length; m++)
        {
            var points = new PixelPoint[4];
            for (int c = 0; c < 4; c++)
            {
                points[c] = new PixelPoint(corners[m][c].X, corners[m][c].Y);
            }

            found[m] = new MarkerDetection(ids[m], points);
        }

        Array.Sort(found, (a, b) => a.Id.CompareTo(b.Id));
        return found;
    }

    /// <summary>Reads an image file (PNG, JPEG, TIFF, BMP…) as 8-bit grey; throws an <see cref="InvalidInputException"/> naming the file when it cannot be read.</summary>
    public static Mat ReadImage(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: expected an image file (PNG, JPEG, TIFF, BMP). Was: no such file.");
        }

        Mat image = Cv2.ImRead(path, ImreadModes.Grayscale);
        if (image.Empty())
        {
            image.Dispose();
            throw new InvalidInputException($"{path}: expected an image OpenCV can decode (PNG, JPEG, TIFF, BMP). Was not decodable ({new FileInfo(path).Length} bytes).");
        }

        return image;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        detector.Dispose();
        dictionary.Dispose();
    }
}
