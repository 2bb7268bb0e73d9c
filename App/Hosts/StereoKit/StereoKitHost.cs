using System.Diagnostics;
using System.Numerics;
using ArSpine.App.Input;
using ArSpine.App.Modes;
using ArSpine.Core.Geometry;

namespace ArSpine.App.Hosts.StereoKit;

using global::StereoKit;

/// <summary>
/// The headset host: starts StereoKit (OpenXR; StereoKit's simulator where no headset is attached), anchors the app's World, and
/// runs an <see cref="IAppMode"/> in StereoKit's frame loop: each step reads the anchor, maps StereoKit's input to an
/// <see cref="InputFrame"/>, and lets the mode draw through <see cref="Port"/>. The app's clock (<see cref="InputFrame.TimeS"/>,
/// camera frame times) is <see cref="Stopwatch"/> time since <see cref="ClockStartTimestamp"/>. All behaviour is in the mode; this
/// class only maps. The frame loop allocates nothing here.
/// </summary>
public sealed class StereoKitHost
{
    private IAppMode? mode;

    private StereoKitHost()
    {
        Port = new StereoKitHologramPort();
        Anchor = new WorldAnchor(new MetrePose(Vector3.Zero, Quaternion.Identity));
        ClockStartTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>The port modes draw through; upload meshes and images on it before <see cref="Run"/>.</summary>
    public StereoKitHologramPort Port { get; }

    /// <summary>The world anchor whose frame is the app's World (give it to the camera frame source).</summary>
    public WorldAnchor Anchor { get; }

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the app's clock reads 0.</summary>
    public long ClockStartTimestamp { get; }

    /// <summary>The app's clock now, seconds.</summary>
    public double TimeS => Stopwatch.GetElapsedTime(ClockStartTimestamp).TotalSeconds;

    /// <summary>StereoKit's settings for ArSpine: XR mode, see-through blending where the headset has it, assets from <c>Assets</c>.</summary>
    public static SKSettings DefaultSettings => new()
    {
        appName = "ArSpine",
        assetsFolder = "Assets",
        mode = AppMode.XR,
        blendPreference = DisplayBlend.AnyTransparent,
    };

    /// <summary>Starts StereoKit with <paramref name="settings"/> and makes the port and the world anchor; throws when StereoKit cannot start.</summary>
    public static StereoKitHost Start(SKSettings settings)
    {
        if (!SK.Initialize(settings))
        {
            throw new StereoKitHostException("Expected StereoKit to start (an OpenXR runtime, or its simulator, and a graphics device). Was a failed SK.Initialize: see StereoKit's log.");
        }

        return new StereoKitHost();
    }

    /// <summary>Runs <paramref name="appMode"/> once per frame until the user quits (<see cref="AppKeys.Quit"/> or the system); blocks, then shuts StereoKit down.</summary>
    public void Run(IAppMode appMode)
    {
        ArgumentNullException.ThrowIfNull(appMode);
        mode = appMode;
        SK.Run(Step);
    }

    private void Step()
    {
        XrWorldFrame frame = Anchor.Update();
        InputFrame input = StereoKitInput.Read(TimeS, frame, out Vector3 headSkWorldM);
        Port.BeginFrame(frame, headSkWorldM);
        mode!.Step(in input, Port);
        if ((input.KeysPressed & AppKeys.Quit) != 0)
        {
            SK.Quit();
        }
    }
}
