using System.Globalization;
using System.Text.Json;
using ArSpine.Core.Errors;
using ArSpine.Core.Volumes;
using ArSpine.Imaging.Nifti;

namespace ArSpine.Imaging.Labels;

/// <summary>A TotalSegmentator label map in VerSe numbering, and what the import left out.</summary>
/// <param name="Vertebrae">The vertebra labels, VerSe ids and names (sacrum and S1 both become the sacrum, 26).</param>
/// <param name="DroppedVoxels">Voxels of each non-vertebra class set to background, by TotalSegmentator class name.</param>
public sealed record TotalSegmentatorImport(LabelVolume Vertebrae, IReadOnlyDictionary<string, long> DroppedVoxels);

/// <summary>
/// Imports TotalSegmentator label maps (NIfTI, one id per class): vertebra classes ("vertebrae_L3", "sacrum", …) are renumbered to
/// VerSe ids (<see cref="VertebraLevels"/>); every other class becomes background. Ids are matched by class name, never by number, so
/// the map's own id-to-name table decides: TotalSegmentator v2's "total" task by default, or one read with <see cref="ReadNames"/>.
/// </summary>
public static class TotalSegmentatorLabels
{
    /// <summary>TotalSegmentator v2's "total" task, vertebra classes only: 25 sacrum, 26 vertebrae_S1, 27 vertebrae_L5 … 50 vertebrae_C1.</summary>
    public static IReadOnlyDictionary<int, string> TotalV2Vertebrae { get; } = BuildTotalV2();

    /// <summary>Reads an id-to-class-name table such as TotalSegmentator's label map JSON (<c>{"1": "spleen", …}</c>).</summary>
    public static IReadOnlyDictionary<int, string> ReadNames(string path)
    {
        Dictionary<string, string>? raw;
        try
        {
            raw = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"{path}: expected a JSON object of label id to class name. Was malformed: {e.Message}", e);
        }

        var names = new Dictionary<int, string>();
        foreach ((string key, string value) in raw ?? [])
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id is < 1 or > 255)
            {
                throw InvalidInputException.Field(path, "label id", "a whole number 1–255", key);
            }

            names[id] = value;
        }

        return names;
    }

    /// <summary>
    /// Reads a TotalSegmentator label NIfTI and renumbers it to VerSe. Throws an <see cref="InvalidInputException"/> for a label id that
    /// <paramref name="classNames"/> does not name (the table does not fit the map). Reads the whole volume.
    /// </summary>
    public static TotalSegmentatorImport Import(string niftiPath, IReadOnlyDictionary<int, string>? classNames = null)
    {
        classNames ??= TotalV2Vertebrae;
        var names = Enumerable.Range(1, 255).ToDictionary(id => id, id => classNames.TryGetValue(id, out string? name) ? name : $"unnamed {id}");
        LabelVolume source = NiftiReader.ReadLabels(niftiPath, names);
        var map = new byte[256];
        foreach (int id in source.PresentLabels())
        {
            // The default table names vertebrae only, so an id it lacks is some other class; a table given must name every id present.
            if (!ReferenceEquals(classNames, TotalV2Vertebrae) && !classNames.ContainsKey(id))
            {
                throw InvalidInputException.Field(niftiPath, $"label {id}", "an id named in the TotalSegmentator label table", "not named");
            }

            map[id] = (byte)(VerSeId(names[id]) ?? 0);
        }

        var labels = new byte[source.Labels.Length];
        long[] counts = source.VoxelCounts();
        var dropped = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (int id = 1; id < 256; id++)
        {
            if (counts[id] > 0 && map[id] == 0)
            {
                dropped[names[id]] = dropped.GetValueOrDefault(names[id]) + counts[id];
            }
        }

        byte[] from = source.Labels;
        for (int n = 0; n < from.Length; n++)
        {
            labels[n] = map[from[n]];
        }

        var verseNames = map.Where(v => v != 0).Distinct().ToDictionary(v => (int)v, v => VertebraLevels.NameOf(v));
        return new TotalSegmentatorImport(new LabelVolume(source.Grid, labels, verseNames), dropped);
    }

    /// <summary>The VerSe id of a TotalSegmentator class name, or null for a class that is not a vertebra.</summary>
    public static int? VerSeId(string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        if (className is "sacrum" or "vertebrae_S1")
        {
            return VertebraLevels.SacrumId;
        }

        const string prefix = "vertebrae_";
        if (!className.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return VertebraLevels.IdOf(className[prefix.Length..]);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Dictionary<int, string> BuildTotalV2()
    {
        var names = new Dictionary<int, string> { [25] = "sacrum", [26] = "vertebrae_S1" };
        string[] levels = ["L5", "L4", "L3", "L2", "L1", "T12", "T11", "T10", "T9", "T8", "T7", "T6", "T5", "T4", "T3", "T2", "T1", "C7", "C6", "C5", "C4", "C3", "C2", "C1"];
        for (int n = 0; n < levels.Length; n++)
        {
            names[27 + n] = "vertebrae_" + levels[n];
        }

        return names;
    }
}
