using ArSpine.Core.Geometry;
using ArSpine.Core.Plans;

namespace ArSpine.Planning.Screws;

/// <summary>A pair of screws whose cylinders overlap.</summary>
/// <param name="First">Index of one screw in the plan.</param>
/// <param name="Second">Index of the other.</param>
/// <param name="AxisDistanceMm">Closest distance between their axes, mm (less than the sum of their radii).</param>
public sealed record ScrewCollision(int First, int Second, double AxisDistanceMm);

/// <summary>Finds screws that run into each other.</summary>
public static class ScrewCollisions
{
    /// <summary>Every pair of screws whose axis segments come closer than the sum of their radii.</summary>
    public static IReadOnlyList<ScrewCollision> Find(IReadOnlyList<ScrewTrajectory> screws)
    {
        var found = new List<ScrewCollision>();
        for (int a = 0; a < screws.Count; a++)
        {
            for (int b = a + 1; b < screws.Count; b++)
            {
                double d = SegmentDistance(screws[a].EntryCt, screws[a].TargetCt, screws[b].EntryCt, screws[b].TargetCt);
                if (d < (screws[a].DiameterMm + screws[b].DiameterMm) / 2)
                {
                    found.Add(new ScrewCollision(a, b, Math.Round(d, 3)));
                }
            }
        }

        return found;
    }

    /// <summary>Closest distance between segments p0–p1 and q0–q1, mm.</summary>
    public static double SegmentDistance(Vector3d p0, Vector3d p1, Vector3d q0, Vector3d q1)
    {
        Vector3d d1 = p1 - p0, d2 = q1 - q0, r = p0 - q0;
        double a = Vector3d.Dot(d1, d1), e = Vector3d.Dot(d2, d2), f = Vector3d.Dot(d2, r);
        double c = Vector3d.Dot(d1, r), b = Vector3d.Dot(d1, d2), denominator = a * e - b * b;
        double s = denominator > 1e-12 ? Math.Clamp((b * f - c * e) / denominator, 0, 1) : 0;
        double t = (b * s + f) / e;
        if (t < 0)
        {
            t = 0;
            s = Math.Clamp(-c / a, 0, 1);
        }
        else if (t > 1)
        {
            t = 1;
            s = Math.Clamp((b - c) / a, 0, 1);
        }

        return Vector3d.Distance(p0 + d1 * s, q0 + d2 * t);
    }
}
