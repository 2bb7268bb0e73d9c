using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices.WindowsRuntime;
using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using Windows.Graphics.Imaging;
using Windows.Media.Capture;
using Windows.Media.Capture.Frames;
using Windows.Media.MediaProperties;
using Windows.Perception.Spatial;
using WinIntrinsics = Windows.Media.Devices.Core.CameraIntrinsics;

namespace ArSpine.App.Hosts.StereoKit.HoloLens;

/// <summary>What one HoloLens photo/video camera frame is: when, how large, through which lens, and from where.</summary>
/// <param name="TimeS">Exposure time on the host's clock (<see cref="StereoKitHost.TimeS"/>), seconds.</param>
/// <param name="WidthPx">Image width, pixels.</param>
/// <param name="HeightPx">Image height, pixels.</param>
/// <param name="Camera">The frame's intrinsics (OpenCV model), as the camera reports them.</param>
/// <param name="WorldFromCamera">The OpenCV camera frame (+Z forward, +Y down) in the app's World (the world anchor's frame), mm.</param>
/// <param name="Sequence">Counts frames from 1; a consumer compares it to skip frames it has already processed.</param>
public readonly record struct HoloLensCameraFrame(double TimeS, int WidthPx, int HeightPx, CameraIntrinsics Camera, RigidTransform WorldFromCamera, long Sequence);

/// <summary>
/// The HoloLens photo/video camera as a frame source for the tracking pipeline: grey images (the luma plane of the camera's NV12
/// frames), the camera's intrinsics, and the camera's pose in the app's World (the frame's spatial coordinate system located in the
/// world anchor's), so frames feed marker detection and <c>PatientTracker.Step(timeS, worldFromCamera, cameraFromMarker)</c> as on
/// the desktop. Windows only (Windows.Media.Capture): compiled for a Windows target framework. Frames arrive on a capture thread;
/// the frame loop calls <see cref="TryCopyLatest"/>. Frames whose pose cannot be located in World are dropped, never given a
/// guessed pose.
/// </summary>
public sealed class HoloLensCameraFrameSource : IAsyncDisposable
{
    private readonly MediaCapture capture;
    private readonly MediaFrameReader reader;
    private readonly SpatialCoordinateSystem world;
    private readonly double clockStartS;
    private readonly object gate = new();
    private byte[] nv12 = [];
    private byte[] writing = [];
    private byte[] latest = [];
    private HoloLensCameraFrame latestFrame;
    private CameraIntrinsics? camera;
    private long sequence;
    private long droppedFrames;

    private HoloLensCameraFrameSource(MediaCapture capture, MediaFrameReader reader, SpatialCoordinateSystem world, long clockStartTimestamp)
    {
        this.capture = capture;
        this.reader = reader;
        this.world = world;
        clockStartS = clockStartTimestamp / (double)Stopwatch.Frequency;
    }

    /// <summary>
    /// Opens the photo/video camera at the NV12 format closest to <paramref name="preferredWidthPx"/> wide and starts streaming.
    /// Camera poses are located in <paramref name="anchor"/>'s spatial anchor (the app's World); frame times are put on the
    /// host's clock, which started at <paramref name="clockStartTimestamp"/> (<see cref="StereoKitHost.ClockStartTimestamp"/>).
    /// Throws a <see cref="StereoKitHostException"/> when there is no spatial anchor, no colour camera, or the camera will not start.
    /// </summary>
    public static async Task<HoloLensCameraFrameSource> StartAsync(WorldAnchor anchor, long clockStartTimestamp, int preferredWidthPx = 1280)
    {
        ArgumentNullException.ThrowIfNull(anchor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(preferredWidthPx);
        if (!anchor.TryGetSpatialAnchor(out SpatialAnchor? spatialAnchor) || spatialAnchor is null)
        {
            throw new StereoKitHostException("Expected a Windows spatial anchor behind the app's World (HoloLens anchors). Was none: camera poses cannot be put in World.");
        }

        (MediaFrameSourceGroup group, MediaFrameSourceInfo info) = await FindColourCameraAsync();
        var capture = new MediaCapture();
        await capture.InitializeAsync(new MediaCaptureInitializationSettings
        {
            SourceGroup = group,
            SharingMode = MediaCaptureSharingMode.ExclusiveControl,
            MemoryPreference = MediaCaptureMemoryPreference.Cpu,
            StreamingCaptureMode = StreamingCaptureMode.Video,
        });

        MediaFrameSource source = capture.FrameSources[info.Id];
        MediaFrameFormat? format = null;
        foreach (MediaFrameFormat candidate in source.SupportedFormats)
        {
            if (string.Equals(candidate.Subtype, MediaEncodingSubtypes.Nv12, StringComparison.OrdinalIgnoreCase)
                && (format is null || Math.Abs((int)candidate.VideoFormat.Width - preferredWidthPx) < Math.Abs((int)format.VideoFormat.Width - preferredWidthPx)))
            {
                format = candidate;
            }
        }

        if (format is null)
        {
            capture.Dispose();
            throw new StereoKitHostException($"Expected an NV12 format on camera '{info.Id}'. Was none among {source.SupportedFormats.Count} formats.");
        }

        await source.SetFormatAsync(format);
        MediaFrameReader reader = await capture.CreateFrameReaderAsync(source, MediaEncodingSubtypes.Nv12);
        reader.AcquisitionMode = MediaFrameReaderAcquisitionMode.Realtime;
        var result = new HoloLensCameraFrameSource(capture, reader, spatialAnchor.CoordinateSystem, clockStartTimestamp);
        reader.FrameArrived += result.OnFrameArrived;
        MediaFrameReaderStartStatus status = await reader.StartAsync();
        if (status != MediaFrameReaderStartStatus.Success)
        {
            await result.DisposeAsync();
            throw new StereoKitHostException($"Expected the camera's frame reader to start. Was {status}.");
        }

        return result;
    }

    /// <summary>
    /// Copies the newest frame's grey pixels (width × height bytes, top row first) into <paramref name="grey8TopRowFirst"/> when it
    /// is newer than <paramref name="lastSequence"/>, and advances <paramref name="lastSequence"/>. False when no new frame has come,
    /// or the destination is too small. Allocates nothing; waits only for the capture thread's swap.
    /// </summary>
    public bool TryCopyLatest(Span<byte> grey8TopRowFirst, ref long lastSequence, out HoloLensCameraFrame frame)
    {
        lock (gate)
        {
            frame = latestFrame;
            int bytes = frame.WidthPx * frame.HeightPx;
            if (frame.Sequence <= lastSequence || grey8TopRowFirst.Length < bytes)
            {
                return false;
            }

            latest.AsSpan(0, bytes).CopyTo(grey8TopRowFirst);
            lastSequence = frame.Sequence;
            return true;
        }
    }

    /// <summary>Frames dropped so far because their camera pose could not be located in World (a count for diagnostics).</summary>
    public long DroppedFrames => Interlocked.Read(ref droppedFrames);

    /// <summary>Stops streaming and releases the camera.</summary>
    public async ValueTask DisposeAsync()
    {
        reader.FrameArrived -= OnFrameArrived;
        await reader.StopAsync();
        reader.Dispose();
        capture.Dispose();
    }

    private static async Task<(MediaFrameSourceGroup Group, MediaFrameSourceInfo Info)> FindColourCameraAsync()
    {
        IReadOnlyList<MediaFrameSourceGroup> groups = await MediaFrameSourceGroup.FindAllAsync();
        foreach (MediaFrameSourceGroup group in groups)
        {
            foreach (MediaFrameSourceInfo info in group.SourceInfos)
            {
                if (info.SourceKind == MediaFrameSourceKind.Color
                    && info.MediaStreamType is Windows.Media.Capture.MediaStreamType.VideoRecord or Windows.Media.Capture.MediaStreamType.VideoPreview)
                {
                    return (group, info);
                }
            }
        }

        throw new StereoKitHostException($"Expected a colour photo/video camera. Was none among {groups.Count} camera groups.");
    }

    private void OnFrameArrived(MediaFrameReader sender, MediaFrameArrivedEventArgs args)
    {
        using MediaFrameReference? reference = sender.TryAcquireLatestFrame();
        VideoMediaFrame? video = reference?.VideoMediaFrame;
        if (reference is null || video?.SoftwareBitmap is not { } bitmap || reference.SystemRelativeTime is not TimeSpan exposure
            || reference.CoordinateSystem is not { } cameraSystem || video.CameraIntrinsics is not { } intrinsics)
        {
            return;
        }

        // The camera's view frame (metres, looking down −Z, +Y up) located in the anchor's frame; unknown poses are dropped.
        if (cameraSystem.TryGetTransformTo(world) is not Matrix4x4 worldFromViewM)
        {
            Interlocked.Increment(ref droppedFrames);
            return;
        }

        // The bitmap belongs to the frame reference, which the using above releases.
        int width = bitmap.PixelWidth, height = bitmap.PixelHeight;
        BitmapPlaneDescription luma, chroma;
        using (BitmapBuffer locked = bitmap.LockBuffer(BitmapBufferAccessMode.Read))
        {
            luma = locked.GetPlaneDescription(0);
            chroma = locked.GetPlaneDescription(1);
        }

        int nv12Bytes = chroma.StartIndex + chroma.Stride * chroma.Height;
        if (nv12.Length < nv12Bytes)
        {
            nv12 = new byte[nv12Bytes];
        }

        bitmap.CopyToBuffer(nv12.AsBuffer());
        if (writing.Length < width * height)
        {
            writing = new byte[width * height];
        }

        for (int row = 0; row < height; row++)
        {
            nv12.AsSpan(luma.StartIndex + row * luma.Stride, width).CopyTo(writing.AsSpan(row * width, width));
        }

        RigidTransform worldFromCamera;
        try
        {
            worldFromCamera = RigidTransform.FromMatrix4x4(XrUnits.WorldFromOpenCvCameraMm(worldFromViewM));
        }
        catch (ArgumentException)
        {
            // Not a rigid transform (the platform's located pose was degenerate): drop the frame rather than guess a pose.
            Interlocked.Increment(ref droppedFrames);
            return;
        }

        CameraIntrinsics lens = IntrinsicsOf(intrinsics, width, height);
        lock (gate)
        {
            (latest, writing) = (writing, latest);
            latestFrame = new HoloLensCameraFrame(exposure.TotalSeconds - clockStartS, width, height, lens, worldFromCamera, ++sequence);
        }
    }

    /// <summary>The camera's reported intrinsics in OpenCV's model (k1, k2, p1, p2, k3), made again only when they change.</summary>
    private CameraIntrinsics IntrinsicsOf(WinIntrinsics reported, int widthPx, int heightPx)
    {
        Vector2 f = reported.FocalLength, c = reported.PrincipalPoint, p = reported.TangentialDistortion;
        Vector3 k = reported.RadialDistortion;
        if (camera is { } held && held.FxPx == f.X && held.FyPx == f.Y && held.CxPx == c.X && held.CyPx == c.Y
            && held.ImageWidthPx == widthPx && held.ImageHeightPx == heightPx
            && held.Distortion[0] == k.X && held.Distortion[1] == k.Y && held.Distortion[2] == p.X && held.Distortion[3] == p.Y && held.Distortion[4] == k.Z)
        {
            return held;
        }

        camera = new CameraIntrinsics(f.X, f.Y, c.X, c.Y, [k.X, k.Y, p.X, p.Y, k.Z], widthPx, heightPx, "HoloLens photo/video camera");
        return camera;
    }
}
