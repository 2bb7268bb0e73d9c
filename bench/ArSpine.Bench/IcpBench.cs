using System.Diagnostics;
using System.Globalization;
using ArSpine.Core.Geometry;
using ArSpine.Registration.Icp;
using ArSpine.Registration.Numerics;

namespace ArSpine.Bench;

/// <summary>
/// ArSpine's point-to-plane ICP against Open3D's (Debian python3-open3d) on the same clouds, start and limits: prints
/// both median times, their ratio, both RMS errors and both errors against the known transform.
/// </summary>
internal static class IcpBench
{
    public static void Run(string open3dScript)
    {
        var random = new Random(11);
        Vector3d[] fixedCloud = Surface(random, 20000, _ => true);
        RigidTransform truth = RigidTransform.FromAxisAngle(new Vector3d(0.3, -0.4, 0.85), 65, new Vector3d(40, -25, 120));
        RigidTransform movingFromFixed = truth.Inverse();
        Vector3d[] moving = Surface(random, 5000, u => u.Z > -0.2)
            .Select((p, i) => movingFromFixed.Apply(i % 20 == 0 ? p + new Vector3d(random.NextDouble() * 30, random.NextDouble() * 30, 25) : p + Gaussian(random, 0.2)))
            .ToArray();
        RigidTransform initial = RigidTransform.FromAxisAngle(new Vector3d(1, 1, 0), 6, new Vector3d(3, -2, 4)) * truth;
        const double maxCorrespondenceMm = 5, inlierMm = 2;

        string folder = Path.Combine(Path.GetTempPath(), "arspine-bench-icp");
        Directory.CreateDirectory(folder);
        WriteXyz(Path.Combine(folder, "fixed.xyz"), fixedCloud);
        WriteXyz(Path.Combine(folder, "moving.xyz"), moving);
        File.WriteAllText(Path.Combine(folder, "initial.txt"), Matrix(initial));

        SurfaceIcp? icp = null;
        double prepareMs = Timing.MedianMs(1, 5, () => icp = new SurfaceIcp(fixedCloud));
        var settings = new IcpSettings { MultiStart = false, TrimFraction = 1, MaxCorrespondenceMm = maxCorrespondenceMm, InlierDistanceMm = inlierMm, MaxIterations = 30, Convergence = 1e-6 };
        IcpResult result = icp!.Register(moving, initial, settings);
        double registerMs = Timing.MedianMs(1, 7, () => icp.Register(moving, initial, settings));
        var trimmedSettings = settings with { TrimFraction = 0.9 };
        IcpResult trimmed = icp.Register(moving, initial, trimmedSettings);
        double trimmedMs = Timing.MedianMs(1, 7, () => icp.Register(moving, initial, trimmedSettings));

        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Single-threaded, like ArSpine's ICP.
        start.Environment["OMP_NUM_THREADS"] = "1";
        foreach (string a in new[] { open3dScript, folder, maxCorrespondenceMm.ToString(CultureInfo.InvariantCulture), inlierMm.ToString(CultureInfo.InvariantCulture), "30" })
        {
            start.ArgumentList.Add(a);
        }

        using Process python = Process.Start(start)!;
        string output = python.StandardOutput.ReadToEnd();
        string errors = python.StandardError.ReadToEnd();
        python.WaitForExit();
        if (python.ExitCode != 0)
        {
            Console.WriteLine($"icp: the Open3D peer failed: {errors}");
            return;
        }

        // normals_ms icp_ms inlier_rmse fitness m00..m23
        double[] o3d = output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var o3dRotation = new Matrix3d(o3d[4], o3d[5], o3d[6], o3d[8], o3d[9], o3d[10], o3d[12], o3d[13], o3d[14]);
        var o3dTransform = new RigidTransform(o3dRotation.Orthonormalized(), new Vector3d(o3d[7], o3d[11], o3d[15]));

        Console.WriteLine($"icp point-to-plane, 20000 fixed / 5000 moving points (5% outliers), 30 iterations, max correspondence {maxCorrespondenceMm} mm, one thread each:");
        Console.WriteLine($"  prepare (k-d tree + normals): ArSpine median {prepareMs:0.0} ms, Open3D normals median {o3d[0]:0.0} ms, ratio {prepareMs / o3d[0]:0.00}");
        Console.WriteLine($"  register: ArSpine median {registerMs:0.0} ms, Open3D median {o3d[1]:0.0} ms (builds its k-d tree in each call), ratio {registerMs / o3d[1]:0.00}");
        Console.WriteLine($"  prepare + register: ArSpine {prepareMs + registerMs:0.0} ms, Open3D {o3d[0] + o3d[1]:0.0} ms, ratio {(prepareMs + registerMs) / (o3d[0] + o3d[1]):0.00}");
        Console.WriteLine($"  RMS (inliers within {inlierMm} mm): ArSpine point-to-plane {result.PointToPlaneRmsMm:0.0000} mm (point-to-point {result.RmsMm:0.0000} mm, inliers {result.InlierFraction:P1}); Open3D inlier_rmse {o3d[2]:0.0000} mm (fitness {o3d[3]:P1})");
        Console.WriteLine($"  error against the known transform: ArSpine {Error(truth, result.FixedFromMoving)}, Open3D {Error(truth, o3dTransform)}");
        Console.WriteLine($"  ArSpine trimmed to 90%: median {trimmedMs:0.0} ms, error {Error(truth, trimmed.FixedFromMoving)}, point-to-plane RMS {trimmed.PointToPlaneRmsMm:0.0000} mm");
    }

    private static string Error(RigidTransform truth, RigidTransform estimate)
    {
        double worst = 0;
        foreach (Vector3d corner in new Vector3d[] { new(50, 35, 25), new(-50, -35, -25), new(50, -35, 25), new(-50, 35, -25) })
        {
            Vector3d p = truth.Inverse().Apply(corner);
            worst = Math.Max(worst, Vector3d.Distance(truth.Apply(p), estimate.Apply(p)));
        }

        return $"{QuaternionD.AngleBetweenDeg(truth.Rotation, estimate.Rotation):0.0000}° / {worst:0.0000} mm worst over the surface";
    }

    private static Vector3d[] Surface(Random random, int count, Func<Vector3d, bool> keep)
    {
        var points = new List<Vector3d>(count);
        while (points.Count < count)
        {
            var v = new Vector3d(random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1);
            if (v.Length is < 0.1 or > 1)
            {
                continue;
            }

            Vector3d u = v.Normalized();
            if (!keep(u))
            {
                continue;
            }

            double ellipsoid = 1 / Math.Sqrt(u.X * u.X / (45.0 * 45) + u.Y * u.Y / (30.0 * 30) + u.Z * u.Z / (20.0 * 20));
            double bumps = 1 + 0.12 * Math.Sin(3 * u.X + 1) * Math.Cos(2 * u.Y) + 0.08 * Math.Sin(5 * u.Z + 2 * u.X);
            points.Add(u * (ellipsoid * bumps));
        }

        return points.ToArray();
    }

    private static Vector3d Gaussian(Random random, double sigma)
    {
        double G()
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            return sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }

        return new Vector3d(G(), G(), G());
    }

    private static void WriteXyz(string path, Vector3d[] points) =>
        File.WriteAllLines(path, points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X:R} {p.Y:R} {p.Z:R}")));

    private static string Matrix(RigidTransform t)
    {
        Matrix3d r = t.Rotation;
        Vector3d p = t.TranslationMm;
        return string.Create(CultureInfo.InvariantCulture, $"{r.M11:R} {r.M12:R} {r.M13:R} {p.X:R}\n{r.M21:R} {r.M22:R} {r.M23:R} {p.Y:R}\n{r.M31:R} {r.M32:R} {r.M33:R} {p.Z:R}\n0 0 0 1\n");
    }
}
