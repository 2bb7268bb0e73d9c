using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ArSpine.Core.Cases;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;
using ArSpine.Registration.Simulation;
using ArSpine.Registration.Tracking;

namespace ArSpine.App.CommandLine;

/// <summary><c>arspine accuracy CASE [--runs N] [--json]</c>: Monte Carlo TRE and angular error at the case's planned screw tips through the simulated camera and the real tracking pipeline.</summary>
internal static class AccuracyCommand
{
    /// <summary>The issue's goal: p95 TRE at most 2 mm and p95 angular error at most 2°.</summary>
    private const double GoalMm = 2, GoalDeg = 2;

    public static Command Create()
    {
        var caseFolder = new Argument<string>("CASE") { Description = "Case folder holding case.json (its plan's screw tips are the targets)" };
        var runs = new Option<int>("--runs") { Description = "Simulated poses", DefaultValueFactory = _ => 200 };
        var frames = new Option<int>("--frames") { Description = "Camera frames per pose, through the pose filter", DefaultValueFactory = _ => 1 };
        var camera = new Option<string?>("--camera") { Description = "OpenCV calibration file with image_width and image_height; default an ideal 1280x720 camera with a 64.7° horizontal field of view" };
        var dictionary = new Option<string?>("--dict") { Description = "Marker dictionary (default DICT_APRILTAG_36h11 for marker grids, DICT_4X4_50 for ChArUco)" };
        var board = new Option<string>("--board") { Description = "Markers across x down, such as 2x2 (1x1: a single marker), or charucoWxH for a ChArUco board of W x H squares", DefaultValueFactory = _ => "2x2" };
        var markerMm = new Option<double?>("--marker-mm") { Description = "Side of each marker, mm (default 22; for ChArUco 0.7 of the square)" };
        var squareMm = new Option<double>("--square-mm") { Description = "ChArUco square, mm (5x5 squares of 10 mm is a 5 cm board)", DefaultValueFactory = _ => 10 };
        var gapMm = new Option<double>("--gap-mm") { Description = "Gap between markers, mm (2x2 of 22 mm with 6 mm gaps is a 5 cm board)", DefaultValueFactory = _ => 6 };
        var distance = new Option<string>("--distance-mm") { Description = "Camera-to-board distance range MIN,MAX in mm", DefaultValueFactory = _ => "400,600" };
        var offset = new Option<string>("--marker-offset-mm") { Description = "Board centre relative to the centroid of the targets, x,y,z in the Ct frame (LPS mm); the board faces posterior", DefaultValueFactory = _ => "0,60,140" };
        var fle = new Option<double>("--fle-mm") { Description = "Fiducial localisation error of the CT-to-marker registration (RMS mm); 0: a perfect registration" };
        var blur = new Option<double>("--max-blur-px") { Description = "Largest motion blur, pixels", DefaultValueFactory = _ => 2 };
        var noise = new Option<string>("--noise-sigma") { Description = "Sensor noise range MIN,MAX, grey levels", DefaultValueFactory = _ => "1,4" };
        var occlusion = new Option<double>("--occlusion") { Description = "Share of runs with part of the board occluded, 0 to 1", DefaultValueFactory = _ => 0.2 };
        var tilt = new Option<double>("--max-tilt-deg") { Description = "Largest tilt of the board from facing the camera, degrees", DefaultValueFactory = _ => 40 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation", DefaultValueFactory = _ => 1 };
        var gateMm = new Option<double>("--max-predicted-error-mm") { Description = "Pose-uncertainty gate: a frame's pose whose predicted 95% error at any target (from the pose solver's Jacobian and residuals) exceeds this is not used, mm", DefaultValueFactory = _ => new PoseUncertaintyGate().MaxTargetError95Mm };
        var noGate = new Option<bool>("--no-pose-gate") { Description = "Use every pose, however uncertain (the prediction is still reported)" };
        var details = new Option<bool>("--details") { Description = "With --json: every run, not only the three worst" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document on standard output" };
        var command = new Command("accuracy", "Monte Carlo accuracy of marker tracking at a case's planned screw tips: p50, p95 and max of TRE (mm) and angular error (°)")
        {
            caseFolder, runs, frames, camera, dictionary, board, markerMm, squareMm, gapMm, distance, offset, fle, blur, noise, occlusion, tilt, seed, gateMm, noGate, details, json,
        };
        command.SetAction(parse => OpenCvErrors.Guard(parse.GetValue(caseFolder)!, () =>
        {
            string folder = parse.GetValue(caseFolder)!;
            SurgicalCase surgicalCase = SurgicalCase.Load(folder);
            if (surgicalCase.Plan.Screws.Count == 0)
            {
                throw InvalidInputException.Field(Path.Combine(folder, SurgicalCase.FileName), "plan.screws", "at least one planned screw (its tip is a target)", "none");
            }

            int runCount = Positive("--runs", parse.GetValue(runs));
            int frameCount = Positive("--frames", parse.GetValue(frames));
            CameraIntrinsics intrinsics = parse.GetValue(camera) is string cameraPath ? CameraCalibrationFile.Read(cameraPath) : CameraIntrinsics.Ideal(1280, 720, 64.7);
            if (intrinsics.ImageWidthPx is null || intrinsics.ImageHeightPx is null)
            {
                throw InvalidInputException.Field(parse.GetValue(camera), "image_width/image_height", "the image size in pixels (the simulation renders at it)", "missing");
            }

            string boardText = parse.GetValue(board)!;
            bool charuco = boardText.StartsWith("charuco", StringComparison.OrdinalIgnoreCase);
            var type = MarkerDictionary.Parse(parse.GetValue(dictionary) ?? (charuco ? "DICT_4X4_50" : "DICT_APRILTAG_36h11"));
            double square = PositiveMm("--square-mm", parse.GetValue(squareMm));
            double marker = PositiveMm("--marker-mm", parse.GetValue(markerMm) ?? (charuco ? 0.7 * square : 22));
            (int columns, int rows) = ParseBoard(charuco ? boardText[7..] : boardText, charuco ? 2 : 1);
            MarkerBoard? markerBoard = charuco ? null : new MarkerBoard(type, columns, rows, marker, NonNegativeMm("--gap-mm", parse.GetValue(gapMm)));
            CharucoBoardSpec? charucoBoard = charuco ? new CharucoBoardSpec(type, columns, rows, square, marker) : null;
            if (charucoBoard is not null && !(marker < square))
            {
                throw InvalidInputException.Field(null, "--marker-mm", "a marker smaller than the ChArUco square", marker.ToString(CultureInfo.InvariantCulture));
            }

            (double minMm, double maxMm) = ParseRange("--distance-mm", parse.GetValue(distance)!, 0);
            (double minNoise, double maxNoise) = ParseRange("--noise-sigma", parse.GetValue(noise)!, -1);
            double occlusionShare = parse.GetValue(occlusion);
            if (!(occlusionShare >= 0 && occlusionShare <= 1))
            {
                throw InvalidInputException.Field(null, "--occlusion", "a share from 0 to 1", occlusionShare.ToString(CultureInfo.InvariantCulture));
            }

            double maxTilt = parse.GetValue(tilt);
            if (!(maxTilt >= 0 && maxTilt < 80))
            {
                throw InvalidInputException.Field(null, "--max-tilt-deg", "an angle from 0 to 80 degrees", maxTilt.ToString(CultureInfo.InvariantCulture));
            }

            Vector3d offsetCt = ParseVector("--marker-offset-mm", parse.GetValue(offset)!);
            Vector3d[] targets = surgicalCase.Plan.Screws.Select(s => s.TargetCt).ToArray();
            Vector3d centroid = targets.Aggregate(Vector3d.Zero, (a, b) => a + b) / targets.Length;
            // Board axes in the Ct frame: +X patient left, +Z posterior (out of the face), +Y = Z × X (inferior).
            var ctFromMarker = new RigidTransform(Matrix3d.FromColumns(Vector3d.UnitX, -Vector3d.UnitZ, Vector3d.UnitY), centroid + offsetCt);
            var settings = new AccuracyStudySettings
            {
                Runs = runCount,
                FramesPerRun = frameCount,
                MinDistanceMm = minMm,
                MaxDistanceMm = maxMm,
                FleMm = NonNegativeMm("--fle-mm", parse.GetValue(fle)),
                MaxBlurPx = NonNegativeMm("--max-blur-px", parse.GetValue(blur)),
                MinNoiseSigma = minNoise,
                MaxNoiseSigma = maxNoise,
                OcclusionProbability = occlusionShare,
                MaxTiltDeg = maxTilt,
                Seed = parse.GetValue(seed),
                UncertaintyGate = new PoseUncertaintyGate { MaxTargetError95Mm = PositiveMm("--max-predicted-error-mm", parse.GetValue(gateMm)), Enabled = !parse.GetValue(noGate) },
            };
            AccuracyReport report = markerBoard is not null
                ? AccuracyStudy.Run(intrinsics, markerBoard, ctFromMarker.Inverse(), targets, settings)
                : AccuracyStudy.Run(intrinsics, charucoBoard!, ctFromMarker.Inverse(), targets, settings);
            JsonObject boardJson = markerBoard is not null
                ? new JsonObject
                {
                    ["kind"] = "markers",
                    ["dictionary"] = MarkerDictionary.OpenCvName(markerBoard.Dictionary),
                    ["columns"] = markerBoard.Columns,
                    ["rows"] = markerBoard.Rows,
                    ["markerMm"] = markerBoard.MarkerLengthMm,
                    ["gapMm"] = markerBoard.GapMm,
                    ["widthMm"] = markerBoard.WidthMm,
                }
                : new JsonObject
                {
                    ["kind"] = "charuco",
                    ["dictionary"] = MarkerDictionary.OpenCvName(charucoBoard!.Dictionary),
                    ["columns"] = charucoBoard.SquaresX,
                    ["rows"] = charucoBoard.SquaresY,
                    ["squareMm"] = charucoBoard.SquareMm,
                    ["markerMm"] = charucoBoard.MarkerMm,
                    ["widthMm"] = charucoBoard.WidthMm,
                };
            if (parse.GetValue(json))
            {
                JsonObject document = ToJson(folder, surgicalCase.Plan, intrinsics, boardJson, settings, report);
                if (parse.GetValue(details))
                {
                    document["runDetails"] = RunsJson(report.RunDetails);
                }

                RegistrationJson.Print(document);
            }
            else
            {
                PrintText(surgicalCase.Plan, intrinsics, boardJson, settings, report);
            }

            return 0;
        }));
        return command;
    }

    private static JsonObject Distribution(ErrorDistribution d) => new() { ["p50"] = d.P50, ["p95"] = d.P95, ["max"] = d.Max, ["count"] = d.Count };

    private static JsonObject ToJson(string folder, SurgicalPlan plan, CameraIntrinsics camera, JsonObject board, AccuracyStudySettings settings, AccuracyReport report)
    {
        var targets = new JsonArray();
        for (int t = 0; t < plan.Screws.Count; t++)
        {
            ScrewTrajectory screw = plan.Screws[t];
            targets.Add(new JsonObject
            {
                ["vertebra"] = screw.Vertebra,
                ["side"] = screw.Side.ToString(),
                ["targetCtMm"] = RegistrationJson.Vector(screw.TargetCt),
                ["distanceFromBoardMm"] = report.TargetDistancesMm[t],
                ["treMm"] = Distribution(report.PerTargetTreMm[t]),
            });
        }

        return new JsonObject
        {
            ["case"] = folder,
            ["runs"] = report.Runs,
            ["runsDetected"] = report.RunsDetected,
            ["framesPerRun"] = settings.FramesPerRun,
            ["camera"] = new JsonObject { ["widthPx"] = camera.ImageWidthPx, ["heightPx"] = camera.ImageHeightPx, ["fxPx"] = camera.FxPx, ["fyPx"] = camera.FyPx },
            ["board"] = board,
            ["distanceMm"] = RegistrationJson.Numbers([settings.MinDistanceMm, settings.MaxDistanceMm]),
            ["fleMm"] = settings.FleMm,
            ["maxBlurPx"] = settings.MaxBlurPx,
            ["noiseSigma"] = RegistrationJson.Numbers([settings.MinNoiseSigma, settings.MaxNoiseSigma]),
            ["occlusionShare"] = settings.OcclusionProbability,
            ["maxTiltDeg"] = settings.MaxTiltDeg,
            ["seed"] = settings.Seed,
            ["treMm"] = Distribution(report.TreMm),
            ["angleErrorDeg"] = Distribution(report.AngleErrorDeg),
            ["reprojectionErrorPx"] = Distribution(report.ReprojectionErrorPx),
            ["targets"] = targets,
            ["poseGate"] = new JsonObject
            {
                ["enabled"] = settings.UncertaintyGate.Enabled,
                ["maxPredictedError95Mm"] = settings.UncertaintyGate.MaxTargetError95Mm,
                ["cornerSigmaFloorPx"] = settings.UncertaintyGate.CornerSigmaFloorPx,
                ["framesRefused"] = FramesRefused(report),
                ["runsEndedUntrustedByGate"] = RunsLostToGate(report),
            },
            ["worstRuns"] = WorstRuns(report),
            ["goal"] = new JsonObject { ["treP95Mm"] = GoalMm, ["angleP95Deg"] = GoalDeg, ["met"] = GoalMet(report) },
        };
    }

    private static int FramesRefused(AccuracyReport report) => report.RunDetails.Sum(r => r.Frames.Count(f => f.Outcome == MeasurementOutcome.RejectedUncertain));

    /// <summary>Runs that ended untrusted with at least one located frame refused by the gate.</summary>
    private static int RunsLostToGate(AccuracyReport report) =>
        report.RunDetails.Count(r => r.MaxTreMm is null && r.Frames.Any(f => f.Outcome == MeasurementOutcome.RejectedUncertain));

    /// <summary>The three runs with the largest TRE, with what is needed to see why (distance, tilt, occlusion, frames located).</summary>
    private static JsonArray WorstRuns(AccuracyReport report) => RunsJson(report.RunDetails.Where(r => r.MaxTreMm is not null).OrderByDescending(r => r.MaxTreMm).Take(3));

    /// <summary>Runs with what is needed to see why they went as they did (distance, tilt, occlusion, frames located and refused, the gate's prediction).</summary>
    private static JsonArray RunsJson(IEnumerable<AccuracyRun> runs)
    {
        var worst = new JsonArray();
        foreach (AccuracyRun run in runs)
        {
            double[] predicted = run.Frames.Where(f => f.Located).Select(f => f.PredictedError95Mm).ToArray();
            double[] frameErrors = run.Frames.Where(f => f.Located).Select(f => f.TargetErrorMm).ToArray();
            worst.Add(new JsonObject
            {
                ["run"] = run.Index,
                ["maxTreMm"] = run.MaxTreMm,
                ["angleErrorDeg"] = run.AngleErrorDeg,
                ["distanceMm"] = run.CameraFromMarker.TranslationMm.Length,
                ["tiltDeg"] = run.TiltDeg,
                ["occlusion"] = run.Frames[0].Conditions.OcclusionFraction,
                ["framesLocated"] = run.Frames.Count(f => f.Located),
                ["framesAmbiguous"] = run.Frames.Count(f => f.Ambiguous),
                ["framesRefusedUncertain"] = run.Frames.Count(f => f.Outcome == MeasurementOutcome.RejectedUncertain),
                ["finalState"] = run.FinalState.ToString(),
                // Null where no pose was located or the median prediction is infinite (a pose the solver could not bound).
                ["predictedError95MmMedian"] = predicted.Length == 0 || !double.IsFinite(ErrorDistribution.Of(predicted).P50) ? null : ErrorDistribution.Of(predicted).P50,
                ["frameTargetErrorMmMedian"] = frameErrors.Length == 0 ? null : ErrorDistribution.Of(frameErrors).P50,
            });
        }

        return worst;
    }

    private static bool GoalMet(AccuracyReport report) => report.RunsDetected > 0 && report.TreMm.P95 <= GoalMm && report.AngleErrorDeg.P95 <= GoalDeg;

    private static void PrintText(SurgicalPlan plan, CameraIntrinsics camera, JsonObject board, AccuracyStudySettings settings, AccuracyReport report)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"camera {camera.ImageWidthPx}x{camera.ImageHeightPx} px (fx {camera.FxPx:0.0} px); {board["kind"]} board {board["columns"]}x{board["rows"]} {board["dictionary"]}, {(double)board["markerMm"]!:0.#} mm markers, {(double)board["widthMm"]!:0.#} mm wide; {settings.MinDistanceMm:0}–{settings.MaxDistanceMm:0} mm"));
        Console.WriteLine(string.Create(c, $"runs: {report.Runs} ({report.RunsDetected} ended with a trusted pose; the others are not navigable), {settings.FramesPerRun} frame(s) each"));
        Console.WriteLine(settings.UncertaintyGate.Enabled
            ? string.Create(c, $"pose gate: predicted 95% error at the targets ≤ {settings.UncertaintyGate.MaxTargetError95Mm:0.##} mm; {FramesRefused(report)} frame(s) refused, {RunsLostToGate(report)} run(s) left untrusted by it")
            : "pose gate: off (--no-pose-gate)");
        Console.WriteLine(string.Create(c, $"TRE at the screw tips:  p50 {report.TreMm.P50:0.00} mm, p95 {report.TreMm.P95:0.00} mm, max {report.TreMm.Max:0.00} mm"));
        Console.WriteLine(string.Create(c, $"angular error:          p50 {report.AngleErrorDeg.P50:0.00}°, p95 {report.AngleErrorDeg.P95:0.00}°, max {report.AngleErrorDeg.Max:0.00}°"));
        for (int t = 0; t < plan.Screws.Count; t++)
        {
            Console.WriteLine(string.Create(c, $"  {plan.Screws[t].Vertebra} {plan.Screws[t].Side}: {report.TargetDistancesMm[t]:0} mm from the board, TRE p95 {report.PerTargetTreMm[t].P95:0.00} mm"));
        }

        foreach (JsonNode? run in WorstRuns(report))
        {
            Console.WriteLine(string.Create(c, $"  worst: run {run!["run"]}, TRE {(double)run["maxTreMm"]!:0.00} mm, {(double)run["angleErrorDeg"]!:0.00}°, at {(double)run["distanceMm"]!:0} mm tilted {(double)run["tiltDeg"]!:0.0}°, occlusion {(double)run["occlusion"]!:0.00}, {run["framesLocated"]} frame(s) located"));
        }

        Console.WriteLine(GoalMet(report) ? "goal met (p95 TRE ≤ 2 mm and p95 angle ≤ 2°)" : "goal NOT met (p95 TRE ≤ 2 mm and p95 angle ≤ 2°)");
    }

    private static (int Columns, int Rows) ParseBoard(string text, int minimum)
    {
        string[] parts = text.ToLowerInvariant().Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int columns) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int rows) || columns < minimum || rows < minimum)
        {
            throw InvalidInputException.Field(null, "--board", "markers across x down, such as 2x2, or charucoWxH such as charuco5x5", text);
        }

        return (columns, rows);
    }

    /// <summary>"MIN,MAX" with <paramref name="floor"/> &lt; MIN ≤ MAX.</summary>
    private static (double Min, double Max) ParseRange(string option, string text, double floor)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double min) && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double max) && min > floor && max >= min && double.IsFinite(max))
        {
            return (min, max);
        }

        throw InvalidInputException.Field(null, option, string.Create(CultureInfo.InvariantCulture, $"MIN,MAX with {floor} < MIN ≤ MAX"), text);
    }

    private static Vector3d ParseVector(string option, string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var v = new double[3];
        if (parts.Length == 3 && Enumerable.Range(0, 3).All(i => double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) && double.IsFinite(v[i])))
        {
            return new Vector3d(v[0], v[1], v[2]);
        }

        throw InvalidInputException.Field(null, option, "three numbers x,y,z in mm", text);
    }

    private static int Positive(string option, int value) => value > 0 ? value : throw InvalidInputException.Field(null, option, "a positive count", value);

    private static double PositiveMm(string option, double value) =>
        value > 0 && double.IsFinite(value) ? value : throw InvalidInputException.Field(null, option, "a positive length in mm", value.ToString(CultureInfo.InvariantCulture));

    private static double NonNegativeMm(string option, double value) =>
        value >= 0 && double.IsFinite(value) ? value : throw InvalidInputException.Field(null, option, "zero or a positive length in mm", value.ToString(CultureInfo.InvariantCulture));
}
