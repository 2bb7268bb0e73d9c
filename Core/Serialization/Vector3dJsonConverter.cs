using System.Text.Json;
using System.Text.Json.Serialization;
using ArSpine.Core.Geometry;

namespace ArSpine.Core.Serialization;

/// <summary>Writes a <see cref="Vector3d"/> as a JSON array <c>[x, y, z]</c> and reads it back, refusing anything but three finite numbers.</summary>
public sealed class Vector3dJsonConverter : JsonConverter<Vector3d>
{
    /// <inheritdoc/>
    public override Vector3d Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array of three numbers [x, y, z]. Was {reader.TokenType}.");
        }

        Span<double> xyz = stackalloc double[3];
        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || count == 3)
            {
                throw new JsonException($"Expected an array of exactly three numbers [x, y, z]. Was {(count == 3 ? "more than three elements" : reader.TokenType.ToString())}.");
            }

            xyz[count++] = reader.GetDouble();
        }

        if (count != 3)
        {
            throw new JsonException($"Expected an array of exactly three numbers [x, y, z]. Was {count} elements.");
        }

        var value = new Vector3d(xyz[0], xyz[1], xyz[2]);
        return value.IsFinite ? value : throw new JsonException($"Expected finite coordinates. Was {value}.");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, Vector3d value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(Math.Round(value.X, 6));
        writer.WriteNumberValue(Math.Round(value.Y, 6));
        writer.WriteNumberValue(Math.Round(value.Z, 6));
        writer.WriteEndArray();
    }
}
