using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ArSpine.Core.Errors;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;
using ArSpine.Registration.Numerics;
using OpenCvSharp;
using OpenCvSharp.Aruco;

namespace ArSpine.App.CommandLine;

/// <summary><c>arspine detect IMAGE --dict NAME [--camera CAM.yml --marker-mm S] [--json]</c>: marker ids, corners and, with a camera, poses.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "Image file (PNG, JPEG, TIFF, BMP)" };
        var dictionary = new Option<string>("--dict") { Description = "Marker dictionary as OpenCV names it: DICT_6X6_250, DICT_APRILTAG_36h11, ...", Required = true };
        var camera = new Option<string?>("--camera") { Description = "OpenCV calibration file (YAML or JSON) with camera_matrix and distortion_coefficients; with --marker-mm gives poses" };
        var markerMm = new Option<double?>("--marker-mm") { Description = "Side of the marker's black square, mm" };
        var refine = new Option<CornerRefinement>("--refine") { Description = "Corner refinement", DefaultValueFactory = _ => CornerRefinement.Subpixel };
        var json = new Option<bool>("--json") { Description = "Print one JSON document on standard output" };
        var command = new Command("detect", "Detect ArUco or AprilTag markers in an image: ids, corners in pixels, and poses (Camera frame, mm) with reprojection errors")
        {
            image, dictionary, camera, markerMm, refine, json,
        };
        command.SetAction(parse => OpenCvErrors.Guard(parse.GetValue(image)!, () =>
        {
            string imagePath = parse.GetValue(image)!;
            PredefinedDictionaryType type = MarkerDictionary.Parse(parse.GetValue(dictionary)!);
            string? cameraPath = parse.GetValue(camera);
            double? lengthMm = parse.GetValue(markerMm);
            if ((cameraPath is null) != (lengthMm is null))
            {
                throw InvalidInputException.Field(null, cameraPath is null ? "--camera" : "--marker-mm", "--camera and --marker-mm together (a pose needs both)", "only one of them");
            }

            if (lengthMm is double l && !(l > 0 && double.IsFinite(l)))
            {
                throw InvalidInputException.Field(null, "--marker-mm", "a positive side length in mm", l.ToString(CultureInfo.InvariantCulture));
            }

            PlanarPoseSolver? solver = cameraPath is null ? null : new PlanarPoseSolver(CameraCalibrationFile.Read(cameraPath));
            using Mat frame = MarkerDetector.ReadImage(imagePath);
            using var detector = new MarkerDetector(type, parse.GetValue(refine));
            var observations = detector.Detect(frame)
                .Select(d => new MarkerObservation(d, solver?.SolveSquare(d.CornersPx, lengthMm!.Value)))
                .ToArray();
            if (parse.GetValue(json))
            {
                RegistrationJson.Print(ToJson(imagePath, type, frame, lengthMm, observations));
            }
            else
            {
                PrintText(imagePath, type, frame, observations);
            }

            return 0;
        }));
        return command;
    }

    private static JsonObject ToJson(string imagePath, PredefinedDictionaryType type, Mat frame, double? lengthMm, MarkerObservation[] observations)
    {
        var markers = new JsonArray();
        foreach (MarkerObservation o in observations)
        {
            var corners = new JsonArray();
            foreach (PixelPoint p in o.Detection.CornersPx)
            {
                corners.Add(RegistrationJson.Numbers([p.X, p.Y]));
            }

            var marker = new JsonObject { ["id"] = o.Detection.Id, ["cornersPx"] = corners };
            if (o.Pose is MarkerPose pose)
            {
                marker["pose"] = new JsonObject
                {
                    ["cameraFromMarker"] = RegistrationJson.MatrixNode(pose.CameraFromMarker),
                    ["rvecRad"] = RegistrationJson.Vector(QuaternionD.ToRotationVector(pose.CameraFromMarker.Rotation)),
                    ["tvecMm"] = RegistrationJson.Vector(pose.CameraFromMarker.TranslationMm),
                    ["reprojectionErrorPx"] = pose.ReprojectionErrorPx,
                    ["alternativeReprojectionErrorPx"] = pose.AlternativeReprojectionErrorPx,
                    ["ambiguous"] = pose.Ambiguous,
                };
            }

            markers.Add(marker);
        }

        return new JsonObject
        {
            ["image"] = imagePath,
            ["widthPx"] = frame.Width,
            ["heightPx"] = frame.Height,
            ["dictionary"] = MarkerDictionary.OpenCvName(type),
            ["markerMm"] = lengthMm,
            ["markers"] = markers,
        };
    }

    private static void PrintText(string imagePath, PredefinedDictionaryType type, Mat frame, MarkerObservation[] observations)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{imagePath}: {frame.Width}x{frame.Height} px, {observations.Length} {MarkerDictionary.OpenCvName(type)} marker{(observations.Length == 1 ? "" : "s")}"));
        foreach (MarkerObservation o in observations)
        {
            string corners = string.Join(" ", o.Detection.CornersPx.Select(p => string.Create(c, $"({p.X:0.00}, {p.Y:0.00})")));
            Console.WriteLine(string.Create(c, $"  id {o.Detection.Id}: corners {corners} px"));
            if (o.Pose is MarkerPose pose)
            {
                Console.WriteLine(string.Create(c, $"    CameraFromMarker: translation {pose.CameraFromMarker.TranslationMm} mm, rotation {pose.CameraFromMarker.RotationAngleDeg:0.00}°, reprojection {pose.ReprojectionErrorPx:0.000} px{(pose.Ambiguous ? " (AMBIGUOUS tilt)" : "")}"));
            }
        }
    }
}
