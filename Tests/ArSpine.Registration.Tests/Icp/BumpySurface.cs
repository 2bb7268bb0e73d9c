using ArSpine.Core.Geometry;

namespace ArSpine.Registration.Tests.Icp;

/// <summary>A closed, asymmetric, bone-sized test surface: an ellipsoid (45 x 30 x 20 mm half-axes) with bumps, sampled at seeded random directions.</summary>
internal static class BumpySurface
{
    public static Vector3d At(Vector3d direction)
    {
        Vector3d u = direction.Normalized();
        double ellipsoid = 1 / Math.Sqrt(u.X * u.X / (45.0 * 45) + u.Y * u.Y / (30.0 * 30) + u.Z * u.Z / (20.0 * 20));
        double bumps = 1 + 0.12 * Math.Sin(3 * u.X + 1) * Math.Cos(2 * u.Y) + 0.08 * Math.Sin(5 * u.Z + 2 * u.X);
        return u * (ellipsoid * bumps);
    }

    /// <summary>Points at seeded random directions; <paramref name="keep"/> restricts the directions (a partial view).</summary>
    public static Vector3d[] Sample(SeededRandom random, int count, Func<Vector3d, bool>? keep = null)
    {
        var points = new List<Vector3d>(count);
        while (points.Count < count)
        {
            Vector3d u = random.UnitVector();
            if (keep is null || keep(u))
            {
                points.Add(At(u));
            }
        }

        return points.ToArray();
    }
}
