using System.Diagnostics;
using System.Globalization;
using ArSpine.Bench;

// Side-by-side benchmarks: `dotnet run -c Release -- detection|icp`. Each prints medians and ratios; nothing is asserted.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string which = args.Length > 0 ? args[0] : "all";
if (which is "detection" or "all")
{
    DetectionBench.Run();
}

if (which is "icp" or "all")
{
    IcpBench.Run(Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../icp_open3d.py")));
}

namespace ArSpine.Bench
{
    internal static class Timing
    {
        /// <summary>Median wall time of <paramref name="action"/> over <paramref name="repeats"/> calls after <paramref name="warmup"/> calls, ms.</summary>
        public static double MedianMs(int warmup, int repeats, Action action)
        {
            for (int i = 0; i < warmup; i++)
            {
                action();
            }

            var times = new double[repeats];
            for (int i = 0; i < repeats; i++)
            {
                long start = Stopwatch.GetTimestamp();
                action();
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Array.Sort(times);
            return times[repeats / 2];
        }
    }
}
