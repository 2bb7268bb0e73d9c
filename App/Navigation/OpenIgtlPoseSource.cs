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
public sealed class OpenIgtlPoseSource : ICameraFrameSource
{
    private readonly IgtlServer server;
    private readonly Lock gate = new();
    private RigidTransform? lastMarker;
    private double lastMarkerS = double.NegativeInfinity;
    private RigidTransform? lastPointer;
    private double lastEmptyS = double.NegativeInfinity;

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

    /// <summary>The pointer tip in the Marker frame (mm) from the latest pointer and marker poses, or null when either is missing: what a fiducial touch measures.</summary>
    public Vector3d? PointerTipInMarker()
    {
        lock (gate)
        {
            return lastMarker is RigidTransform marker && lastPointer is RigidTransform pointer ? marker.Inverse().Apply(pointer.TranslationMm) : null;
        }
    }

    /// <inheritdoc/>
    public bool TryCapture(AppClock clock, out CameraFrame? frame)
    {
        frame = null;
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
