using ArSpine.App.Navigation;
using ArSpine.App.Simulation;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Markers;
using ArSpine.Registration.OpenIGTLink;
using ArSpine.Registration.Simulation;
using ArSpine.TestSupport;
using OpenCvSharp;

namespace ArSpine.App.Tests.Navigation;

/// <summary>The frame sources other than the simulated room, each through the session's real pipeline.</summary>
[Collection(SampleCaseCollection.Name)]
public sealed class FrameSourceTests(SampleCaseFixture fixture)
{
    [Fact]
    public void ImageSequenceSource_RecordedFramesOfTheBoard_ReplayThroughDetectionToTheKnownPose()
    {
        using var folder = new TemporaryFolder();
        CameraIntrinsics camera = CameraIntrinsics.Ideal(1280, 720, 64.7);
        MarkerBoard board = MarkerPipeline.BoardOf(fixture.Package);
        RigidTransform cameraFromMarker = RigidTransform.FromAxisAngle(new Vector3d(1, 0.3, 0), 150, new Vector3d(20, -15, 420));
        using (var simulator = new SimulatedCamera(camera, board))
        {
            for (int f = 0; f < 3; f++)
            {
                using Mat image = simulator.Render(cameraFromMarker, new FrameConditions { NoiseSigma = 2, NoiseSeed = f + 1 });
                Cv2.ImWrite(folder.PathOf($"frame_{f:D3}.png"), image);
            }
        }

        var source = new ImageSequenceSource(folder.FolderPath, camera, SampleCaseFixture.WorldFromCamera, frameIntervalS: 0, loop: false);
        using var session = new NavigationSession(fixture.Package, source, new NavigationSettings { Threading = DetectionThreading.Inline });
        session.Update(0);
        TrackingResult result = session.LatestResult!;

        Assert.Equal(3, source.Files.Count);
        Assert.Equal(board.Count, result.MarkersUsed);
        Assert.NotNull(result.CameraFromMarker);
        Assert.True(Vector3d.Distance(result.CameraFromMarker!.Value.TranslationMm, cameraFromMarker.TranslationMm) < 3, $"{result.CameraFromMarker.Value.TranslationMm} against {cameraFromMarker.TranslationMm}");
        Assert.True((result.CameraFromMarker.Value.Inverse() * cameraFromMarker).RotationAngleDeg < 1.5);
        Assert.Equal(SampleCaseFixture.WorldFromCamera, result.WorldFromCamera);

        session.Update(1);
        session.Update(2);
        session.Update(3);
        Assert.NotNull(session.Failure);
        Assert.Contains("ended after 3 frames", session.Failure, StringComparison.Ordinal);
        Assert.False(session.Status.Navigable);
    }

    [Fact]
    public void ImageSequenceSource_FolderWithoutImages_SaysWhatWasExpected()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.PathOf("notes.txt"), "no frames here");

        var e = Assert.Throws<InvalidInputException>(() => new ImageSequenceSource(folder.FolderPath, CameraIntrinsics.Ideal(640, 480, 60), RigidTransform.Identity));

        Assert.Contains(folder.FolderPath, e.Message, StringComparison.Ordinal);
        Assert.Contains("expected a folder of PNG or JPEG frames", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WebcamSource_NoCameraAtTheIndex_ThrowsAClearError()
    {
        var e = Assert.Throws<NavigationSourceException>(() => WebcamSource.Open(63, null, RigidTransform.Identity));

        Assert.Contains("Expected a webcam at index 63", e.Message, StringComparison.Ordinal);
        Assert.Contains("Was none", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenIgtlPoseSource_TrackerSendsMarkerAndPointerTransforms_GivesThePoseAndTheTipInTheMarkerFrame()
    {
        var source = OpenIgtlPoseSource.Start(0, SampleCaseFixture.WorldFromCamera);
        using var session = new NavigationSession(fixture.Package, source, new NavigationSettings { Threading = DetectionThreading.Inline });
        await using IgtlConnection tracker = await IgtlConnection.ConnectAsync("127.0.0.1", source.Port);
        var tipInMarker = new Vector3d(5, -7, 30);
        RigidTransform pointer = RigidTransform.FromTranslation(SampleCaseFixture.CameraFromMarker.Apply(tipInMarker));
        await tracker.SendAsync(new IgtlMessage(source.PointerDevice, 0, new TransformContent(pointer)));
        await tracker.SendAsync(new IgtlMessage(source.MarkerDevice, 0, new TransformContent(SampleCaseFixture.CameraFromMarker)));

        TrackingResult? result = null;
        for (int f = 1; f < 500 && result?.CameraFromMarker is null; f++)
        {
            session.Update(f * 0.01);
            result = session.LatestResult;
            await Task.Delay(10);
        }

        Assert.NotNull(result?.CameraFromMarker);
        RigidTransform received = result!.CameraFromMarker!.Value;
        Assert.True(Vector3d.Distance(received.TranslationMm, SampleCaseFixture.CameraFromMarker.TranslationMm) < 1e-3);
        Assert.True((received.Inverse() * SampleCaseFixture.CameraFromMarker).RotationAngleDeg < 1e-3);
        Vector3d? tip = new OpenIgtlDigitizer(source).Touch(fixture.Package.Case.Fiducials![0]);
        Assert.NotNull(tip);
        Assert.True(Vector3d.Distance(tip!.Value, tipInMarker) < 1e-3);
    }

    [Fact]
    public async Task OpenIgtlPoseSource_PointerPoseOlderThanTheMarkersOrTheLimit_GivesNoTouch()
    {
        var source = OpenIgtlPoseSource.Start(0, SampleCaseFixture.WorldFromCamera);
        using var session = new NavigationSession(fixture.Package, source, new NavigationSettings { Threading = DetectionThreading.Inline });
        await using IgtlConnection tracker = await IgtlConnection.ConnectAsync("127.0.0.1", source.Port);
        var tipInMarker = new Vector3d(5, -7, 30);
        RigidTransform pointer = RigidTransform.FromTranslation(SampleCaseFixture.CameraFromMarker.Apply(tipInMarker));
        await tracker.SendAsync(new IgtlMessage(source.PointerDevice, 0, new TransformContent(pointer)));
        await tracker.SendAsync(new IgtlMessage(source.MarkerDevice, 0, new TransformContent(SampleCaseFixture.CameraFromMarker)));
        double pairedS = await MarkerReceivedAt(session, 1.0);

        // Both received together, just now: a touch.
        Vector3d? touch = source.PointerTipInMarker(pairedS);
        Assert.NotNull(touch);
        Assert.True(Vector3d.Distance(touch!.Value, tipInMarker) < 1e-3);

        // Neither heard from for longer than the missing-after limit: no touch.
        Assert.Null(source.PointerTipInMarker(pairedS + source.MissingAfterS + 0.05));

        // A new marker pose 80 ms after the pointer's: both within the 0.1 s limit, but further apart than the pairing window.
        await tracker.SendAsync(new IgtlMessage(source.MarkerDevice, 0, new TransformContent(SampleCaseFixture.CameraFromMarker)));
        double markerS = await MarkerReceivedAt(session, pairedS + 0.08);
        Assert.True(markerS - pairedS > OpenIgtlPoseSource.PairWindowS);
        Assert.Null(source.PointerTipInMarker(markerS + 0.005));

        // The marker fresh, the pointer last seen 2 s ago: no touch (the parameterless form, judged at the session's clock).
        await tracker.SendAsync(new IgtlMessage(source.MarkerDevice, 0, new TransformContent(SampleCaseFixture.CameraFromMarker)));
        await MarkerReceivedAt(session, pairedS + 2);
        Assert.Null(source.PointerTipInMarker());
        Assert.Null(new OpenIgtlDigitizer(source).Touch(fixture.Package.Case.Fiducials![0]));

        // The pointer seen again with the marker: a touch again.
        await tracker.SendAsync(new IgtlMessage(source.PointerDevice, 0, new TransformContent(pointer)));
        await tracker.SendAsync(new IgtlMessage(source.MarkerDevice, 0, new TransformContent(SampleCaseFixture.CameraFromMarker)));
        double againS = await MarkerReceivedAt(session, pairedS + 3);
        Assert.NotNull(source.PointerTipInMarker(againS));
    }

    /// <summary>Updates the session from app time <paramref name="fromS"/> (in 0.1 ms steps) until a marker pose received at or after it comes through; returns its time.</summary>
    private static async Task<double> MarkerReceivedAt(NavigationSession session, double fromS)
    {
        for (int f = 0; f < 1000; f++)
        {
            session.Update(fromS + f * 1e-4);
            if (session.LatestResult is { CameraFromMarker: not null } result && result.TimeS >= fromS)
            {
                return result.TimeS;
            }

            await Task.Delay(5);
        }

        throw new Xunit.Sdk.XunitException("The marker pose never came through the OpenIGTLink server.");
    }

    [Fact]
    public async Task OpenIgtlPoseSource_TrackedPointer_IsTheInstrumentInWorldAlongItsToolAxis()
    {
        using var source = OpenIgtlPoseSource.Start(0, SampleCaseFixture.WorldFromCamera);
        var clock = new AppClock();
        await using IgtlConnection tracker = await IgtlConnection.ConnectAsync("127.0.0.1", source.Port);
        // The tool turned 90° about the tracker's x axis: its −Z (handle toward tip) is the tracker's +Y.
        RigidTransform pointer = RigidTransform.FromAxisAngle(new Vector3d(1, 0, 0), 90, new Vector3d(12, -30, 400));
        Assert.False(source.TryInstrument(out _, out _));
        await tracker.SendAsync(new IgtlMessage(source.PointerDevice, 0, new TransformContent(pointer)));

        bool seen = false;
        Vector3d tip = default, axis = default;
        for (int f = 1; f < 300 && !seen; f++)
        {
            clock.Set(f * 0.01);
            source.TryCapture(clock, out CameraFrame? frame);
            frame?.Dispose();
            seen = source.TryInstrument(out tip, out axis);
            await Task.Delay(10);
        }

        Assert.True(seen, "the pointer was never seen");
        Assert.True(Vector3d.Distance(tip, SampleCaseFixture.WorldFromCamera.Apply(pointer.TranslationMm)) < 1e-6);
        Vector3d expectedAxis = SampleCaseFixture.WorldFromCamera.ApplyToDirection(new Vector3d(0, 1, 0));
        Assert.True(Vector3d.Distance(axis, expectedAxis) < 1e-9, $"axis {axis}, expected {expectedAxis}");

        // Past the staleness limit with no new pose: no instrument.
        clock.Set(clock.NowS + source.MissingAfterS + 0.05);
        Assert.False(source.TryInstrument(out _, out _));
    }
}
