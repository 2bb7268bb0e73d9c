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
