using System.Numerics;
using ArSpine.App.Input;

namespace ArSpine.App.Hosts.StereoKit;

using global::StereoKit;

/// <summary>
/// Reads StereoKit's input into an <see cref="InputFrame"/> in the app's World (mm, through the world anchor's
/// <see cref="XrWorldFrame"/>): the head, the right hand's ray, pinch and grip, and the app keys (a keyboard, or StereoKit's
/// simulator). While the right hand is not tracked, the ray is the head's gaze and pinch and grip read as released. Call once per
/// frame from StereoKit's step. Allocates nothing itself (StereoKit's <c>Input.Head</c> and <c>Input.Hand</c> marshal their results).
/// </summary>
public static class StereoKitInput
{
    /// <summary>How far along the gaze ray the hand point sits while no hand is tracked, mm (an arm's length).</summary>
    public const float GazeDepthMm = 450f;

    /// <summary>
    /// This frame's input at <paramref name="timeS"/> (the host's clock), with poses expressed in the app's World placed by
    /// <paramref name="worldFrame"/>. <paramref name="headSkWorldM"/> returns the head's position in StereoKit's world, metres.
    /// </summary>
    public static InputFrame Read(double timeS, in XrWorldFrame worldFrame, out Vector3 headSkWorldM)
    {
        Pose head = global::StereoKit.Input.Head;
        headSkWorldM = head.position.v;
        Matrix4x4 worldFromHead = worldFrame.AppMatrixFromSkPose(head.ToMetrePose());

        Hand hand = global::StereoKit.Input.Hand(Handed.Right);
        Vector3 originSk, directionSk;
        float depthMm;
        ButtonState pinch = ButtonState.Up, grab = ButtonState.Up;
        if (hand.IsTracked && TryHandRay(out Ray ray))
        {
            originSk = ray.position.v;
            directionSk = Vector3.Normalize(ray.direction.v);
            // The hand point is where the pinch is, measured along the ray (never behind its start).
            depthMm = MathF.Max(0, Vector3.Dot(hand.pinchPt.v - originSk, directionSk)) * XrUnits.MmPerMetre;
            pinch = new ButtonState(hand.IsPinched, hand.IsJustPinched, hand.IsJustUnpinched);
            grab = new ButtonState(hand.IsGripped, hand.IsJustGripped, hand.IsJustUngripped);
        }
        else
        {
            originSk = head.position.v;
            directionSk = head.Forward.v;
            depthMm = GazeDepthMm;
        }

        return new InputFrame(
            timeS,
            worldFromHead,
            worldFrame.AppPointFromSk(originSk),
            Vector3.Normalize(worldFrame.AppDirectionFromSk(directionSk)),
            depthMm,
            pinch,
            grab,
            ReadKeys());
    }

    /// <summary>The right hand's aim ray (StereoKit world, metres), if StereoKit tracks one this frame.</summary>
    private static bool TryHandRay(out Ray ray)
    {
        if (global::StereoKit.Input.PointerCount(InputSource.HandRight) > 0)
        {
            Pointer pointer = global::StereoKit.Input.Pointer(0, InputSource.HandRight);
            if (pointer.tracked.IsActive())
            {
                ray = pointer.ray;
                return true;
            }
        }

        ray = default;
        return false;
    }

    /// <summary>The app keys that went down this frame, with the desktop host's key bindings.</summary>
    private static AppKeys ReadKeys()
    {
        AppKeys keys = AppKeys.None;
        if (JustPressed(Key.Tab))
        {
            keys |= global::StereoKit.Input.Key(Key.Shift).IsActive() ? AppKeys.Previous : AppKeys.Next;
        }

        if (JustPressed(Key.Return))
        {
            keys |= AppKeys.Accept;
        }

        if (JustPressed(Key.Backspace))
        {
            keys |= AppKeys.Reject;
        }

        if (JustPressed(Key.M))
        {
            keys |= AppKeys.NextMode;
        }

        if (JustPressed(Key.F3))
        {
            keys |= AppKeys.ToggleStereo;
        }

        if (JustPressed(Key.Esc))
        {
            keys |= AppKeys.Quit;
        }

        return keys;
    }

    private static bool JustPressed(Key key) => global::StereoKit.Input.Key(key).IsJustActive();
}
