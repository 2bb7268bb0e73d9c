using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.App.Scene;
using ArSpine.App.Tests.Fakes;

namespace ArSpine.App.Tests.Modes;

public sealed class ArSpineAppTests
{
    private static InputFrame Keys(AppKeys keys) => new(0, Matrix4x4.Identity, Vector3.Zero, -Vector3.UnitZ, 300, ButtonState.Up, ButtonState.Up, keys);

    [Fact]
    public void Step_NextModeKey_SwitchesInTurnAndPassesTheStepToTheCurrentModeOnly()
    {
        var a = new StubMode("Review");
        var b = new StubMode("Navigate");
        var c = new StubMode("Osteotomy");
        var app = new ArSpineApp([a, b, c]);
        var port = new RecordingHologramPort();

        app.Step(Keys(AppKeys.None), port);
        app.Step(Keys(AppKeys.NextMode), port);
        app.Step(Keys(AppKeys.Next), port);
        app.Step(Keys(AppKeys.NextMode), port);
        app.Step(Keys(AppKeys.NextMode), port);

        Assert.Equal(0, app.CurrentIndex);
        Assert.Equal(2, a.Steps);
        Assert.Equal(2, b.Steps);
        Assert.Equal(AppKeys.Next, b.LastKeys);
        Assert.Equal(1, c.Steps);
    }

    [Fact]
    public void Step_ModePanelButtonPressed_SwitchesToThatMode()
    {
        var a = new StubMode("Review");
        var b = new StubMode("Osteotomy");
        var app = new ArSpineApp([a, b]);
        var port = new RecordingHologramPort();
        app.Step(Keys(AppKeys.None), port);
        Assert.Equal(["panel:Mode", "label:> Review", "button:Osteotomy"], port.PanelRows);

        port.PressButton("Osteotomy");
        port.NextFrame();
        app.Step(Keys(AppKeys.None), port);

        Assert.Same(b, app.Current);
        Assert.Equal(1, b.Steps);
        port.NextFrame();
        app.Step(Keys(AppKeys.None), port);
        Assert.Equal(["panel:Mode", "button:Review", "label:> Osteotomy"], port.PanelRows);
    }

    [Fact]
    public void Constructor_NoModesOrRepeatedNames_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ArSpineApp([]));
        var error = Assert.Throws<ArgumentException>(() => new ArSpineApp([new StubMode("Review"), new StubMode("Review")]));
        Assert.Contains("'Review' twice", error.Message, StringComparison.Ordinal);
    }

    private sealed class StubMode(string name) : IAppMode
    {
        public string Name => name;

        public int Steps { get; private set; }

        public AppKeys LastKeys { get; private set; }

        public void Step(in InputFrame input, IHologramPort port)
        {
            Steps++;
            LastKeys = input.KeysPressed;
        }
    }
}
