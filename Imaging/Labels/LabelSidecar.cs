using System.Globalization;
using System.Text.Json;
using ArSpine.Core.Errors;
using ArSpine.Core.Serialization;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;

namespace ArSpine.Imaging.Labels;

/// <summary>
/// Label volumes on disk: the NIfTI file (uint8, NIFTI_INTENT_LABEL) and a names sidecar beside it, <c>NAME.labels.json</c>, holding
/// <c>{"22": "L3", …}</c>, since NIfTI has no place for names. Both are written atomically.
/// </summary>
public static class LabelSidecar
{
    /// <summary>The sidecar of a label NIfTI path: <c>x.nii.gz</c> or <c>x.nii</c> → <c>x.labels.json</c>.</summary>
    public static string PathOf(string niftiPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(niftiPath);
        string stem = niftiPath.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) ? niftiPath[..^7]
            : niftiPath.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) ? niftiPath[..^4]
            : throw new ArgumentException($"Expected a path ending in .nii or .nii.gz. Was '{niftiPath}'.", nameof(niftiPath));
        return stem + ".labels.json";
    }

    /// <summary>Writes the labels as NIfTI and their names as the sidecar.</summary>
    public static void Write(LabelVolume labels, string niftiPath)
    {
        ArgumentNullException.ThrowIfNull(labels);
        NiftiWriter.WriteLabels(labels, niftiPath);
        var names = labels.Names.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value);
        AtomicFile.WriteAllBytes(PathOf(niftiPath), JsonSerializer.SerializeToUtf8Bytes(names, new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads a label NIfTI with the names of its sidecar; throws when the sidecar is missing, malformed, or lacks a label present.</summary>
    public static LabelVolume Read(string niftiPath)
    {
        string sidecar = PathOf(niftiPath);
        if (!File.Exists(sidecar))
        {
            throw InvalidInputException.Field(niftiPath, "names sidecar", $"the label names in {sidecar}", "missing");
        }

        return NiftiReader.ReadLabels(niftiPath, TotalSegmentatorLabels.ReadNames(sidecar));
    }
}
