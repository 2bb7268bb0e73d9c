using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;

namespace ArSpine.Planning.Alignment;

/// <summary>The endplates of one level used for alignment, Ct frame (LPS mm).</summary>
/// <param name="Name">Level name, such as "L3" or "S".</param>
/// <param name="LabelId">VerSe label id.</param>
/// <param name="Superior">Superior endplate (for the sacrum: S1's).</param>
/// <param name="Inferior">Inferior endplate; ignored for the sacrum.</param>
public sealed record LevelEndplates(string Name, int LabelId, EndplatePlane Superior, EndplatePlane Inferior);

/// <summary>The sagittal angle of one segment, from the superior endplate of the upper level to the superior endplate of the lower level.</summary>
/// <param name="Upper">Upper level, such as "L4".</param>
/// <param name="Lower">Lower level, such as "L5" or "S".</param>
/// <param name="LordosisDeg">Degrees; positive for lordosis (opening anteriorly), negative for kyphosis.</param>
public sealed record SegmentalAngle(string Upper, string Lower, double LordosisDeg);

/// <summary>The coronal Cobb angle: the largest coronal angle between the superior endplate of an upper end vertebra and the inferior endplate of a lower one.</summary>
/// <param name="UpperEnd">Upper end vertebra.</param>
/// <param name="LowerEnd">Lower end vertebra.</param>
/// <param name="AngleDeg">Degrees, 0 or more.</param>
/// <param name="ConvexSide">The side the curve's convexity faces.</param>
public sealed record CobbAngle(string UpperEnd, string LowerEnd, double AngleDeg, BodySide ConvexSide);

/// <summary>Alignment figures of the lumbar spine as deformity-planning tools report them, from the endplates.</summary>
/// <param name="LumbarLordosisDeg">L1–S1 lordosis: sagittal angle between the superior endplates of L1 and S1, degrees, positive for lordosis; null unless both are labelled.</param>
/// <param name="Segments">Segmental lordosis of each pair of adjacent levels present, superior to inferior.</param>
/// <param name="Cobb">The coronal Cobb angle over the lumbar levels present (the sacrum excluded); null for fewer than one lumbar level.</param>
public sealed record AlignmentReport(double? LumbarLordosisDeg, IReadOnlyList<SegmentalAngle> Segments, CobbAngle? Cobb);

/// <summary>
/// Lordosis and Cobb angles from endplate planes. Angles are measured in projection, as on radiographs: sagittal in the Ct
/// Y–Z plane, coronal in the Ct X–Z plane. Segmental lordosis runs from the superior endplate of the upper level to the
/// superior endplate of the lower level, so the segments add up to L1–S1.
/// </summary>
public static class SpinalAlignment
{
    /// <summary>Measures the endplates of every lumbar level (L1–L5) and the sacrum present in the labels, superior to inferior.</summary>
    public static IReadOnlyList<LevelEndplates> MeasureLevels(LabelVolume labels, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var present = labels.PresentLabels();
        var levels = new List<LevelEndplates>();
        foreach (int id in present.Where(id => (id >= VertebraLevels.IdOf("L1") && id <= VertebraLevels.IdOf("L5")) || id == VertebraLevels.SacrumId))
        {
            VertebraMeasurement m = VertebraMeasurement.Measure(labels, id, source);
            levels.Add(new LevelEndplates(VertebraLevels.NameOf(id), id, m.Superior, m.Inferior));
        }

        return levels;
    }

    /// <summary>Computes the report from levels ordered superior to inferior (the sacrum last, if present).</summary>
    public static AlignmentReport Report(IReadOnlyList<LevelEndplates> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        var ordered = levels.OrderBy(l => l.LabelId).ToList();
        var segments = new List<SegmentalAngle>();
        for (int n = 0; n + 1 < ordered.Count; n++)
        {
            if (ordered[n + 1].LabelId == ordered[n].LabelId + 1 || (ordered[n + 1].LabelId == VertebraLevels.SacrumId && ordered[n].LabelId == VertebraLevels.IdOf("L5")))
            {
                segments.Add(new SegmentalAngle(ordered[n].Name, ordered[n + 1].Name, Lordosis(ordered[n].Superior, ordered[n + 1].Superior)));
            }
        }

        LevelEndplates? l1 = ordered.FirstOrDefault(l => l.LabelId == VertebraLevels.IdOf("L1"));
        LevelEndplates? s1 = ordered.FirstOrDefault(l => l.LabelId == VertebraLevels.SacrumId);
        double? lordosis = l1 is not null && s1 is not null ? Lordosis(l1.Superior, s1.Superior) : null;
        return new AlignmentReport(lordosis, segments, Cobb(ordered.Where(l => l.LabelId != VertebraLevels.SacrumId).ToList()));
    }

    /// <summary>Sagittal angle from an upper to a lower endplate, degrees, positive when the pair opens anteriorly (lordosis).</summary>
    public static double Lordosis(EndplatePlane upper, EndplatePlane lower) => WrapDeg(upper.SagittalTiltDeg - lower.SagittalTiltDeg);

    /// <summary>The Cobb angle over lumbar levels ordered superior to inferior; null when there are none.</summary>
    public static CobbAngle? Cobb(IReadOnlyList<LevelEndplates> lumbar)
    {
        // The upper endplate leaning further to the left than the lower means the spine bends left going up: convex to the right.
        CobbAngle? best = null;
        for (int upper = 0; upper < lumbar.Count; upper++)
        {
            for (int lower = upper; lower < lumbar.Count; lower++)
            {
                double signed = WrapDeg(lumbar[upper].Superior.CoronalTiltDeg - lumbar[lower].Inferior.CoronalTiltDeg);
                if (best is null || Math.Abs(signed) > best.AngleDeg)
                {
                    best = new CobbAngle(lumbar[upper].Name, lumbar[lower].Name, Math.Abs(signed), signed >= 0 ? BodySide.Right : BodySide.Left);
                }
            }
        }

        return best;
    }

    private static double WrapDeg(double angle) => angle > 180 ? angle - 360 : angle < -180 ? angle + 360 : angle;
}
