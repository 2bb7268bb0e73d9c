using System.Globalization;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;

namespace ArSpine.App.CommandLine;

/// <summary>Parsers for the command line's compound values; each error names the option, what was expected and what was found.</summary>
internal static class ArgumentParsing
{
    /// <summary>Three positive numbers "X,Y,Z", such as a spacing in mm.</summary>
    public static Vector3d PositiveTriple(string option, string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0))
        {
            throw InvalidInputException.Field(null, option, "three positive numbers separated by commas, such as 0.8,0.8,1.0", text);
        }

        double[] v = parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new Vector3d(v[0], v[1], v[2]);
    }

    /// <summary>A range of vertebrae such as "L1-L5", superior to inferior, as VerSe ids.</summary>
    public static IReadOnlyList<int> Levels(string option, string text, string expected = "a level range such as L1-L5")
    {
        try
        {
            return VertebraLevels.ParseRange(text);
        }
        catch (ArgumentException)
        {
            throw InvalidInputException.Field(null, option, expected, text);
        }
    }

    /// <summary>A size "I,J,K" or "I,J" or "I,J,N" (N or 0: enough slices for the anatomy).</summary>
    public static (int I, int J, int K) Size(string option, string text)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        bool valid = parts.Length is 2 or 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int j) && j > 0;
        int k = 0;
        if (valid && parts.Length == 3 && !parts[2].Equals("N", StringComparison.OrdinalIgnoreCase))
        {
            valid = int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out k);
        }

        if (!valid)
        {
            throw InvalidInputException.Field(null, option, "a size in voxels such as 256,256,N (N: as many slices as the anatomy needs)", text);
        }

        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), k);
    }

    /// <summary>A picture's width or height in pixels, 16 to 8192; <paramref name="option"/> names it in the error.</summary>
    public static int PictureSize(string option, int pixels) =>
        pixels is < 16 or > 8192 ? throw InvalidInputException.Field(null, option, "16 to 8192 pixels", pixels) : pixels;
}
