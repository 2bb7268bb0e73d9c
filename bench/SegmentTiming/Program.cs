using System.Diagnostics;
using System.Globalization;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;
using ArSpine.Inference.Classical;

// Usage: SegmentTiming CT.nii.gz RUNS
// Reads the CT once, then prints the median in-process time of RUNS classical segmentations (after one warm-up run) and of the read.
string path = args[0];
int runs = int.Parse(args[1], CultureInfo.InvariantCulture);
var read = Stopwatch.StartNew();
CtVolume ct = NiftiReader.ReadCt(path);
double readSeconds = read.Elapsed.TotalSeconds;
ClassicalSegmentation.Segment(ct);
var times = new List<double>();
for (int r = 0; r < runs; r++)
{
    var clock = Stopwatch.StartNew();
    ClassicalSegmentation.Segment(ct);
    times.Add(clock.Elapsed.TotalSeconds);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {readSeconds:0.00} s; segmentation median {times.Order().ElementAt(times.Count / 2):0.00} s of {runs} runs on {ct.Grid.SizeI}x{ct.Grid.SizeJ}x{ct.Grid.SizeK}, {Environment.ProcessorCount} cores"));
