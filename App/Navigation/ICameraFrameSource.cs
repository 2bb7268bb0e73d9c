using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using OpenCvSharp;

namespace ArSpine.App.Navigation;

/// <summary>
/// One camera frame for the tracking pipeline: when it was taken, where the camera was, and either the image (8-bit grey or BGR)
/// for marker detection or, from an external tracker, the marker's measured pose. Owns <see cref="Image"/>: dispose it.
/// </summary>
public sealed class CameraFrame : IDisposable
{
    /// <summary>A frame with an image for the detector; takes ownership of <paramref name="image"/>.</summary>
    public CameraFrame(double timeS, Mat image, RigidTransform worldFromCamera)
    {
        ArgumentNullException.ThrowIfNull(image);
        TimeS = timeS;
        Image = image;
        WorldFromCamera = worldFromCamera;
    }

    /// <summary>A frame from a tracker that measures the marker itself (OpenIGTLink): <paramref name="cameraFromMarker"/> is null when the tracker does not see it.</summary>
    public CameraFrame(double timeS, RigidTransform worldFromCamera, RigidTransform? cameraFromMarker)
    {
        TimeS = timeS;
        WorldFromCamera = worldFromCamera;
        MeasuredCameraFromMarker = cameraFromMarker;
    }

    /// <summary>Stopwatch timestamp of the frame's arrival (when it was made), for latency figures.</summary>
    public long ArrivalTicks { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>When the frame was taken, s, on the app's clock (<see cref="Input.InputFrame.TimeS"/>).</summary>
    public double TimeS { get; }

    /// <summary>The image, or null for a tracker's pose frame.</summary>
    public Mat? Image { get; }

    /// <summary>The camera's pose when the frame was taken: Camera (OpenCV: +X right, +Y down, +Z forward, mm) to World mm.</summary>
    public RigidTransform WorldFromCamera { get; }

    /// <summary>For a pose frame: the marker's pose measured by the tracker (Marker to Camera, mm); null when not seen or for an image frame.</summary>
    public RigidTransform? MeasuredCameraFromMarker { get; }

    /// <inheritdoc/>
    public void Dispose() => Image?.Dispose();
}

/// <summary>
/// Where camera frames come from: the simulated operating room, a webcam, a recorded image sequence, an OpenIGTLink tracker, or
/// (in the StereoKit host) the headset's photo/video camera. <see cref="TryCapture"/> is called from one thread at a time — the
/// navigation session's detection worker, or the frame loop in the session's inline mode. Dispose it after the session stops.
/// </summary>
public interface ICameraFrameSource : IDisposable
{
    /// <summary>What the user sees in the source list ("Simulated operating room", "Webcam 0", …).</summary>
    string Name { get; }

    /// <summary>The camera model of the images; null for a source of poses (no images).</summary>
    CameraIntrinsics? Camera { get; }

    /// <summary>
    /// The next frame, stamped by <paramref name="clock"/>, or false when none is ready (the source does not wait: the worker polls again). The caller owns and disposes the frame. Throws an <see cref="NavigationSourceException"/> when the
    /// source failed for good (the camera was unplugged, the sequence ended and does not loop).
    /// </summary>
    bool TryCapture(AppClock clock, out CameraFrame? frame);
}

/// <summary>A frame source that cannot deliver: no camera, an unreadable recording, a port in use. The message says which and why.</summary>
public sealed class NavigationSourceException(string message, Exception? inner = null) : Exception(message, inner);
