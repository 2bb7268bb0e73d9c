using System.Numerics;
using ArSpine.App.Hosts.Desktop.Native;
using ArSpine.App.Input;

namespace ArSpine.App.Hosts.Desktop;

/// <summary>The desktop keys the simulated head, hand and app keys read, as flags of the keys held in one frame.</summary>
[Flags]
public enum DesktopKeys
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>W: move forward (the head's −Z).</summary>
    W = 1 << 0,

    /// <summary>A: move left (the head's −X).</summary>
    A = 1 << 1,

    /// <summary>S: move back (the head's +Z).</summary>
    S = 1 << 2,

    /// <summary>D: move right (the head's +X).</summary>
    D = 1 << 3,

    /// <summary>Q: move down (the head's −Y).</summary>
    Q = 1 << 4,

    /// <summary>E: move up (the head's +Y).</summary>
    E = 1 << 5,

    /// <summary>Either Shift: move faster; with Tab, <see cref="AppKeys.Previous"/>.</summary>
    Shift = 1 << 6,

    /// <summary>Tab: <see cref="AppKeys.Next"/> (with Shift, <see cref="AppKeys.Previous"/>).</summary>
    Tab = 1 << 7,

    /// <summary>Enter: <see cref="AppKeys.Accept"/>.</summary>
    Enter = 1 << 8,

    /// <summary>Backspace: <see cref="AppKeys.Reject"/>.</summary>
    Backspace = 1 << 9,

    /// <summary>M: <see cref="AppKeys.NextMode"/>.</summary>
    M = 1 << 10,

    /// <summary>F3: <see cref="AppKeys.ToggleStereo"/>.</summary>
    F3 = 1 << 11,

    /// <summary>Escape: <see cref="AppKeys.Quit"/>.</summary>
    Escape = 1 << 12,

    /// <summary>Space: the grab, held (as the middle mouse button).</summary>
    Space = 1 << 13,
}

/// <summary>
/// The raw desktop input of one frame, as the window reported it: what <see cref="DesktopInputMapping.Map"/> turns into an
/// <see cref="InputFrame"/>. A plain value.
/// </summary>
/// <param name="TimeS">Seconds since the app started, monotonic.</param>
/// <param name="CursorPx">The cursor in the view, pixels of the rendered frame from the view's top-left corner, x right, y down.</param>
/// <param name="ViewSizePx">The view's size, pixels (in stereo, one half of the frame).</param>
/// <param name="LeftButton">Left mouse button held: the pinch.</param>
/// <param name="RightButton">Right mouse button held: look around while it drags.</param>
/// <param name="MiddleButton">Middle mouse button held: the grab.</param>
/// <param name="ScrollNotches">Wheel movement since the last frame, notches, up (away from the user) positive.</param>
/// <param name="Keys">The keys held.</param>
public readonly record struct RawDesktopInput(
    double TimeS, Vector2 CursorPx, Vector2 ViewSizePx, bool LeftButton, bool RightButton, bool MiddleButton, float ScrollNotches, DesktopKeys Keys);

/// <summary>
/// The simulated head's pose: where the eye is and where it looks, as a yaw about the World's up and a pitch above the horizon,
/// from <see cref="DesktopInputSettings.ReferenceForwardWorld"/>. A plain value.
/// </summary>
/// <param name="PositionWorldMm">The eye, World mm.</param>
/// <param name="YawRad">Turn to the left about World up, radians, from the reference forward.</param>
/// <param name="PitchRad">Look up above the horizontal, radians, within ±<see cref="DesktopInputMapping.MaxPitchRad"/>.</param>
public readonly record struct SimulatedHead(Vector3 PositionWorldMm, float YawRad, float PitchRad);

/// <summary>What the input mapping remembers from one frame to the next. A plain value; <c>default</c> before the first frame.</summary>
/// <param name="Head">The simulated head.</param>
/// <param name="PointerDepthMm">How far along the pointer ray the hand is, mm.</param>
/// <param name="Previous">The last frame's raw input.</param>
/// <param name="HasPrevious">Whether there was a last frame (no motion and no key presses are derived from the first).</param>
public readonly record struct DesktopInputState(SimulatedHead Head, float PointerDepthMm, RawDesktopInput Previous, bool HasPrevious)
{
    /// <summary>The state before the first frame: the head at <paramref name="head"/>, the hand <paramref name="pointerDepthMm"/> along the ray.</summary>
    public static DesktopInputState Start(SimulatedHead head, float pointerDepthMm = 400f) => new(head, pointerDepthMm, default, false);
}

/// <summary>How the desktop's mouse and keyboard drive the simulated head and hand. Immutable; share one instance.</summary>
public sealed record DesktopInputSettings
{
    /// <summary>World's up direction (unit): the head yaws about it and Q/E keep to the head's own up. OpenXR's World: +Y.</summary>
    public Vector3 WorldUp { get; init; } = Vector3.UnitY;

    /// <summary>Where the head looks at yaw 0, pitch 0 (projected onto the horizontal plane). OpenXR's rest view: −Z.</summary>
    public Vector3 ReferenceForwardWorld { get; init; } = -Vector3.UnitZ;

    /// <summary>Head turn per pixel of right-button drag, radians (0.25°).</summary>
    public float LookRadPerPx { get; init; } = 0.25f * MathF.PI / 180f;

    /// <summary>WASD/QE walking speed, mm per second.</summary>
    public float SpeedMmPerS { get; init; } = 500f;

    /// <summary>Speed factor while Shift is held.</summary>
    public float FastFactor { get; init; } = 4f;

    /// <summary>Pointer depth change per wheel notch, mm (wheel up: farther).</summary>
    public float ScrollMmPerNotch { get; init; } = 25f;

    /// <summary>Nearest pointer depth, mm.</summary>
    public float MinPointerDepthMm { get; init; } = 50f;

    /// <summary>Farthest pointer depth, mm.</summary>
    public float MaxPointerDepthMm { get; init; } = 5000f;

    /// <summary>The view's vertical field of view, degrees: the cursor's ray is cast through it.</summary>
    public float VerticalFovDeg { get; init; } = 60f;

    /// <summary>The view's near plane, mm: the pointer ray starts on it.</summary>
    public float NearMm { get; init; } = 10f;

    /// <summary>The longest frame time that moves the head, seconds (a stall does not fling it away).</summary>
    public float MaxStepS { get; init; } = 0.1f;
}

/// <summary>
/// The desktop XR emulator's input mapping, after StereoKit's simulator: drag with the right mouse button to look around; W/A/S/D
/// move forward, left, back and right along the head's axes and Q/E down and up along its up axis, Shift four times faster; the
/// hand is the ray from the eye through the cursor (starting on the near plane), the scroll wheel sets how far along it the hand
/// is; the left button pinches; the middle button or Space grabs (held; the right button is taken by looking around); Tab,
/// Shift+Tab, Enter, Backspace, M, F3 and Escape are the app keys Next, Previous, Accept, Reject, NextMode, ToggleStereo and Quit,
/// in the frame they go down. Pure functions; allocate nothing.
/// </summary>
public static class DesktopInputMapping
{
    /// <summary>The steepest the head looks up or down, radians (89°).</summary>
    public const float MaxPitchRad = 89f * MathF.PI / 180f;

    /// <summary>
    /// One frame: the input of <paramref name="raw"/> after <paramref name="previous"/>, and the state to pass next frame.
    /// </summary>
    public static InputFrame Map(in DesktopInputState previous, in RawDesktopInput raw, DesktopInputSettings settings, out DesktopInputState next)
    {
        ArgumentNullException.ThrowIfNull(settings);
        SimulatedHead head = previous.Head;
        RawDesktopInput last = previous.Previous;
        bool had = previous.HasPrevious;
        float yaw = head.YawRad, pitch = head.PitchRad;
        if (had && raw.RightButton && last.RightButton)
        {
            Vector2 delta = raw.CursorPx - last.CursorPx;
            yaw -= delta.X * settings.LookRadPerPx;
            pitch = Math.Clamp(pitch - delta.Y * settings.LookRadPerPx, -MaxPitchRad, MaxPitchRad);
        }

        yaw = WrapAngle(yaw);
        HeadAxes(yaw, pitch, settings, out Vector3 right, out Vector3 up, out Vector3 forward);
        Vector3 position = head.PositionWorldMm;
        if (had)
        {
            float dt = Math.Clamp((float)(raw.TimeS - last.TimeS), 0f, settings.MaxStepS);
            Vector3 move = Axis(raw.Keys, DesktopKeys.W, DesktopKeys.S) * forward + Axis(raw.Keys, DesktopKeys.D, DesktopKeys.A) * right
                + Axis(raw.Keys, DesktopKeys.E, DesktopKeys.Q) * up;
            if (move.LengthSquared() > 0)
            {
                float speed = settings.SpeedMmPerS * ((raw.Keys & DesktopKeys.Shift) != 0 ? settings.FastFactor : 1f);
                position += Vector3.Normalize(move) * (speed * dt);
            }
        }

        var newHead = new SimulatedHead(position, yaw, pitch);
        Matrix4x4 worldFromHead = WorldFromHead(newHead, settings);
        float depth = Math.Clamp(previous.PointerDepthMm + raw.ScrollNotches * settings.ScrollMmPerNotch, settings.MinPointerDepthMm, settings.MaxPointerDepthMm);
        PointerRay(worldFromHead, raw.CursorPx, raw.ViewSizePx, settings, out Vector3 origin, out Vector3 direction);

        DesktopKeys pressed = had ? raw.Keys & ~last.Keys : DesktopKeys.None;
        AppKeys keys = AppKeys.None;
        if ((pressed & DesktopKeys.Tab) != 0)
        {
            keys |= (raw.Keys & DesktopKeys.Shift) != 0 ? AppKeys.Previous : AppKeys.Next;
        }

        keys |= Key(pressed, DesktopKeys.Enter, AppKeys.Accept) | Key(pressed, DesktopKeys.Backspace, AppKeys.Reject) | Key(pressed, DesktopKeys.M, AppKeys.NextMode)
            | Key(pressed, DesktopKeys.F3, AppKeys.ToggleStereo) | Key(pressed, DesktopKeys.Escape, AppKeys.Quit);
        bool grab = raw.MiddleButton || (raw.Keys & DesktopKeys.Space) != 0;
        bool lastGrab = had && (last.MiddleButton || (last.Keys & DesktopKeys.Space) != 0);

        next = new DesktopInputState(newHead, depth, raw, true);
        return new InputFrame(
            raw.TimeS, worldFromHead, origin, direction, depth,
            ButtonState.From(had && last.LeftButton, raw.LeftButton), ButtonState.From(lastGrab, grab), keys);
    }

    /// <summary>The head's pose (OpenXR's convention: looking down its −Z, +Y up), head frame to World mm, row-vector convention.</summary>
    public static Matrix4x4 WorldFromHead(in SimulatedHead head, DesktopInputSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        HeadAxes(head.YawRad, head.PitchRad, settings, out Vector3 right, out Vector3 up, out Vector3 forward);
        Vector3 p = head.PositionWorldMm;
        return new Matrix4x4(
            right.X, right.Y, right.Z, 0,
            up.X, up.Y, up.Z, 0,
            -forward.X, -forward.Y, -forward.Z, 0,
            p.X, p.Y, p.Z, 1);
    }

    /// <summary>A head at <paramref name="eyeWorldMm"/> looking at <paramref name="targetWorldMm"/> (pitch clamped to ±89°).</summary>
    public static SimulatedHead LookingAt(Vector3 eyeWorldMm, Vector3 targetWorldMm, DesktopInputSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Basis(settings, out Vector3 up, out Vector3 forward0, out Vector3 right0);
        Vector3 d = Vector3.Normalize(targetWorldMm - eyeWorldMm);
        float pitch = Math.Clamp(MathF.Asin(Math.Clamp(Vector3.Dot(d, up), -1f, 1f)), -MaxPitchRad, MaxPitchRad);
        Vector3 horizontal = d - Vector3.Dot(d, up) * up;
        float yaw = horizontal.LengthSquared() < 1e-12f ? 0f : MathF.Atan2(-Vector3.Dot(horizontal, right0), Vector3.Dot(horizontal, forward0));
        return new SimulatedHead(eyeWorldMm, yaw, pitch);
    }

    /// <summary>
    /// The ray from the eye of <paramref name="worldFromHead"/> through the cursor: its origin on the near plane (World mm) and
    /// unit direction (World), for a view <paramref name="viewSizePx"/> with the settings' field of view.
    /// </summary>
    public static void PointerRay(in Matrix4x4 worldFromHead, Vector2 cursorPx, Vector2 viewSizePx, DesktopInputSettings settings, out Vector3 originWorldMm, out Vector3 directionWorld)
    {
        ArgumentNullException.ThrowIfNull(settings);
        float width = Math.Max(viewSizePx.X, 1f), height = Math.Max(viewSizePx.Y, 1f);
        float tanHalf = MathF.Tan(settings.VerticalFovDeg * MathF.PI / 360f);
        float x = (2 * cursorPx.X / width - 1) * tanHalf * width / height, y = (1 - 2 * cursorPx.Y / height) * tanHalf;
        var throughHead = new Vector3(x, y, -1);
        Vector3 throughWorld = Vector3.TransformNormal(throughHead, worldFromHead);
        originWorldMm = worldFromHead.Translation + throughWorld * settings.NearMm;
        directionWorld = Vector3.Normalize(throughWorld);
    }

    private static void HeadAxes(float yaw, float pitch, DesktopInputSettings settings, out Vector3 right, out Vector3 up, out Vector3 forward)
    {
        Basis(settings, out Vector3 worldUp, out Vector3 forward0, out Vector3 right0);
        (float sinYaw, float cosYaw) = MathF.SinCos(yaw);
        (float sinPitch, float cosPitch) = MathF.SinCos(pitch);
        Vector3 level = cosYaw * forward0 - sinYaw * right0;
        right = cosYaw * right0 + sinYaw * forward0;
        forward = cosPitch * level + sinPitch * worldUp;
        up = cosPitch * worldUp - sinPitch * level;
    }

    private static void Basis(DesktopInputSettings settings, out Vector3 up, out Vector3 forward0, out Vector3 right0)
    {
        up = Vector3.Normalize(settings.WorldUp);
        Vector3 f = settings.ReferenceForwardWorld - Vector3.Dot(settings.ReferenceForwardWorld, up) * up;
        if (f.LengthSquared() < 1e-12f)
        {
            f = Vector3.Cross(up, MathF.Abs(up.X) < 0.9f ? Vector3.UnitX : Vector3.UnitY);
        }

        forward0 = Vector3.Normalize(f);
        right0 = Vector3.Cross(forward0, up);
    }

    private static float Axis(DesktopKeys keys, DesktopKeys positive, DesktopKeys negative) =>
        ((keys & positive) != 0 ? 1f : 0f) - ((keys & negative) != 0 ? 1f : 0f);

    private static AppKeys Key(DesktopKeys pressed, DesktopKeys key, AppKeys appKey) => (pressed & key) != 0 ? appKey : AppKeys.None;

    private static float WrapAngle(float rad) => rad > MathF.PI ? rad - 2 * MathF.PI : rad < -MathF.PI ? rad + 2 * MathF.PI : rad;
}

/// <summary>
/// Reads a <see cref="DesktopWindow"/>'s mouse and keyboard once a frame and maps them with <see cref="DesktopInputMapping"/>,
/// keeping the state between frames. Call <see cref="Read"/> after <see cref="DesktopWindow.PollEvents"/>, on the window's thread.
/// Allocates nothing per frame.
/// </summary>
public sealed class DesktopInput
{
    private readonly DesktopWindow window;
    private readonly Vector2 frameSizePx;

    /// <summary>
    /// Starts reading <paramref name="window"/> (installs its scroll callback; makes keys and buttons sticky, so a click shorter
    /// than a frame still counts) with the head at <paramref name="head"/>, for frames
    /// <paramref name="frameWidthPx"/> × <paramref name="frameHeightPx"/> shown stretched over the whole window (the cursor is
    /// mapped into the frame's pixels, so the ray matches the picture whatever the window's size).
    /// </summary>
    public DesktopInput(DesktopWindow window, DesktopInputSettings settings, SimulatedHead head, int frameWidthPx, int frameHeightPx, float pointerDepthMm = 400f)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameWidthPx);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameHeightPx);
        this.window = window;
        frameSizePx = new Vector2(frameWidthPx, frameHeightPx);
        Settings = settings;
        State = DesktopInputState.Start(head, pointerDepthMm);
        window.EnableScroll();
        window.EnableStickyInput();
    }

    /// <summary>The mapping's settings.</summary>
    public DesktopInputSettings Settings { get; }

    /// <summary>The state after the last <see cref="Read"/> (the simulated head, the pointer depth, the last raw input).</summary>
    public DesktopInputState State { get; private set; }

    /// <summary>
    /// This frame's input at <paramref name="timeS"/>. With <paramref name="stereo"/> the window shows two views side by side and the
    /// cursor is taken within the half it is over.
    /// </summary>
    public InputFrame Read(double timeS, bool stereo)
    {
        RawDesktopInput raw = Poll(timeS, stereo);
        InputFrame frame = DesktopInputMapping.Map(State, raw, Settings, out DesktopInputState next);
        State = next;
        return frame;
    }

    private RawDesktopInput Poll(double timeS, bool stereo)
    {
        (int width, int height) = window.WindowSize();
        Vector2 cursor = window.CursorPosition() / new Vector2(Math.Max(width, 1), Math.Max(height, 1)) * frameSizePx;
        Vector2 size = frameSizePx;
        if (stereo)
        {
            size.X = MathF.Floor(frameSizePx.X / 2);
            if (cursor.X >= size.X)
            {
                cursor.X -= size.X;
            }
        }

        DesktopKeys keys = DesktopKeys.None;
        keys |= Held(Glfw.Keys.W, DesktopKeys.W) | Held(Glfw.Keys.A, DesktopKeys.A) | Held(Glfw.Keys.S, DesktopKeys.S) | Held(Glfw.Keys.D, DesktopKeys.D);
        keys |= Held(Glfw.Keys.Q, DesktopKeys.Q) | Held(Glfw.Keys.E, DesktopKeys.E) | Held(Glfw.Keys.LeftShift, DesktopKeys.Shift) | Held(Glfw.Keys.RightShift, DesktopKeys.Shift);
        keys |= Held(Glfw.Keys.Tab, DesktopKeys.Tab) | Held(Glfw.Keys.Enter, DesktopKeys.Enter) | Held(Glfw.Keys.Backspace, DesktopKeys.Backspace);
        keys |= Held(Glfw.Keys.M, DesktopKeys.M) | Held(Glfw.Keys.F3, DesktopKeys.F3) | Held(Glfw.Keys.Escape, DesktopKeys.Escape) | Held(Glfw.Keys.Space, DesktopKeys.Space);
        return new RawDesktopInput(
            timeS, cursor, size,
            window.IsMouseButtonDown(Glfw.MouseButtonLeft), window.IsMouseButtonDown(Glfw.MouseButtonRight), window.IsMouseButtonDown(Glfw.MouseButtonMiddle),
            window.TakeScroll(), keys);
    }

    private DesktopKeys Held(int glfwKey, DesktopKeys key) => window.IsKeyDown(glfwKey) ? key : DesktopKeys.None;
}
