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
/// Finds square fiducial markers of one dictionary (ArUco or AprilTag) in images, with OpenCV's ArUco detector, and
/// drops any whose outline is partly covered (<see cref="MinEdgeContrastShare"/>). Owns native resources: dispose it.
/// Not thread-safe; create one per thread. Cost: a few milliseconds per VGA-to-720p frame.
/// </summary>
public sealed class MarkerDetector : IDisposable
{
    private readonly ArucoDetector detector;
    private readonly Dictionary dictionary;
    private readonly int cellsAcross;

    /// <summary>Creates a detector for <paramref name="dictionary"/> with the given corner refinement.</summary>
    public MarkerDetector(PredefinedDictionaryType dictionary, CornerRefinement refinement = CornerRefinement.Subpixel)
        : this(dictionary, refinement, null)
    {
    }

    /// <summary>
    /// Creates a detector for <paramref name="dictionary"/> with the given corner refinement, then lets
    /// <paramref name="configure"/> change OpenCV's detector parameters (a value type: return the changed copy, such as
    /// <c>p =&gt; p with { AdaptiveThreshWinSizeMax = 13 }</c>) before the detector is built.
    /// </summary>
    public MarkerDetector(PredefinedDictionaryType dictionary, CornerRefinement refinement, Func<DetectorParameters, DetectorParameters>? configure)
    {
        this.dictionary = CvAruco.GetPredefinedDictionary(dictionary);
        cellsAcross = this.dictionary.MarkerSize + 2;
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
        if (configure is not null)
        {
            parameters = configure(parameters);
        }

        detector = new ArucoDetector(this.dictionary, parameters, new RefineParameters());
    }

    /// <summary>
    /// Every edge of a marker must have at least this share of the contrast of its strongest edge (grey level half a
    /// cell outside minus half a cell inside, median along the edge's middle half); 0 turns the check off. An occluder
    /// (a glove, an instrument) that cuts across the black border leaves a quad whose edge runs along the occluder, with
    /// the occluder rather than the white margin outside it: decoded correctly by error correction, but with corners
    /// that are not the marker's, so its pose is wrong by centimetres. Such markers are dropped.
    /// </summary>
    public double MinEdgeContrastShare { get; init; } = 0.8;

    /// <summary>Detects markers in an 8-bit grey or BGR image; returns them sorted by id, without partly covered ones. The image is only read.</summary>
    public IReadOnlyList<MarkerDetection> Detect(Mat image)
    {
        ArgumentNullException.ThrowIfNull(image);
        detector.DetectMarkers(image, out Point2f[][] corners, out int[] ids, out _);
        var found = new List<MarkerDetection>(ids.Length);
        Mat? grey = null;
        try
        {
            for (int m = 0; m < ids.Length; m++)
            {
                var points = new PixelPoint[4];
                for (int c = 0; c < 4; c++)
                {
                    points[c] = new PixelPoint(corners[m][c].X, corners[m][c].Y);
                }

                if (MinEdgeContrastShare > 0)
                {
                    grey ??= image.Channels() == 1 ? image : image.CvtColor(ColorConversionCodes.BGR2GRAY);
                    if (EdgeContrastShare(grey, points, cellsAcross) < MinEdgeContrastShare)
                    {
                        continue;
                    }
                }

                found.Add(new MarkerDetection(ids[m], points));
            }
        }
        finally
        {
            if (grey is not null && !ReferenceEquals(grey, image))
            {
                grey.Dispose();
            }
        }

        found.Sort((a, b) => a.Id.CompareTo(b.Id));
        return found;
    }

    /// <summary>
    /// The weakest edge's contrast over the strongest's (0 to 1; 0 when an edge has none) for a marker of
    /// <paramref name="cells"/> cells across (data bits plus the black border) with corners <paramref name="cornersPx"/> in an 8-bit grey image.
    /// </summary>
    public static double EdgeContrastShare(Mat grey, IReadOnlyList<PixelPoint> cornersPx, int cells)
    {
        ArgumentNullException.ThrowIfNull(grey);
        double cx = 0, cy = 0;
        for (int c = 0; c < 4; c++)
        {
            cx += cornersPx[c].X / 4;
            cy += cornersPx[c].Y / 4;
        }

        if (grey.Type() != MatType.CV_8UC1)
        {
            throw new ArgumentException($"Expected an 8-bit grey image. Was {grey.Type()}.", nameof(grey));
        }

        var pixels = new GreyPixels(grey.Data, (long)grey.Step(), grey.Cols, grey.Rows);
        const int Samples = 9;
        Span<double> outside = stackalloc double[Samples];
        Span<double> inside = stackalloc double[Samples];
        double weakest = double.PositiveInfinity, strongest = 0;
        for (int e = 0; e < 4; e++)
        {
            PixelPoint a = cornersPx[e], b = cornersPx[(e + 1) % 4];
            double dx = b.X - a.X, dy = b.Y - a.Y;
            double length = Math.Sqrt(dx * dx + dy * dy);
            if (length < 1)
            {
                return 0;
            }

            // The normal toward the marker's centre; half a cell is the middle of the black border.
            double nx = -dy / length, ny = dx / length;
            double mx = (a.X + b.X) / 2, my = (a.Y + b.Y) / 2;
            if (nx * (cx - mx) + ny * (cy - my) < 0)
            {
                nx = -nx;
                ny = -ny;
            }

            double offset = 0.5 * length / cells;
            for (int i = 0; i < Samples; i++)
            {
                double t = 0.25 + 0.5 * i / (Samples - 1);
                double px = a.X + t * dx, py = a.Y + t * dy;
                outside[i] = pixels.Bilinear(px - nx * offset, py - ny * offset);
                inside[i] = pixels.Bilinear(px + nx * offset, py + ny * offset);
            }

            outside.Sort();
            inside.Sort();
            double contrast = Math.Max(outside[Samples / 2] - inside[Samples / 2], 0);
            weakest = Math.Min(weakest, contrast);
            strongest = Math.Max(strongest, contrast);
        }

        return strongest > 0 ? weakest / strongest : 0;
    }

    /// <summary>Direct reads of an 8-bit grey image's pixels (no native call per pixel); valid while the image lives.</summary>
    private readonly unsafe struct GreyPixels(IntPtr data, long step, int cols, int rows)
    {
        /// <summary>The grey level at (x, y), pixels, bilinear; clamped to the image.</summary>
        public double Bilinear(double x, double y)
        {
            x = Math.Clamp(x, 0, cols - 1.001);
            y = Math.Clamp(y, 0, rows - 1.001);
            int x0 = (int)x, y0 = (int)y;
            double fx = x - x0, fy = y - y0;
            byte* row0 = (byte*)data + y0 * step + x0;
            byte* row1 = row0 + step;
            double top = row0[0] * (1 - fx) + row0[1] * fx;
            double bottom = row1[0] * (1 - fx) + row1[1] * fx;
            return top * (1 - fy) + bottom * fy;
        }
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
