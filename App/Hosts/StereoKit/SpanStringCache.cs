namespace ArSpine.App.Hosts.StereoKit;

/// <summary>
/// Strings for text that arrives as spans, for host APIs that take only strings (StereoKit's <c>Text.Add</c>, <c>UI.Label</c>,
/// <c>UI.Button</c>). Characters outside printable ASCII become '?', as <see cref="Scene.IHologramPort.DrawText"/> promises. Text seen
/// before comes back as the same string without allocating; new text allocates its string once. Holds at most its capacity of
/// strings, then starts afresh, so text that changes every frame (live figures) costs one string per new value and the memory stays
/// bounded. Not thread-safe: the frame loop's thread only.
/// </summary>
public sealed class SpanStringCache
{
    private readonly HashSet<string> strings;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly int capacity;
    private char[] scratch = new char[256];

    /// <summary>A cache of up to <paramref name="capacity"/> strings (at least 1).</summary>
    public SpanStringCache(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        this.capacity = capacity;
        strings = new HashSet<string>(capacity, StringComparer.Ordinal);
        lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>How many strings the cache holds now.</summary>
    public int Count => strings.Count;

    /// <summary>The string for <paramref name="text"/>, non-printable characters as '?'; allocates only for text not held yet.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (scratch.Length < text.Length)
        {
            scratch = new char[Math.Max(text.Length, 2 * scratch.Length)];
        }

        Span<char> clean = scratch.AsSpan(0, text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            clean[i] = c is >= ' ' and <= '~' ? c : '?';
        }

        if (lookup.TryGetValue(clean, out string? held))
        {
            return held;
        }

        if (strings.Count >= capacity)
        {
            strings.Clear();
        }

        string made = new(clean);
        strings.Add(made);
        return made;
    }
}
