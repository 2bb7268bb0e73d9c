using ArSpine.Core.Errors;
using ArSpine.Core.Serialization;

namespace ArSpine.Planning.Screws;

/// <summary>
/// The pedicle screws a hospital stocks: their diameters and lengths, mm, ascending. The default is
/// <c>Assets/screw-catalogue.json</c> (copied next to the app at build time; edit it there or pass another file).
/// </summary>
/// <param name="DiametersMm">Outer thread diameters, mm, ascending.</param>
/// <param name="LengthsMm">Lengths, mm, ascending.</param>
public sealed record ScrewCatalogue(IReadOnlyList<double> DiametersMm, IReadOnlyList<double> LengthsMm)
{
    /// <summary>The document format name.</summary>
    public const string Format = "arspine.screw-catalogue";

    /// <summary>The schema version.</summary>
    public const int Version = 1;

    /// <summary>Where the default catalogue lies next to the app.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Assets", "screw-catalogue.json");

    /// <summary>Loads and validates a catalogue file.</summary>
    public static ScrewCatalogue Load(string path)
    {
        ScrewCatalogue catalogue = VersionedJson.Load<ScrewCatalogue>(path, Format, Version);
        Check(path, "diametersMm", catalogue.DiametersMm);
        Check(path, "lengthsMm", catalogue.LengthsMm);
        return catalogue;
    }

    /// <summary>The largest stocked diameter not above <paramref name="limitMm"/>, or null when even the smallest is above it.</summary>
    public double? LargestDiameterUpTo(double limitMm) => LargestUpTo(DiametersMm, limitMm);

    /// <summary>The longest stocked length not above <paramref name="limitMm"/>, or null when even the shortest is above it.</summary>
    public double? LongestLengthUpTo(double limitMm) => LargestUpTo(LengthsMm, limitMm);

    /// <summary>True when the catalogue stocks this diameter (within 0.01 mm).</summary>
    public bool StocksDiameter(double diameterMm) => DiametersMm.Any(d => Math.Abs(d - diameterMm) < 0.01);

    private static double? LargestUpTo(IReadOnlyList<double> sizes, double limit)
    {
        double? best = null;
        foreach (double size in sizes)
        {
            if (size <= limit + 1e-9)
            {
                best = size;
            }
        }

        return best;
    }

    private static void Check(string path, string field, IReadOnlyList<double>? sizes)
    {
        if (sizes is null || sizes.Count == 0)
        {
            throw InvalidInputException.Field(path, field, "a non-empty list of sizes in mm", "empty");
        }

        for (int n = 0; n < sizes.Count; n++)
        {
            if (!double.IsFinite(sizes[n]) || sizes[n] <= 0 || (n > 0 && sizes[n] <= sizes[n - 1]))
            {
                throw InvalidInputException.Field(path, $"{field}[{n}]", "positive sizes in mm, strictly ascending", sizes[n]);
            }
        }
    }
}
