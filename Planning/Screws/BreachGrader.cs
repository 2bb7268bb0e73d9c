using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;
using ArSpine.Planning.Anatomy;

namespace ArSpine.Planning.Screws;

/// <summary>
/// Grades screws, planned or placed, against the vertebrae of a label volume: the screw is a cylinder of its diameter from
/// entry to tip; its surface is sampled every 0.5 mm along and every 15° around, and its tip disc on three rings; the largest
/// signed distance of those samples outside the bone (<see cref="BoneSignedDistance"/>) is the breach depth, graded by
/// Gertzbein–Robbins. That grade concerns the pedicle and the body, so the screw is graded from where it passes the plane
/// across the vertebra's anterior axis three quarters of the canal's radius behind the canal's centre (near the back of the
/// canal, where the pedicle begins) to its tip; before that it runs through the posterior elements around its entry point. Caches each vertebra's analysis; not thread-safe.
/// </summary>
public sealed class BreachGrader
{
    private const double StepMm = 0.5;
    private const int Around = 24;

    private readonly LabelVolume _labels;
    private readonly IReadOnlyList<int> _present;
    private Dictionary<int, Vector3d>? _superiorHints;
    private readonly Dictionary<int, (VertebraAnatomy Anatomy, BoneSignedDistance Distance)> _vertebrae = [];

    /// <summary>Grades against <paramref name="labels"/> (VerSe numbering, names as level names).</summary>
    public BreachGrader(LabelVolume labels)
    {
        _labels = labels;
        _present = labels.PresentLabels();
    }

    /// <summary>The frame and distance field of a vertebra, computed once.</summary>
    public (VertebraAnatomy Anatomy, BoneSignedDistance Distance) Vertebra(int labelId)
    {
        if (!_vertebrae.TryGetValue(labelId, out var entry))
        {
            var mask = new LabelMask(_labels, labelId);
            _superiorHints ??= VertebraAnatomy.SpineSuperiorHints(_labels);
            Vector3d? hint = _superiorHints.TryGetValue(labelId, out Vector3d h) ? h : null;
            entry = (VertebraAnatomy.Analyse(mask, hint), BoneSignedDistance.Of(_labels, labelId));
            _vertebrae[labelId] = entry;
        }

        return entry;
    }

    /// <summary>
    /// Grades one screw. <paramref name="where"/> names it in errors (for example "PLAN.json: screws[3] (L3 left)"); a vertebra the
    /// labels lack is an <see cref="InvalidInputException"/>.
    /// </summary>
    public ScrewAssessment Grade(ScrewTrajectory screw, string where)
    {
        screw.Validate(where);
        int labelId = LabelOf(screw.Vertebra, where);
        (VertebraAnatomy anatomy, BoneSignedDistance distance) = Vertebra(labelId);

        Vector3d axis = screw.Direction;
        Vector3d u = Vector3d.Cross(axis, Math.Abs(axis.X) < 0.9 ? Vector3d.UnitX : Vector3d.UnitY).Normalized();
        Vector3d w = Vector3d.Cross(axis, u);
        double radius = screw.DiameterMm / 2, length = screw.LengthMm;
        double start = GradedFromMm(screw, anatomy);
        double worst = double.NegativeInfinity, worstMedial = double.NegativeInfinity;
        Vector3d worstAt = screw.TargetCt;
        double sideSign = screw.Side == BodySide.Left ? 1 : -1;

        void Sample(Vector3d p)
        {
            double d = distance.At(p);
            if (d > worst)
            {
                (worst, worstAt) = (d, p);
            }

            if (d > 0 && Classify(anatomy, distance.OutwardAt(p), sideSign) == BreachDirection.Medial)
            {
                worstMedial = Math.Max(worstMedial, d);
            }
        }

        for (double s = start; s <= length + 1e-9; s += StepMm)
        {
            Vector3d c = screw.EntryCt + axis * s;
            for (int a = 0; a < Around; a++)
            {
                double angle = 2 * Math.PI * a / Around;
                Sample(c + (u * Math.Cos(angle) + w * Math.Sin(angle)) * radius);
            }
        }

        foreach (double fraction in new[] { 0.0, 1.0 / 3, 2.0 / 3 })
        {
            int count = fraction == 0 ? 1 : Around;
            for (int a = 0; a < count; a++)
            {
                double angle = 2 * Math.PI * a / Around;
                Sample(screw.TargetCt + (u * Math.Cos(angle) + w * Math.Sin(angle)) * radius * fraction);
            }
        }

        double breach = Math.Max(0, worst);
        BreachDirection direction = breach > 0 ? Classify(anatomy, distance.OutwardAt(worstAt), sideSign) : BreachDirection.None;
        return new ScrewAssessment(ScrewAssessment.GradeOf(breach), Math.Round(breach, 3), direction, Math.Round(-worst, 3), worstMedial > 0);
    }

    /// <summary>How far from the entry point grading starts, mm: where the screw passes 0.75 canal radii behind the canal's centre (0 when it starts anterior of that; at most half its length).</summary>
    public static double GradedFromMm(ScrewTrajectory screw, VertebraAnatomy anatomy)
    {
        double entryAnterior = anatomy.ToLocal(screw.EntryCt).Y + 0.75 * anatomy.CanalRadiusMm;
        double perMm = Vector3d.Dot(screw.Direction, anatomy.AnteriorCt);
        if (entryAnterior >= 0 || perMm <= 0.1)
        {
            return 0;
        }

        return Math.Min(-entryAnterior / perMm, screw.LengthMm / 2);
    }

    /// <summary>The label id of a level name in these labels; an <see cref="InvalidInputException"/> naming the screw when absent.</summary>
    public int LabelOf(string vertebra, string where)
    {
        foreach (int id in _present)
        {
            if (string.Equals(_labels.Names[id], vertebra, StringComparison.OrdinalIgnoreCase))
            {
                return id;
            }
        }

        string present = string.Join(", ", _present.Select(id => _labels.Names[id]));
        throw new InvalidInputException($"{where}: expected a vertebra that the labels hold ({present}). Was '{vertebra}'.");
    }

    /// <summary>The named direction of an outward vector, in the vertebra's frame, for a screw on the side of sign +1 (left) or −1 (right).</summary>
    private static BreachDirection Classify(VertebraAnatomy anatomy, Vector3d outward, double sideSign)
    {
        double lateral = Vector3d.Dot(outward, anatomy.LeftCt) * sideSign;
        double anterior = Vector3d.Dot(outward, anatomy.AnteriorCt);
        double superior = Vector3d.Dot(outward, anatomy.SuperiorCt);
        double largest = Math.Max(Math.Abs(lateral), Math.Max(Math.Abs(anterior), Math.Abs(superior)));
        if (largest == Math.Abs(lateral))
        {
            return lateral > 0 ? BreachDirection.Lateral : BreachDirection.Medial;
        }

        if (largest == Math.Abs(anterior))
        {
            return anterior > 0 ? BreachDirection.Anterior : BreachDirection.Posterior;
        }

        return superior > 0 ? BreachDirection.Superior : BreachDirection.Inferior;
    }
}
