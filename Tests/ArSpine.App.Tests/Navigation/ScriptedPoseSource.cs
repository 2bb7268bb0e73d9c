using ArSpine.App.Navigation;
using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;

namespace ArSpine.App.Tests.Navigation;

/// <summary>
/// A test frame source of poses (like an OpenIGTLink tracker): one frame per new frame-loop time, the marker at a fixed
/// CameraFromMarker unless <see cref="Occluded"/>; no frames at all while <see cref="Stopped"/>. Isolates the session from images.
/// </summary>
internal sealed class ScriptedPoseSource(RigidTransform worldFromCamera, RigidTransform cameraFromMarker) : ICameraFrameSource
{
    private double lastS = double.NegativeInfinity;

    public string Name => "Scripted poses";

    public CameraIntrinsics? Camera => null;

    public volatile bool Occluded;

    public volatile bool Stopped;

    public bool Disposed { get; private set; }

    public bool TryCapture(AppClock clock, out CameraFrame? frame)
    {
        frame = null;
        double now = clock.FrameTimeS;
        if (Stopped || now <= lastS)
        {
            return false;
        }

        lastS = now;
        frame = new CameraFrame(now, worldFromCamera, Occluded ? null : cameraFromMarker);
        return true;
    }

    public void Dispose() => Disposed = true;
}
