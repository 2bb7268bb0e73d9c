using ArSpine.App.Modes;
using ArSpine.App.Navigation;
using ArSpine.App.Rehearsal;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Navigation;

namespace ArSpine.App.Tests.Rehearsal;

/// <summary>
/// One headless rehearsal of the sample phantom, run once for the tests that read it: simulated frames through the real detector,
/// pose solver, filter and registration (inline, deterministic), the scripted trainee without random hand error placing every
/// planned screw on the overlay, screw 6 (L4 left) deliberately 4 mm medial. About ten seconds.
/// </summary>
public class RehearsalFixture : IDisposable
{
    /// <summary>The plan index of the screw moved medially.</summary>
    public const int MedialScrew = 6;

    /// <summary>The medial shift of that screw, mm.</summary>
    public const double MedialShiftMm = 4;

    public RehearsalFixture()
        : this(surfacePoints: 0)
    {
    }

    protected RehearsalFixture(int surfacePoints)
    {
        Case = new SampleCaseFixture();
        Mode = new RehearseMode(Case.Package, new RehearsalSettings { SurfacePoints = surfacePoints, Navigation = new NavigationSettings { Threading = DetectionThreading.Inline } });
        var trainee = new ScriptedTrainee(Mode, seed: 1, new Dictionary<int, ScriptedScrewError> { [MedialScrew] = new(MedialShiftMm) }) { JitterMm = 0, JitterDeg = 0 };
        Port = new NullHologramPort();
        while (!trainee.Done && trainee.Frame < 600)
        {
            Mode.Step(trainee.Next(), Port);
        }

        FramesRun = trainee.Frame;
        Report = Mode.BuildReport();
    }

    public SampleCaseFixture Case { get; }

    public RehearseMode Mode { get; }

    internal NullHologramPort Port { get; }

    public int FramesRun { get; }

    public RehearsalReport Report { get; }

    public void Dispose()
    {
        Mode.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same rehearsal with the registration refined by 400 points swept over the exposed posterior bone (surface ICP).</summary>
public sealed class SurfaceRehearsalFixture() : RehearsalFixture(surfacePoints: 400);
