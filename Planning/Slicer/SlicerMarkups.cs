using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Serialization;

namespace ArSpine.Planning.Slicer;

/// <summary>A named point of a 3D Slicer point list, LPS mm.</summary>
/// <param name="Label">The control point's label.</param>
/// <param name="PositionCt">Its position, LPS mm.</param>
public sealed record SlicerPoint(string Label, Vector3d PositionCt);

/// <summary>
/// 3D Slicer markups files (<c>.mrk.json</c>): line markups for screw trajectories (first control point the entry, second the
/// tip) and point lists for fiducials. Read in LPS or RAS, mm or µm, as Slicer writes them; written in LPS mm. A screw's level
/// and side come from the markup's name (such as "L3 left", "L3_R" or "left L3"), never guessed; its diameter from the
/// entry point's description ("diameter 6.5 mm", as <see cref="WriteScrew"/> writes it) or from the caller.
/// </summary>
public static partial class SlicerMarkups
{
    /// <summary>The schema URL Slicer writes in the "@schema" field.</summary>
    public const string Schema = "https://raw.githubusercontent.com/slicer/slicer/master/Modules/Loadable/Markups/Resources/Schema/markups-schema-v1.0.3.json#";

    /// <summary>The file name of a screw's line markup, such as "L3_left.mrk.json".</summary>
    public static string FileNameOf(ScrewTrajectory screw) => $"{screw.Vertebra}_{screw.Side.Name()}.mrk.json";

    /// <summary>Writes one screw as a line markup, atomically.</summary>
    public static void WriteScrew(string path, ScrewTrajectory screw)
    {
        string name = $"{screw.Vertebra} {screw.Side.Name()}";
        var markup = new JsonObject
        {
            ["type"] = "Line",
            ["name"] = name,
            ["coordinateSystem"] = "LPS",
            ["coordinateUnits"] = "mm",
            ["locked"] = false,
            ["fixedNumberOfControlPoints"] = false,
            ["labelFormat"] = "%N-%d",
            ["controlPoints"] = new JsonArray(
                ControlPoint("1", $"{name} entry", string.Create(CultureInfo.InvariantCulture, $"diameter {screw.DiameterMm:0.###} mm"), screw.EntryCt),
                ControlPoint("2", $"{name} target", "", screw.TargetCt)),
            ["measurements"] = new JsonArray(new JsonObject
            {
                ["name"] = "length", ["enabled"] = true, ["value"] = screw.LengthMm, ["units"] = "mm", ["printFormat"] = "%-#4.4g%s",
            }),
        };
        Write(path, markup);
    }

    /// <summary>Writes a point list, atomically.</summary>
    public static void WritePoints(string path, string name, IReadOnlyList<SlicerPoint> points)
    {
        var controlPoints = new JsonArray();
        for (int n = 0; n < points.Count; n++)
        {
            controlPoints.Add(ControlPoint((n + 1).ToString(CultureInfo.InvariantCulture), points[n].Label, "", points[n].PositionCt));
        }

        Write(path, new JsonObject
        {
            ["type"] = "Fiducial", ["name"] = name, ["coordinateSystem"] = "LPS", ["coordinateUnits"] = "mm", ["controlPoints"] = controlPoints,
        });
    }

    /// <summary>
    /// The screws of every line markup in a file. <paramref name="diameterMm"/> is used where a line's entry point carries no
    /// diameter; without either, the screw is refused. Throws an <see cref="InvalidInputException"/> naming the file, the markup
    /// and the field for anything that cannot be trusted.
    /// </summary>
    public static IReadOnlyList<ScrewTrajectory> ReadScrews(string path, double? diameterMm = null)
    {
        var screws = new List<ScrewTrajectory>();
        foreach ((JsonObject markup, string where, Func<Vector3d, Vector3d> toLps) in Markups(path, "Line"))
        {
            string name = MarkupName(markup, path, where);
            (string level, BodySide side) = ParseScrewName(name, path, $"{where}.name");
            JsonArray points = ControlPoints(markup, path, where, minimum: 2);
            Vector3d entry = toLps(Position(points[0], path, $"{where}.controlPoints[0]"));
            Vector3d target = toLps(Position(points[1], path, $"{where}.controlPoints[1]"));
            string description = Text(points[0]?["description"]) ?? "";
            double diameter = DiameterIn(description) ?? diameterMm
                ?? throw InvalidInputException.Field(path, $"{where}.controlPoints[0].description", $"the screw's diameter, such as 'diameter 6.5 mm' (or give one for '{name}')", description);
            var screw = new ScrewTrajectory(level, side, entry, target, diameter);
            try
            {
                screw.Validate(where);
            }
            catch (InvalidInputException e)
            {
                throw new InvalidInputException($"{path}: the {level} {side.Name()} screw ('{name}'): {e.Message}", e);
            }

            screws.Add(screw);
        }

        return screws.Count > 0 ? screws : throw InvalidInputException.Field(path, "markups", "at least one line markup (a screw trajectory)", "none");
    }

    /// <summary>The points of every point list (type "Fiducial") in a file, LPS mm.</summary>
    public static IReadOnlyList<SlicerPoint> ReadPoints(string path)
    {
        var result = new List<SlicerPoint>();
        foreach ((JsonObject markup, string where, Func<Vector3d, Vector3d> toLps) in Markups(path, "Fiducial"))
        {
            JsonArray points = ControlPoints(markup, path, where, minimum: 1);
            for (int n = 0; n < points.Count; n++)
            {
                string label = Text(points[n]?["label"]) ?? (n + 1).ToString(CultureInfo.InvariantCulture);
                result.Add(new SlicerPoint(label, toLps(Position(points[n], path, $"{where}.controlPoints[{n}]"))));
            }
        }

        return result;
    }

    /// <summary>The level and side in a markup name such as "L3 left", "L3_R", "l3-right" or "left L3".</summary>
    public static (string Level, BodySide Side) ParseScrewName(string name, string? file, string field)
    {
        Match m = ScrewName().Match(name.Trim());
        if (!m.Success)
        {
            throw InvalidInputException.Field(file, field, "a level and a side, such as 'L3 left' or 'T12_R' (never guessed)", name);
        }

        string level = m.Groups["level"].Success ? m.Groups["level"].Value : m.Groups["level2"].Value;
        string side = m.Groups["side"].Success ? m.Groups["side"].Value : m.Groups["side2"].Value;
        return (level.ToUpperInvariant(), side.StartsWith('l') || side.StartsWith('L') ? BodySide.Left : BodySide.Right);
    }

    [GeneratedRegex(@"^(?:(?<level>[CTL]\d{1,2})[\s_\-]*(?<side>left|right|l|r)|(?<side2>left|right)[\s_\-]+(?<level2>[CTL]\d{1,2}))$", RegexOptions.IgnoreCase)]
    private static partial Regex ScrewName();

    [GeneratedRegex(@"diameter\s*(?<mm>\d+(?:\.\d+)?)\s*mm", RegexOptions.IgnoreCase)]
    private static partial Regex Diameter();

    private static double? DiameterIn(string description) =>
        Diameter().Match(description) is { Success: true } m ? double.Parse(m.Groups["mm"].Value, CultureInfo.InvariantCulture) : null;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? text) ? text : null;

    private static JsonObject ControlPoint(string id, string label, string description, Vector3d position) => new()
    {
        ["id"] = id,
        ["label"] = label,
        ["description"] = description,
        ["associatedNodeID"] = "",
        ["position"] = new JsonArray(position.X, position.Y, position.Z),
        ["orientation"] = new JsonArray(-1.0, -0.0, -0.0, -0.0, -1.0, -0.0, 0.0, 0.0, 1.0),
        ["selected"] = true,
        ["locked"] = false,
        ["visibility"] = true,
        ["positionStatus"] = "defined",
    };

    private static void Write(string path, JsonObject markup)
    {
        var root = new JsonObject { ["@schema"] = Schema, ["markups"] = new JsonArray(markup) };
        AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
    }

    /// <summary>The markups of one type in a file, each with where it is and the conversion of its positions to LPS mm.</summary>
    private static IEnumerable<(JsonObject Markup, string Where, Func<Vector3d, Vector3d> ToLps)> Markups(string path, string type)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw InvalidInputException.Field(path, "$", "a 3D Slicer markups JSON file", $"not JSON ({e.Message})");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw InvalidInputException.Field(path, "file", "a 3D Slicer markups JSON file", "no such file");
        }

        if ((root as JsonObject)?["markups"] is not JsonArray markups)
        {
            throw InvalidInputException.Field(path, "markups", "an array of markups (a 3D Slicer .mrk.json file)", (root as JsonObject)?["markups"]?.ToJsonString() ?? "missing");
        }

        var found = new List<(JsonObject, string, Func<Vector3d, Vector3d>)>();
        for (int n = 0; n < markups.Count; n++)
        {
            string where = $"markups[{n}]";
            if (markups[n] is not JsonObject markup || Text(markup["type"]) != type)
            {
                continue;
            }

            string system = Text(markup["coordinateSystem"]) ?? "LPS";
            double scale = markup["coordinateUnits"] switch
            {
                null => 1,
                JsonValue v when Text(v) == "mm" => 1,
                JsonValue v when Text(v) == "um" => 0.001,
                JsonArray a when a.Count > 0 && Text(a[0]) is "mm" => 1,
                JsonArray a when a.Count > 0 && Text(a[0]) is "um" => 0.001,
                var other => throw InvalidInputException.Field(path, $"{where}.coordinateUnits", "\"mm\" or \"um\"", other.ToJsonString()),
            };
            Func<Vector3d, Vector3d> toLps = system switch
            {
                "LPS" => p => p * scale,
                "RAS" => p => new Vector3d(-p.X, -p.Y, p.Z) * scale,
                _ => throw InvalidInputException.Field(path, $"{where}.coordinateSystem", "\"LPS\" or \"RAS\"", system),
            };
            found.Add((markup, where, toLps));
        }

        return found;
    }

    private static string MarkupName(JsonObject markup, string path, string where)
    {
        string? name = Text(markup["name"]);
        if (!string.IsNullOrWhiteSpace(name))
        {
            return name;
        }

        // Slicer names a node after its file when the file holds no name.
        string file = Path.GetFileName(path);
        return file.EndsWith(".mrk.json", StringComparison.OrdinalIgnoreCase) ? file[..^".mrk.json".Length] : Path.GetFileNameWithoutExtension(file);
    }

    private static JsonArray ControlPoints(JsonObject markup, string path, string where, int minimum)
    {
        if (markup["controlPoints"] is not JsonArray points || points.Count < minimum)
        {
            throw InvalidInputException.Field(path, $"{where}.controlPoints", $"at least {minimum} control points", markup["controlPoints"]?.ToJsonString() ?? "missing");
        }

        return points;
    }

    private static Vector3d Position(JsonNode? point, string path, string where)
    {
        if (Text(point?["positionStatus"]) is { } status && status != "defined")
        {
            throw InvalidInputException.Field(path, $"{where}.positionStatus", "\"defined\"", status);
        }

        if (point?["position"] is JsonArray p && p.Count == 3 && p.All(v => v is JsonValue value && value.TryGetValue(out double _)))
        {
            var v = new Vector3d(p[0]!.GetValue<double>(), p[1]!.GetValue<double>(), p[2]!.GetValue<double>());
            return v.IsFinite ? v : throw InvalidInputException.Field(path, $"{where}.position", "three finite numbers", p.ToJsonString());
        }

        throw InvalidInputException.Field(path, $"{where}.position", "three numbers [x, y, z]", point?["position"]?.ToJsonString() ?? "missing");
    }
}
