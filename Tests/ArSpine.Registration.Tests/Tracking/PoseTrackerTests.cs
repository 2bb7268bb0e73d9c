using ArSpine.Core.Geometry;
using ArSpine.Registration.Numerics;
using ArSpine.Registration.Tracking;

namespace ArSpine.Registration.Tests.Tracking;

public class PoseTrackerTests
{
    private const double FrameS = 1.0 / 30;
    private static readonly RigidTransform Truth = RigidTransform.FromAxisAngle(new Vector3d(0.2, 1, 0.3), 35, new Vector3d(40, -20, 450));

    [Fact]
    public void Step_NoisyStaticPose_ReducesJitterAndStaysUnbiased()
    {
        var random = new SeededRandom(1);
        var tracker = new PoseTracker(new PoseFilterSettings());
        var rawErrors = new List<double>();
        var filteredErrors = new List<double>();
        var rawAngles = new List<double>();
        var filteredAngles = new List<double>();
        for (int frame = 0; frame < 600; frame++)
        {
            RigidTransform noisy = RigidTransform.FromAxisAngle(random.UnitVector(), Math.Abs(random.Gaussian(0.5)), random.GaussianVector(0.5)) * Truth;
            TrackingUpdate update = tracker.Step(frame * FrameS, noisy);
            if (frame >= 60)
            {
                rawErrors.Add(Vector3d.Distance(noisy.TranslationMm, Truth.TranslationMm));
                filteredErrors.Add(Vector3d.Distance(update.Pose!.Value.TranslationMm, Truth.TranslationMm));
                rawAngles.Add(QuaternionD.AngleBetweenDeg(noisy.Rotation, Truth.Rotation));
                filteredAngles.Add(QuaternionD.AngleBetweenDeg(update.Pose!.Value.Rotation, Truth.Rotation));
                Assert.Equal(TrackingState.Tracking, update.State);
                Assert.Equal(MeasurementOutcome.Accepted, update.Outcome);
            }
        }

        Assert.True(Rms(filteredErrors) < 0.5 * Rms(rawErrors), $"position: filtered {Rms(filteredErrors):0.000} mm, raw {Rms(rawErrors):0.000} mm");
        Assert.True(Rms(filteredAngles) < 0.5 * Rms(rawAngles), $"rotation: filtered {Rms(filteredAngles):0.000}°, raw {Rms(rawAngles):0.000}°");
    }

    [Fact]
    public void Step_SteadyMotion_SpeedTermReducesLag()
    {
        double LagMm(double beta)
        {
            var tracker = new PoseTracker(new PoseFilterSettings { PositionBetaPerMmPerS = beta });
            TrackingUpdate last = default;
            Vector3d truthNow = Vector3d.Zero;
            for (int frame = 0; frame < 90; frame++)
            {
                truthNow = new Vector3d(frame * FrameS * 60, 0, 400); // 60 mm/s sideways
                last = tracker.Step(frame * FrameS, RigidTransform.FromTranslation(truthNow));
            }

            return Vector3d.Distance(last.Pose!.Value.TranslationMm, truthNow);
        }

        double withoutSpeedTerm = LagMm(0);
        double withSpeedTerm = LagMm(0.05);

        Assert.True(withSpeedTerm < 0.5 * withoutSpeedTerm, $"lag {withSpeedTerm:0.00} mm with the speed term, {withoutSpeedTerm:0.00} mm without");
    }

    [Fact]
    public void Step_DroppedFrames_GoesTrackingCoastingLostWithAgeAndHeldPose()
    {
        var settings = new PoseFilterSettings { CoastAfterS = 0.1, StalenessLimitS = 0.5 };
        var tracker = new PoseTracker(settings);
        Assert.Equal(TrackingState.Lost, tracker.Peek(0).State);
        TrackingUpdate seen = default;
        for (int frame = 0; frame < 10; frame++)
        {
            seen = tracker.Step(frame * FrameS, Truth);
        }

        double lastSeenS = 9 * FrameS;
        var states = new List<(double Age, TrackingState State)>();
        for (int frame = 10; frame < 30; frame++)
        {
            TrackingUpdate update = tracker.Step(frame * FrameS, null);
            Assert.Equal(MeasurementOutcome.Missing, update.Outcome);
            Assert.Equal(frame * FrameS - lastSeenS, update.SecondsSinceLastGoodFrame, 9);
            Assert.Equal(seen.Pose, update.Pose);
            states.Add((update.SecondsSinceLastGoodFrame, update.State));
        }

        Assert.All(states, s => Assert.Equal(s.Age <= 0.1 ? TrackingState.Tracking : s.Age <= 0.5 ? TrackingState.Coasting : TrackingState.Lost, s.State));
        Assert.Contains(states, s => s.State == TrackingState.Coasting);
        Assert.Contains(states, s => s.State == TrackingState.Lost);
        Assert.Equal(TrackingState.Tracking, tracker.Step(30 * FrameS, Truth).State);
    }

    [Fact]
    public void Step_SingleOutlier_IsRejectedAndPoseUnchanged()
    {
        var tracker = new PoseTracker(new PoseFilterSettings());
        TrackingUpdate before = default;
        for (int frame = 0; frame < 10; frame++)
        {
            before = tracker.Step(frame * FrameS, Truth);
        }

        RigidTransform outlier = RigidTransform.FromTranslation(new Vector3d(0, 40, 0)) * Truth;
        TrackingUpdate update = tracker.Step(10 * FrameS, outlier);
        RigidTransform flipped = RigidTransform.FromAxisAngle(Vector3d.UnitX, 30, Vector3d.Zero) * Truth;
        TrackingUpdate flippedUpdate = tracker.Step(11 * FrameS, flipped);

        Assert.Equal(MeasurementOutcome.RejectedJump, update.Outcome);
        Assert.Equal(before.Pose, update.Pose);
        Assert.Equal(MeasurementOutcome.RejectedJump, flippedUpdate.Outcome);
        Assert.Equal(before.Pose, flippedUpdate.Pose);
    }

    [Fact]
    public void Step_MarkerReallyMoved_ReacquiresAfterConsistentFrames()
    {
        var settings = new PoseFilterSettings { FramesToReacquire = 4 };
        var tracker = new PoseTracker(settings);
        for (int frame = 0; frame < 10; frame++)
        {
            tracker.Step(frame * FrameS, Truth);
        }

        RigidTransform moved = RigidTransform.FromTranslation(new Vector3d(60, 0, 0)) * Truth;
        var outcomes = Enumerable.Range(10, 5).Select(frame => tracker.Step(frame * FrameS, moved)).ToArray();

        Assert.Equal([MeasurementOutcome.RejectedJump, MeasurementOutcome.RejectedJump, MeasurementOutcome.RejectedJump, MeasurementOutcome.Reacquired, MeasurementOutcome.Accepted], outcomes.Select(o => o.Outcome));
        Assert.True(Vector3d.Distance(outcomes[^1].Pose!.Value.TranslationMm, moved.TranslationMm) < 1e-9);
    }

    [Fact]
    public void Step_AfterLost_FarMeasurementIsReacquiredAtOnce()
    {
        var tracker = new PoseTracker(new PoseFilterSettings());
        tracker.Step(0, Truth);
        RigidTransform elsewhere = RigidTransform.FromTranslation(new Vector3d(200, 0, 0)) * Truth;

        TrackingUpdate update = tracker.Step(2.0, elsewhere);

        Assert.Equal(MeasurementOutcome.Reacquired, update.Outcome);
        Assert.Equal(TrackingState.Tracking, update.State);
        Assert.Equal(elsewhere.TranslationMm, update.Pose!.Value.TranslationMm);
    }

    [Fact]
    public void Step_TimeNotIncreasing_RejectsMeasurement()
    {
        var tracker = new PoseTracker(new PoseFilterSettings());
        tracker.Step(1.0, Truth);

        TrackingUpdate same = tracker.Step(1.0, Truth);
        TrackingUpdate earlier = tracker.Step(0.5, Truth);
        TrackingUpdate nan = tracker.Step(double.NaN, Truth);

        Assert.Equal(MeasurementOutcome.RejectedInvalid, same.Outcome);
        Assert.Equal(MeasurementOutcome.RejectedInvalid, earlier.Outcome);
        Assert.Equal(MeasurementOutcome.RejectedInvalid, nan.Outcome);
    }

    [Fact]
    public void Step_AmbiguousFirstMeasurement_DoesNotStartTracking()
    {
        var tracker = new PoseTracker(new PoseFilterSettings());
        RigidTransform flipped = RigidTransform.FromAxisAngle(Vector3d.UnitX, 40, Vector3d.Zero) * Truth;

        TrackingUpdate update = tracker.Step(0, flipped, Truth);

        Assert.Equal(MeasurementOutcome.RejectedAmbiguous, update.Outcome);
        Assert.Equal(TrackingState.Lost, update.State);
        Assert.Null(update.Pose);
    }

    [Fact]
    public void Step_AmbiguousWhileTracking_UsesTheSolutionNearerTheTrack()
    {
        var tracker = new PoseTracker(new PoseFilterSettings());
        for (int frame = 0; frame < 10; frame++)
        {
            tracker.Step(frame * FrameS, Truth);
        }

        // The wrong tilt is the detector's first choice; the right one is the alternative.
        RigidTransform flipped = RigidTransform.FromAxisAngle(Vector3d.UnitX, 40, Vector3d.Zero) * Truth;
        RigidTransform nearTruth = RigidTransform.FromTranslation(new Vector3d(0.2, 0, 0)) * Truth;
        TrackingUpdate update = tracker.Step(10 * FrameS, flipped, nearTruth);
        TrackingUpdate reversed = tracker.Step(11 * FrameS, nearTruth, flipped);

        Assert.Equal(MeasurementOutcome.Accepted, update.Outcome);
        Assert.Equal(MeasurementOutcome.Accepted, reversed.Outcome);
        Assert.True(QuaternionD.AngleBetweenDeg(reversed.Pose!.Value.Rotation, Truth.Rotation) < 0.5);
    }

    [Fact]
    public void Step_ManyFrames_AllocatesNothing()
    {
        var tracker = new PoseTracker(new PoseFilterSettings());
        RigidTransform moved = RigidTransform.FromTranslation(new Vector3d(0.3, 0, 0)) * Truth;
        // Warm every path (measured, missing, peek) first, so that first-call work (type loading, JIT tiering) is not counted.
        for (int frame = 0; frame < 2000; frame++)
        {
            tracker.Step(frame * FrameS, frame % 7 == 0 ? null : (frame & 1) == 0 ? Truth : moved);
            tracker.Peek(frame * FrameS);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int frame = 2000; frame < 12_000; frame++)
        {
            tracker.Step(frame * FrameS, frame % 7 == 0 ? null : (frame & 1) == 0 ? Truth : moved);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Constructor_StalenessBelowCoasting_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PoseTracker(new PoseFilterSettings { CoastAfterS = 1, StalenessLimitS = 0.5 }));
    }

    private static double Rms(List<double> values) => Math.Sqrt(values.Average(v => v * v));
}
