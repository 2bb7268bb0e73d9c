using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Navigation;
using ArSpine.App.Scene;
using ArSpine.App.Simulation;
using ArSpine.App.Tests.Fakes;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Registration.Tracking;

namespace ArSpine.App.Tests.Navigation;

/// <summary>The Navigate mode through the recording port: set-up, the quality figures, guidance numbers and the safety look.</summary>
[Collection(SampleCaseCollection.Name)]
public sealed class NavigateModeTests(SampleCaseFixture fixture)
{
    private const double Frame = 1.0 / 60;

    [Fact]
    public void Step_ChooseTouchAccept_ShowsFiguresThenNavigableGuidanceWithTheRightNumbers()
    {
        (NavigateMode mode, ScriptedPoseSource? _) = Mode(fleMm: 0.3, out var port, DetectionThreading.Inline);
        using (mode)
        {
            int frame = SetUpAndAccept(mode, port);
            RigidTransform worldFromCt = mode.Session!.Status.WorldFromCt!.Value;

            // The tip 1.5 mm off the selected screw's line, 10 mm past its entry, along its axis.
            ScrewTrajectory screw = fixture.Package.Case.Plan.Screws[0];
            Vector3d side = Vector3d.Cross(screw.Direction, Vector3d.UnitX).Normalized();
            Vector3d tipCt = screw.EntryCt + screw.Direction * 10 + side * 1.5;
            InputFrame input = Hand(frame, worldFromCt.Apply(tipCt), worldFromCt.ApplyToDirection(screw.Direction));
            port.NextFrame();
            mode.Step(input, port);

            Assert.Equal(OverlayLook.Navigable, mode.Overlay.Look);
            Assert.True(mode.Overlay.GuidanceValid);
            Assert.Contains("label:Offset from plan 1.5 mm", port.PanelRows);
            Assert.Contains("label:Angle to plan 0.0 deg", port.PanelRows);
            Assert.Contains($"label:Depth to target {screw.LengthMm - 10:0.0} mm", port.PanelRows);
            Assert.Equal(GuidanceBand.Green, mode.Overlay.Reading.Band);
            Assert.DoesNotContain(port.Texts, t => t.Text.StartsWith("NOT", StringComparison.Ordinal));
            Assert.NotEmpty(port.MeshDraws);
        }
    }

    [Fact]
    public void Step_MarkerOccludedPastTheStalenessLimit_ShowsNotTrackingNoNumbersAndTheBanner()
    {
        (NavigateMode mode, ScriptedPoseSource? source) = Mode(fleMm: 0.3, out var port, DetectionThreading.Inline);
        using (mode)
        {
            int frame = SetUpAndAccept(mode, port);
            source!.Occluded = true;
            for (int f = 0; f < 40; f++)
            {
                port.NextFrame();
                mode.Step(Hand(frame++, new Vector3d(0, 900, 0), Vector3d.UnitZ), port);
            }

            Assert.Equal(OverlayLook.NotTracking, mode.Overlay.Look);
            Assert.False(mode.Overlay.GuidanceValid);
            Assert.Contains("label:Offset from plan -- mm", port.PanelRows);
            Assert.Contains(port.Texts, t => t.Text == PatientTracker.LostBanner);
            Assert.DoesNotContain(port.PanelRows, r => r.StartsWith("label:Offset from plan ", StringComparison.Ordinal) && !r.Contains("--", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Step_RegistrationOverItsThreshold_CannotBeAcceptedAndShowsNotTrackingWithTheRefusedBanner()
    {
        (NavigateMode mode, _) = Mode(fleMm: 8, out var port, DetectionThreading.Inline);
        using (mode)
        {
            int frame = TouchAll(mode, port);
            Assert.Equal(NavigatePhase.Decide, mode.Phase);
            Assert.Contains(port.PanelRows, r => r.Contains("OVER THRESHOLD", StringComparison.Ordinal));

            port.PressButton("Accept");
            for (int f = 0; f < 5; f++)
            {
                port.NextFrame();
                mode.Step(Hand(frame++, new Vector3d(0, 900, 0), Vector3d.UnitZ), port);
            }

            Assert.Equal(NavigatePhase.Decide, mode.Phase);
            Assert.Equal(OverlayLook.NotTracking, mode.Overlay.Look);
            Assert.Contains(port.Texts, t => t.Text == PatientTracker.RefusedBanner);
            Assert.Contains("label:Offset from plan -- mm", port.PanelRows);
            Assert.NotNull(mode.Message);
        }
    }

    [Fact]
    public void Step_RejectedRegistration_ShowsNotTrackingWithTheRejectedBannerAndAsksForTouchesAgain()
    {
        (NavigateMode mode, _) = Mode(fleMm: 0.3, out var port, DetectionThreading.Inline);
        using (mode)
        {
            int frame = TouchAll(mode, port);
            port.PressButton("Reject");
            for (int f = 0; f < 3; f++)
            {
                port.NextFrame();
                mode.Step(Hand(frame++, new Vector3d(0, 900, 0), Vector3d.UnitZ), port);
            }

            Assert.Equal(NavigatePhase.TouchFiducials, mode.Phase);
            Assert.Equal(OverlayLook.NotTracking, mode.Overlay.Look);
            Assert.Contains(port.Texts, t => t.Text == NavigationSession.RejectedBanner);
        }
    }

    [Fact]
    public void Step_SourceWithoutPointer_TouchesWithTheHandAgainstTheTrackedMarkerAndRegistersExactly()
    {
        var options = new[] { new FrameSourceOption("Webcam-like", () => new ScriptedPoseSource(SampleCaseFixture.WorldFromCamera, SampleCaseFixture.CameraFromMarker), _ => null) };
        using var mode = new NavigateMode(fixture.Package, options, new NavigationSettings { Threading = DetectionThreading.Inline });
        var port = new RecordingHologramPort();
        port.PressButton("Webcam-like");
        mode.Step(Hand(0, new Vector3d(0, 900, 0), Vector3d.UnitZ), port);
        RigidTransform worldFromMarker = SampleCaseFixture.WorldFromCamera * SampleCaseFixture.CameraFromMarker;
        int frame = 1;
        foreach (var fiducial in fixture.Package.Case.Fiducials!)
        {
            port.NextFrame();
            port.PressButton("Touch");
            mode.Step(Hand(frame++, worldFromMarker.Apply(SampleCaseFixture.MarkerFromCt.Apply(fiducial.PositionCt)), Vector3d.UnitZ), port);
        }

        port.NextFrame();
        mode.Step(Hand(frame++, new Vector3d(0, 900, 0), Vector3d.UnitZ), port);

        Assert.Equal(NavigatePhase.Decide, mode.Phase);
        RegistrationProposal proposal = mode.Session!.Proposal!;
        Assert.True(proposal.FreMm < 0.01, $"FRE {proposal.FreMm} mm"); // single-precision hand positions
        Assert.True(Vector3d.Distance(proposal.MarkerFromCt.TranslationMm, SampleCaseFixture.MarkerFromCt.TranslationMm) < 0.05);
    }

    [Fact]
    public void ChooseSource_SourceThatCannotOpen_ShowsItsMessageAndStaysOnTheChoice()
    {
        var options = new[] { new FrameSourceOption("Broken", () => throw new NavigationSourceException("Expected a webcam at index 0. Was none."), _ => null) };
        using var mode = new NavigateMode(fixture.Package, options);
        var port = new RecordingHologramPort();
        port.PressButton("Broken");
        mode.Step(Hand(0, new Vector3d(0, 900, 0), Vector3d.UnitZ), port);
        port.NextFrame();
        mode.Step(Hand(1, new Vector3d(0, 900, 0), Vector3d.UnitZ), port);

        Assert.Equal(NavigatePhase.ChooseSource, mode.Phase);
        Assert.Contains("label:Expected a webcam at index 0. Was none.", port.PanelRows);
        Assert.Contains(port.Texts, t => t.Text == NavigationSession.NotRegisteredBanner);
    }

    [Fact]
    public void Step_SteadyStateNavigationWithTheDetectionWorker_AllocatesNothingOnTheFrameLoop()
    {
        (NavigateMode mode, _) = Mode(fleMm: 0.3, out var recording, DetectionThreading.Worker);
        using (mode)
        {
            int frame = SetUpAndAccept(mode, recording);
            var port = new NullHologramPort();
            RigidTransform worldFromCt = mode.Session!.Status.WorldFromCt!.Value;
            ScrewTrajectory screw = fixture.Package.Case.Plan.Screws[0];
            InputFrame Input(int f) => Hand(f, worldFromCt.Apply(screw.EntryCt + screw.Direction * (f % 20)), worldFromCt.ApplyToDirection(screw.Direction)) with { KeysPressed = f % 50 == 0 ? AppKeys.Next : AppKeys.None };
            for (int f = 0; f < 200; f++)
            {
                mode.Step(Input(frame + f), port);
                Thread.Sleep(0);
            }

            // The measured window must be real navigation: results from the worker keep coming and the overlay stays navigable.
            long sequenceBefore = mode.Session.Status.ResultSequence;
            int navigable = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int f = 200; f < 1200; f++)
            {
                mode.Step(Input(frame + f), port);
                if (mode.Session.Status.Navigable)
                {
                    navigable++;
                }

                Thread.Sleep(1); // lets the worker keep up with the frame loop's clock, as at the app's frame rate
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            long sequenceAfter = mode.Session.Status.ResultSequence;
            Assert.Equal(0, allocated);
            Assert.True(sequenceAfter > sequenceBefore + 100, $"results taken in during the measured 1000 frames: {sequenceAfter - sequenceBefore}");
            Assert.True(navigable >= 900, $"navigable in {navigable} of the 1000 measured frames");
        }
    }

    private (NavigateMode Mode, ScriptedPoseSource? Source) Mode(double fleMm, out RecordingHologramPort port, DetectionThreading threading)
    {
        ScriptedPoseSource? created = null;
        var options = new[]
        {
            new FrameSourceOption("Scripted tracker", () => created = new ScriptedPoseSource(SampleCaseFixture.WorldFromCamera, SampleCaseFixture.CameraFromMarker), _ => new SimulatedDigitizer(new SimulatedPointer(SampleCaseFixture.MarkerFromCt, fleMm, seed: 5))),
        };
        var mode = new NavigateMode(fixture.Package, options, new NavigationSettings { Threading = threading });
        port = new RecordingHologramPort();
        port.PressButton("Scripted tracker");
        mode.Step(Hand(0, new Vector3d(0, 900, 0), Vector3d.UnitZ), port);
        Assert.Equal(NavigatePhase.TouchFiducials, mode.Phase);
        return (mode, created);
    }

    private int TouchAll(NavigateMode mode, RecordingHologramPort port)
    {
        int frame = 1;
        for (int t = 0; t < fixture.Package.Case.Fiducials!.Count; t++)
        {
            port.NextFrame();
            port.PressButton("Touch");
            mode.Step(Hand(frame++, new Vector3d(0, 900, 0), Vector3d.UnitZ), port);
        }

        port.NextFrame();
        mode.Step(Hand(frame++, new Vector3d(0, 900, 0), Vector3d.UnitZ), port);
        Assert.Equal(NavigatePhase.Decide, mode.Phase);
        Assert.Contains(port.PanelRows, r => r.StartsWith("label:FRE ", StringComparison.Ordinal));
        Assert.Contains(port.PanelRows, r => r.StartsWith("label:Predicted TRE at targets", StringComparison.Ordinal));
        return frame;
    }

    private int SetUpAndAccept(NavigateMode mode, RecordingHologramPort port)
    {
        int frame = TouchAll(mode, port);
        port.PressButton("Accept");
        for (int f = 0; f < 200 && !(mode.Session!.Status.Navigable); f++)
        {
            port.NextFrame();
            mode.Step(Hand(frame++, new Vector3d(0, 900, 0), Vector3d.UnitZ), port);
            if (mode.Session.Settings.Threading == DetectionThreading.Worker)
            {
                Thread.Sleep(2);
            }
        }

        Assert.Equal(NavigatePhase.Navigate, mode.Phase);
        Assert.True(mode.Session!.Status.Navigable, mode.Session.Status.Banner);
        return frame;
    }

    private static InputFrame Hand(int frame, Vector3d tipWorld, Vector3d axisWorld)
    {
        Vector3 direction = Vector3.Normalize(axisWorld.ToVector3());
        Vector3 tip = tipWorld.ToVector3();
        Matrix4x4 head = Matrix4x4.CreateWorld(new Vector3(0, 1500, 500), Vector3.Normalize(new Vector3(0, -1, -1)), Vector3.UnitY);
        return new InputFrame(frame * Frame, head, tip - direction * 300, direction, 300, ButtonState.Up, ButtonState.Up, AppKeys.None);
    }
}
