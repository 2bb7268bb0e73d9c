using System.Diagnostics;
using System.Globalization;
using ArSpine.App.Cases;
using ArSpine.App.Navigation;
using ArSpine.App.Simulation;
using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Registration.Tracking;

// Latency from a camera frame's arrival (the simulated headset camera hands over a rendered 1280x720 frame) to the updated
// overlay pose (the frame loop's NavigationSession.Update has taken in the detection result and computed WorldFromCt).
// Two figures, median and p95:
//   pipeline:  detection + board pose + filter + WorldFromCt for one frame, run back to back on pre-rendered frames;
//   app:       the same with the detection worker and a 60 Hz frame loop, as the app runs (adds the wait for the next frame-loop tick).
// Goal (issue 7): under one 60 Hz frame, 16.7 ms. Usage: dotnet run -c Release --project bench/NavigationLatency [SECONDS]
double seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
CasePackage package = PhantomPackage.Create(LumbarSpinePhantom.Generate(SampleCase.Parameters), "out/bench-case");
OperatingRoom room = OperatingRoom.Create(package);
Console.WriteLine($"Sample phantom, 2x2 AprilTag board 50 mm, {room.Camera.ImageWidthPx}x{room.Camera.ImageHeightPx} camera at {room.Settings.HeadDistanceMm} mm; {Environment.ProcessorCount} CPUs");

// Pipeline: pre-rendered frames through MarkerPipeline and PatientTracker, back to back.
var pipelineMs = new List<double>();
using (var source = new SimulatedFrameSource(room, frameRateHz: 1000, seed: 2))
using (var pipeline = new MarkerPipeline(room.Board, room.Camera))
{
    var clock = new AppClock();
    var frames = new List<CameraFrame>();
    for (int f = 0; f < 60; f++)
    {
        clock.Set(f / 60.0);
        source.SetHead(f / 60.0, room.DefaultWorldFromHead);
        if (source.TryCapture(clock, out CameraFrame? frame))
        {
            frames.Add(frame!);
        }
    }

    var tracker = new PatientTracker(new PoseFilterSettings(), room.TrueMarkerFromCt, new ArSpine.Registration.PointRegistration.RegistrationAcceptance(true, []));
    for (int repeat = 0; repeat < 5; repeat++)
    {
        for (int f = 0; f < frames.Count; f++)
        {
            long start = Stopwatch.GetTimestamp();
            TrackingResult result = pipeline.Process(frames[f]);
            NavigationFrame navigation = tracker.Step(repeat * 10 + f / 60.0, result.WorldFromCamera, result.CameraFromMarker, result.AmbiguousAlternative);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (repeat > 0 && navigation.WorldFromCt is not null)
            {
                pipelineMs.Add(ms);
            }
        }
    }

    frames.ForEach(f => f.Dispose());
}

// App: the detection worker and a 60 Hz frame loop.
var appMs = new List<double>();
var processingMs = new List<double>();
var simulated = new SimulatedFrameSource(room, frameRateHz: 30, seed: 3);
using (var session = new NavigationSession(package, simulated, new NavigationSettings { Threading = DetectionThreading.Worker }))
{
    var pointer = new SimulatedPointer(room.TrueMarkerFromCt, 0.5, seed: 4);
    session.ProposeFromFiducials(package.Case.Fiducials!.Select(f => pointer.Touch(f.PositionCt)).ToArray());
    if (!session.Accept())
    {
        throw new InvalidOperationException("Expected the simulated registration within its thresholds.");
    }

    session.Start();
    var clock = Stopwatch.StartNew();
    long lastSequence = 0;
    int tick = 0;
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        double now = tick / 60.0;
        while (clock.Elapsed.TotalSeconds < now)
        {
            Thread.Sleep(1);
        }

        simulated.SetHead(now, room.DefaultWorldFromHead);
        NavigationStatus status = session.Update(now);
        if (status.ResultSequence != lastSequence && tick > 60)
        {
            appMs.Add(session.LastLatencyMs);
            if (session.LatestResult is TrackingResult r)
            {
                processingMs.Add(r.ProcessingMs);
            }
        }

        lastSequence = status.ResultSequence;
        tick++;
    }
}

Print("pipeline (detect + pose + filter + WorldFromCt, back to back)", pipelineMs);
Print("app: frame arrival to result on the worker", processingMs);
Print("app: frame arrival to overlay pose in a 60 Hz frame loop", appMs);
Console.WriteLine("Goal: under 16.7 ms (one 60 Hz frame).");

static void Print(string what, List<double> values)
{
    if (values.Count == 0)
    {
        Console.WriteLine($"{what}: no samples");
        return;
    }

    double[] sorted = values.Order().ToArray();
    double P(double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Round(p * (sorted.Length - 1)))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: median {P(0.5):0.00} ms, p95 {P(0.95):0.00} ms, max {sorted[^1]:0.00} ms ({sorted.Length} frames)"));
}
