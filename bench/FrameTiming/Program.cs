// Per-frame app time: ArSpineApp.Step (Review, or Osteotomy with the blade following the hand) on the sample case's five-level
// phantom with ten screws, timed frame by frame after a warm-up; prints the median, p95 and max in ms and the bytes allocated.
// The port is a null port (the app's own work), or with --gl the desktop renderer's queues (no rendering timed) under xvfb-run.
//   dotnet run -c Release --project bench/FrameTiming [-- --frames 20000 --gl]
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using ArSpine.App.Cases;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Scene;
using ArSpine.Core.Phantom;
using ArSpine.Planning.Osteotomy;

int frames = 20000;
bool gl = false;
for (int a = 0; a < args.Length; a++)
{
    if (args[a] == "--frames")
    {
        frames = int.Parse(args[++a], CultureInfo.InvariantCulture);
    }
    else if (args[a] == "--gl")
    {
        gl = true;
    }
}

if (gl && !args.Contains("--frames"))
{
    frames = 300;
}

CasePackage package = PhantomPackage.Create(LumbarSpinePhantom.Generate(SampleCase.Parameters), "phantom");
OsteotomyPlan plan = OsteotomyPlanner.Plan(package.Labels!, "L3", OsteotomyType.PedicleSubtraction, 25);
Console.WriteLine($"case: {package.Case.Vertebrae.Count} vertebrae, {package.Case.Plan.Screws.Count} screws, {package.VertebraMeshes.Sum(m => m.TriangleCount):N0} triangles; {frames} frames per run; port: {(gl ? "DesktopRenderer (queues only)" : "null")}");

DesktopWindow? window = null;
DesktopRenderer? renderer = null;
IHologramPort port;
if (gl)
{
    window = DesktopWindow.Open(64, 64, "bench", visible: false);
    renderer = new DesktopRenderer(window.Gl, 64, 40, samples: 1);
    port = renderer;
}
else
{
    port = new NullHologramPort();
}

var review = new ReviewMode(port, package);
var app = new ArSpineApp([review, new OsteotomyMode(port, review.Scene, plan)]);
Run("review", 0, selectEvery: 0);
Run("review, next screw every 60 frames", 0, selectEvery: 60);
Run("osteotomy, blade following the hand", 1, selectEvery: 0);
ResliceTime();
renderer?.Dispose();
window?.Dispose();

void Run(string name, int mode, int selectEvery)
{
    app.SwitchTo(mode);
    var times = new double[frames];
    // Warm-up past the tiered JIT's first tiers (the renderer's frames are slow under llvmpipe: fewer of them).
    int warmUp = renderer is null ? 5000 : 100;
    for (int n = 0; n < warmUp; n++)
    {
        Frame(n, n % 20 == 0 ? AppKeys.Next : AppKeys.None);
        renderer?.RenderFrame(CameraOf(), RgbaColor.Black);
    }

    long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    for (int n = 0; n < frames; n++)
    {
        AppKeys keys = selectEvery > 0 && n % selectEvery == 0 ? AppKeys.Next : AppKeys.None;
        long start = Stopwatch.GetTimestamp();
        Frame(n, keys);
        times[n] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (renderer is not null)
        {
            // Empties the queues; not timed (GPU work, not the app's).
            renderer.RenderFrame(CameraOf(), RgbaColor.Black);
        }
    }

    long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    Array.Sort(times);
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-40} median {1:0.0000} ms  p95 {2:0.0000} ms  max {3:0.000} ms  allocated {4} bytes",
        name, times[frames / 2], times[(int)(frames * 0.95)], times[^1], allocated));
}

// The frame on which the selection changes also reslices the CT (2 x 161 x 161 trilinear samples): timed on its own.
void ResliceTime()
{
    CtReslice reslice = review.Reslice!;
    var times = new List<double>();
    for (int n = 0; n < 10 * package.Case.Plan.Screws.Count; n++)
    {
        long start = Stopwatch.GetTimestamp();
        reslice.Update(package.Case.Plan.Screws[n % package.Case.Plan.Screws.Count]);
        times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    times.Sort();
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-40} median {1:0.000} ms  p95 {2:0.000} ms ({3} x {3} px, both planes)",
        "reslice on a selection change", times[times.Count / 2], times[(int)(times.Count * 0.95)], reslice.SizePx));
}

static ViewCamera CameraOf() => new(new Vector3(0, 400, 0), Vector3.Zero, Vector3.UnitZ, 30, 10, 2000);

void Frame(int n, AppKeys keys)
{
    float angle = n * 0.01f;
    var direction = Vector3.Normalize(new Vector3(MathF.Sin(angle) * 0.2f, -1, MathF.Cos(angle) * 0.1f));
    var input = new InputFrame(n / 60.0, Matrix4x4.CreateTranslation(0, 400, 0), new Vector3(0, 300, 0), direction, 300, new ButtonState(true, n == 0, false), ButtonState.Up, keys);
    app.Step(input, port);
}
