using System.Runtime.InteropServices;
using ArSpine.App.Navigation;
using ArSpine.Registration.Cameras;
using OpenCvSharp;

namespace ArSpine.App.Hosts.StereoKit.HoloLens;

/// <summary>
/// The HoloLens photo/video camera as one of Navigate's frame sources: each new camera frame becomes a <see cref="CameraFrame"/>
/// (its grey image, its time on the host's clock and its camera pose in World) for the same detector, pose solver, filter and
/// registration the desktop runs. Windows only. Owns the camera: disposing stops it.
/// </summary>
public sealed class HoloLensFrameSource : ICameraFrameSource
{
    private readonly HoloLensCameraFrameSource camera;
    private byte[] pixels = [];
    private long lastSequence;

    private HoloLensFrameSource(HoloLensCameraFrameSource camera, CameraIntrinsics intrinsics)
    {
        this.camera = camera;
        Camera = intrinsics;
    }

    /// <inheritdoc/>
    public string Name => "HoloLens camera";

    /// <inheritdoc/>
    public CameraIntrinsics? Camera { get; }

    /// <summary>
    /// Starts the camera (<see cref="HoloLensCameraFrameSource.StartAsync"/>) and waits up to <paramref name="timeout"/> for its first
    /// located frame, whose intrinsics the pipeline needs. Throws a <see cref="NavigationSourceException"/> when none comes.
    /// </summary>
    public static async Task<HoloLensFrameSource> StartAsync(WorldAnchor anchor, long clockStartTimestamp, TimeSpan timeout)
    {
        HoloLensCameraFrameSource camera = await HoloLensCameraFrameSource.StartAsync(anchor, clockStartTimestamp);
        DateTime giveUp = DateTime.UtcNow + timeout;
        long sequence = 0;
        while (DateTime.UtcNow < giveUp)
        {
            // An empty destination copies nothing but still reports the newest frame's description.
            camera.TryCopyLatest([], ref sequence, out HoloLensCameraFrame first);
            if (first.Sequence > 0)
            {
                return new HoloLensFrameSource(camera, first.Camera);
            }

            await Task.Delay(50);
        }

        await camera.DisposeAsync();
        throw new NavigationSourceException($"Expected a located frame from the HoloLens camera within {timeout.TotalSeconds:0} s. Was none (dropped frames: {camera.DroppedFrames}).");
    }

    /// <inheritdoc/>
    public bool TryCapture(AppClock clock, out CameraFrame? frame)
    {
        frame = null;
        if (!camera.TryCopyLatest(pixels, ref lastSequence, out HoloLensCameraFrame info))
        {
            // A larger frame than the buffer holds: grow it once and take the frame on the next poll.
            if (info.Sequence > lastSequence && info.WidthPx * info.HeightPx > pixels.Length)
            {
                pixels = new byte[info.WidthPx * info.HeightPx];
            }

            return false;
        }

        // The pipeline solves every pose with the first frame's intrinsics: a frame through another lens model (a new resolution,
        // refocused) would give a pose off in scale and depth, so it is dropped, never used.
        if (!SameLens(info))
        {
            return false;
        }

        var image = new Mat(info.HeightPx, info.WidthPx, MatType.CV_8UC1);
        Marshal.Copy(pixels, 0, image.Data, info.WidthPx * info.HeightPx);
        frame = new CameraFrame(info.TimeS, image, info.WorldFromCamera);
        return true;
    }

    /// <summary>How far a frame's focal lengths and principal point may differ from the first frame's, as a share of the focal length.</summary>
    public const double SameLensTolerance = 0.002;

    /// <inheritdoc/>
    public void Dispose() => camera.DisposeAsync().AsTask().GetAwaiter().GetResult();

    private bool SameLens(in HoloLensCameraFrame frame)
    {
        CameraIntrinsics first = Camera!, now = frame.Camera;
        double tolerancePx = SameLensTolerance * first.FxPx;
        return frame.WidthPx == first.ImageWidthPx && frame.HeightPx == first.ImageHeightPx
            && Math.Abs(now.FxPx - first.FxPx) <= tolerancePx && Math.Abs(now.FyPx - first.FyPx) <= tolerancePx
            && Math.Abs(now.CxPx - first.CxPx) <= tolerancePx && Math.Abs(now.CyPx - first.CyPx) <= tolerancePx;
    }
}
