using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;
using OpenCvSharp;

namespace ArSpine.Registration.Simulation;

/// <summary>
/// Renders a marker board into a synthetic 8-bit grey camera image at a known CameraFromMarker pose, through the camera
/// model (pinhole, then OpenCV's distortion), with motion blur, sensor noise, uneven lighting and partial occlusion.
/// The board is drawn from a high-resolution texture with 2x supersampling. Owns native buffers: dispose it. Not thread-safe.
/// Cost: tens of milliseconds per 1280x720 frame.
/// </summary>
public sealed class SimulatedCamera : IDisposable
{
    /// <summary>Grey level of the background.</summary>
    public const byte BackgroundGrey = 90;

    /// <summary>Grey level of printed white under gain 1.</summary>
    public const byte WhiteGrey = 235;

    /// <summary>Grey level of printed black under gain 1.</summary>
    public const byte BlackGrey = 25;

    private const int Supersampling = 2;
    private const double TexturePixelsPerMm = 12;
    private readonly Mat texture;
    private readonly double quietZoneMm;
    private readonly Mat? distortionMapX;
    private readonly Mat? distortionMapY;

    private readonly double targetWidthMm;
    private readonly double targetHeightMm;

    /// <summary>Prepares the marker board's texture and, for a camera with distortion, the distortion map. Requires the camera's image size.</summary>
    public SimulatedCamera(CameraIntrinsics camera, MarkerBoard board)
        : this(camera, board.WidthMm, board.HeightMm, Math.Max(board.GapMm, board.MarkerLengthMm * 0.25), q => RenderTexture(board, q))
    {
    }

    /// <summary>Prepares a ChArUco board's texture (drawn by OpenCV) and, for a camera with distortion, the distortion map.</summary>
    public SimulatedCamera(CameraIntrinsics camera, CharucoBoardSpec board)
        : this(camera, board.WidthMm, board.HeightMm, board.SquareMm * 0.5, q => RenderCharucoTexture(board, q))
    {
    }

    private SimulatedCamera(CameraIntrinsics camera, double widthMm, double heightMm, double quietZoneMm, Func<double, Mat> renderTexture)
    {
        Camera = camera;
        if (camera.ImageWidthPx is null || camera.ImageHeightPx is null)
        {
            throw new ArgumentException("Expected a camera with its image size (image_width, image_height).", nameof(camera));
        }

        WidthPx = camera.ImageWidthPx.Value;
        HeightPx = camera.ImageHeightPx.Value;
        targetWidthMm = widthMm;
        targetHeightMm = heightMm;
        this.quietZoneMm = quietZoneMm;
        texture = renderTexture(quietZoneMm);
        if (camera.HasDistortion)
        {
            (distortionMapX, distortionMapY) = DistortionMaps(camera, WidthPx, HeightPx);
        }
    }

    /// <summary>The camera model.</summary>
    public CameraIntrinsics Camera { get; }

    /// <summary>Image width, pixels.</summary>
    public int WidthPx { get; }

    /// <summary>Image height, pixels.</summary>
    public int HeightPx { get; }

    /// <summary>Renders one frame; the caller owns (and disposes) the returned image.</summary>
    public Mat Render(RigidTransform cameraFromMarker, FrameConditions conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        if (cameraFromMarker.TranslationMm.Z <= 0)
        {
            throw new ArgumentException($"Expected the board in front of the camera (z > 0). Was {cameraFromMarker.TranslationMm} mm.", nameof(cameraFromMarker));
        }

        using var large = new Mat(HeightPx * Supersampling, WidthPx * Supersampling, MatType.CV_8UC1, new Scalar(BackgroundGrey));
        using (Mat homography = TextureToImage(cameraFromMarker, Supersampling))
        using (Mat filtered = AreaFilteredTexture(cameraFromMarker))
        {
            Cv2.WarpPerspective(filtered, large, homography, large.Size(), InterpolationFlags.Linear, BorderTypes.Transparent);
        }

        using var ideal = new Mat();
        Cv2.Resize(large, ideal, new Size(WidthPx, HeightPx), 0, 0, InterpolationFlags.Area);
        if (conditions.OcclusionFraction > 0)
        {
            Occlude(ideal, cameraFromMarker, conditions.OcclusionFraction);
        }

        using var image = new Mat();
        if (distortionMapX is not null)
        {
            Cv2.Remap(ideal, image, distortionMapX, distortionMapY!, InterpolationFlags.Linear, BorderTypes.Constant, new Scalar(BackgroundGrey));
        }
        else
        {
            ideal.CopyTo(image);
        }

        using var light = new Mat();
        image.ConvertTo(light, MatType.CV_32FC1);
        if (conditions.BlurLengthPx > 0.5)
        {
            using Mat kernel = LineKernel(conditions.BlurLengthPx, conditions.BlurAngleDeg);
            Cv2.Filter2D(light, light, -1, kernel, borderType: BorderTypes.Replicate);
        }

        light.GetArray(out float[] pixels);
        var random = new Random(conditions.NoiseSeed);
        for (int y = 0, i = 0; y < HeightPx; y++)
        {
            for (int x = 0; x < WidthPx; x++, i++)
            {
                double gain = conditions.Gain * (1 + conditions.LightGradient * ((double)x / WidthPx - 0.5));
                double value = pixels[i] * gain;
                if (conditions.NoiseSigma > 0)
                {
                    double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
                    value += conditions.NoiseSigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
                }

                pixels[i] = (float)Math.Clamp(value, 0, 255);
            }
        }

        light.SetArray(pixels);
        var output = new Mat();
        light.ConvertTo(output, MatType.CV_8UC1);
        return output;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        texture.Dispose();
        distortionMapX?.Dispose();
        distortionMapY?.Dispose();
    }

    /// <summary>
    /// The texture box-filtered to the footprint of one supersample (texels per supersampled pixel at the board's
    /// distance), so that each supersample is the board's mean over its footprint rather than a point sample. Without it
    /// a pixel's value takes one of five levels (0 to 4 of its 2x2 point samples on black), which moves edges, and the
    /// corners found on them, by up to a tenth of a pixel in a pattern fixed for a pose: an error no number of frames
    /// averages away and no real sensor has (a sensor pixel integrates the light over its area). The caller disposes the result.
    /// </summary>
    private Mat AreaFilteredTexture(RigidTransform cameraFromMarker)
    {
        double texelsPerSample = TexturePixelsPerMm * cameraFromMarker.TranslationMm.Length / (Camera.FxPx * Supersampling);
        int box = (int)Math.Round(texelsPerSample) | 1;
        if (box < 3)
        {
            return texture.Clone();
        }

        var filtered = new Mat();
        Cv2.Blur(texture, filtered, new Size(box, box), new Point(-1, -1), BorderTypes.Replicate);
        return filtered;
    }

    /// <summary>The homography from texture pixels to (supersampled) ideal image pixels.</summary>
    private Mat TextureToImage(RigidTransform cameraFromMarker, int scale)
    {
        // Texture pixel (u, v) → board mm (X right, Y up), centred.
        double cu = (texture.Cols - 1) / 2.0, cv = (texture.Rows - 1) / 2.0;
        var textureToBoard = new double[,] { { 1 / TexturePixelsPerMm, 0, -cu / TexturePixelsPerMm }, { 0, -1 / TexturePixelsPerMm, cv / TexturePixelsPerMm }, { 0, 0, 1 } };
        Matrix3d r = cameraFromMarker.Rotation;
        Vector3d t = cameraFromMarker.TranslationMm;
        var boardToCamera = new double[,] { { r.M11, r.M12, t.X }, { r.M21, r.M22, t.Y }, { r.M31, r.M32, t.Z } };
        // Supersampled pixel centres: s = scale · x + (scale − 1) / 2.
        double half = (scale - 1) / 2.0;
        var k = new double[,] { { Camera.FxPx * scale, 0, Camera.CxPx * scale + half }, { 0, Camera.FyPx * scale, Camera.CyPx * scale + half }, { 0, 0, 1 } };
        double[,] h = Multiply(k, Multiply(boardToCamera, textureToBoard));
        return Mat.FromArray(h);
    }

    private void Occlude(Mat image, RigidTransform cameraFromMarker, double fraction)
    {
        double w = targetWidthMm / 2 + quietZoneMm * 2, hgt = targetHeightMm / 2 + quietZoneMm * 2;
        double right = -w + fraction * 2 * w;
        Vector3d[] band = [new(-w, hgt, 0), new(right, hgt, 0), new(right, -hgt, 0), new(-w, -hgt, 0)];
        var polygon = new Point[4];
        for (int i = 0; i < 4; i++)
        {
            Vector3d p = cameraFromMarker.Apply(band[i]);
            polygon[i] = new Point((int)Math.Round(Camera.FxPx * p.X / p.Z + Camera.CxPx), (int)Math.Round(Camera.FyPx * p.Y / p.Z + Camera.CyPx));
        }

        Cv2.FillConvexPoly(image, polygon, new Scalar(160), LineTypes.AntiAlias);
    }

    private static Mat RenderTexture(MarkerBoard board, double quietZoneMm)
    {
        int width = (int)Math.Round((board.WidthMm + 2 * quietZoneMm) * TexturePixelsPerMm);
        int height = (int)Math.Round((board.HeightMm + 2 * quietZoneMm) * TexturePixelsPerMm);
        var canvas = new Mat(height, width, MatType.CV_8UC1, new Scalar(WhiteGrey));
        int side = (int)Math.Round(board.MarkerLengthMm * TexturePixelsPerMm);
        using OpenCvSharp.Aruco.Dictionary dictionary = OpenCvSharp.Aruco.CvAruco.GetPredefinedDictionary(board.Dictionary);
        for (int m = 0; m < board.Count; m++)
        {
            int id = board.FirstId + m;
            Vector3d topLeft = board.CornersMm(id)[0];
            int x = (int)Math.Round((topLeft.X + board.WidthMm / 2 + quietZoneMm) * TexturePixelsPerMm);
            int y = (int)Math.Round((board.HeightMm / 2 - topLeft.Y + quietZoneMm) * TexturePixelsPerMm);
            using var marker = new Mat();
            dictionary.GenerateImageMarker(id, side, marker, 1);
            using var levels = new Mat();
            // Printed black and white, not 0 and 255.
            marker.ConvertTo(levels, MatType.CV_8UC1, (WhiteGrey - BlackGrey) / 255.0, BlackGrey);
            using Mat roi = canvas[new Rect(x, y, side, side)];
            levels.CopyTo(roi);
        }

        return canvas;
    }

    private static Mat RenderCharucoTexture(CharucoBoardSpec spec, double quietZoneMm)
    {
        int quiet = (int)Math.Round(quietZoneMm * TexturePixelsPerMm);
        int width = (int)Math.Round(spec.WidthMm * TexturePixelsPerMm), height = (int)Math.Round(spec.HeightMm * TexturePixelsPerMm);
        using OpenCvSharp.Aruco.Dictionary dictionary = OpenCvSharp.Aruco.CvAruco.GetPredefinedDictionary(spec.Dictionary);
        using var board = new OpenCvSharp.Aruco.CharucoBoard(spec.SquaresX, spec.SquaresY, (float)spec.SquareMm, (float)spec.MarkerMm, dictionary);
        using var drawn = new Mat();
        board.GenerateImage(new Size(width, height), drawn, 0, 1);
        using var levels = new Mat();
        drawn.ConvertTo(levels, MatType.CV_8UC1, (WhiteGrey - BlackGrey) / 255.0, BlackGrey);
        var canvas = new Mat(height + 2 * quiet, width + 2 * quiet, MatType.CV_8UC1, new Scalar(WhiteGrey));
        using Mat roi = canvas[new Rect(quiet, quiet, width, height)];
        levels.CopyTo(roi);
        return canvas;
    }

    private static (Mat X, Mat Y) DistortionMaps(CameraIntrinsics camera, int width, int height)
    {
        // For each pixel of the distorted output, where it lies in the ideal (undistorted) render.
        var pixels = new Point2f[width * height];
        for (int y = 0, i = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++, i++)
            {
                pixels[i] = new Point2f(x, y);
            }
        }

        using var source = Mat.FromArray(pixels);
        using var ideal = new Mat();
        using var k = Mat.FromArray(camera.CameraMatrix());
        using var d = Mat.FromArray(camera.Distortion.ToArray());
        Cv2.UndistortPoints(source, ideal, k, d, null, k);
        ideal.GetArray(out Point2f[] undistorted);
        var mapX = new Mat(height, width, MatType.CV_32FC1);
        var mapY = new Mat(height, width, MatType.CV_32FC1);
        mapX.SetArray(undistorted.Select(p => p.X).ToArray());
        mapY.SetArray(undistorted.Select(p => p.Y).ToArray());
        return (mapX, mapY);
    }

    private static Mat LineKernel(double lengthPx, double angleDeg)
    {
        int size = (int)Math.Ceiling(lengthPx) | 1;
        var kernel = new Mat(size, size, MatType.CV_32FC1, new Scalar(0));
        double c = Math.Cos(angleDeg * Math.PI / 180), s = Math.Sin(angleDeg * Math.PI / 180);
        double centre = (size - 1) / 2.0;
        var start = new Point((int)Math.Round(centre - c * (lengthPx - 1) / 2), (int)Math.Round(centre - s * (lengthPx - 1) / 2));
        var end = new Point((int)Math.Round(centre + c * (lengthPx - 1) / 2), (int)Math.Round(centre + s * (lengthPx - 1) / 2));
        Cv2.Line(kernel, start, end, new Scalar(1), 1, LineTypes.AntiAlias);
        double sum = Cv2.Sum(kernel).Val0;
        kernel.ConvertTo(kernel, MatType.CV_32FC1, 1 / sum);
        return kernel;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var c = new double[3, 3];
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                for (int k = 0; k < 3; k++)
                {
                    c[i, j] += a[i, k] * b[k, j];
                }
            }
        }

        return c;
    }
}
