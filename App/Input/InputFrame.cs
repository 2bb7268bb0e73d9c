using System.Numerics;

namespace ArSpine.App.Input;

/// <summary>
/// What the user did this frame, as one host read it: the head, the hand's pointer ray and pinch, and app keys. World mm,
/// System.Numerics row-vector matrices. On the headset the head and hand are tracked; on the desktop a simulated head follows the
/// mouse and WASD/QE, and the hand is the mouse ray (click to pinch, scroll for depth), as StereoKit's simulator does; headless
/// runs and tests script it. A plain value: copying it allocates nothing.
/// </summary>
/// <param name="TimeS">Seconds since the app started, monotonic.</param>
/// <param name="WorldFromHead">The head's pose: the eye at its origin, looking down its −Z with +Y up (OpenXR's view convention).</param>
/// <param name="PointerOriginWorldMm">Where the hand's ray starts (the hand or the mouse's point on the near plane), World mm.</param>
/// <param name="PointerDirectionWorld">The ray's direction, unit length, World.</param>
/// <param name="PointerDepthMm">How far along the ray the hand (and what it holds) is, mm; the scroll wheel changes it on the desktop.</param>
/// <param name="Pinch">The pinch (desktop: the left mouse button).</param>
/// <param name="Grab">The grab (desktop: the middle mouse button or Space; right-drag looks around).</param>
/// <param name="KeysPressed">App keys that went down this frame.</param>
public readonly record struct InputFrame(
    double TimeS,
    Matrix4x4 WorldFromHead,
    Vector3 PointerOriginWorldMm,
    Vector3 PointerDirectionWorld,
    float PointerDepthMm,
    ButtonState Pinch,
    ButtonState Grab,
    AppKeys KeysPressed)
{
    /// <summary>The eye's position, World mm.</summary>
    public Vector3 HeadWorldMm => WorldFromHead.Translation;

    /// <summary>Where the head looks, unit World direction (the head's −Z).</summary>
    public Vector3 HeadForwardWorld => Vector3.Normalize(-new Vector3(WorldFromHead.M31, WorldFromHead.M32, WorldFromHead.M33));

    /// <summary>The hand's point: <see cref="PointerDepthMm"/> along the ray, World mm.</summary>
    public Vector3 HandWorldMm => PointerOriginWorldMm + PointerDirectionWorld * PointerDepthMm;
}

/// <summary>A button's state this frame: held, and whether it went down or up since the last frame.</summary>
public readonly record struct ButtonState(bool IsDown, bool JustPressed, bool JustReleased)
{
    /// <summary>Not held, no change.</summary>
    public static ButtonState Up => default;

    /// <summary>The state after the previous frame's <paramref name="wasDown"/> and this frame's <paramref name="isDown"/>.</summary>
    public static ButtonState From(bool wasDown, bool isDown) => new(isDown, isDown && !wasDown, wasDown && !isDown);
}

/// <summary>App-level keys (desktop keyboard; voice or panel buttons on the headset), as flags of the keys pressed in one frame.</summary>
[Flags]
public enum AppKeys
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>Select the next screw or vertebra (desktop: Tab).</summary>
    Next = 1 << 0,

    /// <summary>Select the previous one (desktop: Shift+Tab).</summary>
    Previous = 1 << 1,

    /// <summary>Accept what is proposed: a registration, a placed screw, a cut (desktop: Enter).</summary>
    Accept = 1 << 2,

    /// <summary>Reject or undo (desktop: Backspace).</summary>
    Reject = 1 << 3,

    /// <summary>Switch to the next mode (desktop: M).</summary>
    NextMode = 1 << 4,

    /// <summary>Toggle side-by-side stereo (desktop: F3).</summary>
    ToggleStereo = 1 << 5,

    /// <summary>Leave the app (desktop: Escape).</summary>
    Quit = 1 << 6,
}
