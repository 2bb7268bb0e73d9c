using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;
using ArSpine.Core.Volumes;
using ArSpine.Inference.Classical;

namespace ArSpine.Inference.Landmarks;

/// <summary>An endplate of a vertebral body: its centre and unit normal (pointing away from the body), Ct (LPS mm).</summary>
/// <param name="CentreCt">Centre of the endplate's slab of body voxels.</param>
/// <param name="NormalCt">Unit normal pointing out of the body (up for the superior endplate, down for the inferior).</param>
public sealed record Endplate(Vector3d CentreCt, Vector3d NormalCt);

/// <summary>A pedicle region: the centroid of the bone joining the body to the posterior arch on one side, Ct (LPS mm).</summary>
/// <param name="Side">The patient's side.</param>
/// <param name="CentreCt">Centroid of the region.</param>
/// <param name="Voxels">Voxels in the region.</param>
public sealed record PedicleRegion(BodySide Side, Vector3d CentreCt, int Voxels);

/// <summary>Planning landmarks of one vertebra, Ct (LPS mm).</summary>
/// <param name="LabelId">VerSe label id.</param>
/// <param name="Name">Level name.</param>
/// <param name="CentroidCt">Centroid of the whole vertebra.</param>
/// <param name="BodyCentroidCt">Centroid of the vertebral body alone (the thick part).</param>
/// <param name="SuperiorAxisCt">Unit axis of the body, pointing superior.</param>
/// <param name="PosteriorAxisCt">Unit direction from the body toward the posterior arch, orthogonal to <paramref name="SuperiorAxisCt"/>.</param>
/// <param name="SuperiorEndplate">The body's upper endplate.</param>
/// <param name="InferiorEndplate">The body's lower endplate.</param>
/// <param name="Pedicles">Left and right pedicle regions where found.</param>
public sealed record VertebraLandmarkSet(
    int LabelId, string Name, Vector3d CentroidCt, Vector3d BodyCentroidCt, Vector3d SuperiorAxisCt, Vector3d PosteriorAxisCt,
    Endplate SuperiorEndplate, Endplate InferiorEndplate, IReadOnlyList<PedicleRegion> Pedicles);

/// <summary>
/// Landmarks from a vertebra's label alone. The body is the label's opening by a ball of 0.7 times the label's greatest depth
/// (exact distance transform): the thick part, without the thin posterior elements. Its axis is the principal axis closest to
/// superior; endplates are the centroids of its top and bottom 2 mm along that axis. The pedicles are the non-body voxels in the
/// first 12 mm behind the body, split left and right of the body's mid-sagittal plane.
/// </summary>
public static class VertebraLandmarks
{
    private const double BodyOpeningFraction = 0.7;
    private const double EndplateSlabMm = 2;
    private const double PedicleDepthMm = 12;
    private const double PedicleMinLateralMm = 3;

    /// <summary>Computes the landmarks of <paramref name="labelId"/>; throws an <see cref="ArgumentException"/> when the label is absent. Cost: a pass over the volume, then work on the label's bounding box.</summary>
    public static VertebraLandmarkSet Compute(LabelVolume labels, int labelId)
    {
        ArgumentNullException.ThrowIfNull(labels);
        VolumeGrid grid = labels.Grid;
        (int i0, int i1, int j0, int j1, int k0, int k1) = labels.BoundingBox(labelId)
            ?? throw new ArgumentException($"Expected label {labelId} in the volume. Was absent.", nameof(labelId));
        i0--; j0--; k0--;
        int si = i1 - i0 + 2, sj = j1 - j0 + 2, sk = k1 - k0 + 2;
        var shape = new VolumeShape(si, sj, sk, grid.SpacingMm);
        var mask = new bool[shape.Count];
        var points = new Vector3d[shape.Count];
        for (int k = 0; k < sk; k++)
        {
            for (int j = 0; j < sj; j++)
            {
                for (int i = 0; i < si; i++)
                {
                    int gi = i + i0, gj = j + j0, gk = k + k0;
                    int n = shape.Index(i, j, k);
                    mask[n] = grid.Contains(gi, gj, gk) && labels[gi, gj, gk] == labelId;
                    points[n] = grid.CtFromVoxel.Apply(new Vector3d(gi, gj, gk));
                }
            }
        }

        bool[] body = Body(mask, shape);
        Vector3d centroid = Centroid(mask, points), bodyCentroid = Centroid(body, points);
        Vector3d superior = SuperiorAxis(body, points);

        Vector3d rest = Vector3d.Zero;
        int restCount = 0;
        for (int n = 0; n < mask.Length; n++)
        {
            if (mask[n] && !body[n])
            {
                rest += points[n];
                restCount++;
            }
        }

        Vector3d posterior = restCount > 0 ? rest / restCount - bodyCentroid : Vector3d.UnitY;
        posterior = (posterior - superior * Vector3d.Dot(posterior, superior)).Normalized();
        // In LPS, posterior × superior = +X, the patient's left (a right-handed frame: Y × Z = X).
        Vector3d left = Vector3d.Cross(posterior, superior).Normalized();
        (Endplate top, Endplate bottom) = Endplates(body, points, superior);
        var pedicles = Pedicles(mask, body, points, bodyCentroid, posterior, left);
        return new VertebraLandmarkSet(labelId, labels.Names[labelId], centroid, bodyCentroid, superior, posterior, top, bottom, pedicles);
    }

    private static bool[] Body(bool[] mask, VolumeShape shape)
    {
        float[] depth = Morphology.InsideDistanceMm(mask, shape);
        float radius = (float)(BodyOpeningFraction * depth.Max());
        var core = new bool[mask.Length];
        for (int n = 0; n < mask.Length; n++)
        {
            core[n] = depth[n] >= radius;
        }

        (int[] component, List<int> sizes) = Morphology.Components(core, shape);
        int largest = 1;
        for (int c = 2; c < sizes.Count; c++)
        {
            largest = sizes[c] > sizes[largest] ? c : largest;
        }

        var outsideLargest = new bool[mask.Length];
        for (int n = 0; n < mask.Length; n++)
        {
            outsideLargest[n] = component[n] != largest;
        }

        // Distance from the largest core; the opening keeps the label's voxels within the radius of it.
        float[] fromCore = Morphology.InsideDistanceMm(outsideLargest, shape, _ => true);
        var body = new bool[mask.Length];
        for (int n = 0; n < mask.Length; n++)
        {
            body[n] = mask[n] && fromCore[n] <= radius;
        }

        return body;
    }

    private static Vector3d Centroid(bool[] mask, Vector3d[] points)
    {
        Vector3d sum = Vector3d.Zero;
        int count = 0;
        for (int n = 0; n < mask.Length; n++)
        {
            if (mask[n])
            {
                sum += points[n];
                count++;
            }
        }

        return sum / Math.Max(1, count);
    }

    /// <summary>The body's principal axis with the largest superior component, pointing superior.</summary>
    private static Vector3d SuperiorAxis(bool[] body, Vector3d[] points)
    {
        var bodyPoints = new List<Vector3d>();
        for (int n = 0; n < body.Length; n++)
        {
            if (body[n])
            {
                bodyPoints.Add(points[n]);
            }
        }

        (Matrix3d covariance, _) = SymmetricEigen.Covariance(bodyPoints);
        Matrix3d axes = SymmetricEigen.Decompose(covariance).VectorsAsColumns;
        Vector3d best = new[] { axes.Column(1), axes.Column(2), axes.Column(3) }.MaxBy(v => Math.Abs(v.Z));
        return best.Z < 0 ? -best : best;
    }

    private static (Endplate Top, Endplate Bottom) Endplates(bool[] body, Vector3d[] points, Vector3d axis)
    {
        double high = double.MinValue, low = double.MaxValue;
        for (int n = 0; n < body.Length; n++)
        {
            if (body[n])
            {
                double h = Vector3d.Dot(points[n], axis);
                high = Math.Max(high, h);
                low = Math.Min(low, h);
            }
        }

        Vector3d top = Vector3d.Zero, bottom = Vector3d.Zero;
        int topCount = 0, bottomCount = 0;
        for (int n = 0; n < body.Length; n++)
        {
            if (!body[n])
            {
                continue;
            }

            double h = Vector3d.Dot(points[n], axis);
            if (h >= high - EndplateSlabMm)
            {
                top += points[n];
                topCount++;
            }

            if (h <= low + EndplateSlabMm)
            {
                bottom += points[n];
                bottomCount++;
            }
        }

        return (new Endplate(top / topCount, axis), new Endplate(bottom / bottomCount, -axis));
    }

    private static IReadOnlyList<PedicleRegion> Pedicles(bool[] mask, bool[] body, Vector3d[] points, Vector3d bodyCentroid, Vector3d posterior, Vector3d left)
    {
        double bodyBack = double.MinValue;
        for (int n = 0; n < body.Length; n++)
        {
            if (body[n])
            {
                bodyBack = Math.Max(bodyBack, Vector3d.Dot(points[n] - bodyCentroid, posterior));
            }
        }

        var sums = new Vector3d[2];
        var counts = new int[2];
        for (int n = 0; n < mask.Length; n++)
        {
            if (!mask[n] || body[n])
            {
                continue;
            }

            Vector3d d = points[n] - bodyCentroid;
            double back = Vector3d.Dot(d, posterior), side = Vector3d.Dot(d, left);
            if (back >= bodyBack && back <= bodyBack + PedicleDepthMm && Math.Abs(side) >= PedicleMinLateralMm)
            {
                int s = side > 0 ? 0 : 1;
                sums[s] += points[n];
                counts[s]++;
            }
        }

        var pedicles = new List<PedicleRegion>();
        for (int s = 0; s < 2; s++)
        {
            if (counts[s] > 0)
            {
                pedicles.Add(new PedicleRegion(s == 0 ? BodySide.Left : BodySide.Right, sums[s] / counts[s], counts[s]));
            }
        }

        return pedicles;
    }
}
