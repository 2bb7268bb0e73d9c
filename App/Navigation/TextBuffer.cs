using System.Globalization;

namespace ArSpine.App.Navigation;

/// <summary>
/// A reusable line of text for per-frame labels: numbers are formatted into its own char array, so building a label allocates
/// nothing once the array is large enough. Pass <see cref="Span"/> to the hologram port, which copies it. Frame-loop thread only.
/// </summary>
public sealed class TextBuffer(int capacity = 96)
{
    private char[] chars = new char[capacity];

    /// <summary>Characters written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The text written so far; valid until the next change.</summary>
    public ReadOnlySpan<char> Span => chars.AsSpan(0, Length);

    /// <summary>Empties the buffer; returns it for chaining.</summary>
    public TextBuffer Clear()
    {
        Length = 0;
        return this;
    }

    /// <summary>Appends text (cut at the capacity).</summary>
    public TextBuffer Append(ReadOnlySpan<char> text)
    {
        int n = Math.Min(text.Length, chars.Length - Length);
        text[..n].CopyTo(chars.AsSpan(Length));
        Length += n;
        return this;
    }

    /// <summary>Appends <paramref name="value"/> with <paramref name="decimals"/> (0 to 3) decimals, invariant culture; "--" for NaN or infinity.</summary>
    public TextBuffer Append(double value, int decimals)
    {
        if (!double.IsFinite(value))
        {
            return Append("--");
        }

        ReadOnlySpan<char> format = decimals switch
        {
            <= 0 => "F0",
            1 => "F1",
            2 => "F2",
            _ => "F3",
        };
        if (value.TryFormat(chars.AsSpan(Length), out int written, format, CultureInfo.InvariantCulture))
        {
            Length += written;
        }

        return this;
    }
}
