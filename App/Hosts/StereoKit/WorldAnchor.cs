using ArSpine.Core.Geometry;

namespace ArSpine.App.Hosts.StereoKit;

using global::StereoKit;

/// <summary>
/// The app's World as a StereoKit world anchor. The anchor is made once, where StereoKit's world origin is when the host starts
/// (or at a given pose), and the app's World is its frame from then on: when the headset corrects its tracking drift it moves the
/// anchor's pose, the app's World moves with it, and a patient registration made in World stays on the patient. On a HoloLens the
/// anchor is a Windows spatial anchor (<see cref="TryGetSpatialAnchor"/> gives it to the camera frame source, so camera poses come
/// in the same frame); without an anchoring system StereoKit falls back to a stage-relative anchor. While the anchor is not
/// tracked, the last placement holds. Call <see cref="Update"/> once per frame from StereoKit's step; it allocates nothing.
/// </summary>
public sealed class WorldAnchor
{
    private readonly Anchor? anchor;
    private XrWorldFrame frame;

    /// <summary>Anchors the app's World at <paramref name="skWorldFromAppWorld"/> (metres). Needs an initialised StereoKit.</summary>
    public WorldAnchor(MetrePose skWorldFromAppWorld)
    {
        frame = new XrWorldFrame(skWorldFromAppWorld);
        anchor = Anchor.FromPose(skWorldFromAppWorld.ToSk());
    }

    /// <summary>Whether the anchor is tracked this frame (its pose is current, not held).</summary>
    public bool IsTracked => anchor is not null && anchor.Tracked.IsActive();

    /// <summary>Reads the anchor's pose, when tracked, and returns the frame it puts the app's World in.</summary>
    public XrWorldFrame Update()
    {
        if (IsTracked)
        {
            frame = new XrWorldFrame(anchor!.Pose.ToMetrePose());
        }

        return frame;
    }

    /// <summary>
    /// The platform's spatial anchor behind this anchor (on Windows, a <c>Windows.Perception.Spatial.SpatialAnchor</c>), if the
    /// anchoring system has one.
    /// </summary>
    public bool TryGetSpatialAnchor<T>(out T? spatialAnchor)
        where T : class
    {
        spatialAnchor = null;
        return anchor is not null && anchor.TryGetPerceptionAnchor(out spatialAnchor);
    }
}
