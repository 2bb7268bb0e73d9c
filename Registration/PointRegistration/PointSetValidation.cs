using System.Globalization;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;

namespace ArSpine.Registration.PointRegistration;

/// <summary>Refuses point sets that cannot define a rigid registration: too few, not finite, coincident or collinear.</summary>
public static class PointSetValidation
{
    /// <summary>Spread off the best-fit line below this fraction of the spread along it counts as collinear.</summary>
    public const double CollinearRatio = 1e-3;

    /// <summary>
    /// Throws an <see cref="InvalidInputException"/> naming <paramref name="source"/> (a file or option) and the point,
    /// unless the set has at least three finite points that are not all on one line. Returns the set's configuration.
    /// </summary>
    public static FiducialConfiguration Validate(IReadOnlyList<Vector3d> pointsMm, string source)
    {
        ArgumentNullException.ThrowIfNull(pointsMm);
        if (pointsMm.Count < 3)
        {
            throw InvalidInputException.Field(source, "points", "at least three points (x,y,z in mm)", $"{pointsMm.Count} point{(pointsMm.Count == 1 ? "" : "s")}");
        }

        for (int i = 0; i < pointsMm.Count; i++)
        {
            if (!pointsMm[i].IsFinite)
            {
                throw InvalidInputException.Field(source, $"point {i + 1}", "finite coordinates in mm", FormatPoint(pointsMm[i]));
            }
        }

        FiducialConfiguration shape = FiducialConfiguration.Of(pointsMm);
        double along = Math.Sqrt(shape.PrincipalVariancesMm2[0]);
        double across = Math.Sqrt(shape.PrincipalVariancesMm2[1]);
        if (along <= 1e-9)
        {
            throw InvalidInputException.Field(source, "points", "points at distinct positions", $"all {pointsMm.Count} points at {FormatPoint(pointsMm[0])}");
        }

        if (across <= CollinearRatio * along)
        {
            throw InvalidInputException.Field(
                source,
                "points",
                "points not all on one line (a rigid registration needs a plane's worth of spread)",
                string.Create(CultureInfo.InvariantCulture, $"{pointsMm.Count} collinear points: spread {across:0.######} mm off the line against {along:0.###} mm along it"));
        }

        return shape;
    }

    /// <summary>Validates both sets (<see cref="Validate"/>) and throws unless they have the same number of points; returns the moving set's configuration.</summary>
    public static FiducialConfiguration ValidatePaired(IReadOnlyList<Vector3d> fixedMm, string fixedSource, IReadOnlyList<Vector3d> movingMm, string movingSource)
    {
        Validate(fixedMm, fixedSource);
        FiducialConfiguration moving = Validate(movingMm, movingSource);
        if (fixedMm.Count != movingMm.Count)
        {
            throw InvalidInputException.Field(movingSource, "points", $"as many points as {fixedSource} ({fixedMm.Count}), paired by row", $"{movingMm.Count} points");
        }

        return moving;
    }

    internal static string FormatPoint(Vector3d p) => string.Create(CultureInfo.InvariantCulture, $"{p.X},{p.Y},{p.Z}");
}
