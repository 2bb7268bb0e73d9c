namespace ArSpine.Core.Volumes;

/// <summary>
/// Vertebra names and label ids in VerSe numbering: C1–C7 = 1–7, T1–T12 = 8–19, L1–L5 = 20–24, L6 = 25,
/// sacrum = 26, coccyx = 27, T13 = 28. Levels are named from the data's labels, never guessed.
/// </summary>
public static class VertebraLevels
{
    /// <summary>VerSe id of the sacrum.</summary>
    public const int SacrumId = 26;

    private static readonly Dictionary<string, int> IdByName = BuildIds();

    /// <summary>The VerSe label id of a level name such as "L3" or "S" (sacrum); throws for an unknown name.</summary>
    public static int IdOf(string name) => IdByName.TryGetValue(name.Trim().ToUpperInvariant(), out int id)
        ? id
        : throw new ArgumentException($"Expected a vertebra name C1–C7, T1–T13, L1–L6, S (sacrum) or Co (coccyx). Was '{name}'.", nameof(name));

    /// <summary>The level name of a VerSe label id, such as 22 → "L3"; throws for an id outside 1–28.</summary>
    public static string NameOf(int id) => id switch
    {
        >= 1 and <= 7 => $"C{id}",
        >= 8 and <= 19 => $"T{id - 7}",
        >= 20 and <= 25 => $"L{id - 19}",
        SacrumId => "S",
        27 => "Co",
        28 => "T13",
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Expected a VerSe vertebra id 1–28."),
    };

    /// <summary>
    /// The ids of a level range such as "L1-L5" or "L3-L5", from superior to inferior. A lumbar range that reaches L5 ends
    /// at the sacrum only when <paramref name="withSacrum"/> is set.
    /// </summary>
    public static IReadOnlyList<int> ParseRange(string range, bool withSacrum = false)
    {
        string[] parts = range.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2)
        {
            throw new ArgumentException($"Expected a level range such as 'L1-L5'. Was '{range}'.", nameof(range));
        }

        int first = IdOf(parts[0]);
        int last = IdOf(parts[^1]);
        if (first > last || first == SacrumId || last >= SacrumId)
        {
            throw new ArgumentException($"Expected a superior-to-inferior range of vertebrae above the sacrum, such as 'L1-L5'. Was '{range}'.", nameof(range));
        }

        var ids = Enumerable.Range(first, last - first + 1).ToList();
        if (withSacrum && last == IdOf("L5"))
        {
            ids.Add(SacrumId);
        }

        return ids;
    }

    /// <summary>Sort key of a VerSe id from head to feet: T13 (28) sits between T12 (19) and L1 (20); others in id order.</summary>
    public static double HeadToFeet(int id) => id == 28 ? 19.5 : id;

    private static Dictionary<string, int> BuildIds()
    {
        var ids = new Dictionary<string, int>();
        for (int id = 1; id <= 28; id++)
        {
            ids[NameOf(id).ToUpperInvariant()] = id;
        }

        ids["SACRUM"] = SacrumId;
        return ids;
    }
}
