using System.Text.Json.Serialization;
using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;

namespace ArSpine.Core.Plans;

/// <summary>The patient's side, from the data's own orientation (LPS: left is +X).</summary>
public enum BodySide
{
    /// <summary>The patient's left (+X in LPS).</summary>
    Left,

    /// <summary>The patient's right (−X in LPS).</summary>
    Right,
}

/// <summary>Names of <see cref="BodySide"/> as plans, messages and files spell them.</summary>
public static class BodySideNames
{
    /// <summary>"left" or "right".</summary>
    public static string Name(this BodySide side) => side == BodySide.Left ? "left" : "right";
}

/// <summary>
/// One planned pedicle screw: it enters the bone at <see cref="EntryCt"/> and its tip ends at <see cref="TargetCt"/>,
/// both in the Ct frame (LPS mm), so its length is the distance between them.
/// </summary>
/// <param name="Vertebra">Level name in VerSe naming, such as "L3".</param>
/// <param name="Side">The pedicle's side.</param>
/// <param name="EntryCt">Entry point on the posterior cortex, LPS mm.</param>
/// <param name="TargetCt">Tip of the screw inside the vertebral body, LPS mm.</param>
/// <param name="DiameterMm">Outer thread diameter, mm.</param>
public sealed record ScrewTrajectory(string Vertebra, BodySide Side, Vector3d EntryCt, Vector3d TargetCt, double DiameterMm)
{
    /// <summary>Screw length from entry to tip, mm.</summary>
    [JsonInclude]
    public double LengthMm => Math.Round(Vector3d.Distance(EntryCt, TargetCt), 6);

    /// <summary>A screw given by its entry point, direction (normalised here) and length, mm, as a surgeon draws one by hand.</summary>
    public static ScrewTrajectory FromDirection(string vertebra, BodySide side, Vector3d entryCt, Vector3d directionCt, double lengthMm, double diameterMm)
    {
        if (!(directionCt.Length > 1e-9) || !directionCt.IsFinite)
        {
            throw InvalidInputException.Field(null, $"{vertebra} {side.Name()} screw: direction", "a non-zero, finite direction", directionCt);
        }

        if (!(lengthMm > 0) || !double.IsFinite(lengthMm))
        {
            throw InvalidInputException.Field(null, $"{vertebra} {side.Name()} screw: lengthMm", "a positive length in mm", lengthMm);
        }

        return new ScrewTrajectory(vertebra, side, entryCt, entryCt + directionCt.Normalized() * lengthMm, diameterMm);
    }

    /// <summary>The screw's level and side, such as "L3 left", as messages name it.</summary>
    [JsonIgnore]
    public string Label => $"{Vertebra} {Side.Name()}";

    /// <summary>How the screw is predicted to sit in its vertebra, where the planner graded it; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScrewAssessment? Predicted { get; init; }

    /// <summary>Unit direction from entry to target, in the Ct frame.</summary>
    [JsonIgnore]
    public Vector3d Direction => (TargetCt - EntryCt).Normalized();

    /// <summary>Throws an <see cref="InvalidInputException"/> naming <paramref name="where"/> when the screw is not usable.</summary>
    public void Validate(string where)
    {
        if (string.IsNullOrWhiteSpace(Vertebra))
        {
            throw InvalidInputException.Field(null, $"{where}.vertebra", "a level name such as \"L3\"", Vertebra);
        }

        if (!EntryCt.IsFinite)
        {
            throw InvalidInputException.Field(null, $"{where}.entryCt", "three finite coordinates in mm", EntryCt);
        }

        if (!TargetCt.IsFinite)
        {
            throw InvalidInputException.Field(null, $"{where}.targetCt", "three finite coordinates in mm", TargetCt);
        }

        if (!(DiameterMm > 0) || !double.IsFinite(DiameterMm))
        {
            throw InvalidInputException.Field(null, $"{where}.diameterMm", "a positive diameter in mm", DiameterMm);
        }

        if (!(Vector3d.Distance(EntryCt, TargetCt) > 1e-3))
        {
            throw InvalidInputException.Field(null, $"{where}.targetCt", "a target distinct from the entry point (a screw of non-zero length)", TargetCt);
        }
    }
}
