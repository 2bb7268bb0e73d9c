using System.Text.Json;
using System.Text.Json.Nodes;
using ArSpine.Core.Geometry;

namespace ArSpine.App.CommandLine;

/// <summary>JSON pieces shared by the registration commands (register, detect, accuracy, calibrate).</summary>
internal static class RegistrationJson
{
    /// <summary>Indented output, one document per command.</summary>
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };

    /// <summary>The 4x4 homogeneous matrix of a transform, row-major, acting on column vectors (x, y, z, 1) in mm.</summary>
    public static double[][] Matrix(RigidTransform t)
    {
        Matrix3d r = t.Rotation;
        Vector3d p = t.TranslationMm;
        return
        [
            [r.M11, r.M12, r.M13, p.X],
            [r.M21, r.M22, r.M23, p.Y],
            [r.M31, r.M32, r.M33, p.Z],
            [0, 0, 0, 1],
        ];
    }

    /// <summary>The 4x4 matrix as nested JSON arrays.</summary>
    public static JsonArray MatrixNode(RigidTransform t)
    {
        var rows = new JsonArray();
        foreach (double[] row in Matrix(t))
        {
            rows.Add(Numbers(row));
        }

        return rows;
    }

    /// <summary>[x, y, z].</summary>
    public static JsonArray Vector(Vector3d v) => [v.X, v.Y, v.Z];

    /// <summary>A JSON array of numbers.</summary>
    public static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(x => (JsonNode)x).ToArray());

    /// <summary>A JSON array of strings.</summary>
    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(x => (JsonNode)x).ToArray());

    /// <summary>Prints the document on standard output.</summary>
    public static void Print(JsonNode document) => Console.WriteLine(document.ToJsonString(Indented));
}
