using ArSpine.Core.Errors;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;
using ArSpine.Planning.Anatomy;

namespace ArSpine.Planning.Screws;

/// <summary>Choices of the automatic screw planner.</summary>
public sealed record ScrewPlanningOptions
{
    /// <summary>How deep into the bone the tip may reach, as a fraction of the distance from the entry point to the anterior cortex along the axis (0–1).</summary>
    public double DepthFraction { get; init; } = 0.8;

    /// <summary>Bone left between the screw and the pedicle's cortex on each side at the isthmus, mm.</summary>
    public double WallMarginMm { get; init; } = 1.0;

    /// <summary>The stocked screws.</summary>
    public required ScrewCatalogue Catalogue { get; init; }

    /// <summary>Throws an <see cref="InvalidInputException"/> for an option out of range.</summary>
    public void Validate()
    {
        if (!(DepthFraction > 0 && DepthFraction < 1))
        {
            throw InvalidInputException.Field(null, "depth fraction", "a fraction between 0 and 1 (exclusive)", DepthFraction);
        }

        if (!(WallMarginMm >= 0 && WallMarginMm < 5))
        {
            throw InvalidInputException.Field(null, "wall margin", "a margin from 0 to under 5 mm", WallMarginMm);
        }
    }
}

/// <summary>One automatically planned screw with what it was planned from.</summary>
/// <param name="Screw">The screw, with its predicted grade.</param>
/// <param name="Pedicle">The pedicle axis it follows.</param>
/// <param name="Warning">Why it needs a surgeon's look, or null.</param>
public sealed record PlannedScrew(ScrewTrajectory Screw, PedicleAxis Pedicle, string? Warning);

/// <summary>The automatic plan of a set of levels: the screws, and the pedicles where no screw could be planned, with the reason.</summary>
public sealed record ScrewPlanningResult(IReadOnlyList<PlannedScrew> Screws, IReadOnlyList<string> Skipped)
{
    /// <summary>The plan of the screws.</summary>
    public SurgicalPlan Plan => new(Screws.Select(s => s.Screw).ToList());
}

/// <summary>
/// Plans a pedicle screw per vertebra and side from the label volume alone: along the pedicle's own axis
/// (<see cref="PedicleAxis"/>, so convergence and sagittal angle come from this patient), entering at the posterior cortex, as long
/// as the catalogue allows up to <see cref="ScrewPlanningOptions.DepthFraction"/> of the bone depth (never through the anterior
/// cortex), as thick as the catalogue allows within the isthmus less the wall margin on both sides; then grades it.
/// </summary>
public static class ScrewPlanner
{
    /// <summary>
    /// Plans <paramref name="levelIds"/> (VerSe ids that must be present in the labels; the sacrum and coccyx are refused).
    /// Progress goes from 0 to 1. Throws an <see cref="InvalidInputException"/> for a level the labels lack.
    /// </summary>
    public static ScrewPlanningResult Plan(LabelVolume labels, IReadOnlyList<int> levelIds, ScrewPlanningOptions options, IProgress<double>? progress = null)
    {
        options.Validate();
        IReadOnlyList<int> present = labels.PresentLabels();
        foreach (int id in levelIds)
        {
            if (!present.Contains(id))
            {
                throw new InvalidInputException($"Expected the labels to hold {LevelName(id)} (label {id}) to plan it. They hold: {string.Join(", ", present.Select(p => $"{labels.Names[p]} ({p})"))}.");
            }

            if (id is VertebraLevels.SacrumId or 27)
            {
                throw new InvalidInputException($"{LevelName(id)} (label {id}): pedicle screws are planned for vertebrae with pedicles; expected a level from C1 to L6.");
            }
        }

        var grader = new BreachGrader(labels);
        var screws = new List<PlannedScrew>();
        var skipped = new List<string>();
        for (int n = 0; n < levelIds.Count; n++)
        {
            int id = levelIds[n];
            var mask = new LabelMask(labels, id);
            VertebraAnatomy anatomy = grader.Vertebra(id).Anatomy;
            foreach (BodySide side in new[] { BodySide.Left, BodySide.Right })
            {
                string where = $"{anatomy.Name} {side.Name()}";
                PedicleAxis pedicle;
                try
                {
                    pedicle = PedicleAxis.Find(mask, anatomy, side);
                }
                catch (InvalidInputException e)
                {
                    // One pedicle the labels do not show clearly is reported and left unplanned; the others go on.
                    skipped.Add($"{where}: no screw planned: {e.Message}");
                    continue;
                }

                double? length = options.Catalogue.LongestLengthUpTo(options.DepthFraction * pedicle.BoneDepthMm);
                if (length is null)
                {
                    skipped.Add($"{where}: the bone depth along the pedicle axis is {pedicle.BoneDepthMm:0.0} mm; {options.DepthFraction:0%} of it is shorter than the shortest stocked screw ({options.Catalogue.LengthsMm[0]:0.#} mm).");
                    continue;
                }

                double limit = pedicle.IsthmusWidthMm - 2 * options.WallMarginMm;
                double? diameter = options.Catalogue.LargestDiameterUpTo(limit);
                string? warning = null;
                if (diameter is null)
                {
                    diameter = options.Catalogue.DiametersMm[0];
                    warning = $"{where}: the isthmus is {pedicle.IsthmusWidthMm:0.0} mm wide; even the thinnest stocked screw ({diameter:0.0} mm) leaves less than {options.WallMarginMm:0.0} mm of wall on each side.";
                }

                var screw = new ScrewTrajectory(anatomy.Name, side, pedicle.EntryCt, pedicle.EntryCt + pedicle.DirectionCt * length.Value, diameter.Value);
                screw = screw with { Predicted = grader.Grade(screw, where) };
                if (screw.Predicted.Grade != GertzbeinRobbinsGrade.A)
                {
                    string direction = screw.Predicted.Direction.ToString().ToLowerInvariant();
                    string breach = $"{where}: predicted grade {screw.Predicted.Grade}: the screw leaves the bone by {screw.Predicted.BreachMm:0.0#} mm ({direction}){(screw.Predicted.MedialBreach ? ", medially toward the canal" : "")}.";
                    warning = warning is null ? breach : $"{warning} {breach}";
                }

                screws.Add(new PlannedScrew(screw, pedicle, warning));
            }

            progress?.Report((n + 1.0) / levelIds.Count);
        }

        return new ScrewPlanningResult(screws, skipped);
    }

    /// <summary>The vertebrae of the labels that can carry pedicle screws (every present VerSe id but the sacrum and coccyx), superior first.</summary>
    public static IReadOnlyList<int> PlannableLevels(LabelVolume labels) =>
        labels.PresentLabels().Where(id => id is >= 1 and <= 25 or 28).OrderBy(VertebraLevels.HeadToFeet).ToList();

    private static string LevelName(int id) => id is >= 1 and <= 28 ? VertebraLevels.NameOf(id) : $"label {id}";
}
