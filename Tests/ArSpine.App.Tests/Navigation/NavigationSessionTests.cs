using ArSpine.App.Navigation;
using ArSpine.App.Simulation;
using ArSpine.Core.Cases;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Registration.Tracking;

namespace ArSpine.App.Tests.Navigation;

/// <summary>Safety invariant 1 on the session: navigable only with an accepted registration under its thresholds and a fresh marker.</summary>
[Collection(SampleCaseCollection.Name)]
public sealed class NavigationSessionTests(SampleCaseFixture fixture)
{
    private const double Frame = 1.0 / 60;

    [Fact]
    public void Update_AcceptedExactRegistrationAndMarkerSeen_IsNavigableAtTheKnownPose()
    {
        using NavigationSession session = Session(out _);
        Register(session, fleMm: 0);
        Assert.True(session.Accept());

        NavigationStatus status = Run(session, 0, 10);

        Assert.True(status.Navigable);
        Assert.Equal("", status.Banner);
        Assert.Equal(TrackingState.Tracking, status.State);
        RigidTransform expected = SampleCaseFixture.WorldFromCamera * SampleCaseFixture.CameraFromMarker * SampleCaseFixture.MarkerFromCt;
        foreach (ScrewTrajectory screw in fixture.Package.Case.Plan.Screws)
        {
            Assert.True(Vector3d.Distance(expected.Apply(screw.TargetCt), status.WorldFromCt!.Value.Apply(screw.TargetCt)) < 1e-3);
        }
    }

    [Fact]
    public void Update_BeforeAnyRegistration_IsNotNavigableWithTheNotRegisteredBanner()
    {
        using NavigationSession session = Session(out _);

        NavigationStatus status = Run(session, 0, 5);

        Assert.False(status.Navigable);
        Assert.Null(status.WorldFromCt);
        Assert.Equal(NavigationSession.NotRegisteredBanner, status.Banner);
    }

    [Fact]
    public void Update_MarkerOccludedPastTheStalenessLimit_IsNotNavigableWithTheLostBanner_AndNavigableAgainWhenSeen()
    {
        using NavigationSession session = Session(out ScriptedPoseSource source);
        Register(session, fleMm: 0);
        session.Accept();
        Run(session, 0, 10);

        source.Occluded = true;
        NavigationStatus coasting = Run(session, 10, 18); // 0.3 s unseen: within the 0.5 s limit
        NavigationStatus lost = Run(session, 28, 20); // 0.63 s unseen

        Assert.True(coasting.Navigable);
        Assert.Equal(TrackingState.Coasting, coasting.State);
        Assert.False(lost.Navigable);
        Assert.Equal(TrackingState.Lost, lost.State);
        Assert.Equal(PatientTracker.LostBanner, lost.Banner);
        Assert.NotNull(lost.WorldFromCt); // still drawn, in the not-tracking look

        source.Occluded = false;
        Assert.True(Run(session, 48, 3).Navigable);
    }

    [Fact]
    public void Update_FramesStopComingAltogether_GoesLostAfterTheStalenessLimit()
    {
        using NavigationSession session = Session(out ScriptedPoseSource source);
        Register(session, fleMm: 0);
        session.Accept();
        Run(session, 0, 10);

        source.Stopped = true;
        NavigationStatus status = Run(session, 10, 40);

        Assert.False(status.Navigable);
        Assert.Equal(TrackingState.Lost, status.State);
        Assert.Equal(PatientTracker.LostBanner, status.Banner);
    }

    [Fact]
    public void Accept_RegistrationOverItsThresholds_IsRefusedAndNeverNavigable()
    {
        using NavigationSession session = Session(out _);
        RegistrationProposal proposal = Register(session, fleMm: 8);

        bool accepted = session.Accept();
        NavigationStatus status = Run(session, 0, 10);

        Assert.False(proposal.WithinThresholds);
        Assert.Contains(proposal.Verdict.Reasons, r => r.Contains("FRE", StringComparison.Ordinal) || r.Contains("predicted TRE", StringComparison.Ordinal));
        Assert.False(accepted);
        Assert.Equal(RegistrationDecision.Proposed, session.Decision);
        Assert.False(status.Navigable);
        Assert.Equal(PatientTracker.RefusedBanner, status.Banner);
        Assert.NotNull(status.WorldFromCt);
    }

    [Fact]
    public void Reject_AcceptableRegistration_IsNotNavigableWithTheRejectedBanner()
    {
        using NavigationSession session = Session(out _);
        Register(session, fleMm: 0.3);

        NavigationStatus proposed = Run(session, 0, 5);
        session.Reject();
        NavigationStatus rejected = Run(session, 5, 5);

        Assert.False(proposed.Navigable);
        Assert.Equal(NavigationSession.ProposedBanner, proposed.Banner);
        Assert.False(rejected.Navigable);
        Assert.Equal(NavigationSession.RejectedBanner, rejected.Banner);
        Assert.False(session.Accept());
    }

    [Fact]
    public void ProposeFromFiducials_TouchesWithKnownError_ReportsFreAndPredictedTrePerTarget()
    {
        using NavigationSession session = Session(out _);

        RegistrationProposal proposal = Register(session, fleMm: 0.5);

        Assert.Equal(fixture.Package.Case.Plan.Screws.Count, proposal.PredictedTreMm.Count);
        Assert.Equal(fixture.Package.Case.Fiducials!.Count, proposal.Fiducials);
        Assert.InRange(proposal.FreMm, 0.05, 1.0);
        Assert.True(proposal.WithinThresholds, string.Join("; ", proposal.Verdict.Reasons));
        string[] lines = NavigationSession.Describe(proposal);
        Assert.Contains(lines, l => l.StartsWith("FRE ", StringComparison.Ordinal) && l.Contains("limit 2.00 mm", StringComparison.Ordinal));
    }

    [Fact]
    public void ProposeFromFiducialsAndSurface_SweptPosteriorBone_RefinesTheRegistrationWithinTheSurfaceThresholds()
    {
        using NavigationSession session = Session(out _);
        var pointer = new SimulatedPointer(SampleCaseFixture.MarkerFromCt, 0.5, seed: 9);
        Vector3d[] touched = fixture.Package.Case.Fiducials!.Select(f => pointer.Touch(f.PositionCt)).ToArray();
        // Swept over the true anatomy's label surface, meshed independently of the case meshes that ICP fits to.
        IReadOnlyList<Vector3d> swept = pointer.SweepPosteriorSurface(SimulatedPointer.TrueSurfaces(fixture.Package.Labels!, fixture.Package.Case.Vertebrae.Select(v => v.LabelId).ToArray()), 400);

        RegistrationProposal paired = session.ProposeFromFiducials(touched);
        RegistrationProposal refined = session.ProposeFromFiducialsAndSurface(touched, swept);

        double pairedTre = MaxTrueTreMm(paired), refinedTre = MaxTrueTreMm(refined);
        Assert.Equal("fiducials + surface", refined.Method);
        Assert.Equal(400, refined.SurfacePoints);
        Assert.InRange(refined.SurfaceRmsMm!.Value, 0.1, 1.0);
        Assert.True(refined.WithinThresholds, string.Join("; ", refined.Verdict.Reasons));
        Assert.True(refinedTre < 1.0, $"surface-refined TRE {refinedTre:0.000} mm (fiducials alone {pairedTre:0.000} mm)");
        Assert.Contains(NavigationSession.Describe(refined), l => l.StartsWith("Surface RMS", StringComparison.Ordinal));
        Assert.True(session.Accept());
    }

    [Fact]
    public void Start_WorkerThread_DeliversResultsThatTheFrameLoopTakesIn()
    {
        var source = new ScriptedPoseSource(SampleCaseFixture.WorldFromCamera, SampleCaseFixture.CameraFromMarker);
        using var session = new NavigationSession(fixture.Package, source, new NavigationSettings { Threading = DetectionThreading.Worker });
        Register(session, fleMm: 0);
        session.Accept();
        session.Start();

        NavigationStatus status = default;
        for (int f = 0; f < 2000 && !status.Navigable; f++)
        {
            status = session.Update(f * 0.005);
            Thread.Sleep(5);
        }

        Assert.True(status.Navigable, status.Banner);
        Assert.True(status.ResultSequence > 0);
        Assert.True(double.IsFinite(session.LastLatencyMs));
        session.Dispose();
        Assert.True(source.Disposed);
    }

    [Fact]
    public void Update_InlineFrameThatMakesThePipelineThrow_IsDroppedAndCounted_AndTrackingRecovers()
    {
        var source = new CorruptFrameSource(SampleCaseFixture.WorldFromCamera, SampleCaseFixture.CameraFromMarker, corruptFrame: 5);
        using var session = new NavigationSession(fixture.Package, source, new NavigationSettings { Threading = DetectionThreading.Inline });
        Register(session, fleMm: 0);
        Assert.True(session.Accept());

        NavigationStatus status = Run(session, 0, 40);

        Assert.Equal(1, session.DroppedFrames);
        Assert.False(string.IsNullOrEmpty(session.LastFrameError));
        Assert.Null(session.Failure);
        Assert.True(status.Navigable, status.Banner);
        Assert.Equal(TrackingState.Tracking, status.State);
        Assert.Equal(39, session.FramesProcessed);
        Assert.Equal(39, session.FramesWithMarker);
    }

    [Fact]
    public void Start_WorkerFrameThatMakesThePipelineThrow_IsDroppedAndCounted_AndTrackingRecovers()
    {
        var source = new CorruptFrameSource(SampleCaseFixture.WorldFromCamera, SampleCaseFixture.CameraFromMarker, corruptFrame: 0);
        using var session = new NavigationSession(fixture.Package, source, new NavigationSettings { Threading = DetectionThreading.Worker });
        Register(session, fleMm: 0);
        Assert.True(session.Accept());
        session.Start();

        // The first frame (the corrupt one) must have been taken before the good ones can make the overlay navigable.
        NavigationStatus status = default;
        for (int f = 0; f < 2000 && !(status.Navigable && session.DroppedFrames > 0); f++)
        {
            status = session.Update(f * 0.005);
            Thread.Sleep(2);
        }

        session.Stop();
        Assert.Equal(1, session.DroppedFrames);
        Assert.False(string.IsNullOrEmpty(session.LastFrameError));
        Assert.Null(session.Failure);
        Assert.True(status.Navigable, status.Banner);
        Assert.Equal(source.FramesGiven - 1, session.FramesProcessed);
    }

    [Fact]
    public void FramesWithMarker_WorkerPublishesSeveralResultsBetweenUpdates_CountsEveryOne()
    {
        var source = new CorruptFrameSource(SampleCaseFixture.WorldFromCamera, SampleCaseFixture.CameraFromMarker, corruptFrame: -1);
        using var session = new NavigationSession(fixture.Package, source, new NavigationSettings { Threading = DetectionThreading.Worker });
        session.Start();

        // The frame loop's clock advances (one new frame each time) but Update is not called until all are processed.
        for (int f = 1; f <= 10; f++)
        {
            session.Clock.Set(f * 0.01);
            for (int wait = 0; wait < 2000 && session.FramesProcessed < f; wait++)
            {
                Thread.Sleep(1);
            }
        }

        NavigationStatus status = session.Update(0.2);
        session.Stop();

        Assert.Equal(10, session.FramesProcessed);
        Assert.Equal(10, session.FramesWithMarker);
        Assert.Equal(10, status.ResultSequence);
    }

    private NavigationSession Session(out ScriptedPoseSource source)
    {
        source = new ScriptedPoseSource(SampleCaseFixture.WorldFromCamera, SampleCaseFixture.CameraFromMarker);
        return new NavigationSession(fixture.Package, source, new NavigationSettings { Threading = DetectionThreading.Inline });
    }

    private RegistrationProposal Register(NavigationSession session, double fleMm)
    {
        var pointer = new SimulatedPointer(SampleCaseFixture.MarkerFromCt, fleMm, seed: 3);
        IReadOnlyList<CaseFiducial> fiducials = fixture.Package.Case.Fiducials!;
        return session.ProposeFromFiducials(fiducials.Select(f => pointer.Touch(f.PositionCt)).ToArray());
    }

    private double MaxTrueTreMm(RegistrationProposal proposal) =>
        fixture.Package.Case.Plan.Screws.Max(s => Vector3d.Distance(proposal.MarkerFromCt.Apply(s.TargetCt), SampleCaseFixture.MarkerFromCt.Apply(s.TargetCt)));

    private static NavigationStatus Run(NavigationSession session, int firstFrame, int frames)
    {
        NavigationStatus status = default;
        for (int f = firstFrame; f < firstFrame + frames; f++)
        {
            status = session.Update(f * Frame);
        }

        return status;
    }
}
