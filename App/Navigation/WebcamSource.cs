using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using OpenCvSharp;

namespace ArSpine.App.Navigation;

/// <summary>
/// Frames from a webcam through OpenCV's VideoCapture, converted to grey: rehearse with a printed marker. The camera stands still
/// at <see cref="WorldFromCamera"/>. Opening throws a <see cref="NavigationSourceException"/> when no camera answers at the index.
/// </summary>
public sealed class WebcamSource : ICameraFrameSource
{
    private readonly VideoCapture capture;
    private readonly Mat colour = new();

    private WebcamSource(VideoCapture capture, int index, CameraIntrinsics camera, RigidTransform worldFromCamera, bool calibrated)
    {
        this.capture = capture;
        Camera = camera;
        WorldFromCamera = worldFromCamera;
        Name = calibrated ? $"Webcam {index}" : $"Webcam {index} (uncalibrated: nominal 60° lens)";
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public CameraIntrinsics? Camera { get; }

    /// <summary>Where the webcam stands, Camera to World mm.</summary>
    public RigidTransform WorldFromCamera { get; }

    /// <summary>
    /// Opens camera <paramref name="index"/>. <paramref name="calibration"/> is its calibration (<c>arspine calibrate</c>); without one
    /// a nominal 60° horizontal field of view at the capture size is assumed, and poses are only approximate. Throws a
    /// <see cref="NavigationSourceException"/> when no camera is present at the index.
    /// </summary>
    public static WebcamSource Open(int index, CameraIntrinsics? calibration, RigidTransform worldFromCamera)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        // On Linux straight to V4L2: OpenCV's other backends (FFmpeg, the Orbbec depth-camera probe) only add noise and native code
        // paths for a missing camera.
        var capture = new VideoCapture(index, OperatingSystem.IsLinux() ? VideoCaptureAPIs.V4L2 : VideoCaptureAPIs.ANY);
        if (!capture.IsOpened())
        {
            capture.Dispose();
            throw new NavigationSourceException($"Expected a webcam at index {index} (/dev/video{index} on Linux). Was none: no camera answered. Plug one in, or choose another frame source.");
        }

        int width = (int)capture.Get(VideoCaptureProperties.FrameWidth), height = (int)capture.Get(VideoCaptureProperties.FrameHeight);
        CameraIntrinsics camera = calibration ?? CameraIntrinsics.Ideal(Math.Max(width, 1), Math.Max(height, 1), 60);
        return new WebcamSource(capture, index, camera, worldFromCamera, calibration is not null);
    }

    /// <inheritdoc/>
    public bool TryCapture(AppClock clock, out CameraFrame? frame)
    {
        frame = null;
        if (!capture.Read(colour) || colour.Empty())
        {
            throw new NavigationSourceException($"Expected frames from {Name}. Was none: the camera stopped delivering (unplugged?).");
        }

        var grey = new Mat();
        if (colour.Channels() == 1)
        {
            colour.CopyTo(grey);
        }
        else
        {
            Cv2.CvtColor(colour, grey, ColorConversionCodes.BGR2GRAY);
        }

        frame = new CameraFrame(clock.NowS, grey, WorldFromCamera);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        colour.Dispose();
        capture.Dispose();
    }
}
