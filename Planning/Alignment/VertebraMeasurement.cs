using ArSpine.Core.Errors;
using ArSpine.Core.Geometry;
using ArSpine.Core.Volumes;
using ArSpine.Planning.Anatomy;

namespace ArSpine.Planning.Alignment;

/// <summary>
/// The anatomy of one vertebra as measured from its label mask, Ct frame (LPS mm): its axes, its body's endplates, the
/// spinal canal in front of the lamina and the pedicles' height. The frame is <c>Left</c> × <c>Posterior</c> = <c>Superior</c>.
/// </summary>
/// <param name="Name">Level name, such as "L3".</param>
/// <param name="LabelId">VerSe label id.</param>
/// <param name="CentroidCt">Centroid of the whole mask, LPS mm.</param>
/// <param name="SuperiorAxisCt">Unit axis toward the head: the mean of the two endplate normals.</param>
/// <param name="PosteriorAxisCt">Unit axis toward the back, perpendicular to the superior axis: from the body's centroid toward the whole mask's (the vertebra's mirror plane).</param>
/// <param name="LeftAxisCt">Unit axis toward the patient's left, perpendicular to both.</param>
/// <param name="Superior">The superior endplate.</param>
/// <param name="Inferior">The inferior endplate.</param>
/// <param name="AnteriorCortexCt">The anterior cortex of the body on the midline at the pedicles' mid-height, LPS mm.</param>
/// <param name="PosteriorWallCt">The posterior wall of the body on the midline at the pedicles' mid-height, LPS mm.</param>
/// <param name="PedicleLowMm">Lowest point of the pedicles along the superior axis, relative to the centroid, mm.</param>
/// <param name="PedicleMidMm">Mean height of the pedicles along the superior axis, relative to the centroid, mm.</param>
/// <param name="CanalHalfWidthMm">Half the canal's left–right width between the pedicles' medial walls, mm.</param>
/// <param name="CanalHalfDepthMm">Half the canal's depth from the body's posterior wall to the lamina, mm.</param>
/// <param name="CanalCentreCt">Centre of the canal on the midline at the pedicles' mid-height, LPS mm.</param>
public sealed record VertebraMeasurement(
    string Name,
    int LabelId,
    Vector3d CentroidCt,
    Vector3d SuperiorAxisCt,
    Vector3d PosteriorAxisCt,
    Vector3d LeftAxisCt,
    EndplatePlane Superior,
    EndplatePlane Inferior,
    Vector3d AnteriorCortexCt,
    Vector3d PosteriorWallCt,
    double PedicleLowMm,
    double PedicleMidMm,
    double CanalHalfWidthMm,
    double CanalHalfDepthMm,
    Vector3d CanalCentreCt)
{
    private const int MinimumVoxels = 200;
    private const double MidlineHalfWidthMm = 3;
    private const double InnerFraction = 0.8;
    private const double MaxWidthToDepth = 1.6;
    private const double MinimumUpZ = 0.3;

    /// <summary>
    /// Measures the vertebra labelled <paramref name="labelId"/>: from the principal axis of the mask that gives the flattest
    /// endplates, rounds of (body from the midline profile: anterior cortex to the first gap, the canal; endplates as the
    /// sub-voxel top and bottom surface over the inner 80% of the body, fitted by trimmed least squares; superior axis from
    /// their normals, posterior axis from the body toward the arch). The level must lean less than 72° from Ct +Z. Throws an
    /// <see cref="InvalidInputException"/> when the label is absent or too small to measure. Reads the whole volume once.
    /// </summary>
    public static VertebraMeasurement Measure(LabelVolume labels, int labelId, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        string name = labels.Names.TryGetValue(labelId, out string? n) ? n : VertebraLevels.NameOf(labelId);
        List<Vector3d> voxels = new LabelMask(labels, labelId).VoxelCentres();
        if (voxels.Count < MinimumVoxels)
        {
            throw InvalidInputException.Field(source, $"label {labelId} ({VertebraLevels.NameOf(labelId)})", $"a vertebra of at least {MinimumVoxels} voxels", voxels.Count == 0 ? "absent" : $"{voxels.Count} voxels");
        }

        Vector3d spacing = labels.Grid.SpacingMm;
        double binMm = Math.Max(0.5, Math.Min(spacing.X, Math.Min(spacing.Y, spacing.Z)));
        (Vector3d centroid, Vector3d[] axes) = PlaneFit.PrincipalAxes(voxels);

        // Start from the principal axis whose body gives the flattest endplates (the body is the flattest part of a vertebra,
        // but its height is not always the mask's smallest extent, as with the sacrum's alae or a steeply tilted level).
        Profile? profile = null;
        InvalidInputException? firstError = null;
        foreach (Vector3d axis in axes)
        {
            Vector3d up = axis.Z >= 0 ? axis : -axis;
            if (up.Z < MinimumUpZ || Math.Abs(up.Y) > 0.95)
            {
                continue;
            }

            try
            {
                Profile candidate = MeasureOnce(labels, labelId, voxels, centroid, up, Vector3d.UnitY, binMm, name, source);
                if (profile is null || candidate.Flatness < profile.Flatness)
                {
                    profile = candidate;
                }
            }
            catch (InvalidInputException e)
            {
                firstError ??= e;
            }
        }

        if (profile is null)
        {
            throw firstError ?? InvalidInputException.Field(source, name, "a vertebra whose principal axes include one toward the head", "none within 72° of Ct +Z");
        }

        // Refine the superior axis from the endplates, keeping the posterior axis near Ct +Y or also turning it from the body
        // toward the arch (an axially rotated level); a partial or asymmetric mask can mislead the latter, so the frame whose
        // sagittal plane mirrors the mask onto itself best wins (vertebrae are bilaterally symmetric).
        Profile fixedPosterior = Refine(profile, turnPosterior: false), turnedPosterior = Refine(profile, turnPosterior: true);
        profile = MirrorOverlap(labels, labelId, voxels, centroid, turnedPosterior) >= MirrorOverlap(labels, labelId, voxels, centroid, fixedPosterior)
            ? turnedPosterior
            : fixedPosterior;

        Profile p = profile;
        Vector3d midline = centroid + p.L * p.BodyCentreX + p.S * p.PedicleMid;
        return new VertebraMeasurement(
            name, labelId, centroid, p.S, p.P, p.L, p.Superior, p.Inferior,
            midline + p.P * p.AnteriorY,
            midline + p.P * p.WallY,
            p.PedicleLow, p.PedicleMid, p.CanalHalfWidth, (p.LaminaY - p.WallY) / 2,
            midline + p.P * ((p.WallY + p.LaminaY) / 2));

        Profile Refine(Profile start, bool turnPosterior)
        {
            Profile current = start;
            for (int round = 0; round < 6; round++)
            {
                Vector3d nextS = (current.Superior.NormalCt + current.Inferior.NormalCt).Normalized();
                Vector3d nextP = turnPosterior ? centroid - current.BodyCentroidCt : Vector3d.UnitY;
                nextP = (nextP - nextS * Vector3d.Dot(nextP, nextS)).Normalized();
                if (Vector3d.Distance(nextS, current.S) < 1e-6 && Vector3d.Distance(nextP, current.P) < 1e-6)
                {
                    break;
                }

                try
                {
                    current = MeasureOnce(labels, labelId, voxels, centroid, nextS, nextP, binMm, name, source);
                }
                catch (InvalidInputException)
                {
                    break; // These axes lost the canal: keep the last complete measurement.
                }
            }

            return current;
        }
    }


    private sealed record Profile(
        Vector3d S, Vector3d P, Vector3d L, EndplatePlane Superior, EndplatePlane Inferior, Vector3d BodyCentroidCt, double BodyCentreX,
        double AnteriorY, double WallY, double LaminaY, double PedicleLow, double PedicleMid, double CanalHalfWidth)
    {
        public double Flatness => Superior.RmsResidualMm + Inferior.RmsResidualMm;
    }

    private static Profile MeasureOnce(LabelVolume labels, int labelId, List<Vector3d> voxels, Vector3d centroid, Vector3d s, Vector3d posteriorHint, double binMm, string name, string? source)
    {
        Vector3d p = (posteriorHint - s * Vector3d.Dot(posteriorHint, s)).Normalized();
        Vector3d l = Vector3d.Cross(p, s);
        var mask = new LabelMask(labels, labelId);
        var local = new (double X, double Y, double Z)[voxels.Count];
        for (int v = 0; v < voxels.Count; v++)
        {
            Vector3d r = voxels[v] - centroid;
            local[v] = (Vector3d.Dot(r, l), Vector3d.Dot(r, p), Vector3d.Dot(r, s));
        }

        // Midline profile along the posterior axis: the body from the anterior cortex to the first gap, then the canal, then the arch.
        double minY = double.MaxValue, maxY = double.MinValue;
        foreach ((double x, double y, _) in local)
        {
            if (Math.Abs(x) <= MidlineHalfWidthMm)
            {
                minY = Math.Min(minY, y);
                maxY = Math.Max(maxY, y);
            }
        }

        if (minY > maxY)
        {
            throw InvalidInputException.Field(source, name, "a vertebra that crosses its own midline", "no voxels within 3 mm of the midline");
        }

        int bins = (int)Math.Ceiling((maxY - minY) / binMm) + 1;
        var occupied = new bool[bins];
        foreach ((double x, double y, _) in local)
        {
            if (Math.Abs(x) <= MidlineHalfWidthMm)
            {
                occupied[(int)((y - minY) / binMm)] = true;
            }
        }

        int wall = 0;
        while (wall + 1 < bins && (occupied[wall + 1] || (wall + 2 < bins && occupied[wall + 2])))
        {
            wall++;
        }

        int lamina = wall + 1;
        while (lamina < bins && !occupied[lamina])
        {
            lamina++;
        }

        double wallY = minY + (wall + 1) * binMm;
        double laminaY = lamina < bins ? minY + lamina * binMm : wallY;
        if (laminaY - wallY < 2 * binMm)
        {
            throw InvalidInputException.Field(source, name, "a vertebra with a spinal canal behind its body on the midline", "no gap between body and arch");
        }

        // The body: everything anterior of its posterior wall.
        double bodyMinX = double.MaxValue, bodyMaxX = double.MinValue;
        Vector3d bodySum = Vector3d.Zero;
        int bodyCount = 0;
        for (int v = 0; v < local.Length; v++)
        {
            (double x, double y, _) = local[v];
            if (y < wallY)
            {
                bodyMinX = Math.Min(bodyMinX, x);
                bodyMaxX = Math.Max(bodyMaxX, x);
                bodySum += voxels[v];
                bodyCount++;
            }
        }

        // Vertebral bodies are at most about 1.6 times as wide as deep; wider bone in front of the wall (sacral alae) is not body.
        double centreY = (minY + wallY) / 2, halfY = (wallY - minY) / 2;
        double centreX = (bodyMinX + bodyMaxX) / 2, halfX = Math.Min((bodyMaxX - bodyMinX) / 2, MaxWidthToDepth * halfY);
        // Endplate points: body voxels over the inner 80% of the body whose neighbour one step along ±s is not this vertebra.
        VolumeGrid grid = labels.Grid;
        Vector3d spacing = grid.SpacingMm;
        double stepMm = Math.Max(spacing.X, Math.Max(spacing.Y, spacing.Z));
        var top = new List<Vector3d>();
        var bottom = new List<Vector3d>();
        for (int v = 0; v < local.Length; v++)
        {
            (double x, double y, _) = local[v];
            double ex = (x - centreX) / (InnerFraction * halfX), ey = (y - centreY) / (InnerFraction * halfY);
            if (y >= wallY || ex * ex + ey * ey > 1)
            {
                continue;
            }

            if (!mask.Contains(voxels[v] + s * stepMm))
            {
                top.Add(SurfaceAlong(labels, labelId, voxels[v], s, stepMm));
            }

            if (!mask.Contains(voxels[v] - s * stepMm))
            {
                bottom.Add(SurfaceAlong(labels, labelId, voxels[v], -s, stepMm));
            }
        }

        EndplatePlane superior = Endplate(top, s, stepMm, name, "superior", source);
        EndplatePlane inferior = Endplate(bottom, s, stepMm, name, "inferior", source);

        // Pedicles: bone in the front half of the canal's depth, beside the canal.
        double bandFrom = wallY + 0.15 * (laminaY - wallY), bandTo = wallY + 0.5 * (laminaY - wallY);
        double low = double.MaxValue, sumZ = 0, medial = double.MaxValue;
        int count = 0;
        foreach ((double x, double y, double z) in local)
        {
            if (y > bandFrom && y < bandTo)
            {
                low = Math.Min(low, z);
                sumZ += z;
                medial = Math.Min(medial, Math.Abs(x - centreX));
                count++;
            }
        }

        double bodyMid = (Vector3d.Dot(superior.CentreCt - centroid, s) + Vector3d.Dot(inferior.CentreCt - centroid, s)) / 2;
        double pedicleMid = count > 0 ? sumZ / count : bodyMid;
        double pedicleLow = count > 0 ? low : bodyMid;
        double canalHalfWidth = count > 0 ? medial : halfX / 2;

        // Anterior cortex on the midline at the pedicles' height.
        double anteriorY = double.MaxValue;
        foreach ((double x, double y, double z) in local)
        {
            if (Math.Abs(x - centreX) <= MidlineHalfWidthMm && Math.Abs(z - pedicleMid) <= Math.Max(1.5, binMm) && y < anteriorY)
            {
                anteriorY = y;
            }
        }

        if (anteriorY == double.MaxValue)
        {
            anteriorY = minY;
        }

        return new Profile(s, p, l, superior, inferior, bodySum / bodyCount, centreX, anteriorY, wallY, laminaY, pedicleLow, pedicleMid, canalHalfWidth);
    }

    /// <summary>
    /// Where the ray from a voxel centre of the label along <paramref name="direction"/> crosses the 0.5 level of the
    /// trilinearly interpolated mask (within 2 steps), LPS mm: a sub-voxel surface point, free of the staircase.
    /// </summary>
    private static Vector3d SurfaceAlong(LabelVolume labels, int labelId, Vector3d startCt, Vector3d direction, double stepMm)
    {
        double inside = 0, outside = 2 * stepMm;
        if (Mask(labels, labelId, startCt + direction * outside) >= 0.5)
        {
            return startCt + direction * (stepMm / 2);
        }

        for (int n = 0; n < 24; n++)
        {
            double middle = (inside + outside) / 2;
            if (Mask(labels, labelId, startCt + direction * middle) >= 0.5)
            {
                inside = middle;
            }
            else
            {
                outside = middle;
            }
        }

        return startCt + direction * ((inside + outside) / 2);
    }

    /// <summary>The label's indicator (1 inside, 0 outside) interpolated trilinearly at a point; 0 outside the grid.</summary>
    private static double Mask(LabelVolume labels, int labelId, Vector3d pointCt)
    {
        VolumeGrid grid = labels.Grid;
        Vector3d v = grid.VoxelFromCt.Apply(pointCt);
        int i0 = (int)Math.Floor(v.X), j0 = (int)Math.Floor(v.Y), k0 = (int)Math.Floor(v.Z);
        double fx = v.X - i0, fy = v.Y - j0, fz = v.Z - k0, sum = 0;
        for (int c = 0; c < 8; c++)
        {
            int i = i0 + (c & 1), j = j0 + ((c >> 1) & 1), k = k0 + ((c >> 2) & 1);
            if (grid.Contains(i, j, k) && labels[i, j, k] == labelId)
            {
                sum += ((c & 1) == 1 ? fx : 1 - fx) * (((c >> 1) & 1) == 1 ? fy : 1 - fy) * (((c >> 2) & 1) == 1 ? fz : 1 - fz);
            }
        }

        return sum;
    }

    /// <summary>The share of the mask's voxels (every third) whose mirror image across the frame's sagittal plane is in the mask too.</summary>
    private static double MirrorOverlap(LabelVolume labels, int labelId, List<Vector3d> voxels, Vector3d centroid, Profile frame)
    {
        Vector3d mid = centroid + frame.L * frame.BodyCentreX;
        var mask = new LabelMask(labels, labelId);
        int inside = 0, tested = 0;
        for (int v = 0; v < voxels.Count; v += 3)
        {
            Vector3d q = voxels[v] - frame.L * (2 * Vector3d.Dot(voxels[v] - mid, frame.L));
            inside += mask.Contains(q) ? 1 : 0;
            tested++;
        }

        return (double)inside / tested;
    }

    private static EndplatePlane Endplate(List<Vector3d> points, Vector3d superior, double outlierMm, string name, string which, string? source)
    {
        if (points.Count < 10)
        {
            throw InvalidInputException.Field(source, name, $"a vertebral body with a measurable {which} endplate", $"{points.Count} surface points");
        }

        (Vector3d centre, Vector3d normal) = PlaneFit.Fit(points);

        // Trimming: drop surface points of other structures that share the body's columns, then refit.
        for (int round = 0; round < 3; round++)
        {
            List<Vector3d> inliers = points.Where(q => Math.Abs(Vector3d.Dot(q - centre, normal)) <= outlierMm).ToList();
            if (inliers.Count < 10 || inliers.Count == points.Count)
            {
                break;
            }

            points = inliers;
            (centre, normal) = PlaneFit.Fit(points);
        }

        if (Vector3d.Dot(normal, superior) < 0)
        {
            normal = -normal;
        }

        double sum = 0;
        foreach (Vector3d q in points)
        {
            double d = Vector3d.Dot(q - centre, normal);
            sum += d * d;
        }

        return new EndplatePlane(centre, normal, Math.Sqrt(sum / points.Count), points.Count);
    }
}
