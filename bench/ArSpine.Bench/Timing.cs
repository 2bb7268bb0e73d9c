using System.Diagnostics;

namespace ArSpine.Bench;

/// <summary>Medians of wall times, shared by the benchmarks (linked into bench/MeshTiming, bench/SegmentTiming and bench/OnnxOverhead).</summary>
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

        return Median(times);
    }

    /// <summary>The median of <paramref name="values"/> (the upper one of an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}
