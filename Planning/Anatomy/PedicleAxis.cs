using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;

namespace ArSpine.Planning.Anatomy;

/// <summary>
/// The axis of one pedicle, found from the label mask: the line through the centres of its cross-sections around the isthmus
/// (the narrowest cross-section), running from the posterior cortex into the vertebral body. All in the Ct frame (LPS mm).
/// </summary>
/// <param name="Side">The pedicle's side.</param>
/// <param name="IsthmusCentreCt">Centre of the narrowest cross-section, LPS mm.</param>
/// <param name="DirectionCt">Unit direction from posterior to anterior along the axis.</param>
/// <param name="IsthmusWidthMm">Mediolateral width of the narrowest cross-section, mm.</param>
/// <param name="IsthmusHeightMm">Craniocaudal height of the narrowest cross-section, mm.</param>
/// <param name="EntryCt">Where the axis leaves the bone posteriorly (the entry point on the posterior cortex), LPS mm.</param>
/// <param name="AnteriorCortexCt">Where the axis leaves the vertebral body anteriorly, LPS mm.</param>
/// <param name="MedialConvergenceDeg">Angle of the axis toward the midline, seen in the vertebra's axial plane, degrees (positive: the tip lies medial of the entry).</param>
/// <param name="SagittalAngleDeg">Angle of the axis in the vertebra's sagittal plane, degrees (positive: the tip lies superior of the entry).</param>
public sealed record PedicleAxis(
    BodySide Side, Vector3d IsthmusCentreCt, Vector3d DirectionCt, double IsthmusWidthMm, double IsthmusHeightMm,
    Vector3d EntryCt, Vector3d AnteriorCortexCt, double MedialConvergenceDeg, double SagittalAngleDeg)
{
    private const double PixelMm = 0.4;
    private const double FitHalfLengthMm = 8;
    private const double RingMarginMm = 1.5;
    private const double MaximumBodyReachMm = 80;
    private const double MinimumIsthmusMm = 3;

    // Sections more than this much larger than the isthmus carry other bone (processes, lamina, body) and are left out of the fit.
    private const double CleanAreaRatio = 1.35;

    /// <summary>Distance from the entry point to the anterior cortex along the axis, mm.</summary>
    public double BoneDepthMm => Vector3d.Distance(EntryCt, AnteriorCortexCt);

    /// <summary>
    /// Finds the pedicle of <paramref name="side"/>: first in sections across the anterior axis (to locate the isthmus and a first
    /// axis), then in sections perpendicular to that axis (to measure the isthmus and refit the axis). Throws an
    /// <see cref="InvalidInputException"/> naming the level and side when no pedicle joins the canal wall on that side.
    /// </summary>
    public static PedicleAxis Find(LabelMask mask, VertebraAnatomy anatomy, BodySide side)
    {
        double sign = side == BodySide.Left ? 1 : -1;
        Vector3d lateral = anatomy.LeftCt * sign;
        double r = anatomy.CanalRadiusMm;

        // Pass 1: sections across the anterior axis, from the middle of the canal's back half to near its front.
        // The narrowest is the isthmus; its size bounds the core of every other section, so that articular processes,
        // transverse processes or the lamina attached to a section do not pull its centre off the pedicle.
        var first = new List<(double Station, Section Section)>();
        for (double v = -0.5 * r; v <= 0.8 * r; v += 0.5)
        {
            // A pedicle lies lateral of the canal's middle; nearer the midline is the body's wall or the lamina.
            if (Cut(mask, anatomy, anatomy.ToCt(0, v, 0), lateral, anatomy.SuperiorCt, seedFromMidline: true) is { } s
                && Vector3d.Dot(s.CentreCt - anatomy.ToCt(0, v, 0), lateral) >= 0.5 * r)
            {
                first.Add((v, s));
            }
        }

        if (first.Count < 3)
        {
            throw new InvalidInputException($"{anatomy.Name} {Describe(side)}: expected a pedicle joining the wall of the spinal canal. Found {first.Count} cross-sections of one.");
        }

        (double isthmusStation, Section narrowest) = Narrowest(first);
        List<Vector3d> centres = first
            .Where(f => Math.Abs(f.Station - isthmusStation) <= FitHalfLengthMm && f.Section.AreaMm2 <= CleanAreaRatio * narrowest.AreaMm2)
            .Select(f => f.Section.CoreCentre(narrowest.CentreCt, narrowest)).ToList();
        (Vector3d along, Vector3d through) = FitLine(centres, anatomy.AnteriorCt, anatomy, side);
        Vector3d isthmus = through + along * Vector3d.Dot(narrowest.CentreCt - through, along);

        // Pass 2, twice: sections perpendicular to the current axis; measure the isthmus there and refit.
        Section isthmusSection = narrowest;
        for (int refinement = 0; refinement < 2; refinement++)
        {
            Vector3d inPlaneLateral = (lateral - along * Vector3d.Dot(lateral, along)).Normalized();
            Vector3d inPlaneSuperior = Vector3d.Cross(along, inPlaneLateral);
            if (Vector3d.Dot(inPlaneSuperior, anatomy.SuperiorCt) < 0)
            {
                inPlaneSuperior = -inPlaneSuperior;
            }

            var second = new List<(double T, Section Section)>();
            for (double t = -FitHalfLengthMm; t <= FitHalfLengthMm; t += 0.5)
            {
                if (Cut(mask, anatomy, isthmus + along * t, inPlaneLateral, inPlaneSuperior, seedFromMidline: false) is { } s)
                {
                    second.Add((t, s));
                }
            }

            if (second.Count < 3)
            {
                throw new InvalidInputException($"{anatomy.Name} {Describe(side)}: the pedicle's cross-sections along its axis were not found.");
            }

            isthmusSection = Narrowest(second).Section;
            Section waist = isthmusSection;
            centres = second
                .Where(f => f.Section.AreaMm2 <= CleanAreaRatio * waist.AreaMm2)
                .Select(f => f.Section.CoreCentre(isthmus + along * f.T, waist)).ToList();
            (along, through) = FitLine(centres, anatomy.AnteriorCt, anatomy, side);
            isthmus = through + along * Vector3d.Dot(isthmusSection.CentreCt - through, along);
        }

        if (isthmusSection.WidthMm < MinimumIsthmusMm || isthmusSection.HeightMm < MinimumIsthmusMm)
        {
            throw new InvalidInputException($"{anatomy.Name} {Describe(side)}: expected an isthmus at least {MinimumIsthmusMm} mm wide and tall. Found {isthmusSection.WidthMm:0.0} x {isthmusSection.HeightMm:0.0} mm — the labels do not show this pedicle clearly.");
        }

        if (!mask.Contains(isthmus))
        {
            throw new InvalidInputException($"{anatomy.Name} {Describe(side)}: the centre found for the pedicle's isthmus, {isthmus}, is not inside the bone.");
        }

        Vector3d entry = isthmus - along * mask.RunLength(isthmus, -along);
        // The anterior cortex is where the axis finally leaves the body: voids inside a body's mask do not stop it.
        Vector3d anterior = isthmus + along * mask.FarthestAlong(isthmus, along, MaximumBodyReachMm);
        Vector3d local = new(Vector3d.Dot(along, anatomy.LeftCt) * sign, Vector3d.Dot(along, anatomy.AnteriorCt), Vector3d.Dot(along, anatomy.SuperiorCt));
        double convergence = Math.Atan2(-local.X, local.Y) * 180 / Math.PI;
        double sagittal = Math.Atan2(local.Z, local.Y) * 180 / Math.PI;
        return new PedicleAxis(side, isthmus, along, isthmusSection.WidthMm, isthmusSection.HeightMm, entry, anterior, convergence, sagittal);
    }

    /// <summary>
    /// The narrowest section: the one in the middle of the run of stations within one pixel of the least width (a pedicle's
    /// waist is flat, and pixels quantise the width).
    /// </summary>
    private static (double Station, Section Section) Narrowest(List<(double Station, Section Section)> sections)
    {
        double least = sections.Min(f => f.Section.WidthMm);
        var waist = sections.Where(f => f.Section.WidthMm <= least + PixelMm * 0.5).ToList();
        double middle = waist.Average(f => f.Station);
        return waist.MinBy(f => Math.Abs(f.Station - middle));
    }

    private static string Describe(BodySide side) => $"{side.Name()} pedicle";

    /// <summary>
    /// The pedicle's cross-section in the plane through <paramref name="origin"/> spanned by <paramref name="lateral"/> and
    /// <paramref name="superior"/>: the bone component met first going laterally from the midline (pass 1), or the one nearest
    /// to the origin (pass 2); null when there is none.
    /// </summary>
    private static Section? Cut(LabelMask mask, VertebraAnatomy anatomy, Vector3d origin, Vector3d lateral, Vector3d superior, bool seedFromMidline)
    {
        double minX = seedFromMidline ? 0 : -20, maxX = seedFromMidline ? 45 : 20;
        PlanarSection plane = PlanarSection.Sample(mask, origin, lateral, superior, minX, maxX, -20, 20, PixelMm, [0.0]);

        // The pedicles are where the ring around the canal is closed: bone above or below that band (the articular processes,
        // the pars and lamina that hang below) is not pedicle.
        plane.ClearWhere(p => anatomy.ToLocal(p).Z is var w && (w < -anatomy.RingBelowMm - RingMarginMm || w > anatomy.RingAboveMm + RingMarginMm));
        (int x0, int y0) = plane.PixelOf(0, 0);
        (int X, int Y)? seed = null;
        if (seedFromMidline)
        {
            for (int x = x0; x < plane.Width && seed is null; x++)
            {
                if (plane.IsBone(x, y0))
                {
                    seed = (x, y0);
                }
            }
        }
        else
        {
            for (int ring = 0; ring < 12 && seed is null; ring++)
            {
                for (int dy = -ring; dy <= ring && seed is null; dy++)
                {
                    for (int dx = -ring; dx <= ring && seed is null; dx++)
                    {
                        if (Math.Max(Math.Abs(dx), Math.Abs(dy)) == ring && plane.IsBone(x0 + dx, y0 + dy))
                        {
                            seed = (x0 + dx, y0 + dy);
                        }
                    }
                }
            }
        }

        if (seed is not { } s)
        {
            return null;
        }

        List<int> component = plane.BoneComponentAt(s.X, s.Y);
        (double area, double cx, double cy, double width, double height) = plane.Measure(component);

        // Across the anterior axis, bone at the midline is the body or the lamina, not a pedicle.
        // A pedicle's section is at least 2.5 mm wide and at most four times as tall as wide; a sliver is the canal wall grazed.
        bool fromMidline = seedFromMidline && s.X == x0;
        bool pedicleShaped = width >= 2.5 && height <= 4 * width;
        return area < 4 || fromMidline || !pedicleShaped ? null : new Section(plane, component, plane.PointOf(cx, cy), area, width, height);
    }

    /// <summary>Least-squares line through at least three points: its unit direction (turned toward <paramref name="forward"/>) and its centroid.</summary>
    private static (Vector3d Direction, Vector3d Through) FitLine(List<Vector3d> points, Vector3d forward, VertebraAnatomy anatomy, BodySide side)
    {
        if (points.Count < 3)
        {
            throw new InvalidInputException($"{anatomy.Name} {Describe(side)}: expected at least 3 clean cross-sections of the pedicle to fit its axis. Found {points.Count} — the labels do not show this pedicle clearly.");
        }

        (Matrix3d covariance, Vector3d mean) = SymmetricEigen.Covariance(points);
        Vector3d direction = SymmetricEigen.Decompose(covariance).VectorsAsColumns.Column(1);
        return (Vector3d.Dot(direction, forward) < 0 ? -direction : direction, mean);
    }

    /// <summary>One cross-section of the pedicle: its plane, pixels, centroid and extents (lateral = width, superior = height).</summary>
    private sealed record Section(PlanarSection Plane, List<int> Pixels, Vector3d CentreCt, double AreaMm2, double WidthMm, double HeightMm)
    {
        /// <summary>
        /// The centroid of the pixels within an ellipse the size of <paramref name="isthmus"/> (plus 1.5 mm each way), moved
        /// three times from <paramref name="startCt"/>: the centre of the pedicle's core, whatever else is attached.
        /// </summary>
        public Vector3d CoreCentre(Vector3d startCt, Section isthmus)
        {
            double halfX = isthmus.WidthMm / 2 + 1.5, halfY = isthmus.HeightMm / 2 + 1.5;
            Vector3d d0 = startCt - Plane.Origin;
            double cx = (Vector3d.Dot(d0, Plane.AxisX) - Plane.MinX) / Plane.PixelMm, cy = (Vector3d.Dot(d0, Plane.AxisY) - Plane.MinY) / Plane.PixelMm;
            for (int iteration = 0; iteration < 3; iteration++)
            {
                double sx = 0, sy = 0;
                int count = 0;
                foreach (int n in Pixels)
                {
                    int x = n % Plane.Width, y = n / Plane.Width;
                    double ex = (x - cx) * Plane.PixelMm / halfX, ey = (y - cy) * Plane.PixelMm / halfY;
                    if (ex * ex + ey * ey <= 1)
                    {
                        sx += x;
                        sy += y;
                        count++;
                    }
                }

                if (count == 0)
                {
                    return CentreCt;
                }

                (cx, cy) = (sx / count, sy / count);
            }

            return Plane.PointOf(cx, cy);
        }
    }
}
