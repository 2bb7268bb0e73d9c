using System.Globalization;
using System.Text.Json;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;

namespace ArSpine.Inference.Onnx;

/// <summary>Input normalisation of a model, as nnU-Net and TotalSegmentator exports describe it: clip to [min, max] HU, then (HU − mean) / std.</summary>
/// <param name="ClipMinHu">Lower clip, HU.</param>
/// <param name="ClipMaxHu">Upper clip, HU.</param>
/// <param name="Mean">Subtracted after clipping, HU.</param>
/// <param name="Std">Divides after subtracting, HU; positive.</param>
public sealed record Normalization(double ClipMinHu, double ClipMaxHu, double Mean, double Std);

/// <summary>One output channel of a model: the label id it stands for (0 = background) and its name.</summary>
/// <param name="Channel">Output channel index.</param>
/// <param name="Id">Label id written for voxels whose argmax is this channel (VerSe numbering for vertebrae).</param>
/// <param name="Name">Name of the label.</param>
public sealed record ModelLabel(int Channel, int Id, string Name);

/// <summary>
/// The sidecar JSON of a segmentation model (<c>MODEL.onnx.json</c> beside <c>MODEL.onnx</c>). The model takes one float
/// tensor <c>[1, 1, K, J, I]</c> (a patch on the CT's voxel axes resampled to <see cref="SpacingMm"/>, i fastest) and gives
/// <c>[1, C, K, J, I]</c>, one channel per entry of <see cref="Labels"/>.
/// </summary>
/// <param name="SpacingMm">Target spacing along i, j, k, mm.</param>
/// <param name="PatchSize">Patch size along i, j, k, voxels.</param>
/// <param name="Normalization">Input normalisation.</param>
/// <param name="OutputIsLogits">True for logits (softmax is applied), false for probabilities.</param>
/// <param name="Labels">Output channels, ordered by channel.</param>
/// <param name="Overlap">Fraction of a patch that neighbouring windows share along each axis, in [0, 0.9].</param>
/// <param name="Mirroring">Whether to average over the 8 mirrorings of each patch (test-time augmentation).</param>
public sealed record ModelSidecar(
    Vector3d SpacingMm, (int I, int J, int K) PatchSize, Normalization Normalization, bool OutputIsLogits,
    IReadOnlyList<ModelLabel> Labels, double Overlap, bool Mirroring)
{
    /// <summary>The document format name.</summary>
    public const string Format = "arspine.segmentation-model";

    /// <summary>The sidecar's path for a model: the model's path with <c>.json</c> appended.</summary>
    public static string PathFor(string modelPath) => modelPath + ".json";

    /// <summary>Reads and validates a sidecar; every problem is an <see cref="InvalidInputException"/> naming the file and the field.</summary>
    public static ModelSidecar Load(string path)
    {
        if (!File.Exists(path))
        {
            throw InvalidInputException.Field(path, "sidecar", "a model sidecar JSON file beside the model", "no such file");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw InvalidInputException.Field(path, "$", "valid JSON", e.Message);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw InvalidInputException.Field(path, "$", "a JSON object", root.ValueKind);
            }

            string format = String(root, "format", path);
            if (format != Format)
            {
                throw InvalidInputException.Field(path, "format", $"'{Format}'", format);
            }

            double[] spacing = Numbers(root, "spacingMm", 3, path);
            if (spacing.Any(s => !(s > 0 && s <= 20)))
            {
                throw InvalidInputException.Field(path, "spacingMm", "three spacings in (0, 20] mm", string.Join(", ", spacing.Select(Text)));
            }

            double[] patch = Numbers(root, "patchSize", 3, path);
            if (patch.Any(p => p != Math.Floor(p) || p < 1 || p > 1024))
            {
                throw InvalidInputException.Field(path, "patchSize", "three whole numbers of voxels in [1, 1024]", string.Join(", ", patch.Select(Text)));
            }

            JsonElement norm = Property(root, "normalization", JsonValueKind.Object, path);
            var normalization = new Normalization(Number(norm, "clipMinHu", path), Number(norm, "clipMaxHu", path), Number(norm, "mean", path), Number(norm, "std", path));
            if (!(normalization.ClipMaxHu > normalization.ClipMinHu) || !(normalization.Std > 0))
            {
                throw InvalidInputException.Field(path, "normalization", "clipMaxHu above clipMinHu and a positive std", $"clip [{Text(normalization.ClipMinHu)}, {Text(normalization.ClipMaxHu)}], std {Text(normalization.Std)}");
            }

            string output = String(root, "output", path);
            if (output is not ("logits" or "probabilities"))
            {
                throw InvalidInputException.Field(path, "output", "'logits' or 'probabilities'", output);
            }

            var labels = new List<ModelLabel>();
            foreach (JsonElement entry in Property(root, "labels", JsonValueKind.Array, path).EnumerateArray())
            {
                int channel = (int)Number(entry, "channel", path), id = (int)Number(entry, "id", path);
                if (id is < 0 or > 255)
                {
                    throw InvalidInputException.Field(path, $"labels[{labels.Count}].id", "a label id 0–255", id);
                }

                labels.Add(new ModelLabel(channel, id, String(entry, "name", path)));
            }

            labels.Sort((a, b) => a.Channel.CompareTo(b.Channel));
            for (int c = 0; c < labels.Count; c++)
            {
                if (labels[c].Channel != c)
                {
                    throw InvalidInputException.Field(path, "labels", $"channels 0 to {labels.Count - 1}, each once", string.Join(", ", labels.Select(l => l.Channel)));
                }
            }

            if (labels.Count < 2 || labels.Select(l => l.Id).Distinct().Count() != labels.Count)
            {
                throw InvalidInputException.Field(path, "labels", "at least two channels with distinct ids", string.Join(", ", labels.Select(l => l.Id)));
            }

            double overlap = root.TryGetProperty("overlap", out JsonElement o) ? NumberOf(o, "overlap", path) : 0.5;
            if (!(overlap is >= 0 and <= 0.9))
            {
                throw InvalidInputException.Field(path, "overlap", "a fraction in [0, 0.9]", Text(overlap));
            }

            bool mirroring = root.TryGetProperty("mirroring", out JsonElement m) && m.ValueKind == JsonValueKind.True;
            return new ModelSidecar(new Vector3d(spacing[0], spacing[1], spacing[2]), ((int)patch[0], (int)patch[1], (int)patch[2]),
                normalization, output == "logits", labels, overlap, mirroring);
        }
    }

    private static JsonElement Property(JsonElement parent, string name, JsonValueKind kind, string path) =>
        parent.TryGetProperty(name, out JsonElement value) && value.ValueKind == kind
            ? value
            : throw InvalidInputException.Field(path, name, $"a JSON {kind.ToString().ToLowerInvariant()}", parent.TryGetProperty(name, out JsonElement found) ? found.ValueKind : null);

    private static string String(JsonElement parent, string name, string path) => Property(parent, name, JsonValueKind.String, path).GetString()!;

    private static double Number(JsonElement parent, string name, string path) => NumberOf(Property(parent, name, JsonValueKind.Number, path), name, path);

    private static double NumberOf(JsonElement value, string name, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double d) && double.IsFinite(d)
            ? d
            : throw InvalidInputException.Field(path, name, "a finite number", value.ToString());

    private static double[] Numbers(JsonElement parent, string name, int count, string path)
    {
        JsonElement array = Property(parent, name, JsonValueKind.Array, path);
        double[] values = array.EnumerateArray().Select(v => NumberOf(v, name, path)).ToArray();
        return values.Length == count ? values : throw InvalidInputException.Field(path, name, $"{count} numbers (i, j, k)", values.Length + " numbers");
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
