using ArSpine.App.Cases;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Navigation;
using ArSpine.App.Rehearsal;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Navigation;
using ArSpine.Core.Errors;

namespace ArSpine.App.Tests.Rehearsal;

/// <summary>Runs alone (no other collection in parallel): its tests read the process-wide count of running detection workers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerCountCollection
{
    public const string Name = "Detection worker count";
}

/// <summary>The Rehearse mode's lifecycle: no leaked worker, one placement per planned screw, detections counted with the worker.</summary>
[Collection(WorkerCountCollection.Name)]
public sealed class RehearseModeLifecycleTests
{
    private static readonly Lazy<SampleCaseFixture> Sample = new(() => new SampleCaseFixture());

    [Fact]
    public void Constructor_RegistrationThrows_LeavesNoDetectionWorkerRunning()
    {
        CasePackage package = Sample.Value.Package;
        // Two fiducials: the room can clamp the marker, but paired-point registration needs three.
        CasePackage twoFiducials = package with { Case = package.Case with { Fiducials = package.Case.Fiducials!.Take(2).ToArray() } };
        int before = NavigationSession.WorkersRunning;

        InvalidInputException error = Assert.Throws<InvalidInputException>(() => new RehearseMode(twoFiducials, new RehearsalSettings { Navigation = new NavigationSettings { Threading = DetectionThreading.Worker } }));

        Assert.Contains("fiducial", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, NavigationSession.WorkersRunning);
    }

    [Fact]
    public void Dispose_WorkerRehearsal_StopsItsWorker()
    {
        int before = NavigationSession.WorkersRunning;
        var mode = new RehearseMode(Sample.Value.Package, new RehearsalSettings { Navigation = new NavigationSettings { Threading = DetectionThreading.Worker } });
        Assert.Equal(before + 1, NavigationSession.WorkersRunning);

        mode.Dispose();

        Assert.Equal(before, NavigationSession.WorkersRunning);
    }

    [Fact]
    public void Step_SamePlannedScrewPlacedTwice_ReplacesTheEarlierPlacement()
    {
        using var mode = new RehearseMode(Sample.Value.Package, new RehearsalSettings { Navigation = new NavigationSettings { Threading = DetectionThreading.Inline } });
        var trainee = new ScriptedTrainee(mode, seed: 1) { JitterMm = 0, JitterDeg = 0 };
        var port = new NullHologramPort();
        InputFrame head = trainee.Next();
        mode.Step(head with { KeysPressed = AppKeys.Accept, Pinch = ButtonState.Up }, port);
        Assert.Equal(RehearsePhase.Place, mode.Phase);
        int screw = mode.Scene!.SelectedScrew;
        Assert.True(screw >= 0);

        mode.Step(head with { TimeS = 0.1, KeysPressed = AppKeys.None, Pinch = ButtonState.From(false, true) }, port);
        Assert.NotEqual(screw, mode.Scene.SelectedScrew); // moved on to the next unplaced screw
        mode.Scene.SelectedScrew = screw;
        mode.Step(head with { TimeS = 0.2, KeysPressed = AppKeys.None, Pinch = ButtonState.From(true, false) }, port);
        mode.Step(head with { TimeS = 0.3, KeysPressed = AppKeys.None, Pinch = ButtonState.From(false, true) }, port);

        RehearsalReport report = mode.BuildReport();
        Assert.Equal(1, mode.PlacedCount);
        Assert.Single(report.Screws);
        Assert.Equal(screw, report.Screws[0].PlanIndex);
        Assert.Empty(report.Collisions);
        Assert.DoesNotContain(Sample.Value.Package.Case.Plan.Screws[screw].Label, report.NotPlaced);
    }

    [Fact]
    public void BuildReport_WorkerRehearsal_EveryRenderedFrameCountedAsDetected()
    {
        using var mode = new RehearseMode(Sample.Value.Package, new RehearsalSettings { Navigation = new NavigationSettings { Threading = DetectionThreading.Worker } });
        var trainee = new ScriptedTrainee(mode, seed: 1) { JitterMm = 0, JitterDeg = 0 };
        var port = new NullHologramPort();
        while (!trainee.Done && trainee.Frame < 600)
        {
            mode.Step(trainee.Next(), port);
            Thread.Sleep(2); // let the worker keep up with a few of the camera frames, as it does at the app's frame rate
        }

        mode.Session.Stop();
        TrackingErrorReport tracking = mode.BuildReport().Tracking;

        Assert.True(tracking.CameraFrames > 2, $"camera frames {tracking.CameraFrames}");
        Assert.Equal(tracking.CameraFrames, tracking.DetectedFrames);
        Assert.Equal(0, tracking.DroppedFrames);
        Assert.True(tracking.NavigableFrames > 0);
        Assert.Equal(tracking.NavigableFrames, tracking.OverlayTreFramesSampled);
    }
}
