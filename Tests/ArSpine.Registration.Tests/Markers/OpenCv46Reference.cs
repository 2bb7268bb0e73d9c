using System.Text.Json;
using ArSpine.Core.Geometry;
using ArSpine.Registration.Markers;
using ArSpine.TestSupport;

namespace ArSpine.Registration.Tests.Markers;

/// <summary>OpenCV 4.6's detections and poses on the ArUco tutorial photo (<c>aruco/opencv4.6_detections.json</c>), an independent oracle.</summary>
internal sealed record OpenCv46Reference(IReadOnlyDictionary<int, PixelPoint[]> Corners, IReadOnlyDictionary<int, RigidTransform> CameraFromMarkerMm, double MarkerLengthMm)
{
    public const string Photo = "aruco/singlemarkersoriginal.jpg";
    public const string Camera = "aruco/tutorial_camera_params.yml";
    public const string Detections = "aruco/opencv4.6_detections.json";

    public static OpenCv46Reference Load()
    {
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(SharedData.PathOf(Detections)));
        JsonElement photo = json.RootElement.GetProperty("singlemarkersoriginal.jpg");
        var corners = new Dictionary<int, PixelPoint[]>();
        foreach (JsonProperty marker in photo.GetProperty("markers").EnumerateObject())
        {
            corners[int.Parse(marker.Name, System.Globalization.CultureInfo.InvariantCulture)] =
                marker.Value.EnumerateArray().Select(c => new PixelPoint(c[0].GetDouble(), c[1].GetDouble())).ToArray();
        }

        var poses = new Dictionary<int, RigidTransform>();
        foreach (JsonProperty marker in photo.GetProperty("pose_marker_len_0.05m").EnumerateObject())
        {
            double[] r = marker.Value.GetProperty("rvec").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            double[] t = marker.Value.GetProperty("tvec").EnumerateArray().Select(v => v.GetDouble() * 1000).ToArray();
            poses[int.Parse(marker.Name, System.Globalization.CultureInfo.InvariantCulture)] = PlanarPoseSolver.ToTransform(r, t);
        }

        return new OpenCv46Reference(corners, poses, 50);
    }
}
