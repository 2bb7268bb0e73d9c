using ArSpine.App.Modes;
using ArSpine.App.Navigation;
using ArSpine.App.Rehearsal;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Fakes;
using ArSpine.App.Tests.Navigation;
using ArSpine.Registration.Tracking;

namespace ArSpine.App.Tests.Rehearsal;

/// <summary>The safety look in rehearsal, through the real pipeline: a drape over the marker makes the overlay not-tracking.</summary>
[Collection(SampleCaseCollection.Name)]
public sealed class RehearsalOcclusionTests(SampleCaseFixture fixture)
{
    [Fact]
    public void Step_MarkerDrapedPastTheStalenessLimit_ShowsNotTrackingAndTheBanner_ThenRecovers()
    {
        using var mode = new RehearseMode(fixture.Package, new RehearsalSettings { Navigation = new NavigationSettings { Threading = DetectionThreading.Inline } });
        var trainee = new ScriptedTrainee(mode) { SettleFrames = 2 };
        var port = new RecordingHologramPort();
        Step(mode, trainee, port, 12);
        Assert.Equal(OverlayLook.Navigable, mode.Overlay.Look);
        Assert.DoesNotContain(port.Texts, t => t.Text == PatientTracker.LostBanner);

        mode.Source.Occluded = true;
        Step(mode, trainee, port, 40); // 0.67 s at 60 Hz, past the 0.5 s staleness limit

        Assert.Equal(OverlayLook.NotTracking, mode.Overlay.Look);
        Assert.False(mode.Session.Status.Navigable);
        Assert.Contains(port.Texts, t => t.Text == PatientTracker.LostBanner);
        Assert.Contains("label:Offset from plan -- mm", port.PanelRows);

        mode.Source.Occluded = false;
        Step(mode, trainee, port, 6);
        Assert.Equal(OverlayLook.Navigable, mode.Overlay.Look);
    }

    private static void Step(RehearseMode mode, ScriptedTrainee trainee, RecordingHologramPort port, int frames)
    {
        for (int f = 0; f < frames; f++)
        {
            port.NextFrame();
            mode.Step(trainee.Next(), port);
        }
    }
}

/// <summary>The rehearsal's frame loop with the detection worker rendering and detecting on its own thread.</summary>
[Collection(SampleCaseCollection.Name)]
public sealed class RehearsalFrameLoopTests(SampleCaseFixture fixture)
{
    [Fact]
    public void Step_SteadyStateWithTheDetectionWorker_AllocatesNothingOnTheFrameLoop()
    {
        using var mode = new RehearseMode(fixture.Package);
        var port = new NullHologramPort();
        var head = mode.Room.DefaultWorldFromHead;
        System.Numerics.Vector3 forward = -new System.Numerics.Vector3(head.M31, head.M32, head.M33);
        ArSpine.App.Input.InputFrame Input(int f, ArSpine.App.Input.AppKeys keys) =>
            new(f * 0.002, head, head.Translation, forward, 400, ArSpine.App.Input.ButtonState.Up, ArSpine.App.Input.ButtonState.Up, keys);

        mode.Step(Input(0, ArSpine.App.Input.AppKeys.Accept), port);
        Assert.Equal(RehearsePhase.Place, mode.Phase);
        int frame = 1;
        for (; frame < 2000 && !mode.Session.Status.Navigable; frame++)
        {
            mode.Step(Input(frame, ArSpine.App.Input.AppKeys.None), port);
            Thread.Sleep(2);
        }

        Assert.True(mode.Session.Status.Navigable, mode.Session.Status.Banner);
        for (int f = 0; f < 100; f++)
        {
            mode.Step(Input(frame++, ArSpine.App.Input.AppKeys.None), port);
        }

        // Paced so that app time keeps up with the worker (a frame every 2 ms of app time and of wall time).
        int navigable = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int f = 0; f < 1000; f++)
        {
            mode.Step(Input(frame++, f % 100 == 0 ? ArSpine.App.Input.AppKeys.Next : ArSpine.App.Input.AppKeys.None), port);
            navigable += mode.Session.Status.Navigable ? 1 : 0;
            Thread.Sleep(2);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(navigable > 500, $"navigable in {navigable} of 1000 frames");
        Assert.True(mode.OverlayTreSamplesMm.Length > 0);
    }
}
