using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ArSpine.Core.Errors;

namespace ArSpine.Core.Serialization;

/// <summary>
/// The project's JSON documents: an object that starts with <c>"format"</c> (what the document is) and
/// <c>"version"</c> (its schema version), then the document's own fields in camelCase; vectors as <c>[x, y, z]</c>
/// in mm, enums as strings. Saves are atomic; reads check format and version before anything else.
/// </summary>
public static class VersionedJson
{
    /// <summary>The serializer options every document uses.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Serialises a document with its format and version header.</summary>
    public static string Serialize<T>(T document, string format, int version)
    {
        JsonObject body = JsonSerializer.SerializeToNode(document, Options)?.AsObject()
            ?? throw new ArgumentException("Expected a document that serialises to a JSON object.", nameof(document));
        var root = new JsonObject { ["format"] = format, ["version"] = version };
        foreach ((string name, JsonNode? value) in body.ToList())
        {
            body.Remove(name);
            root[name] = value;
        }

        return root.ToJsonString(Options);
    }

    /// <summary>Saves a document atomically (temporary file, then rename).</summary>
    public static void Save<T>(string path, T document, string format, int version)
    {
        string json = Serialize(document, format, version);
        AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(json + "\n"));
    }

    /// <summary>Reads a document, checking its format and version; every problem is an <see cref="InvalidInputException"/> naming the file and the field.</summary>
    public static T Load<T>(string path, string format, int version)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{path}: expected a {format} JSON file. Was: no such file.");
        }

        return Parse<T>(File.ReadAllText(path), path, format, version);
    }

    /// <summary>Parses a document from text; <paramref name="sourceName"/> names it in errors.</summary>
    public static T Parse<T>(string json, string sourceName, string format, int version)
    {
        try
        {
            using JsonDocument parsed = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            JsonElement root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw InvalidInputException.Field(sourceName, "$", "a JSON object", root.ValueKind);
            }

            string? foundFormat = root.TryGetProperty("format", out JsonElement f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
            if (foundFormat != format)
            {
                throw InvalidInputException.Field(sourceName, "format", $"\"{format}\"", foundFormat);
            }

            int? foundVersion = root.TryGetProperty("version", out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) ? n : null;
            if (foundVersion != version)
            {
                throw InvalidInputException.Field(sourceName, "version", $"{version} (this build reads {format} version {version})", foundVersion);
            }

            return root.Deserialize<T>(Options) ?? throw InvalidInputException.Field(sourceName, "$", "a document", "null");
        }
        catch (JsonException e)
        {
            string where = e.Path is null ? "" : $" at {e.Path}";
            string line = e.LineNumber is long l ? $" (line {l + 1})" : "";
            throw new InvalidInputException($"{sourceName}: invalid {format} JSON{where}{line}: {e.Message}", e);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            WriteIndented = true,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.Converters.Add(new Vector3dJsonConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        return options;
    }
}
