using ArSpine.Core.Errors;
using ArSpine.Core.Serialization;

namespace ArSpine.Core.Plans;

/// <summary>The planned screws of one case, in the Ct frame (LPS mm). Saved as versioned JSON (<see cref="Format"/>, <see cref="Version"/>).</summary>
/// <param name="Screws">The planned screws, in no particular order.</param>
public sealed record SurgicalPlan(IReadOnlyList<ScrewTrajectory> Screws)
{
    /// <summary>The document format name written in the file's "format" field.</summary>
    public const string Format = "arspine.plan";

    /// <summary>The schema version this build writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Throws an <see cref="InvalidInputException"/> for the first unusable screw or a repeated vertebra and side.</summary>
    public void Validate(string source)
    {
        var seen = new HashSet<(string, BodySide)>();
        for (int s = 0; s < Screws.Count; s++)
        {
            ScrewTrajectory screw = Screws[s] ?? throw InvalidInputException.Field(source, $"screws[{s}]", "a screw", null);
            try
            {
                screw.Validate($"screws[{s}]");
            }
            catch (InvalidInputException e)
            {
                throw new InvalidInputException($"{source}: the {screw.Label} screw: {e.Message}", e);
            }

            if (!seen.Add((screw.Vertebra, screw.Side)))
            {
                throw InvalidInputException.Field(source, $"screws[{s}]", "one screw per vertebra and side", $"a second {screw.Side} screw in {screw.Vertebra}");
            }
        }
    }

    /// <summary>Saves atomically as versioned JSON.</summary>
    public void Save(string path)
    {
        Validate(path);
        VersionedJson.Save(path, this, Format, Version);
    }

    /// <summary>Loads and validates a plan file.</summary>
    public static SurgicalPlan Load(string path)
    {
        SurgicalPlan plan = VersionedJson.Load<SurgicalPlan>(path, Format, Version);
        plan.Validate(path);
        return plan;
    }
}
