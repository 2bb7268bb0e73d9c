using ArSpine.App.Navigation;
using ArSpine.App.Simulation;
using ArSpine.Core.Geometry;

namespace ArSpine.App.Tests.Navigation;

[Collection(SampleCaseCollection.Name)]
public sealed class MarkerPipelineTests(SampleCaseFixture fixture)
{
    [Fact]
    public void Process_SecondFrameSearchedInTheWindowAroundTheBoard_GivesTheWholeImagePose()
    {
        OperatingRoom room = OperatingRoom.Create(fixture.Package);
        using var source = new SimulatedFrameSource(room);
        var clock = new AppClock();
        source.SetHead(0, room.DefaultWorldFromHead);
        Assert.True(source.TryCapture(clock, out CameraFrame? captured));
        using CameraFrame frame = captured!;
        using var windowed = new MarkerPipeline(room.Board, room.Camera);
        using var whole = new MarkerPipeline(room.Board, room.Camera);

        TrackingResult first = windowed.Process(frame);
        bool firstWindowed = windowed.LastSearchedWindow;
        TrackingResult second = windowed.Process(frame);
        TrackingResult reference = whole.Process(frame);

        Assert.False(firstWindowed);
        Assert.True(windowed.LastSearchedWindow);
        Assert.Equal(room.Board.Count, second.MarkersUsed);
        RigidTransform a = second.CameraFromMarker!.Value, b = reference.CameraFromMarker!.Value;
        Assert.True(Vector3d.Distance(a.TranslationMm, b.TranslationMm) < 0.05, $"{a.TranslationMm} against {b.TranslationMm}");
        Assert.True((a.Inverse() * b).RotationAngleDeg < 0.02);
        Assert.Equal(first.CameraFromMarker!.Value.TranslationMm, reference.CameraFromMarker!.Value.TranslationMm);
    }

    [Fact]
    public void Process_BoardGoneFromTheWindow_FallsBackToTheWholeImage()
    {
        OperatingRoom room = OperatingRoom.Create(fixture.Package);
        using var source = new SimulatedFrameSource(room);
        using var pipeline = new MarkerPipeline(room.Board, room.Camera);
        var clock = new AppClock();
        source.SetHead(0, room.DefaultWorldFromHead);
        source.TryCapture(clock, out CameraFrame? seen);
        using (seen)
        {
            pipeline.Process(seen!);
        }

        source.Occluded = true;
        source.SetHead(1, room.DefaultWorldFromHead);
        source.TryCapture(clock, out CameraFrame? hidden);
        using (hidden)
        {
            Assert.Null(pipeline.Process(hidden!).CameraFromMarker);
        }

        Assert.False(pipeline.LastSearchedWindow);
    }
}
