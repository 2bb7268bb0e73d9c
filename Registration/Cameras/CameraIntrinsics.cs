using System.Globalization;
using ArSpine.Core.Errors;

namespace ArSpine.Registration.Cameras;

/// <summary>
/// A pinhole camera with OpenCV's distortion model, in pixels: focal lengths, principal point and the distortion
/// coefficients (k1, k2, p1, p2[, k3[, k4, k5, k6[, s1..s4[, τx, τy]]]]). The Camera frame is OpenCV's: +X right,
/// +Y down, +Z forward along the optical axis, in mm.
/// </summary>
public sealed record CameraIntrinsics
{
    /// <summary>Creates and validates the model; throws an <see cref="InvalidInputException"/> naming <paramref name="source"/> for impossible values.</summary>
    public CameraIntrinsics(double fxPx, double fyPx, double cxPx, double cyPx, IReadOnlyList<double> distortion, int? imageWidthPx = null, int? imageHeightPx = null, string source = "camera")
    {
        Require(source, "camera_matrix fx", fxPx > 0 && double.IsFinite(fxPx), "a positive focal length in pixels", fxPx);
        Require(source, "camera_matrix fy", fyPx > 0 && double.IsFinite(fyPx), "a positive focal length in pixels", fyPx);
        Require(source, "camera_matrix cx", double.IsFinite(cxPx), "a finite principal point in pixels", cxPx);
        Require(source, "camera_matrix cy", double.IsFinite(cyPx), "a finite principal point in pixels", cyPx);
        ArgumentNullException.ThrowIfNull(distortion);
        if (distortion.Count is not (0 or 4 or 5 or 8 or 12 or 14))
        {
            throw InvalidInputException.Field(source, "distortion_coefficients", "0, 4, 5, 8, 12 or 14 coefficients", $"{distortion.Count} coefficients");
        }

        for (int i = 0; i < distortion.Count; i++)
        {
            Require(source, $"distortion_coefficients[{i}]", double.IsFinite(distortion[i]), "a finite number", distortion[i]);
        }

        if (imageWidthPx is int w && w <= 0 || imageHeightPx is int h && h <= 0)
        {
            throw InvalidInputException.Field(source, "image_width/image_height", "positive sizes in pixels", $"{imageWidthPx}x{imageHeightPx}");
        }

        FxPx = fxPx;
        FyPx = fyPx;
        CxPx = cxPx;
        CyPx = cyPx;
        Distortion = distortion.ToArray();
        HasDistortion = Distortion.Any(d => d != 0);
        ImageWidthPx = imageWidthPx;
        ImageHeightPx = imageHeightPx;
    }

    /// <summary>Whether any distortion coefficient is non-zero (otherwise the lens is an ideal pinhole); known once, at construction.</summary>
    public bool HasDistortion { get; }

    /// <summary>Focal length along x, pixels.</summary>
    public double FxPx { get; }

    /// <summary>Focal length along y, pixels.</summary>
    public double FyPx { get; }

    /// <summary>Principal point x, pixels (0 at the centre of the left pixel column).</summary>
    public double CxPx { get; }

    /// <summary>Principal point y, pixels.</summary>
    public double CyPx { get; }

    /// <summary>OpenCV distortion coefficients (dimensionless), in OpenCV's order; empty for none.</summary>
    public IReadOnlyList<double> Distortion { get; }

    /// <summary>Image width the calibration was made at, pixels, when the file says.</summary>
    public int? ImageWidthPx { get; }

    /// <summary>Image height the calibration was made at, pixels, when the file says.</summary>
    public int? ImageHeightPx { get; }

    /// <summary>The 3x3 camera matrix, row-major, as OpenCV takes it.</summary>
    public double[,] CameraMatrix() => new double[,] { { FxPx, 0, CxPx }, { 0, FyPx, CyPx }, { 0, 0, 1 } };

    /// <summary>An ideal camera: square pixels, principal point at the image centre, no distortion; for simulation.</summary>
    public static CameraIntrinsics Ideal(int widthPx, int heightPx, double horizontalFieldOfViewDeg)
    {
        double f = widthPx / 2.0 / Math.Tan(horizontalFieldOfViewDeg * Math.PI / 360);
        return new CameraIntrinsics(f, f, (widthPx - 1) / 2.0, (heightPx - 1) / 2.0, [], widthPx, heightPx);
    }

    private static void Require(string source, string field, bool ok, string expected, double found)
    {
        if (!ok)
        {
            throw InvalidInputException.Field(source, field, expected, found.ToString(CultureInfo.InvariantCulture));
        }
    }
}
