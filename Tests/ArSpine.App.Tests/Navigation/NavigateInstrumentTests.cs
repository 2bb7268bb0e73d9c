using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Navigation;
using ArSpine.App.Tests.Fakes;
using ArSpine.Core.Geometry;
using ArSpine.Registration.OpenIGTLink;

namespace ArSpine.App.Tests.Navigation;

/// <summary>Navigate with a source that tracks the instrument: guidance follows the tracked instrument, never the hand.</summary>
[Collection(SampleCaseCollection.Name)]
public sealed class NavigateInstrumentTests(SampleCaseFixture fixture)
{
    [Fact]
    public async Task Step_TrackerSourceWithoutThePointer_ShowsNoInstrument_ThenTheTrackedOneOnceItIsSeen()
    {
        OpenIgtlPoseSource? opened = null;
        var option = new FrameSourceOption("OpenIGTLink tracker", () => opened = OpenIgtlPoseSource.Start(0, SampleCaseFixture.WorldFromCamera), s => new OpenIgtlDigitizer((OpenIgtlPoseSource)s));
        using var mode = new NavigateMode(fixture.Package, [option], new NavigationSettings { Threading = DetectionThreading.Inline });
        var port = new RecordingHologramPort();
        Assert.True(mode.ChooseSource(0));
        Matrix4x4 head = Matrix4x4.CreateTranslation(0, 1500, 500);
        InputFrame Frame(int n) => new(n * 0.01, head, new Vector3(0, 1500, 500), -Vector3.UnitZ, 300, ButtonState.Up, ButtonState.Up, AppKeys.None);

        mode.Step(Frame(1), port);

        Assert.Contains("label:" + NavigateMode.TrackedInstrumentNotSeenLabel, port.PanelRows);
        Assert.DoesNotContain("label:" + NavigateMode.InstrumentLabel, port.PanelRows);
        Assert.DoesNotContain(port.Texts, t => t.Text == NavigateMode.InstrumentLabel);

        await using IgtlConnection tracker = await IgtlConnection.ConnectAsync("127.0.0.1", opened!.Port);
        await tracker.SendAsync(new IgtlMessage(opened.PointerDevice, 0, new TransformContent(RigidTransform.FromTranslation(new Vector3d(0, 0, 450)))));
        bool seen = false;
        for (int n = 2; n < 300 && !seen; n++)
        {
            port.NextFrame();
            mode.Step(Frame(n), port);
            seen = port.PanelRows.Contains("label:" + opened.InstrumentName);
            await Task.Delay(10);
        }

        Assert.True(seen, "the tracked instrument never showed on the guidance panel");
        Assert.Contains(port.Texts, t => t.Text == opened.InstrumentName);
    }
}
