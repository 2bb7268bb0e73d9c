using System.Globalization;
using System.Text;
using ArSpine.Core.Errors;
using ArSpine.Core.Serialization;
using OpenCvSharp;

namespace ArSpine.Registration.Cameras;

/// <summary>
/// Reads and writes camera intrinsics in OpenCV's calibration file format (YAML <c>%YAML:1.0</c> or JSON, through
/// cv::FileStorage): <c>camera_matrix</c> (3x3 opencv-matrix), <c>distortion_coefficients</c> (1xN or Nx1), and the
/// optional <c>image_width</c>, <c>image_height</c>. Every problem is an <see cref="InvalidInputException"/> naming the file and field.
/// </summary>
public static class CameraCalibrationFile
{
    /// <summary>Reads a calibration file.</summary>
    public static CameraIntrinsics Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: expected an OpenCV camera calibration file (YAML or JSON). Was: no such file.");
        }

        FileStorage storage;
        try
        {
            storage = new FileStorage(path, FileStorage.Modes.Read);
        }
        catch (OpenCVException e)
        {
            throw new InvalidInputException($"{path}: expected an OpenCV camera calibration file (YAML or JSON). Was unparseable: {FirstLine(e.ErrMsg)}", e);
        }

        using (storage)
        {
            if (!storage.IsOpened())
            {
                throw new InvalidInputException($"{path}: expected an OpenCV camera calibration file (YAML or JSON). Was not readable as one.");
            }

            double[,] k = ReadMatrix(storage, path, "camera_matrix", out int rows, out int cols);
            if (rows != 3 || cols != 3)
            {
                throw InvalidInputException.Field(path, "camera_matrix", "a 3x3 matrix", $"{rows}x{cols}");
            }

            if (k[1, 0] != 0 || k[2, 0] != 0 || k[2, 1] != 0 || k[2, 2] != 1 || k[0, 1] != 0)
            {
                throw InvalidInputException.Field(path, "camera_matrix", "[fx 0 cx; 0 fy cy; 0 0 1]", string.Join(", ", k.Cast<double>().Select(v => v.ToString(CultureInfo.InvariantCulture))));
            }

            double[,] d = ReadMatrix(storage, path, "distortion_coefficients", out int dRows, out int dCols);
            if (dRows != 1 && dCols != 1)
            {
                throw InvalidInputException.Field(path, "distortion_coefficients", "a 1xN or Nx1 matrix", $"{dRows}x{dCols}");
            }

            double[] distortion = d.Cast<double>().ToArray();
            int? width = ReadOptionalInt(storage, path, "image_width");
            int? height = ReadOptionalInt(storage, path, "image_height");
            return new CameraIntrinsics(k[0, 0], k[1, 1], k[0, 2], k[1, 2], distortion, width, height, path);
        }
    }

    /// <summary>Writes a calibration file in OpenCV's YAML format (or JSON when the name ends in .json), atomically.</summary>
    public static void Write(string path, CameraIntrinsics camera, double? rmsReprojectionErrorPx = null)
    {
        // In memory mode the name only chooses the format, by its extension (.json, .yml/.yaml, .xml).
        string yamlOrJson;
        using (var storage = new FileStorage(Path.GetExtension(path), FileStorage.Modes.Write | FileStorage.Modes.Memory))
        {
            if (camera.ImageWidthPx is int w && camera.ImageHeightPx is int h)
            {
                storage.Write("image_width", w);
                storage.Write("image_height", h);
            }

            using var k = Mat.FromArray(camera.CameraMatrix());
            storage.Write("camera_matrix", k);
            using var d = Mat.FromArray(camera.Distortion.ToArray()).Reshape(1, 1);
            storage.Write("distortion_coefficients", d);
            if (rmsReprojectionErrorPx is double rms)
            {
                storage.Write("avg_reprojection_error", rms);
            }

            yamlOrJson = storage.ReleaseAndGetString();
        }

        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(yamlOrJson));
    }

    private static double[,] ReadMatrix(FileStorage storage, string path, string name, out int rows, out int cols)
    {
        using FileNode? node = storage[name];
        // A missing key gives a null or empty node.
        if (node is null || node.Empty)
        {
            throw InvalidInputException.Field(path, name, "an opencv-matrix", "missing");
        }

        Mat m;
        try
        {
            m = node.ReadMat();
        }
        catch (OpenCVException e)
        {
            throw InvalidInputException.Field(path, name, "an opencv-matrix with rows, cols, dt and data", FirstLine(e.ErrMsg));
        }

        using (m)
        {
            if (m.Empty())
            {
                throw InvalidInputException.Field(path, name, "an opencv-matrix with rows, cols, dt and data", "an empty or malformed node");
            }

            rows = m.Rows;
            cols = m.Cols;
            if (m.Channels() != 1)
            {
                throw InvalidInputException.Field(path, name, "a single-channel matrix", $"{m.Channels()} channels");
            }

            using var asDouble = new Mat();
            m.ConvertTo(asDouble, MatType.CV_64FC1);
            var values = new double[rows, cols];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < cols; c++)
                {
                    values[r, c] = asDouble.At<double>(r, c);
                }
            }

            return values;
        }
    }

    private static int? ReadOptionalInt(FileStorage storage, string path, string name)
    {
        using FileNode? node = storage[name];
        // A missing key gives a null or empty node.
        if (node is null || node.Empty || node.Type == FileNode.Types.None)
        {
            return null;
        }

        if (node.Type != FileNode.Types.Int)
        {
            throw InvalidInputException.Field(path, name, "an integer number of pixels", node.Type);
        }

        return node.ReadInt();
    }

    private static string FirstLine(string? message) => (message ?? "").Split('\n')[0].Trim();
}
