using ArSpine.App.Modes;
using ArSpine.App.Navigation;
using ArSpine.App.Rehearsal;
using ArSpine.App.Tests.Navigation;

namespace ArSpine.App.Tests.Rehearsal;

/// <summary>
/// One headless rehearsal of the sample phantom, run once for the tests that read it: simulated frames through the real detector,
/// pose solver, filter and registration (inline, deterministic), the scripted trainee without random hand error placing every
/// planned screw on the overlay, screw 6 (L4 left) deliberately 4 mm medial. About ten seconds.
/// </summary>
public sealed class RehearsalFixture : IDisposable
{
    /// <summary>The plan index of the screw moved medially.</summary>
    public const int MedialScrew = 6;

    /// <summary>The medial shift of that screw, mm.</summary>
    public const double MedialShiftMm = 4;

    public RehearsalFixture()
    {
        Case = new SampleCaseFixture();
        Mode = new RehearseMode(Case.Package, new RehearsalSettings { Navigation = new NavigationSettings { Threading = DetectionThreading.Inline } });
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

    public void Dispose() => Mode.Dispose();
}
