using System.Globalization;
using ArSpine.Bench;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;
using ArSpine.Inference.Onnx;

// Usage: OnnxOverhead MODEL.onnx CT.nii.gz RUNS THREADS
// Runs the engine RUNS times on the CT and prints the median of the whole Segment call, of the time inside ONNX Runtime's
// Run on the same patches, and the engine's overhead (the rest: resampling, copies, blending, argmax, resampling back,
// largest components) as a fraction of the session time.
string model = args[0], ctPath = args[1];
int runs = int.Parse(args[2], CultureInfo.InvariantCulture), threads = int.Parse(args[3], CultureInfo.InvariantCulture);
CtVolume ct = NiftiReader.ReadCt(ctPath);
using var engine = new OnnxSegmentationEngine(model, null, new OnnxEngineOptions(threads));
engine.Segment(ct);
var sessions = new List<double>();
double total = Timing.MedianMs(0, runs, () =>
{
    engine.Segment(ct);
    sessions.Add(engine.LastSessionTime.TotalSeconds);
}) / 1000;
double session = Timing.Median(sessions);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ONNX engine on {ct.Grid.SizeI}x{ct.Grid.SizeJ}x{ct.Grid.SizeK}, patch {engine.Sidecar.PatchSize}, median of {runs}: Segment {total:0.000} s, session Run {session:0.000} s, overhead {(total - session) / session:P1} (goal: under 15%)"));
