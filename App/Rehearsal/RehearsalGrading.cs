using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;
using ArSpine.Planning.Screws;

namespace ArSpine.App.Rehearsal;

/// <summary>Grades placed screws against the true anatomy and compares them with the plan (Planning's <see cref="BreachGrader"/> and <see cref="ScrewCollisions"/>).</summary>
public static class RehearsalGrading
{
    /// <summary>
    /// Grades <paramref name="placedCt"/> (true Ct mm) against the grader's labels and measures its errors against
    /// <paramref name="planned"/>. <paramref name="grader"/> caches the vertebrae's analysis across calls.
    /// </summary>
    public static PlacedScrewReport Grade(BreachGrader grader, ScrewTrajectory placedCt, ScrewTrajectory planned, int planIndex, bool navigable, double overlayTreMm)
    {
        ArgumentNullException.ThrowIfNull(grader);
        ArgumentNullException.ThrowIfNull(placedCt);
        ArgumentNullException.ThrowIfNull(planned);
        ScrewAssessment assessment = grader.Grade(placedCt, $"placed screw {planned.Label}");
        Vector3d plannedAxis = planned.Direction;
        Vector3d offset = placedCt.TargetCt - planned.EntryCt;
        double along = Vector3d.Dot(offset, plannedAxis);
        Vector3d lateral = offset - plannedAxis * along;
        // Medial is toward the midline: −X (LPS) for a left screw, +X for a right one.
        double medial = planned.Side == BodySide.Left ? -lateral.X : lateral.X;
        double cos = Math.Clamp(Vector3d.Dot(placedCt.Direction, plannedAxis), -1, 1);
        return new PlacedScrewReport(
            planned.Label,
            planIndex,
            placedCt.EntryCt,
            placedCt.TargetCt,
            assessment.Grade,
            assessment.BreachMm,
            assessment.Direction,
            assessment.MedialBreach,
            Math.Round(Vector3d.Distance(placedCt.EntryCt, planned.EntryCt), 3),
            Math.Round(Vector3d.Distance(placedCt.TargetCt, planned.TargetCt), 3),
            Math.Round(Math.Acos(cos) * 180 / Math.PI, 3),
            Math.Round(lateral.Length, 3),
            Math.Round(medial, 3),
            navigable,
            double.IsFinite(overlayTreMm) ? Math.Round(overlayTreMm, 3) : null);
    }

    /// <summary>Labels of every pair of placed screws that collide ("L3 left / L3 right").</summary>
    public static IReadOnlyList<string> Collisions(IReadOnlyList<ScrewTrajectory> placedCt)
    {
        ArgumentNullException.ThrowIfNull(placedCt);
        return ScrewCollisions.Find(placedCt).Select(c => $"{placedCt[c.First].Label} / {placedCt[c.Second].Label}").ToArray();
    }

    /// <summary>The label id of <paramref name="vertebra"/> in <paramref name="labels"/>, by level name; −1 when absent.</summary>
    public static int LabelIdOf(LabelVolume labels, string vertebra)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach ((int id, string name) in labels.Names)
        {
            if (string.Equals(name, vertebra, StringComparison.OrdinalIgnoreCase))
            {
                return id;
            }
        }

        return -1;
    }
}
