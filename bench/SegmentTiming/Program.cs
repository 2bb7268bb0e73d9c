using System.Diagnostics;
using System.Globalization;
using ArSpine.Bench;
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
double segmentMs = Timing.MedianMs(1, runs, () => ClassicalSegmentation.Segment(ct));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {readSeconds:0.00} s; segmentation median {segmentMs / 1000:0.00} s of {runs} runs on {ct.Grid.SizeI}x{ct.Grid.SizeJ}x{ct.Grid.SizeK}, {Environment.ProcessorCount} cores"));
