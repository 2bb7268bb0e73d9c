using ArSpine.Core.Geometry;

namespace ArSpine.Registration.Tests;

/// <summary>Seeded random geometry for tests: points, rotations, Gaussian noise.</summary>
internal sealed class SeededRandom(int seed)
{
    private readonly Random random = new(seed);

    public double Uniform(double min, double max) => min + (max - min) * random.NextDouble();

    public double Gaussian(double sigma)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public Vector3d GaussianVector(double sigma) => new(Gaussian(sigma), Gaussian(sigma), Gaussian(sigma));

    public Vector3d PointInBox(double halfSizeMm) => new(Uniform(-halfSizeMm, halfSizeMm), Uniform(-halfSizeMm, halfSizeMm), Uniform(-halfSizeMm, halfSizeMm));

    public Vector3d UnitVector()
    {
        while (true)
        {
            Vector3d v = PointInBox(1);
            if (v.Length is > 0.1 and <= 1)
            {
                return v.Normalized();
            }
        }
    }

    /// <summary>A rigid transform with a rotation of up to <paramref name="maxAngleDeg"/> and a translation of up to <paramref name="maxTranslationMm"/> per axis.</summary>
    public RigidTransform Transform(double maxAngleDeg = 180, double maxTranslationMm = 200) =>
        RigidTransform.FromAxisAngle(UnitVector(), Uniform(0, maxAngleDeg), PointInBox(maxTranslationMm));
}
