using System.Globalization;
using ArSpine.Bench;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Meshing;
using ArSpine.Imaging.Nifti;

// Usage: MeshTiming LABELS.nii.gz RUNS
// After one warm-up run (JIT), times RUNS runs of: read the NIfTI file, then mesh every label (raw marching cubes, as
// scikit-image's marching_cubes(mask, 0.5)), one label after another on one thread; prints the median and the triangle count.
string path = args[0];
int runs = int.Parse(args[1], CultureInfo.InvariantCulture);
int triangles = Run();
double meshMs = Timing.MedianMs(0, runs, () => Run());
double readMs = Timing.MedianMs(0, runs, () => NiftiReader.ReadLabels(path));

// Last line: median seconds (read + mesh), then triangles; the line before it gives the read alone.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read alone: median {readMs / 1000:0.000} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{meshMs / 1000:0.000} {triangles}"));

int Run()
{
    LabelVolume labels = NiftiReader.ReadLabels(path);
    int total = 0;
    foreach (int label in labels.PresentLabels())
    {
        total += LabelSurface.Extract(labels, label, LabelSurfaceOptions.Raw).TriangleCount;
    }

    return total;
}
