using System.Numerics;
using ArSpine.App.Navigation;
using ArSpine.Core.Geometry;
using ArSpine.Core.Phantom;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.Simulation;
using OpenCvSharp;

namespace ArSpine.App.Simulation;

/// <summary>
/// The simulated operating room as a frame source: renders the marker board as the headset camera sees it from the head pose the
/// frame loop last published (<see cref="SetHead"/>), with Registration's <see cref="SimulatedCamera"/> — seeded motion blur, sensor
/// noise, uneven lighting — at <see cref="FrameRateHz"/> of the app's clock. The true CameraFromMarker is used only to draw the
/// image; the pipeline must find the marker in it. Cost: tens of ms per 1280x720 frame (on the detection worker).
/// </summary>
public sealed class SimulatedFrameSource : ICameraFrameSource
{
    private readonly OperatingRoom room;
    private readonly SimulatedCamera camera;
    private readonly Lock gate = new();
    private readonly int seed;
    private double headTimeS = double.NegativeInfinity;
    private Matrix4x4 worldFromHead;
    private double lastCapturedS = double.NegativeInfinity;
    private int frameIndex;
    private volatile bool occluded;

    /// <summary>Prepares the renderer for <paramref name="room"/>'s camera and marker; <paramref name="seed"/> seeds every frame's conditions.</summary>
    public SimulatedFrameSource(OperatingRoom room, double frameRateHz = 30, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameRateHz);
        this.room = room;
        this.seed = seed;
        FrameRateHz = frameRateHz;
        camera = new SimulatedCamera(room.Camera, room.Board);
        worldFromHead = room.DefaultWorldFromHead;
    }

    /// <inheritdoc/>
    public string Name => "Simulated operating room";

    /// <inheritdoc/>
    public CameraIntrinsics? Camera => room.Camera;

    /// <summary>Camera frames per second of app time.</summary>
    public double FrameRateHz { get; }

    /// <summary>The largest motion blur of a frame, pixels (each frame draws its own up to this).</summary>
    public double MaxBlurPx { get; init; } = 1.5;

    /// <summary>Sensor noise, grey levels (standard deviation).</summary>
    public double NoiseSigma { get; init; } = 3;

    /// <summary>Brightness change across the image (a lamp on one side), as a share of the gain.</summary>
    public double LightGradient { get; init; } = 0.25;

    /// <summary>When set, a drape covers the whole marker: frames come but show no marker. Thread-safe.</summary>
    public bool Occluded
    {
        get => occluded;
        set => occluded = value;
    }

    /// <summary>Frames rendered so far.</summary>
    public int FramesRendered => frameIndex;

    /// <summary>The room.</summary>
    public OperatingRoom Room => room;

    /// <summary>Publishes the head pose at app time <paramref name="timeS"/> (row-vector matrix, as the input frame's); call from the frame loop each frame. Allocates nothing.</summary>
    public void SetHead(double timeS, Matrix4x4 worldFromHead)
    {
        lock (gate)
        {
            headTimeS = timeS;
            this.worldFromHead = worldFromHead;
        }
    }

    /// <summary>The true CameraFromMarker for a head pose (what the image shows), mm.</summary>
    public RigidTransform TrueCameraFromMarker(Matrix4x4 worldFromHead) => room.WorldFromCamera(worldFromHead).Inverse() * room.TrueWorldFromMarker;

    /// <inheritdoc/>
    public bool TryCapture(AppClock clock, out CameraFrame? frame)
    {
        frame = null;
        double timeS;
        Matrix4x4 head;
        lock (gate)
        {
            (timeS, head) = (headTimeS, worldFromHead);
        }

        // One frame per camera period of the head's time (the frame loop's clock), never two for the same instant.
        if (!double.IsFinite(timeS) || timeS <= lastCapturedS || timeS < lastCapturedS + 1 / FrameRateHz - 1e-9)
        {
            return false;
        }

        lastCapturedS = timeS;
        RigidTransform worldFromCamera = room.WorldFromCamera(head);
        RigidTransform cameraFromMarker = worldFromCamera.Inverse() * room.TrueWorldFromMarker;
        var random = SplitMix64.ForStream(seed, frameIndex++);
        Mat image;
        if (cameraFromMarker.TranslationMm.Z < 50)
        {
            image = new Mat(camera.HeightPx, camera.WidthPx, MatType.CV_8UC1, new Scalar(SimulatedCamera.BackgroundGrey));
        }
        else
        {
            var conditions = new FrameConditions
            {
                BlurLengthPx = MaxBlurPx * random.NextDouble(),
                BlurAngleDeg = 180 * random.NextDouble(),
                NoiseSigma = NoiseSigma,
                Gain = 0.9 + 0.2 * random.NextDouble(),
                LightGradient = LightGradient * (2 * random.NextDouble() - 1),
                OcclusionFraction = occluded ? 1 : 0,
                NoiseSeed = (int)(random.NextUInt64() & 0x7FFFFFFF),
            };
            image = camera.Render(cameraFromMarker, conditions);
        }

        frame = new CameraFrame(timeS, image, worldFromCamera);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose() => camera.Dispose();
}
