using System.Text.Json.Serialization;

namespace ArSpine.Core.Plans;

/// <summary>Gertzbein–Robbins grade of a pedicle screw by how far it leaves the bone: A none, B under 2 mm, C 2 to under 4, D 4 to under 6, E 6 mm or more.</summary>
public enum GertzbeinRobbinsGrade
{
    /// <summary>Entirely in bone.</summary>
    A,

    /// <summary>Breach under 2 mm.</summary>
    B,

    /// <summary>Breach from 2 to under 4 mm.</summary>
    C,

    /// <summary>Breach from 4 to under 6 mm.</summary>
    D,

    /// <summary>Breach of 6 mm or more.</summary>
    E,
}

/// <summary>Where a screw leaves the bone, in the vertebra's own frame; medial is toward the spinal canal.</summary>
public enum BreachDirection
{
    /// <summary>No breach.</summary>
    None,

    /// <summary>Toward the midline and the spinal canal.</summary>
    Medial,

    /// <summary>Away from the midline.</summary>
    Lateral,

    /// <summary>Toward the head.</summary>
    Superior,

    /// <summary>Toward the feet.</summary>
    Inferior,

    /// <summary>Through the front of the vertebral body.</summary>
    Anterior,

    /// <summary>Toward the back.</summary>
    Posterior,
}

/// <summary>How one screw sits in its vertebra.</summary>
/// <param name="Grade">Gertzbein–Robbins grade of <paramref name="BreachMm"/>.</param>
/// <param name="BreachMm">Largest depth by which the screw's surface leaves the bone, mm (0 when it stays inside).</param>
/// <param name="Direction">Direction of that largest breach.</param>
/// <param name="MarginMm">Smallest distance from the screw's surface to the bone's surface, mm; negative by the breach depth when it breaches.</param>
/// <param name="MedialBreach">True when the screw breaches medially anywhere along it (toward the canal), whatever the largest breach.</param>
public sealed record ScrewAssessment(
    [property: JsonConverter(typeof(JsonStringEnumConverter<GertzbeinRobbinsGrade>))] GertzbeinRobbinsGrade Grade,
    double BreachMm, BreachDirection Direction, double MarginMm, bool MedialBreach)
{
    /// <summary>The grade of a breach depth in mm (0 or less: A).</summary>
    public static GertzbeinRobbinsGrade GradeOf(double breachMm) => breachMm switch
    {
        <= 0 => GertzbeinRobbinsGrade.A,
        < 2 => GertzbeinRobbinsGrade.B,
        < 4 => GertzbeinRobbinsGrade.C,
        < 6 => GertzbeinRobbinsGrade.D,
        _ => GertzbeinRobbinsGrade.E,
    };
}
