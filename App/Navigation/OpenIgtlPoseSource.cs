using ArSpine.Core.Geometry;
using ArSpine.Registration.Cameras;
using ArSpine.Registration.OpenIGTLink;

namespace ArSpine.App.Navigation;

/// <summary>
/// Marker poses from an external tracker over OpenIGTLink: a server (Registration's <see cref="IgtlServer"/>) receives TRANSFORM
/// messages; those from <see cref="MarkerDevice"/> are the marker's pose in the tracker's frame (the "camera" of this source,
/// which stands at <see cref="WorldFromTracker"/>), those from <see cref="PointerDevice"/> the tracked pointer's tip (the
/// transform's translation is the tip, tracker mm). Frames carry poses, not images. Not seeing the marker for
/// <see cref="MissingAfterS"/> yields frames without a pose, so staleness works as with a camera.
/// </summary>
public sealed class OpenIgtlPoseSource : ICameraFrameSource, IInstrumentTracker
{
    private readonly IgtlServer server;
    private readonly Lock gate = new();
    private RigidTransform? lastMarker;
    private double lastMarkerS = double.NegativeInfinity;
    private RigidTransform? lastPointer;
    private double lastPointerS = double.NegativeInfinity;
    private double lastEmptyS = double.NegativeInfinity;
    private AppClock? clockSeen;

    private OpenIgtlPoseSource(IgtlServer server, string markerDevice, string pointerDevice, RigidTransform worldFromTracker)
    {
        this.server = server;
        MarkerDevice = markerDevice;
        PointerDevice = pointerDevice;
        WorldFromTracker = worldFromTracker;
    }

    /// <inheritdoc/>
    public string Name => $"OpenIGTLink tracker (port {server.Port}, device {MarkerDevice})";

    /// <inheritdoc/>
    public CameraIntrinsics? Camera => null;

    /// <summary>The device name of the marker's TRANSFORM messages.</summary>
    public string MarkerDevice { get; }

    /// <summary>The device name of the pointer tip's TRANSFORM messages.</summary>
    public string PointerDevice { get; }

    /// <summary>Where the tracker stands, Tracker to World mm.</summary>
    public RigidTransform WorldFromTracker { get; }

    /// <summary>A marker pose older than this is not reported, s.</summary>
    public double MissingAfterS { get; init; } = 0.1;

    /// <summary>
    /// The pointer pose and the marker pose that a fiducial touch combines must have been received at most this far apart, s (50 ms:
    /// a few tracker frames at 60 Hz; the pointer's tip moves little within it while it rests on a fiducial). Further apart, the two
    /// poses may show the pointer and the patient at different moments, and <see cref="PointerTipInMarker()"/> reports no touch.
    /// </summary>
    public const double PairWindowS = 0.05;

    /// <summary>
    /// The instrument's axis, from the handle toward the tip, in the frame of <see cref="PointerDevice"/>'s transform (unit): −Z by
    /// default, the tool-tip convention of MITK's navigation tools. A tool calibrated otherwise must say so here; a wrong axis shows
    /// as a wrong angle to the plan.
    /// </summary>
    public Vector3d InstrumentAxisInTool { get; init; } = new(0, 0, -1);

    /// <inheritdoc/>
    public string InstrumentName => $"OpenIGTLink {PointerDevice}";

    /// <summary>The port listened on.</summary>
    public int Port => server.Port;

    /// <summary>Starts a server on <paramref name="port"/> (0: any free port) on the loopback address; throws a <see cref="NavigationSourceException"/> when the port cannot be opened.</summary>
    public static OpenIgtlPoseSource Start(int port, RigidTransform worldFromTracker, string markerDevice = "ReferenceToTracker", string pointerDevice = "StylusTipToTracker")
    {
        var server = new IgtlServer(port);
        try
        {
            server.Start();
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new NavigationSourceException($"Expected to listen for OpenIGTLink on port {port}. Was refused: {e.Message}", e);
        }

        return new OpenIgtlPoseSource(server, markerDevice, pointerDevice, worldFromTracker);
    }

    /// <summary>
    /// The pointer tip in the Marker frame (mm) from the latest pointer and marker poses, judged at the app clock's time now (the clock
    /// the session stamps frames with): what a fiducial touch measures. Null when either pose is missing, either was received longer
    /// than <see cref="MissingAfterS"/> ago, or they were received more than <see cref="PairWindowS"/> apart.
    /// </summary>
    public Vector3d? PointerTipInMarker()
    {
        AppClock? clock = Volatile.Read(ref clockSeen);
        return clock is null ? null : PointerTipInMarker(clock.NowS);
    }

    /// <summary>
    /// As <see cref="PointerTipInMarker()"/>, judged at app time <paramref name="nowS"/> (s, the clock that <see cref="TryCapture"/>
    /// receives with): poses are stamped with the app time at which <see cref="TryCapture"/> took them from the server.
    /// </summary>
    public Vector3d? PointerTipInMarker(double nowS)
    {
        lock (gate)
        {
            if (lastMarker is not RigidTransform marker || lastPointer is not RigidTransform pointer)
            {
                return null;
            }

            bool fresh = nowS - lastMarkerS <= MissingAfterS && nowS - lastPointerS <= MissingAfterS;
            bool paired = Math.Abs(lastMarkerS - lastPointerS) <= PairWindowS;
            return fresh && paired ? marker.Inverse().Apply(pointer.TranslationMm) : null;
        }
    }

    /// <inheritdoc/>
    public bool TryInstrument(out Vector3d tipWorldMm, out Vector3d axisWorld)
    {
        tipWorldMm = axisWorld = default;
        AppClock? clock = Volatile.Read(ref clockSeen);
        lock (gate)
        {
            if (clock is null || lastPointer is not RigidTransform pointer || clock.NowS - lastPointerS > MissingAfterS)
            {
                return false;
            }

            RigidTransform worldFromTool = WorldFromTracker * pointer;
            tipWorldMm = worldFromTool.TranslationMm;
            axisWorld = worldFromTool.ApplyToDirection(InstrumentAxisInTool).Normalized();
            return true;
        }
    }

    /// <inheritdoc/>
    public bool TryCapture(AppClock clock, out CameraFrame? frame)
    {
        frame = null;
        ArgumentNullException.ThrowIfNull(clock);
        Volatile.Write(ref clockSeen, clock);
        double now = clock.NowS;
        bool markerUpdated = false;
        while (server.Messages.TryRead(out IgtlReceived? received))
        {
            if (received.Message.Content is not TransformContent transform)
            {
                continue;
            }

            lock (gate)
            {
                if (received.Message.DeviceName == MarkerDevice)
                {
                    lastMarker = transform.Transform;
                    lastMarkerS = now;
                    markerUpdated = true;
                }
                else if (received.Message.DeviceName == PointerDevice)
                {
                    lastPointer = transform.Transform;
                    lastPointerS = now;
                }
            }
        }

        if (markerUpdated)
        {
            frame = new CameraFrame(now, WorldFromTracker, lastMarker);
            return true;
        }

        if (now - lastMarkerS > MissingAfterS && now - lastEmptyS >= MissingAfterS)
        {
            lastEmptyS = now;
            frame = new CameraFrame(now, WorldFromTracker, null);
            return true;
        }

        return false;
    }

    /// <inheritdoc/>
    public void Dispose() => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
