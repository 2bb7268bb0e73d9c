using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;

namespace ArSpine.Planning.Anatomy;

/// <summary>
/// A vertebra's own frame, found from its label mask: the centre of its spinal canal and three unit axes in the Ct frame
/// (LPS mm). <see cref="SuperiorCt"/> is the vertebra's principal axis along the spine, turned toward the patient's head (+Z of LPS);
/// <see cref="AnteriorCt"/> runs from the canal to the body; <see cref="LeftCt"/> = superior × anterior, so left comes from
/// the data's orientation, never from a guess.
/// </summary>
/// <param name="Name">Level name from the label volume, such as "L3".</param>
/// <param name="LabelId">Label id (VerSe numbering).</param>
/// <param name="CentroidCt">Centroid of all the vertebra's voxels, LPS mm.</param>
/// <param name="BodyCentroidCt">Centroid of the voxels anterior of the canal (the body), LPS mm.</param>
/// <param name="CanalCentreCt">Centre of the vertebral foramen at the level where the bony ring is closed (the pedicles), LPS mm.</param>
/// <param name="CanalAreaMm2">Cross-section area of the foramen there, mm².</param>
/// <param name="LeftCt">Unit axis toward the patient's left.</param>
/// <param name="AnteriorCt">Unit axis toward anterior.</param>
/// <param name="SuperiorCt">Unit axis toward superior.</param>
/// <param name="RingBelowMm">How far below the canal centre the bony ring around the canal is closed, mm (the pedicles' lower reach).</param>
/// <param name="RingAboveMm">How far above the canal centre the ring is closed, mm (the pedicles' upper reach).</param>
public sealed record VertebraAnatomy(
    string Name, int LabelId, Vector3d CentroidCt, Vector3d BodyCentroidCt, Vector3d CanalCentreCt, double CanalAreaMm2,
    Vector3d LeftCt, Vector3d AnteriorCt, Vector3d SuperiorCt, double RingBelowMm, double RingAboveMm)
{
    private const double SlabPixelMm = 0.5;
    private const double MinimumCanalAreaMm2 = 60;

    /// <summary>Radius of a circle of the canal's area, mm.</summary>
    public double CanalRadiusMm => Math.Sqrt(CanalAreaMm2 / Math.PI);

    /// <summary>A point's coordinates in this frame: (left, anterior, superior) mm from the canal centre.</summary>
    public Vector3d ToLocal(Vector3d ct)
    {
        Vector3d d = ct - CanalCentreCt;
        return new Vector3d(Vector3d.Dot(d, LeftCt), Vector3d.Dot(d, AnteriorCt), Vector3d.Dot(d, SuperiorCt));
    }

    /// <summary>The Ct point (LPS mm) at (left, anterior, superior) mm from the canal centre.</summary>
    public Vector3d ToCt(double leftMm, double anteriorMm, double superiorMm) =>
        CanalCentreCt + LeftCt * leftMm + AnteriorCt * anteriorMm + SuperiorCt * superiorMm;

    /// <summary>
    /// Finds the frame of one vertebra. Its superior axis is one of the vertebra's principal axes: the one closest to
    /// <paramref name="superiorHint"/> (the spine's direction at this level, from the neighbouring vertebrae: see
    /// <see cref="SpineSuperiorHints"/>) when given, else the shortest. Throws an <see cref="InvalidInputException"/> naming the level when the mask is too small, its
    /// superior axis cannot be told from the data, or no closed vertebral foramen is found (the pedicles cannot be located).
    /// Cost: one pass over the volume plus a few hundred thousand mask samples.
    /// </summary>
    public static VertebraAnatomy Analyse(LabelMask mask, Vector3d? superiorHint = null)
    {
        List<Vector3d> points = mask.VoxelCentres();
        if (points.Count < 200)
        {
            throw new InvalidInputException($"{mask.Name} (label {mask.LabelId}): expected a vertebra of at least 200 voxels. Was {points.Count}.");
        }

        (Matrix3d covariance, Vector3d centroid) = SymmetricEigen.Covariance(points);
        Matrix3d axes = SymmetricEigen.Decompose(covariance).VectorsAsColumns;
        Vector3d superior = Upward(superiorHint is { } hint ? ClosestAxis(axes, hint) : axes.Column(3), mask);
        (Vector3d canal, double area, Vector3d towardBody, double ringLow, double ringHigh) = FindCanal(mask, points, centroid, superior);
        Vector3d anterior = Across(towardBody, superior, mask, "the bone around the canal is balanced on all sides");
        Vector3d body = Centroid(points, p => Vector3d.Dot(p - canal, anterior) > Math.Sqrt(area / Math.PI) + 1, mask);
        anterior = Across(body - canal, superior, mask, "the vertebral body lies at its canal");
        Vector3d left = Vector3d.Cross(superior, anterior);
        double canalHeight = Vector3d.Dot(canal - centroid, superior);
        return new VertebraAnatomy(mask.Name, mask.LabelId, centroid, body, canal, area, left, anterior, superior, canalHeight - ringLow, ringHigh - canalHeight);
    }

    /// <summary>
    /// For each vertebra of the labels (VerSe ids, ordered head to feet; the sacrum counts as the one below L5), the direction
    /// from the centroid of the vertebra below to that of the one above (or to/from this one at the ends), unit, LPS. Empty
    /// when fewer than two vertebrae are present. One pass over the volume.
    /// </summary>
    public static Dictionary<int, Vector3d> SpineSuperiorHints(Core.Volumes.LabelVolume labels)
    {
        var sums = new Vector3d[256];
        var counts = new long[256];
        Core.Volumes.VolumeGrid g = labels.Grid;
        byte[] data = labels.Labels;
        for (int k = 0, n = 0; k < g.SizeK; k++)
        {
            for (int j = 0; j < g.SizeJ; j++)
            {
                for (int i = 0; i < g.SizeI; i++, n++)
                {
                    byte id = data[n];
                    if (id != 0)
                    {
                        sums[id] += new Vector3d(i, j, k);
                        counts[id]++;
                    }
                }
            }
        }

        List<int> column = Enumerable.Range(1, 28).Where(id => counts[id] > 0 && id != 27).OrderBy(Core.Volumes.VertebraLevels.HeadToFeet).ToList();
        var centroids = column.ToDictionary(id => id, id => g.CtFromVoxel.Apply(sums[id] / counts[id]));
        var hints = new Dictionary<int, Vector3d>();
        if (column.Count < 2)
        {
            return hints;
        }

        for (int n = 0; n < column.Count; n++)
        {
            Vector3d above = centroids[column[Math.Max(n - 1, 0)]], below = centroids[column[Math.Min(n + 1, column.Count - 1)]];
            hints[column[n]] = (above - below).Normalized();
        }

        return hints;
    }

    private static Vector3d ClosestAxis(Matrix3d axes, Vector3d hint) =>
        new[] { axes.Column(1), axes.Column(2), axes.Column(3) }.MaxBy(a => Math.Abs(Vector3d.Dot(a, hint)));

    private static Vector3d Upward(Vector3d axis, LabelMask mask)
    {
        if (Math.Abs(axis.Z) < 0.5)
        {
            throw new InvalidInputException($"{mask.Name} (label {mask.LabelId}): expected the vertebra's superior axis within 60° of the patient's superior axis (LPS +Z). Was {axis} — cannot tell superior from the data.");
        }

        return axis.Z > 0 ? axis : -axis;
    }

    /// <summary>True when, along <paramref name="superior"/> through <paramref name="point"/> over [from, to] mm, under a quarter of the samples are bone.</summary>
    private static bool IsTunnel(LabelMask mask, Vector3d point, Vector3d superior, double fromMm, double toMm)
    {
        int bone = 0, samples = 0;
        for (double t = fromMm; t <= toMm; t += 0.5, samples++)
        {
            if (mask.Contains(point + superior * t))
            {
                bone++;
            }
        }

        return bone < 0.25 * samples;
    }

    private static Vector3d Across(Vector3d d, Vector3d superior, LabelMask mask, string problem)
    {
        Vector3d inPlane = d - superior * Vector3d.Dot(d, superior);
        if (inPlane.Length < 1)
        {
            throw new InvalidInputException($"{mask.Name} (label {mask.LabelId}): cannot tell anterior from posterior: {problem}.");
        }

        return inPlane.Normalized();
    }

    private static Vector3d Centroid(List<Vector3d> points, Func<Vector3d, bool> keep, LabelMask mask)
    {
        Vector3d sum = Vector3d.Zero;
        int count = 0;
        foreach (Vector3d p in points)
        {
            if (keep(p))
            {
                sum += p;
                count++;
            }
        }

        return count >= 100 ? sum / count
            : throw new InvalidInputException($"{mask.Name} (label {mask.LabelId}): expected a vertebral body anterior of the canal. Found {count} voxels there.");
    }

    /// <summary>
    /// The vertebral foramen: in axial slabs 3 mm thick, every 1.5 mm along <paramref name="superior"/>, the largest hole of the
    /// bone that is closed all round; averaged over the slabs where such a hole exists (the level of the pedicles).
    /// </summary>
    private static (Vector3d CentreCt, double AreaMm2, Vector3d TowardBody, double RingLowMm, double RingHighMm) FindCanal(LabelMask mask, List<Vector3d> points, Vector3d centroid, Vector3d superior)
    {
        Vector3d reference = Math.Abs(superior.X) > 0.9 ? Vector3d.UnitY : Vector3d.UnitX;
        Vector3d axisX = (reference - superior * Vector3d.Dot(reference, superior)).Normalized();
        Vector3d axisY = Vector3d.Cross(superior, axisX);
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue, minW = double.MaxValue, maxW = double.MinValue;
        foreach (Vector3d p in points)
        {
            Vector3d d = p - centroid;
            double x = Vector3d.Dot(d, axisX), y = Vector3d.Dot(d, axisY), w = Vector3d.Dot(d, superior);
            minX = Math.Min(minX, x); maxX = Math.Max(maxX, x);
            minY = Math.Min(minY, y); maxY = Math.Max(maxY, y);
            minW = Math.Min(minW, w); maxW = Math.Max(maxW, w);
        }

        double[] slabOffsets = [-1, 0, 1];
        Vector3d sum = Vector3d.Zero;
        double areaSum = 0;
        int slabs = 0;
        var rings = new List<(PlanarSection Slab, Vector3d HoleCentre)>();
        double ringLow = double.MaxValue, ringHigh = double.MinValue;
        for (double w = minW + 1.5; w <= maxW - 1.5; w += 1.5)
        {
            PlanarSection slab = PlanarSection.Sample(mask, centroid + superior * w, axisX, axisY, minX - 2, maxX + 2, minY - 2, maxY + 2, SlabPixelMm, slabOffsets);
            // The foramen is a tunnel behind the body: along the superior axis through its centre there is almost no bone of this
            // vertebra, and of such holes it is the most posterior (LPS +Y is the patient's back). Voids inside the body (label
            // masks have them) lie in front of it.
            (double area, double cx, double cy)? best = null;
            double bestPosterior = double.NegativeInfinity;
            foreach (List<int> hole in slab.Components(bone: false, skipBorderConnected: true))
            {
                (double holeArea, double hx, double hy, _, _) = slab.Measure(hole);
                Vector3d centre = slab.PointOf(hx, hy);
                if (holeArea >= MinimumCanalAreaMm2 && centre.Y > bestPosterior && IsTunnel(mask, centre, superior, minW - w, maxW - w))
                {
                    (best, bestPosterior) = ((holeArea, hx, hy), centre.Y);
                }
            }

            if (best is not (double area, double cx, double cy))
            {
                continue;
            }

            sum += slab.PointOf(cx, cy) * area;
            areaSum += area;
            slabs++;
            rings.Add((slab, slab.PointOf(cx, cy)));
            ringLow = Math.Min(ringLow, w - 1.5);
            ringHigh = Math.Max(ringHigh, w + 1.5);
        }

        if (slabs == 0)
        {
            throw new InvalidInputException($"{mask.Name} (label {mask.LabelId}): expected a vertebral foramen closed by bone (a ring of at least {MinimumCanalAreaMm2} mm² in an axial slab). Found none — the pedicles cannot be located.");
        }

        // The body is the bulk of the bone around the canal at the level of its closed ring: the sum of the offsets of the bone
        // within 40 mm of the canal points at it (the pedicles and transverse processes, left and right, cancel out).
        Vector3d towardBody = Vector3d.Zero;
        foreach ((PlanarSection slab, Vector3d hole) in rings)
        {
            for (int y = 0; y < slab.Height; y++)
            {
                for (int x = 0; x < slab.Width; x++)
                {
                    Vector3d offset = slab.PointOf(x, y) - hole;
                    if (slab.IsBone(x, y) && offset.LengthSquared < 40 * 40)
                    {
                        towardBody += offset;
                    }
                }
            }
        }

        return (sum / areaSum, areaSum / slabs, towardBody, ringLow, ringHigh);
    }
}
