using ArSpine.App.Navigation;
using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using OpenCvSharp;

namespace ArSpine.App.Tests.Navigation;

/// <summary>
/// A test source with a camera (so the session runs the real detector on images) that yields the marker's pose as a tracker would,
/// one frame per new frame-loop time, except frame <see cref="CorruptFrame"/>: a 64-bit float image, which OpenCV's ArUco detector
/// refuses with an exception, as a corrupt frame would make it throw.
/// </summary>
internal sealed class CorruptFrameSource(RigidTransform worldFromCamera, RigidTransform cameraFromMarker, int corruptFrame) : ICameraFrameSource
{
    private double lastS = double.NegativeInfinity;
    private int index;

    public string Name => "Poses with one corrupt image";

    public CameraIntrinsics? Camera { get; } = CameraIntrinsics.Ideal(640, 480, 60);

    public int CorruptFrame => corruptFrame;

    /// <summary>Frames given so far, the corrupt one included.</summary>
    public int FramesGiven => Volatile.Read(ref index);

    public bool TryCapture(AppClock clock, out CameraFrame? frame)
    {
        frame = null;
        double now = clock.FrameTimeS;
        if (now <= lastS)
        {
            return false;
        }

        lastS = now;
        int i = index;
        Volatile.Write(ref index, i + 1);
        frame = i == corruptFrame
            ? new CameraFrame(now, new Mat(48, 64, MatType.CV_64FC1, Scalar.All(0.5)), worldFromCamera)
            : new CameraFrame(now, worldFromCamera, cameraFromMarker);
        return true;
    }

    public void Dispose()
    {
    }
}
