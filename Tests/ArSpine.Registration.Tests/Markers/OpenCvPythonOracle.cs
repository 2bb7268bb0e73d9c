using System.Globalization;
using System.Text.Json;
using ArSpine.Core.Geometry;
using ArSpine.Registration.Markers;
using ArSpine.TestSupport;

namespace ArSpine.Registration.Tests.Markers;

/// <summary>Debian's OpenCV 4.6 Python bindings (python3-opencv) as an independent oracle for detection and pose.</summary>
internal static class OpenCvPythonOracle
{
    private const string PoseScript = """
        import sys, json, numpy as np, cv2
        fs = cv2.FileStorage(sys.argv[1], cv2.FILE_STORAGE_READ)
        K = fs.getNode('camera_matrix').mat(); D = fs.getNode('distortion_coefficients').mat()
        corners = json.loads(sys.argv[2]); length = float(sys.argv[3])
        out = []
        for c in corners:
            r, t, _ = cv2.aruco.estimatePoseSingleMarkers([np.array(c, dtype=np.float32).reshape(1, 4, 2)], length, K, D)
            out.append({'rvec': r[0].ravel().tolist(), 'tvec': t[0].ravel().tolist()})
        print(json.dumps(out))
        """;

    private const string DetectScript = """
        import sys, json, cv2
        img = cv2.imread(sys.argv[1], cv2.IMREAD_GRAYSCALE)
        d = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, sys.argv[2]))
        c, ids, _ = cv2.aruco.detectMarkers(img, d, parameters=cv2.aruco.DetectorParameters_create())
        print(json.dumps({} if ids is None else {str(int(i)): cc.reshape(4, 2).tolist() for i, cc in zip(ids.ravel(), c)}))
        """;

    /// <summary>OpenCV 4.6's <c>estimatePoseSingleMarkers</c> (iterative PnP) on the given corners; marker length in mm, poses in mm.</summary>
    public static RigidTransform[] EstimatePoseSingleMarkers(string cameraFile, IReadOnlyList<IReadOnlyList<PixelPoint>> corners, double markerLengthMm)
    {
        string cornersJson = JsonSerializer.Serialize(corners.Select(c => c.Select(p => new[] { p.X, p.Y }).ToArray()).ToArray());
        string output = ExternalTool.RunPython(PoseScript, cameraFile, cornersJson, markerLengthMm.ToString("R", CultureInfo.InvariantCulture));
        using JsonDocument json = JsonDocument.Parse(output);
        return json.RootElement.EnumerateArray().Select(e => PlanarPoseSolver.ToTransform(
            e.GetProperty("rvec").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
            e.GetProperty("tvec").EnumerateArray().Select(v => v.GetDouble()).ToArray())).ToArray();
    }

    /// <summary>OpenCV 4.6's <c>detectMarkers</c> with default parameters; ids to corners in pixels.</summary>
    public static Dictionary<int, PixelPoint[]> DetectMarkers(string imageFile, string dictionaryName)
    {
        using JsonDocument json = JsonDocument.Parse(ExternalTool.RunPython(DetectScript, imageFile, dictionaryName));
        return json.RootElement.EnumerateObject().ToDictionary(
            p => int.Parse(p.Name, CultureInfo.InvariantCulture),
            p => p.Value.EnumerateArray().Select(c => new PixelPoint(c[0].GetDouble(), c[1].GetDouble())).ToArray());
    }
}
