using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ArSpine.Core.Errors;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;

namespace ArSpine.App.CommandLine;

/// <summary><c>arspine calibrate IMAGES... -o CAM.yml</c>: camera intrinsics and distortion from ChArUco board images.</summary>
internal static class CalibrateCommand
{
    public static Command Create()
    {
        var images = new Argument<string[]>("IMAGES") { Description = "Images of a ChArUco board from several angles (at least 3)", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Calibration file to write (OpenCV YAML, or JSON for a .json name)", Required = true };
        var squares = new Option<string>("--squares") { Description = "Chessboard squares across x down", DefaultValueFactory = _ => "5x7" };
        var squareMm = new Option<double>("--square-mm") { Description = "Side of a chessboard square, mm", DefaultValueFactory = _ => 40 };
        var markerMm = new Option<double>("--marker-mm") { Description = "Side of a marker, mm", DefaultValueFactory = _ => 20 };
        var dictionary = new Option<string>("--dict") { Description = "Marker dictionary", DefaultValueFactory = _ => "DICT_6X6_250" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document on standard output" };
        var command = new Command("calibrate", "Calibrate a camera from ChArUco board images: writes camera_matrix and distortion_coefficients")
        {
            images, output, squares, squareMm, markerMm, dictionary, json,
        };
        command.SetAction(parse => OpenCvErrors.Guard(string.Join(", ", parse.GetValue(images)!), () =>
        {
            string[] files = parse.GetValue(images)!;
            (int x, int y) = ParseSquares(parse.GetValue(squares)!);
            var spec = new CharucoBoardSpec(MarkerDictionary.Parse(parse.GetValue(dictionary)!), x, y, parse.GetValue(squareMm), parse.GetValue(markerMm));
            CalibrationResult result = CharucoCalibration.Calibrate(files, spec);
            string outputPath = parse.GetValue(output)!;
            CameraCalibrationFile.Write(outputPath, result.Camera, result.RmsReprojectionErrorPx);
            CameraIntrinsics c = result.Camera;
            if (parse.GetValue(json))
            {
                var views = new JsonArray();
                foreach (CalibrationView v in result.Views)
                {
                    views.Add(new JsonObject { ["image"] = v.File, ["corners"] = v.Corners, ["used"] = v.Used });
                }

                RegistrationJson.Print(new JsonObject
                {
                    ["output"] = outputPath,
                    ["widthPx"] = c.ImageWidthPx,
                    ["heightPx"] = c.ImageHeightPx,
                    ["fxPx"] = c.FxPx,
                    ["fyPx"] = c.FyPx,
                    ["cxPx"] = c.CxPx,
                    ["cyPx"] = c.CyPx,
                    ["distortion"] = RegistrationJson.Numbers(c.Distortion),
                    ["rmsReprojectionErrorPx"] = result.RmsReprojectionErrorPx,
                    ["views"] = views,
                });
            }
            else
            {
                var ci = CultureInfo.InvariantCulture;
                foreach (CalibrationView v in result.Views)
                {
                    Console.WriteLine(string.Create(ci, $"{v.File}: {v.Corners} corners{(v.Used ? "" : " (not used)")}"));
                }

                Console.WriteLine(string.Create(ci, $"fx {c.FxPx:0.###} px, fy {c.FyPx:0.###} px, cx {c.CxPx:0.###} px, cy {c.CyPx:0.###} px; distortion {string.Join(", ", c.Distortion.Select(d => d.ToString("0.######", ci)))}"));
                Console.WriteLine(string.Create(ci, $"RMS reprojection error {result.RmsReprojectionErrorPx:0.000} px; wrote {outputPath}"));
            }

            return 0;
        }));
        return command;
    }

    private static (int X, int Y) ParseSquares(string text)
    {
        string[] parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int x) && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int y) && x >= 2 && y >= 2)
        {
            return (x, y);
        }

        throw InvalidInputException.Field(null, "--squares", "squares across x down, at least 2x2, such as 5x7", text);
    }
}
