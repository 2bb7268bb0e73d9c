using System.Numerics;
using ArSpine.App.Hosts.Desktop;
using ArSpine.App.Input;
using ArSpine.App.Scene;

namespace ArSpine.App.Tests.Hosts;

public sealed class DesktopInputMappingTests
{
    private static readonly DesktopInputSettings Settings = new();
    private static readonly Vector2 View = new(800, 600);
    private static readonly Vector2 Centre = View / 2;

    [Fact]
    public void Map_RightDrag100PxRight_TurnsTheHead25DegreesToTheRight()
    {
        DesktopInputState state = Started(out _);

        InputFrame frame = Step(ref state, Raw(0.1, Centre + new Vector2(100, 0), right: true), Raw(0.0, Centre, right: true));

        // 0.25° per pixel; turning right from −Z swings the view toward +X.
        float yaw = 25 * MathF.PI / 180;
        AssertClose(new Vector3(MathF.Sin(yaw), 0, -MathF.Cos(yaw)), frame.HeadForwardWorld);
        AssertClose(Vector3.Zero, frame.HeadWorldMm);
    }

    [Fact]
    public void Map_RightDrag40PxDown_PitchesTheHead10DegreesDown()
    {
        DesktopInputState state = Started(out _);

        InputFrame frame = Step(ref state, Raw(0.1, Centre + new Vector2(0, 40), right: true), Raw(0.0, Centre, right: true));

        float pitch = 10 * MathF.PI / 180;
        AssertClose(new Vector3(0, -MathF.Sin(pitch), -MathF.Cos(pitch)), frame.HeadForwardWorld);
    }

    [Fact]
    public void Map_CursorMovesWithoutRightButton_HeadDoesNotTurn()
    {
        DesktopInputState state = Started(out _);

        InputFrame frame = Step(ref state, Raw(0.1, Centre + new Vector2(100, 50)), Raw(0.0, Centre));

        AssertClose(-Vector3.UnitZ, frame.HeadForwardWorld);
    }

    [Fact]
    public void Map_WHeldHalfASecondWithHeadTurnedLeft90_MovesForward250MmAlongTheHeadsMinusZ()
    {
        DesktopInputState state = DesktopInputState.Start(new SimulatedHead(new Vector3(10, 20, 30), MathF.PI / 2, 0));

        InputFrame first = DesktopInputMapping.Map(state, Raw(0.0, Centre, keys: DesktopKeys.W), Settings, out state);
        InputFrame frame = DesktopInputMapping.Map(state, Raw(0.05, Centre, keys: DesktopKeys.W), Settings, out state);
        for (int i = 2; i <= 10; i++)
        {
            frame = DesktopInputMapping.Map(state, Raw(0.05 * i, Centre, keys: DesktopKeys.W), Settings, out state);
        }

        // Yaw +90° looks down World −X: 500 mm/s for 0.5 s.
        AssertClose(new Vector3(10, 20, 30), first.HeadWorldMm);
        AssertClose(new Vector3(10 - 250, 20, 30), frame.HeadWorldMm, 1e-2f);
    }

    [Theory]
    [InlineData(DesktopKeys.D, 1, 0, 0)]
    [InlineData(DesktopKeys.A, -1, 0, 0)]
    [InlineData(DesktopKeys.S, 0, 0, 1)]
    [InlineData(DesktopKeys.E, 0, 1, 0)]
    [InlineData(DesktopKeys.Q, 0, -1, 0)]
    public void Map_MoveKeyHeldPointOneSecond_Moves50MmAlongThatHeadAxis(DesktopKeys key, float x, float y, float z)
    {
        var head = new SimulatedHead(Vector3.Zero, 0.4f, -0.3f);
        DesktopInputState state = DesktopInputState.Start(head);
        Matrix4x4 worldFromHead = DesktopInputMapping.WorldFromHead(head, Settings);

        DesktopInputMapping.Map(state, Raw(1.0, Centre, keys: key), Settings, out state);
        InputFrame frame = DesktopInputMapping.Map(state, Raw(1.1, Centre, keys: key), Settings, out _);

        AssertClose(Vector3.TransformNormal(new Vector3(x, y, z) * 50, worldFromHead), frame.HeadWorldMm, 1e-3f);
    }

    [Fact]
    public void Map_ShiftW_MovesFourTimesFaster()
    {
        DesktopInputState state = Started(out _);

        InputFrame frame = Step(ref state, Raw(0.1, Centre, keys: DesktopKeys.W | DesktopKeys.Shift), Raw(0.0, Centre, keys: DesktopKeys.W | DesktopKeys.Shift));

        AssertClose(new Vector3(0, 0, -200), frame.HeadWorldMm, 1e-3f);
    }

    [Fact]
    public void Map_ScrollTwoNotchesUpThenOneDown_PointerDepthGoes50MmFartherThen25Nearer()
    {
        DesktopInputState state = Started(out InputFrame start);

        InputFrame up = DesktopInputMapping.Map(state, Raw(0.1, Centre) with { ScrollNotches = 2 }, Settings, out state);
        InputFrame down = DesktopInputMapping.Map(state, Raw(0.2, Centre) with { ScrollNotches = -1 }, Settings, out state);

        Assert.Equal(400, start.PointerDepthMm);
        Assert.Equal(450, up.PointerDepthMm);
        Assert.Equal(425, down.PointerDepthMm);
        AssertClose(up.PointerOriginWorldMm + up.PointerDirectionWorld * 450, up.HandWorldMm);
    }

    [Fact]
    public void Map_ScrollFarBeyondTheLimits_ClampsPointerDepth()
    {
        DesktopInputState state = Started(out _);

        InputFrame near = DesktopInputMapping.Map(state, Raw(0.1, Centre) with { ScrollNotches = -1000 }, Settings, out state);
        InputFrame far = DesktopInputMapping.Map(state, Raw(0.2, Centre) with { ScrollNotches = 1000 }, Settings, out _);

        Assert.Equal(Settings.MinPointerDepthMm, near.PointerDepthMm);
        Assert.Equal(Settings.MaxPointerDepthMm, far.PointerDepthMm);
    }

    [Fact]
    public void Map_CursorAnywhere_RayPassesThroughWhereTheCursorIsOnTheHeadsCamera()
    {
        var head = new SimulatedHead(new Vector3(30, 100, 500), 0.3f, -0.2f);
        DesktopInputState state = DesktopInputState.Start(head);
        var cursor = new Vector2(612.5f, 143.25f);

        InputFrame frame = DesktopInputMapping.Map(state, Raw(0, cursor), Settings, out _);

        ViewCamera camera = ViewCamera.FromHead(frame.WorldFromHead, Settings.VerticalFovDeg, Settings.NearMm, 5000);
        Vector2 projected = camera.Project(frame.PointerOriginWorldMm + frame.PointerDirectionWorld * 700, (int)View.X, (int)View.Y);
        Assert.Equal(cursor.X, projected.X, 2);
        Assert.Equal(cursor.Y, projected.Y, 2);
        Assert.Equal(Settings.NearMm, camera.ViewDepthMm(frame.PointerOriginWorldMm), 3);
        Assert.Equal(1, frame.PointerDirectionWorld.Length(), 5);
    }

    [Fact]
    public void Map_LeftButtonDownHeldUp_PinchJustPressedOnlyInTheFirstFrameAndJustReleasedOnRelease()
    {
        DesktopInputState state = Started(out _);

        InputFrame down = DesktopInputMapping.Map(state, Raw(0.1, Centre, left: true), Settings, out state);
        InputFrame held = DesktopInputMapping.Map(state, Raw(0.2, Centre, left: true), Settings, out state);
        InputFrame up = DesktopInputMapping.Map(state, Raw(0.3, Centre), Settings, out _);

        Assert.Equal(new ButtonState(true, true, false), down.Pinch);
        Assert.Equal(new ButtonState(true, false, false), held.Pinch);
        Assert.Equal(new ButtonState(false, false, true), up.Pinch);
        Assert.Equal(ButtonState.Up, down.Grab);
    }

    [Fact]
    public void Map_MiddleButtonOrSpace_Grabs()
    {
        DesktopInputState state = Started(out _);

        InputFrame middle = DesktopInputMapping.Map(state, Raw(0.1, Centre) with { MiddleButton = true }, Settings, out state);
        InputFrame space = DesktopInputMapping.Map(state, Raw(0.2, Centre, keys: DesktopKeys.Space), Settings, out state);
        InputFrame none = DesktopInputMapping.Map(state, Raw(0.3, Centre), Settings, out _);

        Assert.Equal(new ButtonState(true, true, false), middle.Grab);
        Assert.Equal(new ButtonState(true, false, false), space.Grab);
        Assert.Equal(new ButtonState(false, false, true), none.Grab);
    }

    [Theory]
    [InlineData(DesktopKeys.Tab, AppKeys.Next)]
    [InlineData(DesktopKeys.Tab | DesktopKeys.Shift, AppKeys.Previous)]
    [InlineData(DesktopKeys.Enter, AppKeys.Accept)]
    [InlineData(DesktopKeys.Backspace, AppKeys.Reject)]
    [InlineData(DesktopKeys.M, AppKeys.NextMode)]
    [InlineData(DesktopKeys.F3, AppKeys.ToggleStereo)]
    [InlineData(DesktopKeys.Escape, AppKeys.Quit)]
    public void Map_KeyGoesDownAndStaysDown_AppKeyOnlyInTheFirstFrame(DesktopKeys keys, AppKeys expected)
    {
        DesktopInputState state = Started(out _);

        InputFrame down = DesktopInputMapping.Map(state, Raw(0.1, Centre, keys: keys), Settings, out state);
        InputFrame held = DesktopInputMapping.Map(state, Raw(0.2, Centre, keys: keys), Settings, out _);

        Assert.Equal(expected, down.KeysPressed);
        Assert.Equal(AppKeys.None, held.KeysPressed);
    }

    [Fact]
    public void LookingAt_Target_HeadLooksAtItAndMapsThatPose()
    {
        var eye = new Vector3(100, 250, 400);
        var target = new Vector3(-50, 0, -100);

        SimulatedHead head = DesktopInputMapping.LookingAt(eye, target, Settings);

        Matrix4x4 worldFromHead = DesktopInputMapping.WorldFromHead(head, Settings);
        AssertClose(Vector3.Normalize(target - eye), Vector3.Normalize(-new Vector3(worldFromHead.M31, worldFromHead.M32, worldFromHead.M33)));
        Assert.Equal(1, worldFromHead.GetDeterminant(), 4);
        Assert.True(worldFromHead.M22 > 0, "Expected the head upright (its +Y toward World up).");
    }

    [Fact]
    public void WorldFromHead_LpsWorldWithSuperiorUp_YawsAboutPlusZ()
    {
        var lps = new DesktopInputSettings { WorldUp = Vector3.UnitZ, ReferenceForwardWorld = -Vector3.UnitY };

        Matrix4x4 worldFromHead = DesktopInputMapping.WorldFromHead(new SimulatedHead(Vector3.Zero, MathF.PI / 2, 0), lps);

        // From looking anterior (−Y), a quarter turn to the left (counter-clockwise about +Z) looks toward +X.
        AssertClose(Vector3.UnitX, -new Vector3(worldFromHead.M31, worldFromHead.M32, worldFromHead.M33));
        AssertClose(Vector3.UnitZ, new Vector3(worldFromHead.M21, worldFromHead.M22, worldFromHead.M23));
    }

    private static DesktopInputState Started(out InputFrame first)
    {
        DesktopInputState state = DesktopInputState.Start(new SimulatedHead(Vector3.Zero, 0, 0));
        first = DesktopInputMapping.Map(state, Raw(0, Centre), Settings, out state);
        return state;
    }

    /// <summary>Maps <paramref name="before"/> then <paramref name="after"/> from a fresh copy of the state; returns the second frame.</summary>
    private static InputFrame Step(ref DesktopInputState state, RawDesktopInput after, RawDesktopInput before)
    {
        DesktopInputMapping.Map(state, before, Settings, out state);
        return DesktopInputMapping.Map(state, after, Settings, out state);
    }

    private static RawDesktopInput Raw(double timeS, Vector2 cursor, bool left = false, bool right = false, DesktopKeys keys = DesktopKeys.None) =>
        new(timeS, cursor, View, left, right, false, 0, keys);

    private static void AssertClose(Vector3 expected, Vector3 actual, float tolerance = 1e-4f) =>
        Assert.True(Vector3.Distance(expected, actual) <= tolerance, $"Expected {expected}. Was {actual}.");
}
