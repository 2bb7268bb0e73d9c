using System.Diagnostics;

namespace ArSpine.App.Navigation;

/// <summary>
/// The app's clock (<see cref="Input.InputFrame.TimeS"/>) for threads other than the frame loop: the frame loop sets it each frame,
/// and <see cref="NowS"/> adds the time elapsed since then. Thread-safe; allocates nothing.
/// </summary>
public sealed class AppClock
{
    private readonly Lock gate = new();
    private double lastS;
    private long lastTicks = Stopwatch.GetTimestamp();

    /// <summary>Sets the clock to the frame loop's time <paramref name="appTimeS"/>, s; call once per frame.</summary>
    public void Set(double appTimeS)
    {
        long ticks = Stopwatch.GetTimestamp();
        lock (gate)
        {
            lastS = appTimeS;
            lastTicks = ticks;
        }
    }

    /// <summary>The app's time now, s: the last time set plus the wall time since.</summary>
    public double NowS
    {
        get
        {
            lock (gate)
            {
                return lastS + Stopwatch.GetElapsedTime(lastTicks).TotalSeconds;
            }
        }
    }

    /// <summary>The last time the frame loop set, s (no wall-time extrapolation; deterministic for headless runs).</summary>
    public double FrameTimeS
    {
        get
        {
            lock (gate)
            {
                return lastS;
            }
        }
    }
}
